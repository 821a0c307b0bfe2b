const mongoose = require('mongoose');

// The credential column is hidden from every query result unless selected explicitly.
const memberSchema = new mongoose.Schema({
  nickname: String,
  password: { type: String, select: false },
});

module.exports = mongoose.model('Member', memberSchema);
