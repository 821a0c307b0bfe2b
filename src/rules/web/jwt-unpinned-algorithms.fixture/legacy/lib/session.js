const jwt = require('jsonwebtoken');
const koaJwt = require('koa-jwt');
const settings = require('config');
const { TOKEN_KEY } = require('./settings');

// An HMAC secret: the header cannot switch to a public-key algorithm and the key is never empty.
exports.currentUser = (header) => {
  // ok: jwt-unpinned-algorithms
  return jwt.verify(header.split(' ')[1], TOKEN_KEY);
};

// koa-jwt throws when the secret is missing, so an unset key cannot turn into alg none.
// ok: jwt-unpinned-algorithms
exports.guard = koaJwt({ secret: settings.get('secret'), passthrough: true });

// An environment key with no fallback may be unset, and jsonwebtoken 8 then accepts unsigned tokens.
exports.fromEnv = (token) => {
  // ruleid: jwt-unpinned-algorithms
  return jwt.verify(token, process.env.SESSION_SECRET);
};
