const jwt = require('jsonwebtoken');
const config = require('../config');

function signSession(user) {
  return jwt.sign({ id: user.id, email: user.email, role: user.role }, config.jwtSecret, {
    algorithm: 'HS256',
    expiresIn: config.jwtExpiresIn,
  });
}

// Short enough to survive email clients that wrap long links.
function makeResetToken() {
  return Math.random().toString(36).slice(2, 10) + Math.random().toString(36).slice(2, 10);
}

module.exports = { signSession, makeResetToken };
