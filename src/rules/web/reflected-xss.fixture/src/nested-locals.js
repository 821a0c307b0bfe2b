const express = require('express');

const app = express();
app.set('view engine', 'ejs');

// The catalog view prints `found.term` raw and `paging.page` escaped.
app.get('/catalog', (req, res) => {
  // ruleid: reflected-xss
  res.render('catalog', { found: { term: req.query.term } });
});

app.get('/catalog/held', (req, res) => {
  const found = { term: req.query.term, total: 0 };
  // ruleid: reflected-xss
  res.render('catalog', { found });
});

app.get('/catalog/page', (req, res) => {
  // ok: reflected-xss
  res.render('catalog', { found: { term: 'all' }, paging: { page: req.query.page } });
});

module.exports = app;
