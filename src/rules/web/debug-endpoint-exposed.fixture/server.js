const express = require('express');
const v8 = require('v8');
const { requireAdmin } = require('./guards');

const app = express();

// ruleid: debug-endpoint-exposed
app.get('/debug/env', (req, res) => res.json(process.env));

// ok: debug-endpoint-exposed
app.get('/heapdump', requireAdmin, (req, res) => res.send(v8.writeHeapSnapshot()));

if (process.env.NODE_ENV !== 'production') {
  // ok: debug-endpoint-exposed
  app.get('/__debug/config', (req, res) => res.json(app.locals));
}

// ok: debug-endpoint-exposed
app.get('/status', (req, res) => res.json({ ok: true }));

// Prometheus metrics (process, memory, request and business counters) for anyone.
// ruleid: debug-endpoint-exposed
app.get('/metrics', async (req, res) => res.send(await register.metrics()));

// ok: debug-endpoint-exposed
app.get('/internal/metrics', requireAdmin, async (req, res) => res.send(await register.metrics()));

// Analytics of a resource: the application's own data, named "metrics", not a diagnostic endpoint.
// ok: debug-endpoint-exposed
app.get('/api/websites/:websiteId/metrics', async (req, res) => res.json(await stats(req.params.websiteId)));

module.exports = app;
