const express = require('express');
const { safeDispatcher, keepAliveDispatcher } = require('./safe-dispatcher');
const { isBlockedIp } = require('./ip-rules');

const app = express();

app.post('/media/from-url', async (req, res) => {
  // ok: ssrf
  const r = await fetch(req.body.url, { dispatcher: safeDispatcher });
  res.type(r.headers.get('content-type')).send(Buffer.from(await r.arrayBuffer()));
});

app.post('/media/mirror', async (req, res) => {
  // A pooled agent, no address check.
  // ruleid: ssrf
  const r = await fetch(req.body.url, { dispatcher: keepAliveDispatcher });
  res.type(r.headers.get('content-type')).send(Buffer.from(await r.arrayBuffer()));
});

async function isSafeUrl(url) {
  const u = new URL(url);
  return u.protocol === 'https:' && !isBlockedIp(u.hostname);
}

app.get('/stream', async (req, res) => {
  let current = String(req.query.url);
  let r;
  for (let hop = 0; hop <= 5; hop++) {
    if (!(await isSafeUrl(current))) return res.status(400).send('Blocked URL');
    // Redirects are followed by hand and every hop is checked first.
    // ok: ssrf
    r = await fetch(current, { redirect: 'manual' });
    if (r.status >= 300 && r.status < 400) {
      current = new URL(r.headers.get('location'), current).toString();
      continue;
    }
    break;
  }
  res.send(Buffer.from(await r.arrayBuffer()));
});

module.exports = app;

app.post('/webhooks/send', async (req) => {
  // The response is dropped: blind, the caller reads nothing back.
  // ruleid: ssrf
  await fetch(req.query.url, { method: 'POST', body: JSON.stringify(req.body) });
});
