// Owner-or-role middleware guards end to end (classifier → guard definitions / refs → link): the
// route that names the owned record is a `user` route whose accesses by that parameter are
// checked; a route without it needs the role. Also record accesses by a body id through a models
// registry (`db.User.find({ where: { id: req.body.id } })`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact, EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as express } from '../express/index.js';

function run(files: Record<string, string>): { auth: Map<string, string>; accesses: string[] } {
  const facts: Fact[] = runExtractors([auth, express], files).facts;
  const levels = new Map<string, string>();
  for (const f of facts) if (f.kind === 'entrypoint') levels.set(`${f.method} ${f.path}`, (f as EntrypointFact).auth);
  const accesses = facts
    .filter((f): f is ConfigFact => f.kind === 'config' && f.setting === 'record-access')
    .map((f) => `${f.values.routeMethod} ${f.values.routePath} ${f.values.api} ${f.values.idSource} ${f.values.operation}`)
    .sort();
  return { auth: levels, accesses };
}

const GUARD = `const passport = require('passport');
const RIGHTS = { clerk: [], boss: ['listStaff', 'editStaff'] };
const onToken = (req, resolve, reject, wanted) => async (err, user) => {
  if (err || !user) return reject(new Error('unauthorized'));
  req.user = user;
  const permitted = wanted.every((w) => RIGHTS[user.role].includes(w));
  if (!permitted && req.params.staffId !== user.id) return reject(new Error('forbidden'));
  resolve();
};
const gate = (...wanted) => async (req, res, next) =>
  new Promise((resolve, reject) => {
    passport.authenticate('bearer', { session: false }, onToken(req, resolve, reject, wanted))(req, res, next);
  }).then(() => next()).catch(next);
module.exports = gate;
`;

const ROUTES = `const express = require('express');
const gate = require('../middleware/gate');
const { Staff, Shift } = require('../models');
const router = express.Router();
router.get('/', gate('listStaff'), async (req, res) => res.json(await Staff.findAll()));
router.get('/:staffId', gate('listStaff'), async (req, res) => res.json(await Staff.findById(req.params.staffId)));
router.delete('/:staffId/shifts/:shiftId', gate('editStaff'), async (req, res) => {
  await Shift.findByIdAndDelete(req.params.shiftId);
  res.sendStatus(204);
});
router.get('/me/settings', gate(), async (req, res) => res.json(req.user));
module.exports = router;
`;

const APP = `const express = require('express');
const staff = require('./routes/staff');
const app = express();
app.use('/staff', staff);
function selfOrAdmin(req, res, next) {
  if (req.params.memberId !== req.user.id && !req.user.isAdmin) return res.status(403).end();
  next();
}
app.put('/members/:memberId', selfOrAdmin, async (req, res) => {
  await Member.findByIdAndUpdate(req.params.memberId, req.body);
  res.sendStatus(204);
});
app.get('/members-report', selfOrAdmin, (req, res) => res.json({}));
`;

describe('owner-or-role guards', () => {
  it('follows the passport callback factory of an imported guard and scopes it to the owned parameter', () => {
    const { auth: levels, accesses } = run({ 'src/app.js': APP, 'src/routes/staff.js': ROUTES, 'src/middleware/gate.js': GUARD });
    // The owner of :staffId passes without the right.
    assert.equal(levels.get('GET /staff/:staffId'), 'user');
    assert.equal(levels.get('DELETE /staff/:staffId/shifts/:shiftId'), 'user');
    // ok: no :staffId, so the right alone decides; no right asked, any user.
    assert.equal(levels.get('GET /staff'), 'admin');
    assert.equal(levels.get('GET /staff/me/settings'), 'user');
    // Same-file guard: owner of :memberId, and admin-only where there is no :memberId.
    assert.equal(levels.get('PUT /members/:memberId'), 'user');
    assert.equal(levels.get('GET /members-report'), 'admin');
    // The owner check covers the record its parameter selects, not another one on the same route.
    assert.deepEqual(accesses, ['DELETE /staff/:staffId/shifts/:shiftId Shift.findByIdAndDelete req.params.shiftId delete']);
  });
});

// A factory guard whose permission side asks a method of the caller (`hasPermission(...)`) and
// which refuses by handing an error with a 403 status to next(), on a router mounted under the
// parameter it compares (`mergeParams`).
const PROFILE_APP = `import express, { Router } from 'express';
import { Profile } from './models';
const selfOrManager = () => {
  const check = (req, res, next) => {
    if (!req.user?.hasPermission(Permission.MANAGE_PROFILES) && req.user?.id !== Number(req.params.id)) {
      return next({ status: 403, message: 'not yours' });
    }
    next();
  };
  return check;
};
const prefs = Router({ mergeParams: true });
prefs.get('/main', selfOrManager(), async (req, res) => res.json(await Profile.findOne({ where: { id: Number(req.params.id) } })));
const app = express();
app.use((req, res, next) => { if (!req.user) return res.status(401).end(); next(); });
app.use('/profiles/:id/prefs', prefs);
`;

describe('owner-or-permission guards asking a permission method', () => {
  it('treats user.hasPermission(...) beside an owner comparison as the owner-or-role check', () => {
    const { auth: levels, accesses } = run({ 'src/app.ts': PROFILE_APP });
    assert.equal(levels.get('GET /profiles/:id/prefs/main'), 'user');
    assert.deepEqual(accesses, []);
  });
});

describe('record accesses by a body id', () => {
  const handlers = (body: string) => `const db = require('../models');
exports.save = function (req, res) {
${body}
};
`;
  const app = `const express = require('express');
const users = require('./controllers/users');
const app = express();
app.post('/account', users.save);
`;

  it('records a registry model loaded by a body id and then changed, whatever the page shows', () => {
    const { accesses } = run({
      'src/app.js': app,
      'src/controllers/users.js': handlers(`  db.User.find({ where: { id: req.body.id } }).then((user) => {
    user.name = req.body.name;
    user.save().then(() => res.render('account', { userId: req.user.id }));
  });`),
    });
    assert.deepEqual(accesses, ['POST /account User.find req.body.id update']);
  });

  it('ok: compared with the caller, scoped by the caller, or a plain find', () => {
    for (const body of [
      `  db.User.find({ where: { id: req.body.id } }).then((user) => {
    if (user.id !== req.user.id) return res.sendStatus(403);
    user.save().then(() => res.end());
  });`,
      `  db.User.find({ where: { id: req.body.id, userId: req.user.id } }).then((user) => user.save());`,
      `  const names = ['a', 'b'];
  res.json(names.find((n) => n === req.body.id));`,
    ]) {
      const { accesses } = run({ 'src/app.js': app, 'src/controllers/users.js': handlers(body) });
      assert.deepEqual(accesses, [], body);
    }
  });
  it('marks a user id the client sends, for the rule to judge against middleware that fills it', () => {
    const files = { 'src/app.js': app, 'src/controllers/users.js': handlers(`  db.User.findByPk(req.body.userId).then((user) => user.save());`) };
    assert.deepEqual(run(files).accesses, ['POST /account User.findByPk req.body.userId update']);
    const marked = runExtractors([express], files).facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === 'record-access').map((f) => f.values.clientUserId);
    assert.deepEqual(marked, ['userId']);
    const fill = runExtractors([express], { 'src/auth.js': 'module.exports = (req, res, next) => { req.body.UserId = req.user.id; next(); };' }).facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === 'request-identity-fill');
    assert.deepEqual(fill.map((f) => f.values.field), ['UserId']);
  });
});
