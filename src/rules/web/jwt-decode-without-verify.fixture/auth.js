const jwt = require('jsonwebtoken');
const jwksClient = require('jwks-rsa');

const client = jwksClient({ jwksUri: 'https://login.example.com/.well-known/jwks.json' });

function currentUser(req, res, next) {
  const token = req.headers.authorization?.split(' ')[1];
  // ruleid: jwt-decode-without-verify
  req.user = jwt.decode(token);
  next();
}

async function verifyWithKeyId(req, res, next) {
  const token = req.headers.authorization?.split(' ')[1];
  // ok: jwt-decode-without-verify
  const { header } = jwt.decode(token, { complete: true });
  const key = await client.getSigningKey(header.kid);
  req.user = jwt.verify(token, key.getPublicKey(), { algorithms: ['RS256'] });
  next();
}

function secondsLeft(token) {
  // ok: jwt-decode-without-verify
  const payload = jwt.decode(token);
  return payload.exp - Date.now() / 1000;
}

async function signOut(req, res) {
  const token = req.cookies.session;
  // ok: jwt-decode-without-verify
  const { exp } = jwt.decode(token);
  await revokedTokens.add(token, exp);
  res.clearCookie('session').end();
}

module.exports = { currentUser, verifyWithKeyId, secondsLeft, signOut };
