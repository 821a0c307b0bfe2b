const db = new Map();
module.exports = {
  async byEmail(email) { return db.get(email); },
  async create(user) { db.set(user.email, user); return { email: user.email }; },
  tokenFor(user) { return Buffer.from(user.email).toString('base64url'); },
};
