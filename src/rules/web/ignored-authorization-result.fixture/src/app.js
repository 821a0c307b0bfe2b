const express = require('express');
const db = require('./db');
const { validateShareAccess, checkProjectAccess, checkPrivateAccess } = require('./share.service');

const app = express();

app.get('/share/:id/overview', async (req, res) => {
  // ruleid: ignored-authorization-result
  await validateShareAccess(req.params.id, { cookies: req.cookies, userId: req.session.userId });
  res.json(await db.overview.find(req.params.id));
});

app.get('/share/:id/report', async (req, res) => {
  const access = await validateShareAccess(req.params.id, { cookies: req.cookies, userId: req.session.userId });
  if (!access.isValid) return res.status(403).end();
  res.json(await db.report.find(req.params.id));
});

app.get('/projects/:id', async (req, res) => {
  // ok: ignored-authorization-result
  await checkProjectAccess(req.params.id, req.session.userId);
  res.json(await db.project.find(req.params.id));
});

app.get('/projects/:id/files', async (req, res) => {
  // ok: ignored-authorization-result
  await checkPrivateAccess(req.params.id, req.session.userId);
  res.json(await db.file.list(req.params.id));
});

app.listen(3000);
