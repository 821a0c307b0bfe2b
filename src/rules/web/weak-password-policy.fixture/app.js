const express = require('express');
const { body } = require('express-validator');
const bcrypt = require('bcrypt');
const User = require('./models/user');
const session = require('./routes/session');

const app = express();
app.use(express.json());

app.post('/signup', session.handleSignup);
app.post('/login', session.handleLogin);

app.post(
  '/register',
  // ruleid: weak-password-policy
  body('password').isLength({ min: 6 }),
  body('email').isEmail(),
  async (req, res) => {
    await User.create({ email: req.body.email, password: await bcrypt.hash(req.body.password, 12) });
    res.sendStatus(201);
  },
);

app.post(
  '/invite/accept',
  // ok: weak-password-policy
  body('password').isLength({ min: 12 }),
  async (req, res) => res.sendStatus(201),
);

app.post('/account/password', async (req, res) => {
  const { newPassword } = req.body;
  // ruleid: weak-password-policy
  if (!newPassword || newPassword.length < 4) return res.status(400).json({ error: 'too short' });
  // A maximum, not a minimum.
  // ok: weak-password-policy
  if (newPassword.length > 72) return res.status(400).json({ error: 'too long' });
  await User.updateOne({ _id: req.session.uid }, { password: await bcrypt.hash(newPassword, 12) });
  res.sendStatus(204);
});

app.post('/reset-password', async (req, res) => {
  const { password } = req.body;
  // Two checks of one password: the strict one is the policy.
  // ok: weak-password-policy
  if (password.length < 10) return res.status(400).end();
  // ok: weak-password-policy
  if (!/^.{1,128}$/.test(password)) return res.status(400).end();
  res.sendStatus(204);
});

app.listen(3000);
