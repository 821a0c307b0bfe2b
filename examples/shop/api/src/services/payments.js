const Stripe = require('stripe');
const config = require('../config');
const db = require('../db');

const stripe = new Stripe(config.stripe.secretKey, { apiVersion: '2023-10-16' });

// One Stripe customer per shop user; the id lives on the user's saved cards.
async function customerIdFor(user) {
  const { rows } = await db.query(
    'SELECT stripe_customer_id FROM payment_methods WHERE user_id = $1 LIMIT 1',
    [user.id]
  );
  if (rows[0]) return rows[0].stripe_customer_id;
  const customer = await stripe.customers.create({ email: user.email, metadata: { userId: String(user.id) } });
  return customer.id;
}

async function saveCard(user, paymentMethodId) {
  const customerId = await customerIdFor(user);
  const pm = await stripe.paymentMethods.attach(paymentMethodId, { customer: customerId });
  const { rows } = await db.query(
    `INSERT INTO payment_methods (user_id, stripe_customer_id, stripe_payment_method_id, brand, last4, exp_month, exp_year)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     RETURNING id, brand, last4, exp_month, exp_year`,
    [user.id, customerId, pm.id, pm.card.brand, pm.card.last4, pm.card.exp_month, pm.card.exp_year]
  );
  return rows[0];
}

function chargeOrder({ customerId, paymentMethodId, amountCents, orderId }) {
  return stripe.paymentIntents.create({
    amount: amountCents,
    currency: config.stripe.currency,
    customer: customerId,
    payment_method: paymentMethodId,
    confirm: true,
    off_session: true,
    metadata: { orderId: String(orderId) },
  });
}

function webhookEvent(rawBody, signature) {
  return stripe.webhooks.constructEvent(rawBody, signature, config.stripe.webhookSecret);
}

module.exports = { saveCard, chargeOrder, webhookEvent };
