const jwt = require('jsonwebtoken');
const fs = require('fs');

const publicKey = fs.readFileSync('keys/public.pem');

function verifyLegacy(token) {
  // ruleid: jwt-none-algorithm
  return jwt.verify(token, publicKey, { algorithms: ['RS256', 'none'] });
}

function verifyStrict(token) {
  // ok: jwt-none-algorithm
  return jwt.verify(token, publicKey, { algorithms: ['RS256'] });
}

function issueGuestToken(user) {
  // ruleid: jwt-none-algorithm
  return jwt.sign({ sub: user.id }, null, { algorithm: 'none' });
}

function issueToken(user) {
  // ok: jwt-none-algorithm
  return jwt.sign({ sub: user.id }, process.env.JWT_PRIVATE_KEY, { algorithm: 'RS256', expiresIn: '1h' });
}

module.exports = { verifyLegacy, verifyStrict, issueGuestToken, issueToken };
