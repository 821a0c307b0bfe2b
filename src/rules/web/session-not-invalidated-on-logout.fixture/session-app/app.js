const express = require('express');
const session = require('express-session');
const account = require('./account');

const app = express();
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false, store: new (require('connect-redis').RedisStore)() }));

// ruleid: session-not-invalidated-on-logout
app.get('/logout', (req, res) => {
  res.clearCookie('connect.sid');
  res.redirect('/');
});

// ok: session-not-invalidated-on-logout
app.post('/auth/logout', (req, res) => {
  req.session.destroy(() => res.redirect('/'));
});

// ok: session-not-invalidated-on-logout
app.post('/auth/signout', (req, res, next) => {
  req.logout((err) => (err ? next(err) : res.redirect('/')));
});

app.post('/account/sign-out', account.signOut);

app.listen(3000);
