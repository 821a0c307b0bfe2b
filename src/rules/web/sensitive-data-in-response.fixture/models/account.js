const mongoose = require('mongoose');

const accountSchema = new mongoose.Schema({
  login: { type: String, required: true },
  email: String,
  passwordHash: String,
  resetToken: String,
});

module.exports = mongoose.model('Account', accountSchema);
