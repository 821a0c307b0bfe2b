const express = require('express');
const crypto = require('crypto');
const config = require('./config');

const app = express();
const { ADMIN_TOKEN } = process.env;

app.post('/hooks/github', express.json(), (req, res) => {
  const expected = 'sha256=' + crypto.createHmac('sha256', process.env.WEBHOOK_SECRET).update(JSON.stringify(req.body)).digest('hex');
  const given = req.get('x-hub-signature-256');
  // ruleid: timing-unsafe-secret-comparison
  if (given !== expected) return res.sendStatus(401);
  res.sendStatus(204);
});

app.get('/internal/stats', (req, res) => {
  // ruleid: timing-unsafe-secret-comparison
  if (req.headers['x-api-key'] !== process.env.INTERNAL_API_KEY) return res.sendStatus(403);
  res.json({ ok: true });
});

app.post('/admin/flush', (req, res) => {
  const { token } = req.query;
  // ruleid: timing-unsafe-secret-comparison
  if (token == ADMIN_TOKEN) return res.sendStatus(204);
  res.sendStatus(403);
});

app.post('/hooks/stripe', (req, res) => {
  const digest = crypto.createHmac('sha256', config.stripe.webhookSecret).update(req.rawBody).digest();
  // ruleid: timing-unsafe-secret-comparison
  if (!Buffer.from(req.headers['stripe-signature'], 'hex').equals(digest)) return res.sendStatus(400);
  res.sendStatus(204);
});

app.post('/hooks/safe', (req, res) => {
  const expected = crypto.createHmac('sha256', process.env.WEBHOOK_SECRET).update(req.rawBody).digest();
  const given = Buffer.from(req.get('x-signature') || '', 'hex');
  // ok: timing-unsafe-secret-comparison
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return res.sendStatus(401);
  res.sendStatus(204);
});

app.get('/items', (req, res) => {
  // ok: timing-unsafe-secret-comparison
  if (req.query.sortKey === config.defaultSortKey) return res.json([]);
  // ok: timing-unsafe-secret-comparison
  if (req.query.type === 'token') return res.json([]);
  res.json([]);
});

function bodyDigest(req) {
  const computed = crypto.createHash('sha256').update(JSON.stringify(req.body)).digest('hex');
  // ok: timing-unsafe-secret-comparison
  return computed === req.headers.digest;
}

module.exports = { app, bodyDigest };
