const express = require('express');
const router = express.Router();

// Flags set by a spread that runs unless an insecure mode is switched on: secure by default.
router.post('/auth/login', async (req, res) => {
  const jwt = await issueToken(req.body);
  // ok: cookie-missing-flags
  res.cookie('auth', jwt, {
    domain: process.env.COOKIE_DOMAIN,
    ...(!process.env.NOT_SECURED ? { secure: true, httpOnly: true, sameSite: 'none' } : {}),
    expires: new Date(Date.now() + 1000 * 60 * 60 * 24 * 365),
  });
  res.end();
});

// Flags set only when a setting is switched on: insecure by default.
router.post('/auth/remember', async (req, res) => {
  const jwt = await issueToken(req.body);
  // ruleid: cookie-missing-flags
  res.cookie('remember_token', jwt, {
    ...(process.env.SECURE_COOKIES ? { secure: true, httpOnly: true } : {}),
    maxAge: 3600000,
  });
  res.end();
});

async function issueToken() { return 't'; }

module.exports = router;
