require('dotenv').config();
const jwt = require('jsonwebtoken');

function issue(user) {
  return jwt.sign({ sub: user.id }, process.env.SESSION_JWT_SECRET, { expiresIn: '15m' });
}

function readSession(token) {
  return jwt.verify(token, process.env['SESSION_JWT_SECRET']);
}

function refresh(user) {
  return jwt.sign({ sub: user.id }, process.env.REFRESH_SECRET, { expiresIn: '7d' });
}

function partner(token) {
  return jwt.verify(token, process.env.PARTNER_SECRET);
}

module.exports = { issue, readSession, refresh, partner };
