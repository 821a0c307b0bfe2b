const jwt = require('jsonwebtoken');
const config = require('../config');

function tokenFrom(req) {
  const header = req.get('authorization') || '';
  if (header.startsWith('Bearer ')) return header.slice('Bearer '.length);
  // The old admin pages rely on the cookie set at login.
  return req.cookies ? req.cookies.token : undefined;
}

function requireAuth(req, res, next) {
  const token = tokenFrom(req);
  if (!token) {
    return res.status(401).json({ error: 'authentication required' });
  }
  try {
    req.user = jwt.verify(token, config.jwtSecret);
    return next();
  } catch (err) {
    return res.status(401).json({ error: 'invalid or expired token' });
  }
}

// Like requireAuth, but anonymous requests pass through without req.user.
function optionalAuth(req, res, next) {
  const token = tokenFrom(req);
  if (!token) return next();
  try {
    req.user = jwt.verify(token, config.jwtSecret, { algorithms: ['HS256'] });
  } catch (err) {
    req.user = undefined;
  }
  return next();
}

function requireAdmin(req, res, next) {
  if (!req.user || req.user.role !== 'admin') {
    return res.status(403).json({ error: 'admin only' });
  }
  return next();
}

module.exports = { requireAuth, optionalAuth, requireAdmin };
