const express = require('express');
const cookieParser = require('cookie-parser');
const sessions = require('./sessions');

const app = express();
app.use(cookieParser());
app.use(express.urlencoded({ extended: false }));

// The caller is identified by the token cookie the browser attaches to every request.
// ruleid: missing-csrf-cookie-auth
app.post('/profile', async (req, res, next) => {
  const user = sessions.get(req.cookies.token);
  if (!user) return next(new Error('Blocked illegal activity'));
  await user.update({ username: req.body.username });
  res.redirect('/profile');
});

// A bearer token in a header is not sent by the browser on its own.
// ok: missing-csrf-cookie-auth
app.post('/api/profile', async (req, res) => {
  const user = sessions.get(req.headers.authorization);
  if (!user) return res.sendStatus(401);
  await user.update({ username: req.body.username });
  res.json({ ok: true });
});

module.exports = app;
