// Plugin assets served from each plugin's folder; a library's containment test keeps the path in it.
const express = require('express');
const fs = require('fs');
const path = require('path');
const { isPathInside } = require('@acme/fs-utils');

const PLUGINS_DIR = path.join(__dirname, 'plugins');

function resolveAsset(plugin, file) {
  const dir = path.join(PLUGINS_DIR, 'installed');
  const full = path.resolve(dir, plugin, file);
  return isPathInside(full, dir) ? full : undefined;
}

const app = express();
app.get('/plugins/:plugin/assets/:file', (req, res) => {
  const full = resolveAsset(req.params.plugin, req.params.file);
  if (!full) return res.sendStatus(404);
  // ok: path-traversal
  res.sendFile(full);
});

app.get('/plugins/:plugin/readme', (req, res) => {
  // ruleid: path-traversal
  res.send(fs.readFileSync(path.join(PLUGINS_DIR, req.params.plugin, 'README.md'), 'utf8'));
});
module.exports = app;
