const router = require('express').Router();
const db = require('../db');

// Hand-written SQL selecting a row by the id in the path, with no owner column.
// ruleid: bola-idor
router.get('/:id', async (req, res) => {
  const { rows } = await db.query('SELECT * FROM invoices WHERE id = $1', [req.params.id]);
  res.json(rows[0]);
});

// ok: bola-idor
router.get('/:id/pdf', async (req, res) => {
  const { rows } = await db.query('SELECT pdf FROM invoices WHERE id = $1 AND user_id = $2', [req.params.id, req.user.id]);
  res.json(rows[0]);
});

module.exports = router;
