const mongoose = require('mongoose');

module.exports = mongoose.model('Note', new mongoose.Schema({ title: String, body: String }));
