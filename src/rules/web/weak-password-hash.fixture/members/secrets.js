const bcrypt = require('bcryptjs');

async function derivePasswordHash(password) {
  return bcrypt.hash(password, 12);
}

module.exports = { derivePasswordHash };
