const jwt = require('jsonwebtoken');
const fs = require('fs');
const { expressjwt } = require('express-jwt');

// The finding points at the literal; the signing call is its second evidence.
// ruleid: jwt-hardcoded-secret
const SECRET = 'shhhhh-super-secret';

function issue(user) {
  return jwt.sign({ sub: user.id, role: user.role }, SECRET, { expiresIn: '1h' });
}

function check(token) {
  // ruleid: jwt-hardcoded-secret
  return jwt.verify(token, process.env.JWT_SECRET || 'dev-secret', { algorithms: ['HS256'] });
}

// The same literal used again is the same finding (one secret, one threat), not a second one.
function checkIssued(token) {
  // ok: jwt-hardcoded-secret
  return jwt.verify(token, SECRET, { algorithms: ['HS256'] });
}

function recheck(token) {
  // ok: jwt-hardcoded-secret
  return jwt.verify(token, process.env.JWT_SECRET || 'dev-secret', { algorithms: ['HS256'] });
}

function checkFromEnv(token) {
  // ok: jwt-hardcoded-secret
  return jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['HS256'] });
}

const privateKey = fs.readFileSync('keys/private.pem');
function issueSigned(user) {
  // ok: jwt-hardcoded-secret
  return jwt.sign({ sub: user.id }, privateKey, { algorithm: 'RS256' });
}

// ruleid: jwt-hardcoded-secret
const requireJwt = expressjwt({ secret: 'another-literal-secret', algorithms: ['HS256'] });

module.exports = { issue, check, checkIssued, recheck, checkFromEnv, issueSigned, requireJwt };
