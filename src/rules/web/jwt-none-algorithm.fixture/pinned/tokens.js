const jwt = require('jsonwebtoken');

// A key is always passed: jsonwebtoken 9 refuses unsigned tokens, so this is reported as latent.
// ruleid: jwt-none-algorithm
const tokenOptions = { algorithms: ['HS256', 'none'] };

function session(token) {
  return jwt.verify(token, process.env.SESSION_KEY, tokenOptions);
}

function apiKey(token) {
  return jwt.verify(token, process.env.SESSION_KEY, tokenOptions);
}

module.exports = { session, apiKey };
