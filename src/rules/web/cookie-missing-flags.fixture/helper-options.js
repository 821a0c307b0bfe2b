const express = require('express');
const helpers = require('./helpers/cookie-options');
const router = express.Router();

router.post('/login/remember', async (req, res) => {
  const result = await authenticate(req.body);
  // ruleid: cookie-missing-flags
  res.cookie('jwt', result.jwt, helpers.cookieOptions());
  res.end();
});

router.post('/login/strict', async (req, res) => {
  const result = await authenticate(req.body);
  // ok: cookie-missing-flags
  res.cookie('jwt', result.jwt, helpers.strictCookieOptions());
  res.end();
});

router.get('/page', (req, res) => {
  // ok: cookie-missing-flags
  res.cookie('loginRedirect', req.path, { maxAge: 15 * 60 * 1000 });
  res.redirect('/login');
});

async function authenticate() { return { jwt: 'x' }; }

module.exports = router;
