const express = require('express');

const db = require('../db');
const payments = require('../services/payments');

const router = express.Router();

// Stripe signs the exact bytes it sends, so this router gets the raw body and is
// mounted before express.json() in server.js.
router.post('/stripe', express.raw({ type: 'application/json' }), async (req, res, next) => {
  let event;
  try {
    event = payments.webhookEvent(req.body, req.get('stripe-signature'));
  } catch (err) {
    return res.status(400).json({ error: 'invalid signature' });
  }

  try {
    const intent = event.data.object;
    if (event.type === 'payment_intent.succeeded') {
      await db.query("UPDATE orders SET status = 'paid' WHERE payment_intent_id = $1", [intent.id]);
    } else if (event.type === 'payment_intent.payment_failed') {
      await db.query("UPDATE orders SET status = 'payment_failed' WHERE payment_intent_id = $1", [intent.id]);
    }
    return res.json({ received: true });
  } catch (err) {
    return next(err);
  }
});

module.exports = router;
