const jwt = require('jsonwebtoken');

// The same options literal is pasted into every controller: one setting to fix, one finding.
// ruleid: jwt-none-algorithm
const options = {
  issuer: 'https://issuer.example.com',
  algorithms: ['HS256', 'none'],
};

exports.list = (req) => jwt.verify(req.headers.authorization, process.env.JWT_SECRET, options);
