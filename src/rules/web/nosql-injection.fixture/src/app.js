const express = require('express');
const mongoose = require('mongoose');

const User = mongoose.model('User', new mongoose.Schema({ email: String, password: String, age: Number }));
const app = express();
app.use(express.json());

app.post('/login', async (req, res) => {
  const { email, password } = req.body;
  // ruleid: nosql-injection
  const user = await User.findOne({ email, password });
  if (!user) return res.status(401).end();
  res.json({ id: user.id });
});

app.post('/login/v2', async (req, res) => {
  // ok: nosql-injection
  const user = await User.findOne({ email: String(req.body.email) });
  res.json({ found: !!user });
});

app.get('/users', async (req, res) => {
  // ruleid: nosql-injection
  const users = await User.find(req.query).limit(20);
  res.json(users);
});

app.get('/users/older', async (req, res) => {
  // ruleid: nosql-injection
  const users = await User.find({ $where: `this.age > ${req.query.age}` });
  res.json(users);
});

app.get('/users/:id', async (req, res) => {
  // ok: nosql-injection
  const user = await User.findOne({ _id: req.params.id });
  res.json(user);
});

app.post('/users/lookup', async (req, res) => {
  if (typeof req.body.email !== 'string') return res.status(400).end();
  // ok: nosql-injection
  const user = await User.findOne({ email: req.body.email });
  res.json(user);
});

module.exports = app;
