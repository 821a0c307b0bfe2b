const express = require('express');
const db = require('./db');

const app = express();
app.use(express.json());

function requireAuth(req, res, next) {
  if (!req.user) return res.status(401).json({ error: 'login required' });
  next();
}

function requireAdmin(req, res, next) {
  if (!req.user || req.user.role !== 'admin') return res.status(403).json({ error: 'admins only' });
  next();
}

// The application reserves some functions to administrators...
// ok: member-role-change-without-role-check
app.delete('/orgs/:orgId', requireAuth, requireAdmin, async (req, res) => {
  await db.orgs.delete(req.params.orgId);
  res.sendStatus(204);
});

// ...but not the change of a member's role: any member makes themselves an admin.
// ruleid: member-role-change-without-role-check
app.put('/orgs/:orgId/members/:memberId/roles', requireAuth, async (req, res) => {
  await db.members.update({ orgId: req.params.orgId, id: req.params.memberId }, { roles: [req.body.role] });
  res.sendStatus(204);
});

// ruleid: member-role-change-without-role-check
app.delete('/orgs/:orgId/members/:memberId', requireAuth, async (req, res) => {
  await db.members.remove({ orgId: req.params.orgId, id: req.params.memberId });
  res.sendStatus(204);
});

// The audience of a reading list inside a shelf of an organisation: still reported, rated low.
// ruleid: member-role-change-without-role-check
app.delete('/orgs/:orgId/shelves/:shelfId/lists/:listId/members/:memberId', requireAuth, async (req, res) => {
  await db.listMembers.remove({ listId: req.params.listId, id: req.params.memberId });
  res.sendStatus(204);
});

// Leaving the organisation oneself.
// ok: member-role-change-without-role-check
app.delete('/orgs/:orgId/members/me', requireAuth, async (req, res) => {
  await db.members.remove({ orgId: req.params.orgId, userId: req.user.id });
  res.sendStatus(204);
});

// Behind the role guard.
// ok: member-role-change-without-role-check
app.patch('/orgs/:orgId/members/:memberId/permissions', requireAuth, requireAdmin, async (req, res) => {
  await db.members.update({ orgId: req.params.orgId, id: req.params.memberId }, { permissions: req.body.permissions });
  res.sendStatus(204);
});

// A guard of its own decides who may (it loads the organisation and compares its owner).
async function ensureOrgOwner(req, res, next) {
  const org = await db.orgs.find({ id: req.params.orgId });
  if (!org || org.ownerId !== req.user.id) return res.status(403).json({ error: 'owners only' });
  next();
}
// ok: member-role-change-without-role-check
app.delete('/orgs/:orgId/collaborators/:userId', requireAuth, ensureOrgOwner, async (req, res) => {
  await db.members.remove({ orgId: req.params.orgId, id: req.params.userId });
  res.sendStatus(204);
});

// Reading the members changes nothing.
// ok: member-role-change-without-role-check
app.get('/orgs/:orgId/members/:memberId/roles', requireAuth, async (req, res) => {
  res.json(await db.members.find({ orgId: req.params.orgId, id: req.params.memberId }));
});

app.listen(3000);
