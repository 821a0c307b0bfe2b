const express = require('express');

const app = express();

app.get('/logout', (req, res) => {
  req.session = null;
  // ruleid: open-redirect
  res.redirect(req.query.returnTo);
});

app.get('/login', (req, res) => {
  // ok: open-redirect
  res.redirect('/signin?next=' + encodeURIComponent(req.query.next));
});

app.get('/go', (req, res) => {
  const target = req.query.to;
  if (!target.startsWith('/') || target.startsWith('//')) return res.redirect('/');
  // ok: open-redirect
  res.redirect(target);
});

app.get('/legacy', (req, res) => {
  // ruleid: open-redirect
  res.writeHead(302, { Location: req.query.url });
  res.end();
});

module.exports = app;
