const express = require('express');
const multer = require('multer');
const path = require('path');

const router = express.Router();

// No type check, and the client's name (extension included) is kept.
// ruleid: upload-served-inline
const shared = multer({
  storage: multer.diskStorage({
    destination: (req, file, cb) => cb(null, path.join(__dirname, '../public/shared')),
    filename: (req, file, cb) => cb(null, Date.now() + '-' + file.originalname),
  }),
});

// Served only as attachments.
// ok: upload-served-inline
const archived = multer({
  storage: multer.diskStorage({
    destination: 'storage/archive',
    filename: (req, file, cb) => cb(null, file.originalname),
  }),
});

// multer's own names have no extension: served as application/octet-stream.
// ok: upload-served-inline
const scans = multer({ storage: multer.diskStorage({ destination: 'public/scans' }) });

router.post('/shared', shared.single('doc'), (req, res) => res.json({ ok: true }));
router.post('/archive', archived.single('doc'), (req, res) => res.json({ ok: true }));
router.post('/scans', scans.single('doc'), (req, res) => res.json({ ok: true }));


// Not under a static folder, but sent back inline by a route.
// ruleid: upload-served-inline
const notes = multer({
  storage: multer.diskStorage({
    destination: 'uploads/notes',
    filename: (req, file, cb) => cb(null, file.originalname),
  }),
});
router.post('/notes', notes.single('doc'), (req, res) => res.json({ ok: true }));
router.get('/notes/:name', (req, res) => res.sendFile(req.params.name, { root: 'uploads/notes' }));

// Sent back as a download.
// ok: upload-served-inline
const reports = multer({
  storage: multer.diskStorage({
    destination: 'uploads/reports',
    filename: (req, file, cb) => cb(null, file.originalname),
  }),
});
router.post('/reports', reports.single('doc'), (req, res) => res.json({ ok: true }));
router.get('/reports/:name', (req, res) => {
  res.attachment(req.params.name);
  res.sendFile(path.join(__dirname, '../uploads/reports', req.params.name));
});

module.exports = router;
