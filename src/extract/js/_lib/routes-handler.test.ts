import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact, EntrypointFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor as express } from '../express/index.js';

function run(source: string): { routes: Map<string, EntrypointFact>; accesses: string[] } {
  const { facts } = runExtractor(express, { 'src/app.js': source });
  const routes = new Map<string, EntrypointFact>();
  for (const f of facts) if (f.kind === 'entrypoint') routes.set(`${f.method} ${f.path}`, f);
  const accesses = facts
    .filter((f): f is ConfigFact => f.kind === 'config' && f.setting === 'record-access')
    .map((f) => `${f.values.routeMethod} ${f.values.routePath} → ${f.values.api} ${f.values.idSource} ${f.values.operation}`)
    .sort();
  return { routes, accesses };
}

describe('routes-handler', () => {
  it('counts an upload middleware the handler runs itself as an upload and a state change', () => {
    const { routes } = run(`const express = require('express');
const multer = require('multer');
const app = express();
const upload = multer({ dest: 'uploads/' });
const uploadSingleImage = upload.single('image');
app.post('/api/upload', (req, res) => {
  uploadSingleImage(req, res, (err) => {
    if (err) return res.status(400).send({ message: err.message });
    res.status(200).send({ image: '/' + req.file.path });
  });
});
app.post('/api/avatar', (req, res) => {
  upload.single('avatar')(req, res, () => res.json({ ok: true }));
});
app.post('/api/echo', (req, res) => {
  validate(req, res, () => res.json({ ok: true }));
});
`);
    for (const path of ['/api/upload', '/api/avatar']) {
      const tags = routes.get(`POST ${path}`)?.tags ?? [];
      assert.ok(tags.includes('upload') && !tags.includes('no-state-change'), `${path}: ${tags.join(', ')}`);
    }
    const echo = routes.get('POST /api/echo')?.tags ?? [];
    assert.ok(!echo.includes('upload') && echo.includes('no-state-change'), echo.join(', '));
  });

  it('counts a write through the data layer by its verb, not by an exact method name', () => {
    const { routes } = run(`const express = require('express');
const { usersRepository, tasksRepository, passwordManager } = require('./services');
const app = express();
app.put('/users/update-password', async (req, res) => {
  const { email } = req.session.user;
  const hashed = await passwordManager.hash(req.body.newPassword);
  await usersRepository.updatePassword(email, hashed);
  res.json({ ok: true });
});
app.get('/tasks/export', async (req, res) => {
  const stream = tasksRepository.createStream();
  stream.pipe(res);
});
app.get('/tasks/:id', async (req, res) => {
  res.json(await tasksRepository.findById(req.params.id));
});
app.post('/tasks/:id/token', async (req, res) => {
  const taskId = req.params.id;
  res.json({ token: await tasksRepository.regenerateToken(taskId) });
});
`);
    const put = routes.get('PUT /users/update-password')?.tags ?? [];
    assert.ok(put.includes('state-changing'));
    assert.ok(!put.includes('no-state-change'), 'a PUT that writes is not also tagged no-state-change');
    assert.ok(routes.get('GET /tasks/export')?.tags?.includes('no-state-change'), 'createStream reads');
    assert.ok(routes.get('GET /tasks/:id')?.tags?.includes('no-state-change'));
    // Re-issuing a credential replaces the stored one.
    assert.ok(routes.get('POST /tasks/:id/token')?.tags?.includes('state-changing'), routes.get('POST /tasks/:id/token')?.tags?.join(', '));
  });

  it('treats the record a router.param loader put on req as selected by the request', () => {
    const { accesses } = run(`const express = require('express');
const { Comment } = require('./models');
const app = express();
const router = express.Router();
router.param('comment', async (req, res, next, id) => {
  req.comment = await Comment.findById(id);
  next();
});
router.delete('/comments/:comment', async (req, res) => {
  await req.comment.deleteOne();
  res.sendStatus(204);
});
router.put('/comments/:comment', async (req, res) => {
  if (req.comment.author.toString() !== req.payload.id) return res.sendStatus(403);
  req.comment.body = req.body.body;
  await req.comment.save();
  res.json(req.comment);
});
router.post('/comments/:comment/flag', async (req, res) => {
  await Comment.updateOne({ _id: req.comment._id }, { flagged: true });
  res.sendStatus(204);
});
app.use('/api', router);
`);
    assert.deepEqual(accesses, [
      'DELETE /api/comments/:comment → Comment.deleteOne req.comment delete',
      'POST /api/comments/:comment/flag → Comment.updateOne req.comment._id update',
    ]);
  });

  it('takes a knex chain whose id sits in a later where step', () => {
    const { accesses } = run(`const express = require('express');
const knex = require('./db');
const app = express();
app.delete('/invoices/:id', async (req, res) => {
  await knex('invoices').del().where({ id: req.params.id });
  res.sendStatus(204);
});
app.get('/invoices/:id', async (req, res) => {
  res.json(await knex('invoices').where('id', req.params.id).andWhere({ customer_id: req.user.id }).first());
});
app.post('/invoices', async (req, res) => {
  await knex('invoices').insert({ id: req.body.id, total: req.body.total });
  res.sendStatus(201);
});
`);
    assert.deepEqual(accesses, ['DELETE /invoices/:id → invoices.del req.params.id delete']);
  });
});

describe('routes-handler: read-only POST handlers behind an access check', () => {
  it('keeps no-state-change when the only middleware of the app is a login check, not when it is something else', () => {
    const { routes } = run([
      "const express = require('express');",
      "const db = require('./models');",
      'const app = express();',
      "function isAuthenticated(req, res, next) { if (req.isAuthenticated()) return next(); res.redirect('/login'); }",
      'function track(req, res, next) { audit.record(req.body); next(); }',
      "function search(req, res) { db.Product.findAll({ where: { name: req.body.name } }).then((products) => res.render('products', { products })); }",
      "app.post('/products', isAuthenticated, search);",
      "app.post('/tracked', track, search);",
    ].join('\n'));
    const products = routes.get('POST /products')?.tags ?? [];
    assert.ok(products.includes('no-state-change') && !products.includes('state-changing'), products.join(', '));
    assert.ok(routes.get('POST /tracked')?.tags?.includes('state-changing'));
  });
});

describe('routes-handler: a library factory named create is no record write', () => {
  it('reads `xmlbuilder.create(...)` / `EventProxy.create(...)` as building an object, `Topic.create(...)` as a write', () => {
    const { routes } = run(`const express = require('express');
const xmlbuilder = require('xmlbuilder');
const EventProxy = require('eventproxy');
const Topic = require('./models/topic');
const app = express();
app.get('/sitemap.xml', (req, res) => { const urlset = xmlbuilder.create('urlset'); res.send(urlset.end()); });
app.get('/topic/:tid', (req, res) => { const ep = EventProxy.create(['a'], (a) => res.render('t', { a })); Topic.findById(req.params.tid, ep.done('a')); });
app.get('/topics/new', (req, res) => { Topic.create({ title: req.query.t }, () => res.send('ok')); });
`);
    assert.ok(!routes.get('GET /sitemap.xml')?.tags?.includes('writes-storage'));
    assert.ok(!routes.get('GET /topic/:tid')?.tags?.includes('writes-storage'));
    assert.ok(routes.get('GET /topics/new')?.tags?.includes('writes-storage'));
  });
});

describe('routes-handler: authorisation the handler does against data (handler-authz)', () => {
  const tagged = (tags: readonly string[] | undefined) => !!tags?.includes('handler-authz');

  it("tags a route whose handler compares the caller's role with a loaded record's or a setting's minimum role, keeping auth none", () => {
    const { routes } = run(`const express = require('express');
const { View, File, Page, getState } = require('./models');
const router = express.Router();
router.post('/view/:viewname/:route', async (req, res) => {
  const { viewname, route } = req.params;
  const role = req.user && req.user.id ? req.user.role_id : 100;
  const view = await View.findOne({ name: viewname });
  if (!view) res.redirect('/');
  else if (role > view.min_role) { req.flash('danger', 'Not authorized'); res.redirect('/'); }
  else await view.runRoute(route, req.body, res);
});
router.post('/page/:pagename/action/:rndid', async (req, res) => {
  const role = req.user && req.user.id ? req.user.role_id : 100;
  const page = await Page.findOne({ name: req.params.pagename });
  if (page && (role <= page.min_role || (await page.authorize(req.user, { action: 'post' })))) {
    await page.runAction(req.params.rndid, req.body);
    res.json({ success: 'ok' });
  } else res.status(404).json({ error: 'Action not found' });
});
router.post('/files/upload', async (req, res) => {
  let jsonResp = {};
  const min_role_upload = getState().getConfig('min_role_upload', 1);
  const role = req.user && req.user.id ? req.user.role_id : 100;
  if (role > +min_role_upload) { jsonResp = { error: 'Not authorized' }; }
  else { await File.from_req_files(req.files.file, req.user.id); }
  res.json(jsonResp);
});
router.post('/rows/:table/:id/delete', async (req, res) => {
  const table = await Table.findOne({ name: req.params.table });
  const role = req.user && req.user.id ? req.user.role_id : 100;
  if (role <= table.min_role_write) await table.deleteRows({ id: req.params.id });
  else if (table.ownership_field_id && req.user) {
    const row = await table.getRow({ id: req.params.id });
    if (row && table.is_owner(req.user, row)) await table.deleteRows({ id: req.params.id });
    else req.flash('error', 'Not authorized');
  } else req.flash('error', 'Not allowed');
  res.redirect('/');
});
module.exports = router;
`);
    for (const key of ['POST /view/:viewname/:route', 'POST /page/:pagename/action/:rndid', 'POST /files/upload', 'POST /rows/:table/:id/delete']) {
      const r = routes.get(key);
      assert.ok(tagged(r?.tags), `${key}: ${r?.tags?.join(', ')}`);
      assert.equal(r?.auth, 'none', key);
    }
  });

  it('follows the check into same-file helpers given the request, two calls deep (a callback, then a helper; a passport callback, then a predicate)', () => {
    const { routes } = run(`const express = require('express');
const passport = require('passport');
const privileges = require('./privileges');
const store = require('./store');
const router = express.Router();
async function uploadAsImage(req, file) {
  const canUpload = await privileges.global.can('upload:post:image', req.uid);
  if (!canUpload) throw new Error('[[error:no-privileges]]');
  return store.save(req.uid, file);
}
async function accessAllowed(req, user, trigger) {
  const role = req.user && req.user.id ? req.user.role_id : user && user.role_id ? user.role_id : 100;
  if (role <= trigger.min_role) return true;
  return false;
}
router.post('/post/upload', async (req, res) => {
  await store.each(req, res, async (file) => uploadAsImage(req, file));
});
router.all('/action/:name', async (req, res, next) => {
  const trigger = await store.trigger(req.params.name);
  passport.authenticate('api-bearer', { session: false }, async (err, user) => {
    if (await accessAllowed(req, user, trigger)) { await trigger.run(req.body); res.json({ success: true }); }
    else res.status(401).json({ error: 'Not authorized' });
  })(req, res, next);
});
module.exports = router;
`);
    assert.ok(tagged(routes.get('POST /post/upload')?.tags), routes.get('POST /post/upload')?.tags?.join(', '));
    assert.ok(tagged(routes.get('ALL /action/:name')?.tags), routes.get('ALL /action/:name')?.tags?.join(', '));
  });

  it("keeps auth none when the handler's role check against the record names the caller or sends strangers to log in (no fixed role, no guard)", () => {
    const { routes } = run(`const express = require('express');
const { View } = require('./models');
const router = express.Router();
function canEditView(req, res, next) {
  const role = req.user ? req.user.role_id : 100;
  View.findOne({ name: req.params.viewname }).then((view) => {
    if (!req.user || role > view.min_role_edit) return res.redirect('/auth/login');
    next();
  });
}
router.get('/view/:viewname', async (req, res) => {
  const role = req.user && req.user.id ? req.user.role_id : 100;
  const view = await View.findOne({ name: req.params.viewname });
  if (role > view.min_role && !(await view.authorize(req.user, { action: 'get' }))) {
    if (!req.user) return res.redirect('/auth/login');
    return res.redirect('/');
  }
  res.send(await view.run(req.query));
});
router.post('/view/:viewname', async (req, res) => {
  const role = req.user && req.user.id ? req.user.role_id : 100;
  const view = await View.findOne({ name: req.params.viewname });
  if (role > view.min_role && !(await view.authorize(req.user, { action: 'post', body: req.body }))) {
    req.flash('danger', 'Not authorized');
    res.redirect('/');
  } else await view.runPost(req.query, req.body);
});
router.post('/api/viewQuery/:viewname', async (req, res) => {
  const view = await View.findOne({ name: req.params.viewname });
  const user = req.user;
  const role = user && user.id ? user.role_id : 100;
  if (role <= view.min_role || (await view.authorize(user, { action: 'get' }))) res.json(await view.query(req.body));
  else res.status(401).json({ error: 'Not authorized' });
});
router.post('/view/:viewname/edit', canEditView, async (req, res) => { await View.update(req.params.viewname, req.body); res.json({ ok: true }); });
module.exports = router;
`);
    for (const key of ['GET /view/:viewname', 'POST /view/:viewname', 'POST /api/viewQuery/:viewname']) {
      const r = routes.get(key);
      assert.equal(r?.auth, 'none', `${key}: ${JSON.stringify(r?.authEvidence)}`);
      assert.ok(tagged(r?.tags), `${key}: ${r?.tags?.join(', ')}`);
    }
    // The same comparison in a guard in front of the handler is still a guard.
    assert.notEqual(routes.get('POST /view/:viewname/edit')?.auth, 'none');
  });

  it('does not take client data, a lookup of the caller, a question whose no refuses nobody, a self-check or an ungated comparison for an authorisation', () => {
    const { routes } = run(`const express = require('express');
const { Post, User, audit, posts, topics } = require('./models');
const router = express.Router();
router.post('/posts/:id/like', async (req, res) => {
  const post = await Post.findById(req.params.id);
  if (req.body.role > post.min_role) res.locals.note = 'elevated';
  await post.like();
  res.json({ ok: true });
});
router.post('/profile', async (req, res) => {
  const user = await User.findById(req.user.id);
  if (!user) throw new Error('gone');
  await user.update({ bio: user.bio + req.body.bio });
  res.json({ ok: true });
});
router.post('/compose', async (req, res) => {
  const data = { uid: req.uid, content: req.body.content };
  if (await posts.shouldQueue(req.uid, data)) return res.json(await posts.addToQueue(data));
  res.json(await topics.reply(data));
});
router.post('/users/:id/delete', async (req, res) => {
  const target = await User.findById(req.params.id);
  if (req.user.id === target.id) return res.status(400).send('cannot delete yourself');
  await target.destroy();
  res.json({ ok: true });
});
router.post('/posts/:id/view', async (req, res) => {
  const role = req.user ? req.user.role_id : 100;
  const post = await Post.findById(req.params.id);
  if (role <= post.min_role) res.locals.editable = true;
  await audit.record(post.id);
  res.json(post);
});
module.exports = router;
`);
    for (const key of ['POST /posts/:id/like', 'POST /profile', 'POST /compose', 'POST /users/:id/delete', 'POST /posts/:id/view']) assert.ok(!tagged(routes.get(key)?.tags), `${key}: ${routes.get(key)?.tags?.join(', ')}`);
  });
});

describe('routes-handler: a login by what the handler does', () => {
  it('tags a handler that checks the posted password against a stored hash and fills the session as a login, whatever its path', () => {
    const { routes } = run(`const express = require('express');
const bcrypt = require('bcryptjs');
const app = express();
app.post('/staff/signin_submit', async (req, res) => {
  const member = await db.staff.findOne({ mail: String(req.body.mail) });
  const ok = await bcrypt.compare(req.body.secret, member.hash);
  if (!ok) return res.status(400).json({ message: 'no' });
  req.session.memberId = member._id;
  res.json({ ok: true });
});
app.post('/shop/enter', async (req, res) => {
  const { mail, secret } = req.body;
  const member = await db.buyers.findOne({ mail: String(mail) });
  bcrypt.compare(secret, member.hash).then((ok) => { if (ok) req.session.buyer = member._id; res.end(); });
});
// ok: compares a hash but signs nobody in (a password change check).
app.post('/staff/check-secret', async (req, res) => {
  const member = await db.staff.findOne({ _id: req.session.memberId });
  res.json({ same: await bcrypt.compare(req.body.secret, member.hash) });
});
`);
    assert.ok(routes.get('POST /staff/signin_submit')?.tags?.includes('login'));
    assert.ok(routes.get('POST /shop/enter')?.tags?.includes('login'));
    assert.ok(!routes.get('POST /staff/check-secret')?.tags?.includes('login'));
  });

  it('tags a handler that asks the user record to check the posted password (a model method) and fills the session', () => {
    const { routes } = run(`const express = require('express');
const app = express();
app.post('/members/enter', async (req, res) => {
  const body = req.body;
  const member = await Member.findOne({ where: { mail: body.mail } });
  if (!member || !(await member.comparePassword(body.secret))) return res.status(403).end();
  req.session.memberId = member.id;
  res.json({ ok: true });
});
// ok: the same check for a signed-in member, signing nobody in.
app.post('/members/confirm-secret', async (req, res) => {
  const member = await Member.findOne({ where: { id: req.session.memberId } });
  res.json({ same: await member.comparePassword(req.body.secret) });
});
`);
    assert.ok(routes.get('POST /members/enter')?.tags?.includes('login'), routes.get('POST /members/enter')?.tags?.join(', '));
    assert.ok(!routes.get('POST /members/confirm-secret')?.tags?.includes('login'));
  });

  it('takes a sign-in with a provider token (the provider says who holds it, then the session is written) for a public login', () => {
    const { routes } = run(`const express = require('express');
const app = express();
app.post('/session/provider', async (req, res) => {
  const body = req.body;
  const provider = new ProviderClient(body.accessToken);
  const account = await provider.getUser();
  if (!account) return res.status(401).end();
  const member = await Member.findOne({ where: { providerId: account.id } });
  req.session.memberId = member.id;
  res.json(member);
});
app.post('/session/google', async (req, res) => {
  const { idToken } = req.body;
  const ticket = await oauthClient.verifyIdToken({ idToken });
  if (!ticket) return res.status(401).end();
  req.session.memberId = ticket.getPayload().sub;
  res.end();
});
// ok: links a provider account to the member already signed in; the login stays required.
app.post('/account/link', async (req, res) => {
  if (!req.user) return res.status(401).end();
  const account = await new ProviderClient(req.body.accessToken).getUser();
  req.session.linkedProvider = account.id;
  res.end();
});
`);
    for (const key of ['POST /session/provider', 'POST /session/google']) {
      assert.equal(routes.get(key)?.auth, 'none', key);
      assert.ok(routes.get(key)?.tags?.includes('login'), `${key}: ${routes.get(key)?.tags?.join(', ')}`);
    }
    assert.equal(routes.get('POST /account/link')?.auth, 'user');
  });
});

// lodash/underscore emptiness helpers: `isNil(x) === false` and `!isNil(x)` hold when the caller is
// there (the refusal follows the `if`), `isNil(x)` / `isNil(x) === true` when it is missing; the
// caller is often destructured first (`const { name } = req.remote_user`).
describe('routes-handler: caller checks written with emptiness helpers', () => {
  const { routes } = run(`const express = require('express');
const { isNil } = require('lodash');
const _ = require('lodash');
const router = express.Router();
router.get('/tokens', async (req, res, next) => {
  const { name } = req.remote_user;
  if (isNil(name) === false) {
    try {
      const rows = await tokens.list(name);
      return res.json(rows);
    } catch (err) {
      return next(err);
    }
  }
  return res.status(401).json({ error: 'log in' });
});
router.delete('/tokens/:key', async (req, res) => {
  const { user } = req;
  if (!_.isNil(user)) {
    await tokens.remove(user.id, req.params.key);
    return res.json({});
  }
  return res.sendStatus(401);
});
router.get('/profile', (req, res) => {
  if (isNil(req.user) === true) {
    return res.status(401).end();
  }
  return res.json(profiles.of(req.user.id));
});
router.get('/page', (req, res) => {
  const { page } = req.query;
  if (isNil(page) === false) {
    return res.json(items.page(page));
  }
  return res.status(401).end();
});
module.exports = router;
`);
  it('takes a test that holds when the caller is there, with the refusal after it, for a user check', () => {
    assert.equal(routes.get('GET /tokens')?.auth, 'user');
    assert.equal(routes.get('DELETE /tokens/:key')?.auth, 'user');
  });
  it('takes `isNil(caller) === true` for a refusal of the stranger', () => assert.equal(routes.get('GET /profile')?.auth, 'user'));
  it('does not take a test of a query parameter for a caller check', () => assert.equal(routes.get('GET /page')?.auth, 'none'));
});

// A handler's own check guards the route only when every call meets it: a public branch that
// answers first (a shared record served to anyone) or an `else` of another test leaves callers it
// never sees; a validation error answered first does not.
describe('routes-handler: a caller check that only some calls meet', () => {
  const { routes } = run(`const express = require('express');
const router = express.Router();
router.post('/shares/info', async (req, res) => {
  const { user } = req;
  const { id } = req.body;
  if (id) {
    const share = await shares.find(id);
    res.json(share);
    return;
  }
  if (!user) throw new AuthenticationError('sign in');
  res.json(await shares.mine(user.id));
});
router.post('/docs/info', async (req, res) => {
  const { user } = req;
  if (req.body.shareId) {
    res.json(await shares.doc(req.body.shareId));
  } else {
    if (!user) throw new AuthenticationError('sign in');
    res.json(await docs.find(req.body.id, user.id));
  }
});
router.post('/docs', async (req, res) => {
  const { user } = req;
  if (!req.body.title) return res.status(400).json({ error: 'title' });
  if (!user) return res.sendStatus(401);
  res.json(await docs.create(user.id, req.body.title));
});
router.all('/billing/pause', async (req, res) => {
  if (req.method === 'POST') {
    const { user } = req;
    if (!user) return res.status(401).end();
    await billing.pause(user.id);
    return res.sendStatus(204);
  }
  res.status(405).end();
});
router.post('/profile/image', async (req, res) => {
  if (req.body.imageUrl !== undefined) {
    const { user } = req;
    if (!user) return res.status(401).end();
    await profiles.setImage(user.id, req.body.imageUrl);
  }
  res.location('/profile');
  res.redirect('/profile');
});
router.post('/uploads', async (req, res) => {
  const { user } = req;
  if (req.body.sig) {
    verifyUploadSignature(req.body.sig, req.body.key);
  } else if (!user) {
    return res.sendStatus(401);
  }
  res.json(await uploads.save(req.body.key));
});
module.exports = router;
`);
  it('takes a check in one branch when the other verifies a credential itself', () => assert.equal(routes.get('POST /uploads')?.auth, 'user'));
  it('takes a branch per HTTP method for the route\'s dispatch, not a condition calls skip', () => assert.equal(routes.get('ALL /billing/pause')?.auth, 'user'));
  it('takes a check for every call that does the work when the calls skipping it only get an answer', () => assert.equal(routes.get('POST /profile/image')?.auth, 'user'));
  it('leaves a route whose check comes after a public answer, or in the else of another test, unauthenticated', () => {
    assert.equal(routes.get('POST /shares/info')?.auth, 'none');
    assert.equal(routes.get('POST /docs/info')?.auth, 'none');
  });
  it('still takes a check that follows a validation error', () => assert.equal(routes.get('POST /docs')?.auth, 'user'));
});

describe('routes-handler: a route whose own middleware only validates', () => {
  it('lets the handler decide when the own middleware of a route only validates the request', () => {
    const { routes } = run(`const express = require('express');
const { validateBody } = require('./middleware/validator');
const { settings } = require('./services');
const { audit } = require('./middleware/audit');
const app = express();
app.patch('/api/preferences', validateBody(prefsSchema), (req, res) => {
  res.cookie('prefs', JSON.stringify(req.body.flags), { httpOnly: true });
  res.status(200).end();
});
app.patch('/api/settings', validateBody(prefsSchema), async (req, res) => {
  await settings.update(req.body);
  res.json({ ok: true });
});
app.patch('/api/other', audit, (req, res) => {
  res.cookie('prefs', '1');
  res.end();
});
`);
    const prefs = routes.get('PATCH /api/preferences')?.tags ?? [];
    assert.ok(prefs.includes('no-state-change') && !prefs.includes('state-changing'), prefs.join(', '));
    assert.ok(routes.get('PATCH /api/settings')?.tags?.includes('state-changing'));
    // Middleware that is neither a guard nor a validator may write: the verb decides.
    assert.ok(routes.get('PATCH /api/other')?.tags?.includes('state-changing'));
  });
});
