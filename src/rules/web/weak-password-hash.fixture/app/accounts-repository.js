const crypto = require('node:crypto');
const { promisify } = require('node:util');

const scrypt = promisify(crypto.scrypt);

// The repository stores what its callers hashed already.
function accountsRepository(knex) {
  return {
    async updatePassword(email, hashedPassword) {
      // ok: weak-password-hash
      return knex('accounts').update({ password: hashedPassword }).where({ email });
    },
    async insertAccount(email, secret) {
      // ok: weak-password-hash
      return knex('accounts').insert({ email, password: secret });
    },
  };
}

async function register(repo, email, password) {
  const salt = crypto.randomBytes(16);
  await repo.insertAccount(email, await scrypt(password, salt, 64));
}

module.exports = { accountsRepository, register };
