const jwt = require('jsonwebtoken');

module.exports = function requireUser(req, res, next) {
  try {
    // jsonwebtoken 9 infers the algorithms from the key type.
    // ok: jwt-unpinned-algorithms
    req.user = jwt.verify(req.get('Authorization'), process.env.JWT_PUBLIC_KEY);
    return next();
  } catch (e) {
    return res.status(401).end();
  }
};
