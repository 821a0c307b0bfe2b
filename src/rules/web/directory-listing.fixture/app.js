const express = require('express');
const serveIndex = require('serve-index');

const app = express();

function requireAdmin(req, res, next) {
  if (req.session && req.session.role === 'admin') return next();
  return res.sendStatus(403);
}

// ruleid: directory-listing
app.use('/ftp', serveIndex('ftp', { icons: true }), express.static('ftp'));

// ok: directory-listing
app.use('/admin/exports', requireAdmin, serveIndex('exports'));

// ok: directory-listing
app.use('/assets', express.static('public'));

module.exports = app;
