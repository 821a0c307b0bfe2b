const express = require('express');

const app = express();
app.set('view engine', 'ejs');

app.get('/results', (req, res) => {
  // The view prints `q` with the raw EJS tag.
  // ruleid: reflected-xss
  res.render('results', { q: req.query.q, page: 1 });
});

app.get('/results/page', (req, res) => {
  // `page` is printed with the escaping tag.
  // ok: reflected-xss
  res.render('results', { q: 'all', page: req.query.page });
});

app.get('/hello', (req, res) => {
  // ok: reflected-xss
  res.render('profile', { name: req.query.name });
});

module.exports = app;
