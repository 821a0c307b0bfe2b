const express = require('express');
const rateLimit = require('express-rate-limit');

const app = express();
// ruleid: trust-proxy-all-hops
app.set('trust proxy', true);

const loginLimiter = rateLimit({ windowMs: 15 * 60 * 1000, max: 10 });

app.post('/login', loginLimiter, (req, res) => res.json({ ok: true }));

module.exports = app;
