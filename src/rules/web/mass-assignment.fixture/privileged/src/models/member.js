const mongoose = require('mongoose');

const memberSchema = new mongoose.Schema({ nickname: String, email: String, password: String, isAdmin: Boolean, credits: Number });
module.exports = mongoose.model('Member', memberSchema);
