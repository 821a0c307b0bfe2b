const crypto = require('crypto');

// A nonce next to an HMAC signature needs uniqueness, not secrecy: reported, but low.
function signedParams(params, secret) {
  // ruleid: insecure-randomness-token
  const out = { ...params, SignatureNonce: Math.random().toString(), Timestamp: new Date().toISOString() };
  out.Signature = crypto.createHmac('sha1', secret).update(JSON.stringify(out)).digest('base64');
  return out;
}

module.exports = { signedParams };
