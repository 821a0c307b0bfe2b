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

// The joined name must be one of the server's own files: each part is a piece of a known path.
const PACKAGE_FILES = ['theme-a/style.css', 'theme-b/style.css'];
app.get('/packages/:package/:filename', (req, res) => {
  const packageName = req.params.package;
  const fileName = req.params.filename;
  if (!PACKAGE_FILES.includes(`${packageName}/${fileName}`)) return res.status(404).send('Not found');
  // ok: path-traversal
  return res.sendFile(path.join(PUBLIC, packageName, fileName));
});

app.get('/themes/:name', (req, res) => {
  if (!PACKAGE_FILES.includes(`${req.params.name}/style.css`)) return res.status(404).send('Not found');
  // ruleid: path-traversal
  return res.sendFile(path.join(PUBLIC, req.params.name, req.query.file));
});

module.exports = app;
