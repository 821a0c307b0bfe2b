const express = require('express');
const multer = require('multer');
const axios = require('axios');
const fs = require('fs/promises');
const path = require('path');

const config = require('../config');
const { requireAuth } = require('../middleware/auth');
const { makeThumbnail } = require('../services/thumbnails');

const router = express.Router();

// Customers attach photos to reviews and return requests.
const upload = multer({ storage: multer.memoryStorage() });

function userDir(user) {
  return path.join(config.uploadDir, String(user.id));
}

router.post('/', requireAuth, upload.single('photo'), async (req, res, next) => {
  try {
    if (!req.file) return res.status(400).json({ error: 'photo is required' });
    // The mobile app sends a cleaned-up name; the browser sends only the file.
    const name = req.body.name || req.file.originalname;
    const target = path.join(userDir(req.user), name);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, req.file.buffer);
    const thumb = await makeThumbnail(target);
    return res.status(201).json({
      url: `/api/uploads/${encodeURIComponent(name)}`,
      thumbnail: `/api/uploads/${encodeURIComponent(path.basename(thumb))}`,
    });
  } catch (err) {
    return next(err);
  }
});

// "Paste an image link" in the review form.
router.post('/from-url', requireAuth, async (req, res, next) => {
  try {
    const { url } = req.body;
    if (!url) return res.status(400).json({ error: 'url is required' });
    const response = await axios.get(url, { responseType: 'arraybuffer', timeout: 10000 });
    const name = `${Date.now()}-${path.basename(new URL(url).pathname) || 'image'}`;
    await fs.mkdir(userDir(req.user), { recursive: true });
    await fs.writeFile(path.join(userDir(req.user), name), response.data);
    return res.status(201).json({
      url: `/api/uploads/${encodeURIComponent(name)}`,
      contentType: response.headers['content-type'],
      size: response.data.length,
    });
  } catch (err) {
    return next(err);
  }
});

router.get('/:name', requireAuth, (req, res) => {
  const file = path.join(userDir(req.user), path.basename(req.params.name));
  res.sendFile(file, (err) => {
    if (err && !res.headersSent) res.status(404).json({ error: 'file not found' });
  });
});

module.exports = router;
