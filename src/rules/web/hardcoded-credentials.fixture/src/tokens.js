const jwt = require('jsonwebtoken');
const { expressjwt } = require('express-jwt');

// The fallback JWT key is reported once, by jwt-hardcoded-secret.
const requireUser = expressjwt({
  // ok: hardcoded-credentials
  secret: process.env.TOKEN_KEY || 'fallback-signing-k3y',
  algorithms: ['HS256'],
});

// ok: hardcoded-credentials
const issue = (id) => jwt.sign({ sub: id }, process.env.TOKEN_KEY || 'fallback-signing-k3y', { expiresIn: '1h' });

module.exports = { requireUser, issue };
