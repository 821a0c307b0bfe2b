const crypto = require('crypto');
const md5 = require('md5');
const User = require('../models/user');

exports.resetPw = async (req, res) => {
  const user = await User.findOne({ login: req.query.login });
  if (!user) return res.redirect('/forgotpw');
  // ruleid: predictable-reset-token
  if (req.query.token == md5(req.query.login)) return res.render('resetpw', { login: req.query.login });
  res.redirect('/forgotpw');
};

exports.resetPwSubmit = async (req, res) => {
  const user = await User.findOne({ login: req.body.login });
  const expected = crypto.createHash('sha1').update(user.email).digest('hex');
  // ruleid: predictable-reset-token
  if (expected !== req.body.token) return res.status(403).end();
  user.password = await hash(req.body.password);
  await user.save();
  res.redirect('/login');
};

exports.forgot = async (req, res) => {
  const user = await User.findOne({ email: req.body.email });
  // ruleid: predictable-reset-token
  user.resetToken = crypto.createHash('sha256').update(user.email + Date.now()).digest('hex');
  await user.save();
  res.json({ ok: true });
};

exports.forgotRandom = async (req, res) => {
  const user = await User.findOne({ email: req.body.email });
  // ok: predictable-reset-token
  user.resetToken = crypto.createHash('sha256').update(crypto.randomBytes(32)).digest('hex');
  await user.save();
  res.json({ ok: true });
};

exports.verifyEmail = async (req, res) => {
  // ruleid: predictable-reset-token
  if (req.query.code !== Buffer.from(req.query.email).toString('base64')) return res.status(400).end();
  await User.updateOne({ email: req.query.email }, { verified: true });
  res.redirect('/');
};

exports.resetSigned = async (req, res) => {
  // A keyed digest: only the server can make it.
  // ok: predictable-reset-token
  if (req.body.token !== crypto.createHmac('sha256', process.env.RESET_KEY).update(req.body.email).digest('hex')) return res.status(403).end();
  // ok: predictable-reset-token
  if (req.body.token !== md5(req.body.email + process.env.RESET_SECRET)) return res.status(403).end();
  // ok: predictable-reset-token
  if (req.body.password !== req.body.confirmPassword) return res.status(400).end();
  res.end();
};

async function hash(p) { return p; }
