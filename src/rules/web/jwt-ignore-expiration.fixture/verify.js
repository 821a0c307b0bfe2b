const jwt = require('jsonwebtoken');
const passport = require('passport');
const { Strategy, ExtractJwt } = require('passport-jwt');

// ruleid: jwt-ignore-expiration
let lenientOptions = {
  algorithms: ['HS256'],
  ignoreExpiration: true,
};

const strictOptions = { algorithms: ['HS256'], ignoreExpiration: false };

function readCart(token) {
  // ok: jwt-ignore-expiration
  return jwt.verify(token, process.env.TOKEN_KEY, lenientOptions);
}

function readWishlist(token) {
  // ok: jwt-ignore-expiration
  return jwt.verify(token, process.env.TOKEN_KEY, lenientOptions);
}

function readAddress(token) {
  // ok: jwt-ignore-expiration
  return jwt.verify(token, process.env.TOKEN_KEY, strictOptions);
}

function readLegacy(token) {
  // ruleid: jwt-ignore-expiration
  return jwt.verify(token, process.env.TOKEN_KEY, { algorithms: ['HS256'], ignoreExpiration: true });
}

passport.use(
  // ruleid: jwt-ignore-expiration
  new Strategy({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: process.env.TOKEN_KEY, algorithms: ['HS256'], ignoreExpiration: true }, (payload, done) => done(null, payload)),
);

passport.use(
  'strict',
  // ok: jwt-ignore-expiration
  new Strategy({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: process.env.TOKEN_KEY, algorithms: ['HS256'] }, (payload, done) => done(null, payload)),
);

module.exports = { readCart, readWishlist, readAddress, readLegacy };
