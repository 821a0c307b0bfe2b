const jwt = require('jsonwebtoken');
const fs = require('fs');

const publicKey = fs.readFileSync(__dirname + '/jwt.pub');

exports.authenticate = (req, res, next) => {
  const token = (req.headers.authorization || '').replace('Bearer ', '');
  try {
    // ruleid: jwt-unpinned-algorithms
    req.user = jwt.verify(token, publicKey);
    next();
  } catch (err) {
    res.status(401).json({ error: 'invalid token' });
  }
};

exports.authenticateStrict = (req, res, next) => {
  try {
    // ok: jwt-unpinned-algorithms
    req.user = jwt.verify(req.headers.authorization, publicKey, { algorithms: ['RS256'] });
    next();
  } catch (err) {
    res.sendStatus(401);
  }
};
