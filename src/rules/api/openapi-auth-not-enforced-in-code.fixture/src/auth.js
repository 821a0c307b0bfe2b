const jwt = require('jsonwebtoken');

function authenticate(req, res, next) {
  try {
    req.user = jwt.verify(String(req.headers.authorization).slice(7), process.env.JWT_KEY, { algorithms: ['RS256'] });
    next();
  } catch {
    res.status(401).end();
  }
}

module.exports = { authenticate };
