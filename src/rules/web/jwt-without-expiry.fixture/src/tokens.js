const jwt = require('jsonwebtoken');

const SECRET = process.env.JWT_SECRET;

function sessionToken(user) {
  // No exp, no expiresIn: valid until the key changes.
  // ruleid: jwt-without-expiry
  return jwt.sign({ sub: user.id, name: user.username }, SECRET);
}

function longToken(user) {
  // ruleid: jwt-without-expiry
  return jwt.sign({ user: { id: user.id } }, SECRET, { expiresIn: '60d' });
}

function accessToken(user) {
  // ok: jwt-without-expiry
  return jwt.sign({ sub: user.id }, SECRET, { expiresIn: '15m' });
}

function withExp(user) {
  // ok: jwt-without-expiry
  return jwt.sign({ sub: user.id, exp: Math.floor(Date.now() / 1000) + 3600 }, SECRET);
}

function appExpiry(user, expiresAt) {
  // An expiry claim the application's own verifier checks.
  // ok: jwt-without-expiry
  return jwt.sign({ id: user.id, expiresAt: expiresAt.toISOString(), type: 'session' }, SECRET);
}

function signinToken(user) {
  // An issued-at claim the application's verifier bounds the age by.
  // ok: jwt-without-expiry
  return jwt.sign({ id: user.id, createdAt: new Date().toISOString(), type: 'email-signin' }, SECRET);
}

function signPayload(payload) {
  // The payload is built elsewhere and may carry exp.
  // ok: jwt-without-expiry
  return jwt.sign(payload, SECRET);
}

module.exports = { sessionToken, longToken, accessToken, withExp, appExpiry, signinToken, signPayload };
