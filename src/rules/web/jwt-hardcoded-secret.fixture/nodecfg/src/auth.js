const config = require('config');
const jwt = require('jsonwebtoken');
const koaJwt = require('koa-jwt');

// The finding is the setting's line in config/default.yml; both uses are its further evidence.
// ok: jwt-hardcoded-secret
const requireJwt = koaJwt({ secret: config.get('jwt.secret'), algorithms: ['HS256'] });

function issue(user) {
  // ok: jwt-hardcoded-secret
  return jwt.sign({ sub: user.id }, config.get('jwt.secret'), { expiresIn: '1h', algorithm: 'HS256' });
}

module.exports = { requireJwt, issue };
