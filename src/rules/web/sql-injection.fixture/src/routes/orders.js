const express = require('express');
const { pool } = require('../db');
const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
const reports = require('../services/reports');
const Note = require('../model/note');
const { Sequelize } = require('../db');

const router = express.Router();

router.get('/orders', async (req, res) => {
  const status = req.query.status;
  // ruleid: sql-injection
  const { rows } = await pool.query("SELECT * FROM orders WHERE status = '" + status + "'");
  res.json(rows);
});

router.get('/orders/:id', async (req, res) => {
  // ok: sql-injection
  const { rows } = await pool.query('SELECT * FROM orders WHERE id = $1', [req.params.id]);
  res.json(rows[0]);
});

router.get('/customers', async (req, res) => {
  const sort = req.query.sort;
  // ruleid: sql-injection
  const rows = await knex('customers').select('*').orderByRaw(`${sort} DESC`);
  res.json(rows);
});

router.get('/customers/search', async (req, res) => {
  // ok: sql-injection
  const rows = await knex('customers').whereRaw('name ILIKE ?', [`%${req.query.q}%`]);
  res.json(rows);
});

router.get('/orders/page', async (req, res) => {
  const limit = parseInt(req.query.limit, 10) || 20;
  // ok: sql-injection
  const { rows } = await pool.query(`SELECT * FROM orders ORDER BY created_at LIMIT ${limit}`);
  res.json(rows);
});

router.get('/reports/revenue', async (req, res) => {
  res.json(await reports.revenueByRegion(req.query.region));
});

router.post('/notes', async (req, res) => {
  // ok: sql-injection
  const note = Note.fromRaw(req.body);
  res.json(note);
});

router.get('/customers/raw', async (req, res) => {
  // ruleid: sql-injection
  const rows = await knex.fromRaw(`(select * from customers where region = '${req.query.region}') as c`);
  res.json(rows);
});

router.get('/customers/sorted', async (req, res) => {
  // A database library handed on by a local module is still the library.
  // ruleid: sql-injection
  const order = Sequelize.literal(`name ${req.query.dir}`);
  res.json({ order });
});

module.exports = router;
