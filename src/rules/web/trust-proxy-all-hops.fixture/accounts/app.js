const express = require('express');
const rateLimit = require('express-rate-limit');

const app = express();
// The only limiter counts attempts per account, whatever address the request claims.
// ok: trust-proxy-all-hops
app.set('trust proxy', true);

const loginLimiter = rateLimit({ windowMs: 15 * 60 * 1000, max: 10, keyGenerator: (req) => String(req.body.email).toLowerCase() });

app.post('/login', loginLimiter, (req, res) => res.json({ ok: true }));

module.exports = app;
