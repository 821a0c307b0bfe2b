const express = require('express');
const Account = require('../models/account');
const Member = require('../models/member');
const Ticket = require('../models/ticket');
const db = require('../models');
const { requireLogin } = require('../middleware/auth');

const router = express.Router();

router.get('/accounts', requireLogin, async (req, res) => {
  const accounts = await Account.find({});
  // ruleid: sensitive-data-in-response
  res.json(accounts);
});

router.get('/accounts/safe', requireLogin, async (req, res) => {
  const accounts = await Account.find({}).select('-passwordHash -resetToken');
  // ok: sensitive-data-in-response
  res.json(accounts);
});

router.get('/accounts/names', requireLogin, async (req, res) => {
  const accounts = await Account.find({});
  // ok: sensitive-data-in-response
  res.json(accounts.map((a) => ({ login: a.login })));
});

router.get('/members', async (req, res) => {
  const members = await Member.find();
  // ok: sensitive-data-in-response
  res.json({ members });
});

router.get('/tickets', async (req, res) => {
  const tickets = await Ticket.find();
  // ok: sensitive-data-in-response
  res.json(tickets);
});

router.get('/operators', function (req, res) {
  db.Operator.findAll({}).then((operators) => {
    // ruleid: sensitive-data-in-response
    res.status(200).json({ ok: true, operators: operators });
  });
});

router.get('/operators/names', function (req, res) {
  db.Operator.findAll({ attributes: ['id', 'name'] }).then((operators) => {
    // ok: sensitive-data-in-response
    res.status(200).json({ operators });
  });
});

router.get('/accounts/all', requireLogin, async (req, res) => {
  const out = {};
  const rows = await Account.find({ active: true });
  out.count = rows.length;
  out.items = rows;
  // ruleid: sensitive-data-in-response
  res.status(200).send(out);
});

module.exports = router;
