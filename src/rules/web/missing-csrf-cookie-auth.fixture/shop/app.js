const express = require('express');
const session = require('express-session');
const lusca = require('lusca');

const app = express();
app.use(
  // ok: missing-csrf-cookie-auth
  session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }),
);
app.use(lusca.csrf());

function requireLogin(req, res, next) {
  if (!req.session.userId) return res.redirect('/login');
  next();
}

app.post('/cart', requireLogin, (req, res) => res.redirect('/cart'));
module.exports = app;
