const express = require('express');
const bcrypt = require('bcrypt');
const cookieParser = require('cookie-parser');
const db = require('./db');

const app = express();
app.use(cookieParser(process.env.COOKIE_SECRET));

// The password step sets a constant, unsigned cookie.
app.post('/share/:id/unlock', async (req, res) => {
  const share = await db.share.find(req.params.id);
  if (!(await bcrypt.compare(req.body.password, share.password))) return res.status(401).end();
  let cookieName = '';
  if (req.body.type === 'dashboard') cookieName = `shared-dashboard-${share.id}`;
  else cookieName = `shared-report-${share.id}`;
  res.cookie(cookieName, '1', { httpOnly: true, maxAge: 7 * 86400000 });
  res.end();
});

app.get('/share/:id/dashboard', async (req, res) => {
  const share = await db.share.find(req.params.id);
  // ruleid: presence-only-cookie-check
  const hasAccess = !!req.cookies[`shared-dashboard-${share.id}`];
  if (share.password && !hasAccess) return res.status(403).end();
  res.json(await db.dashboard.find(share.dashboardId));
});

// A signed constant: only the server can produce it, and it is read through signedCookies.
app.post('/share/:id/verify', async (req, res) => {
  res.cookie(`verified-${req.params.id}`, '1', { signed: true, httpOnly: true });
  res.end();
});

app.get('/share/:id/verified', (req, res) => {
  // ok: presence-only-cookie-check
  if (!Boolean(req.cookies[`verified-${req.params.id}`])) return res.status(403).end();
  res.json({ ok: true });
});

// A presence test of a cookie the app never sets to a constant (a session id it looks up later).
app.get('/me', (req, res) => {
  // ok: presence-only-cookie-check
  if (req.cookies['sid'] === undefined) return res.status(401).end();
  res.json({ sid: true });
});

app.listen(3000);
