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
`);
    const put = routes.get('PUT /users/update-password')?.tags ?? [];
    assert.ok(put.includes('state-changing'));
    assert.ok(!put.includes('no-state-change'), 'a PUT that writes is not also tagged no-state-change');
    assert.ok(routes.get('GET /tasks/export')?.tags?.includes('no-state-change'), 'createStream reads');
    assert.ok(routes.get('GET /tasks/:id')?.tags?.includes('no-state-change'));
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
