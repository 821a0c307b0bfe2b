const express = require('express');
const jwt = require('jsonwebtoken');
const Member = require('./models/member');
const Note = require('./models/note');
const queries = require('./queries');

const app = express();
app.use(express.json());

function requireLogin(req, res, next) {
  try {
    req.user = jwt.verify(req.headers.authorization, process.env.JWT_KEY);
    next();
  } catch {
    res.status(401).end();
  }
}

function requireAdmin(req, res, next) {
  if (!req.user || !req.user.isAdmin) return res.status(403).end();
  next();
}

app.post('/join', async (req, res) => {
  // ruleid: mass-assignment
  const member = new Member(req.body);
  await member.save();
  res.status(201).json({ id: member.id });
});

app.post('/join/v2', async (req, res) => {
  // ruleid: mass-assignment
  const member = await Member.create({ nickname: req.body.nickname, isAdmin: req.body.isAdmin });
  res.status(201).json({ id: member.id });
});

app.post('/join/v3', async (req, res) => {
  // ok: mass-assignment
  const member = await Member.create({ nickname: req.body.nickname, email: req.body.email });
  res.status(201).json({ id: member.id });
});

app.put('/me/credits', requireLogin, async (req, res) => {
  // ruleid: mass-assignment
  await Member.findByIdAndUpdate(req.user.id, { $set: { credits: req.body.credits } });
  res.json({ ok: true });
});

app.put('/members/:id/admin', requireLogin, requireAdmin, async (req, res) => {
  // ok: mass-assignment
  await Member.findByIdAndUpdate(req.params.id, { isAdmin: req.body.isAdmin });
  res.json({ ok: true });
});

app.post('/notes', requireLogin, async (req, res) => {
  // ruleid: mass-assignment
  const note = await Note.create(req.body);
  res.status(201).json({ id: note.id });
});

module.exports = app;

app.post('/members/disable', requireLogin, async (req, res) => {
  // ok: mass-assignment
  await Member.updateMany({ isAdmin: req.body.isAdmin }, { $set: { nickname: 'disabled' } });
  res.json({ ok: true });
});

app.post('/members/me/role', requireLogin, async (req, res) => {
  // ok: mass-assignment
  await Member.updateOne({ _id: req.user.id }, { $set: { isAdmin: req.user.isAdmin } });
  res.json({ ok: true });
});

app.post('/admin/members', requireLogin, requireAdmin, async (req, res) => {
  const member = await queries.createMember(req.body);
  res.status(201).json({ id: member.id });
});

app.put('/admin/members/:id', requireLogin, requireAdmin, async (req, res) => {
  // ruleid: mass-assignment
  await Member.findByIdAndUpdate(req.params.id, req.body);
  res.json({ ok: true });
});
