// The members store takes the password out of each record and keeps only its hash.
const { derivePasswordHash } = require('./secrets');

class Members {
  constructor(db) {
    this.db = db;
  }

  async create(record) {
    const { password, ...rest } = record;
    if (password) rest.passwordHash = await derivePasswordHash(password);
    return this.db.members.insert(rest);
  }

  async update(id, changes) {
    const { password, ...rest } = changes;
    if (password) rest.passwordHash = await derivePasswordHash(password);
    return this.db.members.update({ id }, rest);
  }
}

module.exports = { Members };
