import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact, EntrypointFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { runExtractor } from '../../testing.js';
import type { Extractor } from '../../types.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

function run(files: Record<string, string>, extractors: Extractor[] = [auth, extractor]): Fact[] {
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, extractors).facts);
  return linkFacts(facts, extractors);
}

function routes(facts: Fact[]): EntrypointFact[] {
  return facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
}

function find(facts: Fact[], method: string, path: string): EntrypointFact {
  const r = routes(facts).find((f) => f.method === method && f.path === path);
  assert.ok(r, `no route ${method} ${path} in ${routes(facts).map((x) => `${x.method} ${x.path}`).join(', ')}`);
  return r;
}

describe('extract/js/express', () => {
  it('decides auth from same-file guards by what they do, not their names', () => {
    const { facts } = runExtractor(extractor, {
      'app.js': `const express = require('express');
const jwt = require('jsonwebtoken');
const app = express();
function requireAuth(req, res, next) {
  const token = req.headers.authorization;
  try { req.user = jwt.verify(token, process.env.SECRET, { algorithms: ['HS256'] }); next(); }
  catch (e) { return res.status(401).end(); }
}
function isAdmin(req, res, next) {
  if (req.user.role !== 'admin') return res.status(403).send('no');
  next();
}
function logRequest(req, res, next) { console.log(req.url); next(); }
app.get('/health', (req, res) => res.send('ok'));
app.post('/items', requireAuth, (req, res) => res.send('ok'));
app.delete('/admin/items/:id', requireAuth, isAdmin, (req, res) => res.send('ok'));
app.put('/notes', logRequest, (req, res) => res.send('ok'));
`,
    });
    assert.equal(find(facts, 'GET', '/health').auth, 'none');
    assert.equal(find(facts, 'POST', '/items').auth, 'user');
    const del = find(facts, 'DELETE', '/admin/items/:id');
    assert.equal(del.auth, 'admin');
    assert.deepEqual(del.middleware, ['requireAuth', 'isAdmin']);
    assert.deepEqual(del.tags, ['admin-path', 'id-param', 'state-changing']);
    assert.equal(del.evidence.line, 16);
    assert.equal(find(facts, 'PUT', '/notes').auth, 'none');
    assert.ok(facts.every((f) => !(f.kind === 'entrypoint' && f.tags?.some((t) => t.startsWith('~')))));
  });

  it('applies app.use(guard) only to routes registered after it', () => {
    const { facts } = runExtractor(extractor, {
      'server.ts': `import express from 'express';
import passport from 'passport';
const app = express();
app.post('/login', passport.authenticate('local'), (req, res) => res.json({}));
app.use(passport.authenticate('jwt', { session: false }));
app.get('/me', (req, res) => res.json(req.user));
`,
    });
    const login = find(facts, 'POST', '/login');
    assert.equal(login.auth, 'none');
    assert.ok(login.tags?.includes('login'));
    assert.equal(find(facts, 'GET', '/me').auth, 'user');
  });

  it('resolves routers mounted across files and guards imported from another file', () => {
    const facts = run({
      'src/app.js': `const express = require('express');
const { requireUser } = require('./middleware/auth');
const usersRouter = require('./routes/users');
const adminRouter = require('./routes/admin');
const app = express();
app.use('/api/users', requireUser, usersRouter);
app.use('/api/admin', adminRouter);
module.exports = app;
`,
      'src/middleware/auth.js': `exports.requireUser = function (req, res, next) {
  if (!req.session.userId) return res.status(401).json({ error: 'login required' });
  next();
};
exports.requireAdmin = (req, res, next) => {
  if (!req.session.isAdmin) { return res.sendStatus(403); }
  next();
};
`,
      'src/routes/users.js': `const router = require('express').Router();
router.get('/:id', (req, res) => res.json({}));
module.exports = router;
`,
      'src/routes/admin.js': `const express = require('express');
const { requireAdmin } = require('../middleware/auth');
const router = express.Router();
router.get('/stats', (req, res) => res.json({}));
router.use(requireAdmin);
router.post('/users', (req, res) => res.json({}));
module.exports = router;
`,
    });
    const user = find(facts, 'GET', '/api/users/:id');
    assert.equal(user.auth, 'user');
    assert.deepEqual(user.middleware, ['requireUser']);
    assert.ok(user.tags?.includes('cookie-auth'));
    assert.equal(find(facts, 'GET', '/api/admin/stats').auth, 'none');
    assert.equal(find(facts, 'POST', '/api/admin/users').auth, 'admin');
    assert.ok(!facts.some((f) => f.kind === 'config' && f.setting.startsWith('js-')));
  });

  it('treats an unseen guard with an auth-like name as unknown, other names as nothing', () => {
    const { facts } = runExtractor(extractor, {
      'routes.js': `const router = require('express').Router();
const { verifyToken, validateBody } = require('some-package');
router.post('/a', verifyToken, (req, res) => res.end());
router.post('/b', validateBody, (req, res) => res.end());
module.exports = router;
`,
    });
    assert.equal(find(facts, 'POST', '/a').auth, 'unknown');
    assert.equal(find(facts, 'POST', '/b').auth, 'none');
    assert.ok(find(facts, 'POST', '/b').tags?.includes('mount-unresolved'));
  });

  it('follows route(), express-jwt unless, controllers in other files and records accessed by id', () => {
    const facts = run({
      'app.js': `const express = require('express');
const { expressjwt } = require('express-jwt');
const orders = require('./controllers/orders');
const app = express();
app.use(expressjwt({ secret: process.env.JWT_SECRET, algorithms: ['HS256'] }).unless({ path: ['/login', '/health'] }));
app.post('/login', (req, res) => res.json({}));
app.route('/orders/:id').get(orders.show).delete(orders.remove);
`,
      'controllers/orders.js': `const Order = require('../models/order');
exports.show = async (req, res) => {
  const order = await Order.findOne({ _id: req.params.id, owner: req.auth.sub });
  res.json(order);
};
exports.remove = async (req, res) => {
  const { id } = req.params;
  await Order.findByIdAndDelete(id);
  res.status(204).end();
};
`,
    });
    assert.equal(find(facts, 'POST', '/login').auth, 'none');
    const show = find(facts, 'GET', '/orders/:id');
    assert.equal(show.auth, 'user');
    assert.equal(show.handler?.file, 'controllers/orders.js');
    assert.equal(show.handler?.line, 2);
    const access = facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === 'record-access');
    assert.equal(access.length, 1);
    assert.equal(access[0].values.api, 'Order.findByIdAndDelete');
    assert.equal(access[0].values.routeFile, 'app.js');
    assert.equal(access[0].values.routeLine, 7);
    assert.equal(access[0].values.routeMethod, 'DELETE');
    assert.equal(access[0].evidence.file, 'controllers/orders.js');
  });

  it('resolves `module.exports = (app) => {}` route modules called with the app', () => {
    const facts = run({
      'index.js': `const express = require('express');
const app = express();
const { isLoggedIn } = require('./auth');
app.use(isLoggedIn);
require('./routes')(app);
`,
      'auth.js': `module.exports.isLoggedIn = function (req, res, next) {
  if (req.isAuthenticated()) return next();
  res.redirect('/');
};
`,
      'routes/index.js': `module.exports = function (app) {
  app.post('/posts', (req, res) => res.end());
};
`,
    });
    const post = find(facts, 'POST', '/posts');
    assert.equal(post.auth, 'user');
    assert.ok(!post.tags?.includes('mount-unresolved'));
  });

  it('emits a server-app fact and tags uploads and debug routes', () => {
    const { facts } = runExtractor(extractor, {
      'a.js': `const express = require('express');
const multer = require('multer');
const upload = multer({ dest: 'uploads/' });
const app = express();
app.post('/avatar', upload.single('file'), (req, res) => res.end());
if (process.env.NODE_ENV !== 'production') {
  app.get('/debug/env', (req, res) => res.json(process.env));
}
`,
    });
    assert.ok(facts.some((f) => f.kind === 'config' && f.setting === 'server-app'));
    assert.ok(find(facts, 'POST', '/avatar').tags?.includes('upload'));
    const dbg = find(facts, 'GET', '/debug/env');
    assert.ok(dbg.tags?.includes('debug') && dbg.tags.includes('dev-only'));
  });

  it('an app-wide multipart parser marks uploads only on the routes that read the files', () => {
    const { facts } = runExtractor(extractor, {
      'a.js': `const express = require('express');
const fileUpload = require('express-fileupload');
const app = express();
app.use(fileUpload());
app.post('/avatar', (req, res) => { req.files.avatar.mv('/tmp/a'); res.end(); });
app.post('/config', (req, res) => res.json({ ok: true }));
`,
    });
    assert.ok(find(facts, 'POST', '/avatar').tags?.includes('upload'));
    assert.ok(!find(facts, 'POST', '/config').tags?.includes('upload'), 'the parser runs, but the handler takes no file');
  });

  it('ignores map.get and files of other frameworks', () => {
    const { facts } = runExtractor(extractor, {
      'x.js': `const cache = new Map(); cache.get('/x'); const app = {}; app.get('key');`,
      'k.js': `const Router = require('@koa/router'); const router = new Router(); router.get('/k', async (ctx) => {});`,
    });
    assert.equal(routes(facts).length, 0);
  });
});
