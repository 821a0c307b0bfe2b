const express = require('express');

const app = express();
const LANGS = ['en', 'de', 'fr'];

app.get('/export', (req, res) => {
  // ruleid: http-header-injection
  res.setHeader('Content-Disposition', `attachment; filename="${req.query.name}.csv"`);
  res.send('a,b\n');
});

app.get('/export/v2', (req, res) => {
  // ok: http-header-injection
  res.setHeader('Content-Disposition', `attachment; filename="${encodeURIComponent(req.query.name)}.csv"`);
  res.send('a,b\n');
});

app.get('/trace', (req, res) => {
  // ruleid: http-header-injection
  res.set('X-Request-Id', req.get('X-Request-Id'));
  res.end();
});

app.get('/lang', (req, res) => {
  const lang = LANGS.includes(req.query.lang) ? req.query.lang : 'en';
  // ok: http-header-injection
  res.setHeader('Content-Language', lang);
  res.end();
});

module.exports = app;
