const express = require('express');
const path = require('path');

const app = express();
const PUBLIC = path.join(__dirname, 'public');

app.get('/download', (req, res) => {
  // ruleid: path-traversal
  res.download(path.join(PUBLIC, req.query.file));
});

app.get('/static', (req, res) => {
  // ok: path-traversal
  res.sendFile(req.query.file, { root: PUBLIC });
});

module.exports = app;
