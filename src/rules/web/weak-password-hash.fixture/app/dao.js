const bcrypt = require('bcrypt');

function UserDAO(db) {
  const users = db.collection('users');

  this.addUser = (userName, password, callback) => {
    const user = {
      userName,
      // ruleid: weak-password-hash
      password,
    };
    users.insertOne(user, callback);
  };

  this.addSecureUser = async (userName, password) => {
    // ok: weak-password-hash
    await users.insertOne({ userName, password: await bcrypt.hash(password, 12) });
  };
}

module.exports = { UserDAO };
