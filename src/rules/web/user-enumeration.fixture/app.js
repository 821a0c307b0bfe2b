const express = require('express');
const bcrypt = require('bcrypt');
const passport = require('passport');
const LocalStrategy = require('passport-local').Strategy;
const User = require('./user');

const app = express();
app.use(express.json());

app.post('/login', async (req, res) => {
  const { email, password } = req.body;
  const user = await User.findOne({ email });
  // ruleid: user-enumeration
  if (!user) {
    return res.status(404).json({ message: 'User not found' });
  }
  const valid = await bcrypt.compare(password, user.passwordHash);
  if (!valid) {
    return res.status(401).json({ message: 'Invalid password' });
  }
  res.json({ ok: true });
});

app.post('/api/login', async (req, res) => {
  const user = await User.findOne({ email: req.body.email });
  // ok: user-enumeration
  if (!user) return res.status(401).json({ message: 'Invalid email or password' });
  if (!(await bcrypt.compare(req.body.password, user.passwordHash))) return res.status(401).json({ message: 'Invalid email or password' });
  res.json({ ok: true });
});

app.post('/v2/login', async (req, res) => {
  const user = await User.findOne({ email: req.body.email });
  // ok: user-enumeration
  if (!user || !(await bcrypt.compare(req.body.password, user.passwordHash))) return res.status(401).send('Invalid credentials');
  res.json({ ok: true });
});

passport.use(new LocalStrategy(function (username, password, done) {
  User.findOne({ username }, function (err, user) {
    if (err) return done(err);
    // ruleid: user-enumeration
    if (!user) return done(null, false, { message: 'Incorrect username.' });
    if (!user.validPassword(password)) return done(null, false, { message: 'Incorrect password.' });
    return done(null, user);
  });
}));

app.post('/forgot-password', async (req, res) => {
  const user = await User.findOne({ email: req.body.email });
  // ruleid: user-enumeration
  if (!user) return res.status(404).json({ error: 'No account with that email address exists.' });
  await sendResetMail(user);
  res.json({ message: 'Reset link sent' });
});

app.post('/password/reset-request', async (req, res) => {
  const user = await User.findOne({ email: req.body.email });
  // ok: user-enumeration
  if (!user) return res.json({ message: 'If the account exists, an e-mail is on its way' });
  await sendResetMail(user);
  res.json({ message: 'If the account exists, an e-mail is on its way' });
});

app.get('/users/:name', async (req, res) => {
  const user = await User.findOne({ username: req.params.name });
  // ok: user-enumeration
  if (!user) return res.status(404).json({ message: 'User not found' });
  res.json({ name: user.username });
});

app.post('/account/password', requireLogin, async (req, res) => {
  const user = await User.findById(req.session.userId);
  // ok: user-enumeration
  if (!user) return res.status(404).send('User not found');
  if (!(await bcrypt.compare(req.body.current, user.passwordHash))) return res.status(403).send('Wrong password');
  res.sendStatus(204);
});

function requireLogin(req, res, next) {
  if (!req.session.userId) return res.sendStatus(401);
  next();
}

async function sendResetMail() {}

app.listen(3000);
