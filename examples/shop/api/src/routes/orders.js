const express = require('express');

const db = require('../db');
const payments = require('../services/payments');
const { enqueueOrderEmail } = require('../cache');
const { requireAuth } = require('../middleware/auth');

const router = express.Router();

router.use(requireAuth);

router.get('/', async (req, res, next) => {
  try {
    const { rows } = await db.query(
      'SELECT id, status, total_cents, created_at FROM orders WHERE user_id = $1 ORDER BY created_at DESC',
      [req.user.id]
    );
    return res.json({ orders: rows });
  } catch (err) {
    return next(err);
  }
});

router.post('/payment-methods', async (req, res, next) => {
  try {
    const { paymentMethodId } = req.body;
    if (!paymentMethodId) return res.status(400).json({ error: 'paymentMethodId is required' });
    const card = await payments.saveCard(req.user, paymentMethodId);
    return res.status(201).json({ paymentMethod: card });
  } catch (err) {
    return next(err);
  }
});

router.post('/', async (req, res, next) => {
  const client = await db.pool.connect();
  try {
    const { items, paymentMethodId, shippingAddress } = req.body;
    if (!Array.isArray(items) || items.length === 0 || !shippingAddress) {
      return res.status(400).json({ error: 'items and shippingAddress are required' });
    }
    const { rows: cards } = await client.query(
      'SELECT * FROM payment_methods WHERE id = $1 AND user_id = $2',
      [paymentMethodId, req.user.id]
    );
    if (!cards[0]) return res.status(400).json({ error: 'unknown payment method' });

    const ids = items.map((item) => Number(item.productId));
    const { rows: products } = await client.query(
      'SELECT id, price_cents FROM products WHERE id = ANY($1::int[]) AND published = true',
      [ids]
    );
    const prices = new Map(products.map((p) => [p.id, p.price_cents]));
    if (prices.size !== new Set(ids).size) return res.status(400).json({ error: 'unknown product' });
    const lines = items.map((item) => ({
      productId: Number(item.productId),
      quantity: Math.max(1, Number.parseInt(item.quantity, 10) || 1),
    }));
    const total = lines.reduce((sum, line) => sum + prices.get(line.productId) * line.quantity, 0);

    await client.query('BEGIN');
    const { rows } = await client.query(
      `INSERT INTO orders (user_id, payment_method_id, total_cents, shipping_address)
       VALUES ($1, $2, $3, $4) RETURNING *`,
      [req.user.id, cards[0].id, total, shippingAddress]
    );
    const order = rows[0];
    for (const line of lines) {
      await client.query(
        'INSERT INTO order_items (order_id, product_id, quantity, price_cents) VALUES ($1, $2, $3, $4)',
        [order.id, line.productId, line.quantity, prices.get(line.productId)]
      );
    }
    const intent = await payments.chargeOrder({
      customerId: cards[0].stripe_customer_id,
      paymentMethodId: cards[0].stripe_payment_method_id,
      amountCents: total,
      orderId: order.id,
    });
    await client.query('UPDATE orders SET payment_intent_id = $1 WHERE id = $2', [intent.id, order.id]);
    await client.query('COMMIT');

    await enqueueOrderEmail({ orderId: order.id });
    return res.status(201).json({ order: { ...order, payment_intent_id: intent.id } });
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    return next(err);
  } finally {
    client.release();
  }
});

router.get('/:id', async (req, res, next) => {
  try {
    const { rows } = await db.query(
      `SELECT o.*, pm.brand, pm.last4, u.email, u.name
       FROM orders o
       JOIN users u ON u.id = o.user_id
       LEFT JOIN payment_methods pm ON pm.id = o.payment_method_id
       WHERE o.id = $1`,
      [req.params.id]
    );
    if (!rows[0]) return res.status(404).json({ error: 'order not found' });
    const { rows: items } = await db.query(
      `SELECT oi.product_id, p.name, oi.quantity, oi.price_cents
       FROM order_items oi JOIN products p ON p.id = oi.product_id
       WHERE oi.order_id = $1`,
      [rows[0].id]
    );
    return res.json({ order: rows[0], items });
  } catch (err) {
    return next(err);
  }
});

// Customers may change the shipping address until the order ships.
router.patch('/:id', async (req, res, next) => {
  try {
    const { shippingAddress } = req.body;
    if (!shippingAddress) return res.status(400).json({ error: 'shippingAddress is required' });
    const { rows } = await db.query(
      `UPDATE orders SET shipping_address = $1
       WHERE id = $2 AND user_id = $3 AND status IN ('pending', 'paid')
       RETURNING id, status, shipping_address`,
      [shippingAddress, req.params.id, req.user.id]
    );
    if (!rows[0]) return res.status(404).json({ error: 'order not found' });
    return res.json({ order: rows[0] });
  } catch (err) {
    return next(err);
  }
});

module.exports = router;
