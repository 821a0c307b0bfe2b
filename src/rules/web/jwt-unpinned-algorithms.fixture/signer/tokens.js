const jws = require('jws');

const PUBLIC_KEY = process.env.TOKEN_PUBLIC_KEY;

// jws 0.2 reads the algorithm from the token itself: `none` or HS256 keyed with the public key pass.
exports.verify = (token) => {
  // ruleid: jwt-unpinned-algorithms
  return jws.verify(token, PUBLIC_KEY);
};

// The three-argument form names the algorithm.
exports.verifyPinned = (token) => {
  // ok: jwt-unpinned-algorithms
  return jws.verify(token, 'RS256', PUBLIC_KEY);
};
