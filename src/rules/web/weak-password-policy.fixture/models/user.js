const mongoose = require('mongoose');

const userSchema = new mongoose.Schema({
  // ok: weak-password-policy
  username: { type: String, minlength: 3 },
  // ruleid: weak-password-policy
  password: { type: String, required: true, minlength: 5 },
});

module.exports = mongoose.model('User', userSchema);
