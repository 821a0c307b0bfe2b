// A helper that requests a server-chosen base URL: the caller's request data only fills its query.
const express = require('express');
const https = require('https');

const router = express.Router();

function openFeed(baseUrl, ids) {
  const query = ids.map((id) => `id=${encodeURIComponent(id)}`).join('&');
  // ok: ssrf
  return https.request(new URL(`${baseUrl}/entries?${query}`), { method: 'GET' });
}

function openMirror(ids, mirror) {
  // ruleid: ssrf
  return https.request(new URL(`${mirror}/entries?id=${ids[0]}`), { method: 'GET' });
}

router.post('/entries', (req, res) => {
  openFeed(process.env.LEDGER_URL, [req.body.entryId]).end();
  openMirror([process.env.LEDGER_ID], req.body.mirror).end();
  res.json({ ok: true });
});

module.exports = router;
