const crypto = require('crypto');
const express = require('express');
const Stripe = require('stripe');
const db = require('./db');
const { handleRepoEvent } = require('./github');

const app = express();
const stripe = new Stripe(process.env.STRIPE_KEY);

// The payment provider posts here; nothing checks that it did.
// ruleid: unverified-webhook
app.post('/webhooks/payments', express.json(), async (req, res) => {
  const { orderId, status } = req.body;
  await db.orders.update({ where: { id: orderId }, data: { status } });
  res.sendStatus(200);
});

// ok: unverified-webhook
app.post('/webhooks/stripe', express.raw({ type: 'application/json' }), async (req, res) => {
  let event;
  try {
    event = stripe.webhooks.constructEvent(req.body, req.headers['stripe-signature'], process.env.STRIPE_WEBHOOK_SECRET);
  } catch (err) {
    return res.status(400).send('bad signature');
  }
  await db.payments.create({ data: { id: event.id } });
  res.sendStatus(200);
});

// The request goes to a module not read here: it may verify.
// ok: unverified-webhook
app.post('/webhooks/github', async (req, res) => {
  await handleRepoEvent(req);
  res.sendStatus(204);
});

function signedBy(request) {
  const expected = crypto.createHmac('sha256', process.env.CHAT_SECRET).update(JSON.stringify(request.body)).digest('hex');
  const given = request.get('x-chat-signature') || '';
  return given.length === expected.length && crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

// ok: unverified-webhook
app.post('/hooks/chat', async (req, res) => {
  if (!signedBy(req)) return res.sendStatus(401);
  await db.messages.create({ data: req.body });
  res.sendStatus(200);
});

// The unguessable id in the URL is the sender's credential.
// ok: unverified-webhook
app.post('/webhooks/flows/:flowId', async (req, res) => {
  await db.runs.create({ data: { flow: req.params.flowId, payload: req.body } });
  res.sendStatus(202);
});

// Configures where the project's hooks deliver: no provider's event arrives here.
// ok: unverified-webhook
app.post('/hooks', async (req, res) => {
  const { projectId, hooks } = req.body;
  await db.projects.setHooks(projectId, hooks);
  res.sendStatus(200);
});

// Not a webhook: other rules judge it.
// ok: unverified-webhook
app.post('/orders', async (req, res) => {
  await db.orders.create({ data: req.body });
  res.sendStatus(201);
});

app.listen(3000);
