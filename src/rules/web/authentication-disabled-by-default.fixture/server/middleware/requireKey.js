const jwt = require('jsonwebtoken');

// An opt-in switch: authentication is on unless an operator turns it off on purpose.
function requireKey(req, res, next) {
  // ok: authentication-disabled-by-default
  if (process.env.DISABLE_AUTH === 'true') return next();
  const token = req.headers.authorization;
  if (!token) return res.status(401).json({ error: 'missing token' });
  try {
    req.user = jwt.verify(token, process.env.JWT_SECRET);
  } catch (e) {
    return res.status(401).json({ error: 'invalid token' });
  }
  return next();
}

// Same default-open switch, but no route uses this guard.
function unusedGuard(req, res, next) {
  // ok: authentication-disabled-by-default
  if (!process.env.API_SECRET) return next();
  if (req.headers['x-api-key'] !== process.env.API_SECRET) return res.status(401).end();
  return next();
}

module.exports = { requireKey, unusedGuard };
