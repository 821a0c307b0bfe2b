const jws = require('jws');

// A helper that only decodes: whoever calls it on a request token trusts unsigned claims.
exports.claims = (token) => jws.decode(token).payload;
exports.verified = (token, key) => (jws.verify(token, 'RS256', key) ? jws.decode(token).payload : undefined);
// A shape test: it tells whether a token is one of ours and hands no claim on.
exports.isIssuedHere = (token) => {
  const decoded = jws.decode(token);
  return decoded !== null && decoded.payload.iss === 'shop';
};
