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

// The admin page shell; its data comes from the guarded API routes.
// ok: admin-route-without-admin-check
router.get('/', (req, res) => res.render('admin/index'));

// An invited user accepts the invitation before holding any role.
// ok: admin-route-without-admin-check
router.post('/invites/accept', async (req, res) => res.json(await acceptInvite(req.body.token, req.body.password)));

async function acceptInvite() { return {}; }
async function listUsers() { return []; }
async function removeUser() { return {}; }
async function saveSettings() { return {}; }
module.exports = router;
