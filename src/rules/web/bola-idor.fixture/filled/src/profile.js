const mongoose = require('mongoose');

module.exports = mongoose.model('Profile', new mongoose.Schema({ userId: String, bio: String }));
