const express = require('express');
const { requireLogin } = require('../middleware/auth');
const Account = require('../models/account');
const Ticket = require('../models/ticket');

const router = express.Router();

// Each ticket with the whole account that opened it, password hash included.
router.get('/', requireLogin, async (req, res) => {
  const tickets = await Ticket.findAll({ include: [Account] });
  // ruleid: sensitive-data-in-response
  res.json({ tickets });
});

router.get('/authors', requireLogin, async (req, res) => {
  const tickets = await Ticket.findAll({ include: [{ model: Account, attributes: ['login'] }] });
  // ok: sensitive-data-in-response
  res.json({ tickets });
});

module.exports = router;
