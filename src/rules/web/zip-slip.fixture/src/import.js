const express = require('express');
const multer = require('multer');
const unzipper = require('unzipper');
const AdmZip = require('adm-zip');
const fs = require('fs');
const path = require('path');

const upload = multer({ dest: '/tmp/uploads' });
const router = express.Router();
const DEST = '/srv/imports';

router.post('/import', upload.single('archive'), (req, res) => {
  fs.createReadStream(req.file.path)
    .pipe(unzipper.Parse())
    .on('entry', (entry) => {
      const target = path.join(DEST, entry.path);
      // ruleid: zip-slip
      entry.pipe(fs.createWriteStream(target));
    })
    .on('finish', () => res.status(201).end());
});

router.post('/import/v2', upload.single('archive'), (req, res) => {
  fs.createReadStream(req.file.path)
    .pipe(unzipper.Parse())
    .on('entry', (entry) => {
      const target = path.resolve(DEST, entry.path);
      if (!target.startsWith(DEST + path.sep)) return entry.autodrain();
      // ok: zip-slip
      entry.pipe(fs.createWriteStream(target));
    })
    .on('finish', () => res.status(201).end());
});

router.post('/themes', upload.single('theme'), (req, res) => {
  const zip = new AdmZip(req.file.path);
  // ruleid: zip-slip
  zip.extractAllTo('/srv/themes', true);
  res.status(201).end();
});

function unpackFlat(file, dest) {
  const zip = new AdmZip(file);
  for (const entry of zip.getEntries()) {
    // ok: zip-slip
    fs.writeFileSync(path.join(dest, path.basename(entry.entryName)), entry.getData());
  }
}

function unpack(file, dest) {
  const zip = new AdmZip(file);
  for (const entry of zip.getEntries()) {
    // ruleid: zip-slip
    fs.writeFileSync(path.join(dest, entry.entryName), entry.getData());
  }
}

module.exports = { router, unpack, unpackFlat };
