const mongoose = require('mongoose');

const CommentSchema = new mongoose.Schema({
  body: String,
  author: { type: mongoose.Schema.Types.ObjectId, ref: 'User' },
});

module.exports = { Comment: mongoose.model('Comment', CommentSchema) };
