const router = require('express').Router();
const { requireAdmin } = require('../middleware/auth');

// ruleid: admin-route-without-admin-check
router.get('/users', async (req, res) => res.json(await listUsers()));

// ok: admin-route-without-admin-check
router.delete('/users/:id', requireAdmin, async (req, res) => res.json(await removeUser(req.params.id)));

// ok: admin-route-without-admin-check
router.post('/settings', async (req, res) => {
  if (!req.user.isAdmin) return res.sendStatus(403);
  res.json(await saveSettings(req.body));
});

// Shared with the record's collaborators: an administrator or a holder of the right passes, with a 400 for the rest.
// ok: admin-route-without-admin-check
router.post('/shares', async (req, res) => {
  const right = await findRight(req.body.docId, req.user.id);
  if (!right && !isAdministrator(req.user)) {
    res.status(400).json({ error: 'no-right' });
    return;
  }
  res.json(await share(req.body.docId, req.body.with));
});

// The caller's own grant on the record, looked up for them, or the administrator role: a 403 for the rest.
// ok: admin-route-without-admin-check
router.get('/grants', (req, res) => {
  const { level } = grantFor(req.query.docId, req.user.id) || { level: 0 };
  if (level === 0 && !isAdministrator(req.user)) {
    res.status(403).json({ error: 'forbidden' });
    return;
  }
  res.json(grantsOf(req.query.docId));
});

// A switch of the deployment, not the caller's own right, excuses the rest: only administrators pass otherwise.
// ruleid: admin-route-without-admin-check
router.get('/exports', (req, res) => {
  const locked = exportsLocked(req.query.kind);
  if (locked && !isAdministrator(req.user)) return res.status(403).end();
  res.json(listExports());
});

// A user edits their own profile; anyone else needs the administrator flag.
// ok: admin-route-without-admin-check
router.post('/profiles/:id', async (req, res) => {
  const profile = await findProfile(req.params.id);
  if (profile.email !== req.session.user && req.session.isAdmin === false) return res.status(403).end();
  res.json(await saveProfile(profile, req.body));
});

// The admin page shell; its data comes from the guarded API routes.
// ok: admin-route-without-admin-check
router.get('/', (req, res) => res.render('admin/index'));

// An invited user accepts the invitation before holding any role.
// ok: admin-route-without-admin-check
router.post('/invites/accept', async (req, res) => res.json(await acceptInvite(req.body.token, req.body.password)));

async function acceptInvite() { return {}; }
async function findProfile() { return {}; }
async function saveProfile() { return {}; }
async function findRight() { return null; }
function grantFor() { return null; }
function grantsOf() { return []; }
function exportsLocked() { return false; }
function listExports() { return []; }
function isAdministrator() { return false; }
async function share() { return {}; }
async function listUsers() { return []; }
async function removeUser() { return {}; }
async function saveSettings() { return {}; }
module.exports = router;

// The identity provider sends the signing-in browser back here: a step of the login, no admin yet.
// ok: admin-route-without-admin-check
router.get('/auth/oidc/callback', async (req, res) => res.redirect(await finishSignIn(req.query.code)));
