const express = require('express');

const db = require('../db');
const { invalidate } = require('../cache');
const { requireAuth, requireAdmin } = require('../middleware/auth');

const router = express.Router();

function toCsv(rows) {
  if (rows.length === 0) return '';
  const columns = Object.keys(rows[0]);
  const escape = (value) => `"${String(value === null ? '' : value).replace(/"/g, '""')}"`;
  return [columns.join(','), ...rows.map((row) => columns.map((c) => escape(row[c])).join(','))].join('\n');
}

// Finance pulls this every night from the reporting box inside the VPC.
router.get('/export', async (req, res, next) => {
  try {
    const { rows } = await db.query(
      `SELECT o.id, o.created_at, o.status, o.total_cents, o.shipping_address,
              u.email, u.name, u.phone, pm.brand, pm.last4, pm.stripe_customer_id
       FROM orders o
       JOIN users u ON u.id = o.user_id
       LEFT JOIN payment_methods pm ON pm.id = o.payment_method_id
       ORDER BY o.created_at DESC`
    );
    res.type('text/csv').attachment('orders.csv');
    return res.send(toCsv(rows));
  } catch (err) {
    return next(err);
  }
});

router.get('/users', requireAuth, requireAdmin, async (req, res, next) => {
  try {
    const limit = Math.min(Number.parseInt(req.query.limit, 10) || 50, 200);
    const offset = Number.parseInt(req.query.offset, 10) || 0;
    const { rows } = await db.query(
      'SELECT id, email, name, role, created_at FROM users ORDER BY id LIMIT $1 OFFSET $2',
      [limit, offset]
    );
    return res.json({ users: rows });
  } catch (err) {
    return next(err);
  }
});

router.put('/users/:id/role', requireAuth, async (req, res, next) => {
  try {
    const { role } = req.body;
    if (!['customer', 'admin'].includes(role)) return res.status(400).json({ error: 'unknown role' });
    const { rows } = await db.query(
      'UPDATE users SET role = $1 WHERE id = $2 RETURNING id, email, role',
      [role, req.params.id]
    );
    if (!rows[0]) return res.status(404).json({ error: 'user not found' });
    return res.json({ user: rows[0] });
  } catch (err) {
    return next(err);
  }
});

router.post('/products', requireAuth, requireAdmin, async (req, res, next) => {
  try {
    const { name, category, descriptionHtml, priceCents, imageUrl, stock, published } = req.body;
    const { rows } = await db.query(
      `INSERT INTO products (name, category, description_html, price_cents, image_url, stock, published)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [name, category || 'general', descriptionHtml || '', priceCents, imageUrl, stock || 0, Boolean(published)]
    );
    return res.status(201).json({ product: rows[0] });
  } catch (err) {
    return next(err);
  }
});

router.delete('/products/:id', requireAuth, requireAdmin, async (req, res, next) => {
  try {
    await db.query('UPDATE products SET published = false WHERE id = $1', [req.params.id]);
    await invalidate(`product:${req.params.id}`);
    return res.status(204).end();
  } catch (err) {
    return next(err);
  }
});

module.exports = router;
