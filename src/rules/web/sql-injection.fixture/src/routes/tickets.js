const express = require('express');
const { ILike } = require('typeorm');
const { dataSource } = require('../db');

const router = express.Router();
const tickets = () => dataSource.getRepository('ticket');

async function listTickets({ owner, title }) {
  const filter = { owner };
  if (title) {
    filter.title = ILike(`%${title}%`);
  }
  // ok: sql-injection
  const query = tickets().createQueryBuilder('ticket').where(filter);
  return query.getMany();
}

async function ticketsOf(owner) {
  const clause = `ticket.owner = '${owner}'`;
  // ruleid: sql-injection
  return tickets().createQueryBuilder('ticket').where(clause).getMany();
}

router.get('/tickets', async (req, res) => {
  res.json(await listTickets({ owner: req.query.owner, title: req.query.title }));
});

router.get('/tickets/by-owner', async (req, res) => {
  res.json(await ticketsOf(req.query.owner));
});

module.exports = router;
