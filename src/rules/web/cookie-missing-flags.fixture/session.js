const express = require('express');
const session = require('express-session');

const app = express();
// Cookie options left at their defaults: no Secure, no SameSite.
// ruleid: cookie-missing-flags
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

const admin = express();
admin.use(
  // ok: cookie-missing-flags
  session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false, cookie: { secure: true, sameSite: 'strict' } }),
);

module.exports = { app, admin };
