const express = require('express');
const mongoose = require('mongoose');
const marked = require('marked');

const Post = mongoose.model('Post');
const Note = mongoose.model('Note');
const app = express();
app.set('view engine', 'ejs');
app.locals.marked = marked;

app.post('/posts', (req, res, next) => {
  // ruleid: stored-xss
  new Post({ title: req.body.title, body: req.body.body }).save((err) => (err ? next(err) : res.redirect('/posts')));
});

app.post('/posts/:id', async (req, res) => {
  const post = await Post.findById(req.params.id);
  post.body = req.body.body;
  // ruleid: stored-xss
  await post.save();
  res.redirect('/posts');
});

app.get('/posts', (req, res, next) => {
  Post.find({}).sort('-created').exec((err, posts) => {
    if (err) return next(err);
    res.render('posts', { posts });
  });
});

app.post('/notes', async (req, res) => {
  const { text } = req.body;
  // ok: stored-xss
  await Note.create({ text, author: req.user.id });
  res.redirect('/notes');
});

app.get('/notes', async (req, res) => {
  const notes = await Note.find();
  res.render('notes', { notes });
});

module.exports = app;
