const express = require('express');
const User = require('./models/user');

const router = express.Router();

router.post('/register', async (req, res) => {
  // ruleid: mass-assignment
  const user = await User.create(req.body);
  res.status(201).json({ id: user.id });
});

router.post('/register/v2', async (req, res) => {
  const { name, email, password } = req.body;
  // ok: mass-assignment
  const user = await User.create({ name, email, password });
  res.status(201).json({ id: user.id });
});

router.put('/profile', async (req, res) => {
  const user = await User.findById(req.user.id);
  // ruleid: mass-assignment
  Object.assign(user, req.body);
  await user.save();
  res.json({ ok: true });
});

router.put('/profile/:id', async (req, res) => {
  const { role, isAdmin, ...changes } = req.body;
  // ruleid: mass-assignment
  await User.findByIdAndUpdate(req.params.id, changes);
  res.json({ ok: true });
});

module.exports = router;
