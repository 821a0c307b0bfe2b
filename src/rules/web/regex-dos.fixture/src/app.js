const express = require('express');
const escapeStringRegexp = require('escape-string-regexp');

const app = express();
const EMAIL = /^([a-zA-Z0-9_.-])+@(([a-zA-Z0-9-])+\.)+([a-zA-Z0-9]{2,4})+$/;
const SLUG = /^[a-z0-9-]{1,64}$/;

app.get('/people', (req, res) => {
  // ruleid: regex-dos
  const matcher = new RegExp(req.query.name, 'i');
  res.json(PEOPLE.filter((p) => matcher.test(p.name)));
});

app.get('/people/v2', (req, res) => {
  // ok: regex-dos
  const matcher = new RegExp(escapeStringRegexp(req.query.name), 'i');
  res.json(PEOPLE.filter((p) => matcher.test(p.name)));
});

app.post('/subscribe', (req, res) => {
  // ruleid: regex-dos
  if (!EMAIL.test(req.body.email)) return res.status(400).end();
  res.status(204).end();
});

app.get('/pages/:slug', (req, res) => {
  // ok: regex-dos
  if (!SLUG.test(req.params.slug)) return res.status(404).end();
  res.json({ slug: req.params.slug });
});

const PEOPLE = [{ name: 'Ada' }];
module.exports = app;

// MongoDB compiles `$regex` operands as patterns on the server.
const Book = require('./book');

app.get('/books', async (req, res) => {
  // ruleid: regex-dos
  const books = await Book.find({ title: { $regex: req.query.title, $options: 'i' } });
  res.json(books);
});

app.get('/books/any', async (req, res) => {
  const filter = { deleted: false };
  if (req.query.q) filter.title = { $regex: req.query.q };
  // ruleid: regex-dos
  const books = await Book.find(filter);
  res.json(books);
});

app.get('/books/safe', async (req, res) => {
  // ok: regex-dos
  const books = await Book.find({ title: { $regex: escapeStringRegexp(req.query.title), $options: 'i' } });
  res.json(books);
});
