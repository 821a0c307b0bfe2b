const express = require('express');
const session = require('express-session');

const app = express();
app.use(express.urlencoded({ extended: false }));
app.use(
  // ruleid: missing-csrf-cookie-auth
  session({
    secret: process.env.SESSION_SECRET,
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, secure: true },
  }),
);

function requireLogin(req, res, next) {
  if (!req.session.userId) return res.redirect('/login');
  next();
}

app.post('/transfer', requireLogin, (req, res) => res.redirect('/account'));
app.post('/email', requireLogin, (req, res) => res.redirect('/account'));
module.exports = app;
