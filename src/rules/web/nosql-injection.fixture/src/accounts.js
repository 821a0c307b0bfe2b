// Operator injection rated by what follows the lookup (see _nosql-rating.test.ts).
const express = require('express');
const bcrypt = require('bcryptjs');
const mongoose = require('mongoose');

const Member = mongoose.model('Member', new mongoose.Schema({ email: String, password: String, resetToken: String }));
const router = express.Router();

router.post('/session', async (req, res) => {
  // ruleid: nosql-injection
  const member = await Member.findOne({ email: req.body.email });
  if (!member) return res.status(401).end();
  const ok = await bcrypt.compare(String(req.body.password), member.password);
  if (!ok) return res.status(401).end();
  res.json({ id: member.id });
});

router.post('/members', async (req, res) => {
  // ruleid: nosql-injection
  const taken = await Member.find({ email: req.body.email });
  if (taken.length > 0) return res.status(409).end();
  await Member.create({ email: String(req.body.email), password: await bcrypt.hash(String(req.body.password), 12) });
  res.status(201).end();
});

router.post('/reset', async (req, res) => {
  // ruleid: nosql-injection
  const member = await Member.findOne({ resetToken: req.body.token });
  if (!member) return res.status(400).end();
  member.password = await bcrypt.hash(String(req.body.password), 12);
  await member.save();
  res.json({ id: member.id });
});

// The password itself is the filter value: `{ $ne: null }` matches any record, so the existence
// test is the login. An authentication bypass, not a probe.
router.post('/signin', (req, res) => {
  // ruleid: nosql-injection
  Member.find({ email: String(req.body.email), password: req.body.password }, (err, found) => {
    if (found.length > 0) return res.json({ ok: true });
    return res.status(401).end();
  });
});

module.exports = router;
