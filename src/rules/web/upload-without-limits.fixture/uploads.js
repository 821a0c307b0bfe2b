const express = require('express');
const multer = require('multer');
const formidable = require('formidable');

// ruleid: upload-without-limits
const avatarUpload = multer({ dest: 'uploads/avatars' });

// ok: upload-without-limits
const documentUpload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 5 * 1024 * 1024 } });

const router = express.Router();
router.post('/avatar', avatarUpload.single('avatar'), (req, res) => res.json({ ok: true }));
router.post('/documents', documentUpload.array('docs', 5), (req, res) => res.json({ ok: true }));

router.post('/import', (req, res) => {
  // ok: upload-without-limits
  const form = formidable({ maxFileSize: 10 * 1024 * 1024 });
  form.parse(req, () => res.end());
});

module.exports = router;
