const crypto = require('crypto');
const bcrypt = require('bcrypt');
const md5 = require('md5');

function legacyHash(password) {
  // ruleid: weak-password-hash
  return crypto.createHash('md5').update(password).digest('hex');
}

function hashPassword(plain) {
  // ruleid: weak-password-hash
  return crypto.createHash('sha256').update(plain).digest('hex');
}

async function storePassword(user, password) {
  // ok: weak-password-hash
  user.passwordHash = await bcrypt.hash(password, 12);
}

function etag(body) {
  // ok: weak-password-hash
  return crypto.createHash('md5').update(body).digest('hex');
}

function checkPin(user, pin) {
  // ruleid: weak-password-hash
  return md5(pin) === user.pinHash;
}

module.exports = { legacyHash, hashPassword, storePassword, etag, checkPin };

// A reset token hashed for storage: a token about a password, not a password.
function resetPassword(req) {
  // ok: weak-password-hash
  const resetPasswordToken = crypto.createHash('sha256').update(req.params.resettoken).digest('hex');
  return resetPasswordToken;
}

function issueResetToken(user) {
  const resetToken = crypto.randomBytes(20).toString('hex');
  // ok: weak-password-hash
  user.resetPasswordToken = crypto.createHash('sha256').update(resetToken).digest('hex');
  return resetToken;
}

async function registerLegacy(password) {
  // bcrypt at a cost below the recommended 10: a hardening item, scored below a fast hash.
  // ruleid: weak-password-hash
  return bcrypt.hash(password, 8);
}
