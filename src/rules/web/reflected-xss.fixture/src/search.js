const express = require('express');
const escapeHtml = require('escape-html');

const app = express();

app.get('/search', (req, res) => {
  const q = req.query.q || '';
  // ruleid: reflected-xss
  res.send(`<h1>Results for ${q}</h1>`);
});

app.get('/search/v2', (req, res) => {
  // ok: reflected-xss
  res.send(`<h1>Results for ${escapeHtml(req.query.q)}</h1>`);
});

app.get('/api/search', (req, res) => {
  // ok: reflected-xss
  res.json({ query: req.query.q, results: [] });
});

app.use((req, res) => {
  // ruleid: reflected-xss
  res.status(404).send('<p>No page at ' + req.path + '</p>');
});

app.get('/plain', (req, res) => {
  res.type('text/plain');
  // ok: reflected-xss
  res.send('You asked for ' + req.query.q);
});

module.exports = app;
