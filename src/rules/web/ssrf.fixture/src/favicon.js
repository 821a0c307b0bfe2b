const express = require('express');

const app = express();

async function fetchImage(src) {
  // Fixed hosts; the site's origin and host name only in the path and query.
  // ok: ssrf
  const r = await fetch(src, { headers: { Accept: 'image/*' } });
  return r.ok ? r : null;
}

app.get('/favicon', async (req, res) => {
  const u = new URL(String(req.query.url));
  const sources = [
    `https://t2.gstatic.com/faviconV2?client=SOCIAL&url=${encodeURIComponent(u.origin)}&size=64`,
    `https://icons.duckduckgo.com/ip3/${u.hostname}.ico`,
  ];
  for (const src of sources) {
    const hit = await fetchImage(src);
    if (hit) return res.type(hit.headers.get('content-type')).send(Buffer.from(await hit.arrayBuffer()));
  }
  // The encoded value right after the scheme is the host.
  // ruleid: ssrf
  const direct = await fetch([`https://${encodeURIComponent(u.hostname)}/favicon.ico`, `https://icons.duckduckgo.com/ip3/${u.hostname}.ico`][0]);
  return res.status(direct.status).end();
});

module.exports = app;
