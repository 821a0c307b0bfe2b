const jwt = require('jsonwebtoken');

// ok: jwt-none-algorithm
const options = {
  issuer: 'https://issuer.example.com',
  algorithms: ['HS256', 'none'],
};

exports.profile = (req) => jwt.verify(req.headers.authorization, process.env.JWT_SECRET, options);
