const express = require('express');
const rateLimit = require('express-rate-limit');

const router = express.Router();
const resetLimiter = rateLimit({ windowMs: 15 * 60 * 1000, limit: 5 });

// ruleid: missing-rate-limit-auth-routes
router.post('/login', async (req, res) => {
  res.json(await login(req.body.email, req.body.password));
});

// ok: missing-rate-limit-auth-routes
router.post('/forgot-password', resetLimiter, async (req, res) => {
  res.json(await sendReset(req.body.email));
});

// ruleid: missing-rate-limit-auth-routes
router.post('/verify-otp', async (req, res) => {
  res.json(await checkCode(req.body.code));
});

// ok: missing-rate-limit-auth-routes
router.get('/login', (req, res) => res.render('login'));

// ok: missing-rate-limit-auth-routes
router.post('/google/login', async (req, res) => {
  res.json(await login(await verifyIdToken(req.body.idToken)));
});

// ruleid: missing-rate-limit-auth-routes
router.post('/forgot/password', async (req, res) => {
  res.json(await sendReset(req.body.email));
});

// ruleid: missing-rate-limit-auth-routes
router.post('/reset-password', async (req, res) => {
  res.json(await resetWithToken(req.body.token, req.body.password));
});

async function login() { return {}; }
async function resetWithToken() { return {}; }
async function sendReset() { return {}; }
async function checkCode() { return {}; }
async function verifyIdToken() { return {}; }

module.exports = router;
