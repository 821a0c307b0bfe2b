const express = require('express');
const db = require('./db');

const app = express();
app.use(express.json());

function requireAuth(req, res, next) {
  if (!req.user) return res.status(401).end();
  next();
}

// An application without roles at all: every member may manage the team by design.
// ok: member-role-change-without-role-check
app.put('/teams/:teamId/members/:memberId/roles', requireAuth, async (req, res) => {
  await db.members.update({ teamId: req.params.teamId, id: req.params.memberId }, { roles: req.body.roles });
  res.sendStatus(204);
});

app.listen(3000);
