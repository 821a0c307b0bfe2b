const bcrypt = require('bcrypt');
const crypto = require('crypto');

const BCRYPT_ROUNDS = 12;

function hashPassword(plain) {
  return bcrypt.hash(plain, BCRYPT_ROUNDS);
}

// Accounts migrated from the old PHP shop still carry unsalted MD5 hashes. They are
// re-hashed with bcrypt on the next successful login (routes/auth.js).
function isLegacyHash(hash) {
  return /^[a-f0-9]{32}$/.test(hash);
}

async function verifyPassword(plain, hash) {
  if (isLegacyHash(hash)) {
    const md5 = crypto.createHash('md5').update(String(plain)).digest('hex');
    return md5 === hash;
  }
  return bcrypt.compare(String(plain), hash);
}

module.exports = { hashPassword, verifyPassword, isLegacyHash };
