const express = require('express');
const session = require('express-session');
const cookieSession = require('cookie-session');

const app = express();
app.use(
  // ruleid: session-fixation-or-insecure-session-config
  session({
    secret: 'keyboard cat',
    resave: false,
    saveUninitialized: false,
  }),
);

const admin = express();
admin.use(
  // ok: session-fixation-or-insecure-session-config
  cookieSession({ name: 'adm', keys: [process.env.COOKIE_KEY], httpOnly: true, secure: true }),
);

// ruleid: session-fixation-or-insecure-session-config
app.post('/login', async (req, res) => {
  const user = await checkPassword(req.body.email, req.body.password);
  if (!user) return res.status(401).end();
  req.session.userId = user.id;
  res.redirect('/');
});

// ok: session-fixation-or-insecure-session-config
app.post('/sso/login', async (req, res, next) => {
  const user = await checkPassword(req.body.email, req.body.password);
  if (!user) return res.status(401).end();
  req.session.regenerate((err) => {
    if (err) return next(err);
    req.session.userId = user.id;
    res.redirect('/');
  });
});

async function checkPassword() { return { id: 1 }; }
module.exports = { app, admin };

// The first step of a passkey login only keeps the challenge; nobody is signed in yet.
// ok: session-fixation-or-insecure-session-config
app.post('/login/passkey-start', async (req, res) => {
  const options = await makeChallenge(req.body.email);
  req.session.loginChallenge = options.challenge;
  req.session.webauthnLoginEmail = req.body.email;
  res.json(options);
});
