const express = require('express');
const bcrypt = require('bcrypt');
const { changePassword } = require('./routes/change-password');
const User = require('./models/user');

const app = express();
app.use(express.json());

app.get('/rest/user/change-password', changePassword());

app.get('/login', async (req, res) => {
  // ruleid: password-in-query-string
  const user = await User.findOne({ email: req.query.email, password: req.query.password });
  res.json({ ok: !!user });
});

app.post('/account/password', async (req, res) => {
  // ruleid: password-in-query-string
  const { newPassword } = req.query;
  await User.updateOne({ _id: req.session.uid }, { password: await bcrypt.hash(newPassword, 12) });
  res.sendStatus(204);
});

app.post('/signup', async (req, res) => {
  // The body: not in any URL.
  // ok: password-in-query-string
  const hash = await bcrypt.hash(req.body.password, 12);
  await User.create({ email: req.body.email, password: hash });
  res.sendStatus(201);
});

app.get('/reset', async (req, res) => {
  // A one-time token e-mailed in a link is meant to travel in the URL.
  // ok: password-in-query-string
  const user = await User.findOne({ resetToken: req.query.token });
  res.render('reset', { token: req.query.token, found: !!user });
});

app.get('/users', async (req, res) => {
  // ok: password-in-query-string
  const users = await User.find({ name: req.query.q, passwordExpired: req.query.expired === '1' });
  res.json(users);
});

app.listen(3000);
