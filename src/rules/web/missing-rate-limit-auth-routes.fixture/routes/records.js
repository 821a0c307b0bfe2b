// Routes named like account routes that take no credential: not authentication endpoints.
const express = require('express');

const router = express.Router();

// A plain record (name, address): no password field, so not a sign-up.
// ok: missing-rate-limit-auth-routes
router.post('/users', async (req, res) => {
  const user = { name: req.body.name, address: req.body.address };
  res.json(await save(user));
});

// Adds an existing user to a team: membership, not registration.
// ok: missing-rate-limit-auth-routes
router.post('/teams/:teamId/users', async (req, res) => {
  res.json(await addMember(req.params.teamId, req.body));
});

// Wipes a website's data: a reset of a resource, not of a password.
// ok: missing-rate-limit-auth-routes
router.post('/websites/:websiteId/reset', async (req, res) => {
  res.json(await wipe(req.params.websiteId));
});

// Joins a team with an invite code: a group, not an account.
// ok: missing-rate-limit-auth-routes
router.post('/teams/join', async (req, res) => {
  res.json(await joinTeam(req.body.accessCode));
});

// A sign-up: the body carries the password.
// ruleid: missing-rate-limit-auth-routes
router.post('/accounts', async (req, res) => {
  const { email, password } = req.body;
  res.json(await register(email, password));
});

async function save() { return {}; }
async function addMember() { return {}; }
async function wipe() { return {}; }
async function joinTeam() { return {}; }
async function register() { return {}; }

module.exports = router;
