const express = require('express');

const app = express();
// The upstream comes from the deployment, with a local default for development.
const upstream = (process.env.CATALOG_URL || '').replace(/\/$/, '') || 'http://localhost:4000';

app.get('/catalog/:sku', async (req, res) => {
  // The request value sits after the literal path of its own template, so it cannot reach the host.
  // ok: ssrf
  const r = await fetch(upstream + `/api/items/${encodeURIComponent(req.params.sku)}`);
  res.json(await r.json());
});

app.get('/catalog-raw/:sku', async (req, res) => {
  // ok: ssrf
  const r = await fetch(upstream + `/api/items/${req.params.sku}`);
  res.json(await r.json());
});

app.get('/catalog-host', async (req, res) => {
  // The request value follows the scheme directly: it is the host.
  // ruleid: ssrf
  const r = await fetch('http://' + `${req.query.host}/api/items`);
  res.json(await r.json());
});

module.exports = app;
