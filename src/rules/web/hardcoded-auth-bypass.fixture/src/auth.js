const config = require('./config');

const ROLES = { ADMIN: 'admin' };

function requireApiKey(req, res, next) {
  const token = req.headers['x-access-token'];
  // ruleid: hardcoded-auth-bypass
  if (token === 'apitest-lkw') return next();
  // ruleid: hardcoded-auth-bypass
  if (req.headers['x-api-key'] == 'debug123') {
    return next();
  }
  // ok: hardcoded-auth-bypass
  if (token === process.env.API_TOKEN) return next();
  // ok: hardcoded-auth-bypass
  if (token === '') return res.status(401).end();
  // ok: hardcoded-auth-bypass
  if (req.query.token === 'undefined') return res.status(401).end();
  // ok: hardcoded-auth-bypass
  if (token === config.serviceToken) return next();
  return res.status(401).end();
}

function requireAdmin(req, res, next) {
  // ok: hardcoded-auth-bypass
  if (req.user.role === 'admin') return next();
  // ok: hardcoded-auth-bypass
  if (req.headers['x-token-type'] === 'service') return next();
  // ok: hardcoded-auth-bypass
  if (req.user.role === ROLES.ADMIN) return next();
  return res.status(403).end();
}

function devShortcut(req, res, next) {
  // ruleid: hardcoded-auth-bypass
  if (process.env.NODE_ENV === 'development' && req.cookies.auth_token === 'letmein-dev') return next();
  return res.status(401).end();
}

module.exports = { requireApiKey, requireAdmin, devShortcut };
