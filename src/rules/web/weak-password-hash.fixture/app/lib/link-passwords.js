const crypto = require('crypto');

// Share-link passwords are kept encrypted (the owner can show them again) under a key derived from
// a configured secret: the digest hashes the deployment's key, not a user's password.
function encryptLinkPassword(password) {
  // ok: weak-password-hash
  const passwordKey = crypto.createHash('sha256').update(String(process.env.LINK_PASSWORD_SECRET)).digest('base64').substring(0, 32);
  const iv = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv('aes-256-ctr', passwordKey, iv);
  return iv.toString('hex') + ':' + cipher.update(password, 'utf8', 'hex') + cipher.final('hex');
}

function hashLinkPassword(password) {
  // ruleid: weak-password-hash
  return crypto.createHash('sha256').update(password + process.env.LINK_PASSWORD_SECRET).digest('hex');
}

module.exports = { encryptLinkPassword, hashLinkPassword };
