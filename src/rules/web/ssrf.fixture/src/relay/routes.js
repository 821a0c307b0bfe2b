// A record read back by a request key, with one request header set on it, handed to another module.
const express = require('express');
const { loadTicket } = require('./tickets');
const { forward, mirror } = require('./forward');

const router = express.Router();

router.get('/relay', async (req, res) => {
  const ticket = await loadTicket(String(req.query.ticket));
  if (!ticket) return res.status(404).end();
  ticket.range = req.headers.range;
  return forward(ticket, res);
});

router.get('/relay/mirror', async (req, res) => {
  const ticket = await loadTicket(String(req.query.ticket));
  if (!ticket) return res.status(404).end();
  ticket.origin = req.query.origin;
  return mirror(ticket, res);
});

module.exports = router;
