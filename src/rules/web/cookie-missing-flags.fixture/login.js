const express = require('express');
const router = express.Router();

router.post('/login', async (req, res) => {
  const token = await issueToken(req.body);
  // ruleid: cookie-missing-flags
  res.cookie('token', token);
  res.json({ ok: true });
});

router.post('/session', async (req, res) => {
  const sid = await createSession(req.body);
  // ruleid: cookie-missing-flags
  res.cookie('sid', sid, { httpOnly: true, maxAge: 3600000 });
  res.end();
});

router.post('/login/secure', async (req, res) => {
  const token = await issueToken(req.body);
  // ok: cookie-missing-flags
  res.cookie('access_token', token, { httpOnly: true, secure: process.env.NODE_ENV === 'production', sameSite: 'lax' });
  res.end();
});

router.post('/prefs', (req, res) => {
  // ok: cookie-missing-flags
  res.cookie('theme', req.body.theme);
  res.end();
});

// Logging out overwrites the cookie with a placeholder that expires at once: no credential travels.
router.get('/logout', (req, res) => {
  // ok: cookie-missing-flags
  res.cookie('token', 'none', { expires: new Date(Date.now() + 10 * 1000), httpOnly: true });
  // ok: cookie-missing-flags
  res.cookie('sid', '', { maxAge: 0 });
  res.json({ ok: true });
});

async function issueToken() { return 't'; }
async function createSession() { return 's'; }

module.exports = router;
