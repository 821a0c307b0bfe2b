const express = require('express');
const app = express();
app.set('view engine', 'hbs');
app.use(express.urlencoded({ extended: true }));

app.post('/erasure', (req, res) => {
  // The whole body becomes the locals, so the client also picks `layout`: any file on disk.
  // ruleid: path-traversal
  res.render('erasureResult', { ...req.body, title: 'Data erasure' });
});

app.post('/erasure/v2', (req, res) => {
  // ok: path-traversal
  res.render('erasureResult', { email: req.body.email, title: 'Data erasure' });
});

module.exports = app;
