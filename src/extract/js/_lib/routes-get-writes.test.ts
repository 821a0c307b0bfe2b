import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor as express } from '../express/index.js';

function tagsOf(source: string): Map<string, string[]> {
  const { facts } = runExtractor(express, { 'src/app.js': source });
  const out = new Map<string, string[]>();
  for (const f of facts) if (f.kind === 'entrypoint') out.set(`${f.method} ${f.path}`, ((f as EntrypointFact).tags ?? []).filter((t) => !t.startsWith('~')));
  return out;
}

describe('get-writes-state tag: documents from a lookup and data-layer modules', () => {
  const routes = tagsOf(`const express = require('express');
const products = require('../model/products');
const helpers = require('../lib/helpers');
const app = express();
app.get('/destroy/:id', (req, res) => { Todo.findById(req.params.id, (err, todo) => { todo.remove(() => res.redirect('/')); }); });
app.get('/drop/:id', async (req, res) => { const doc = await Todo.findOne({ _id: req.params.id }); await doc.remove(); res.end(); });
app.all('/buy', async (req, res) => { await products.purchase({ item: req.query.item }); res.end(); });
app.get('/list', (req, res) => { const list = req.query.items; list.remove(1); helpers.addHeaders(res); res.end(); });
app.post('/rpc.info', async (req, res) => { res.json(await Todo.findOne({ _id: String(req.body.id) })); });
app.post('/rpc.create', async (req, res) => { res.json(await View.incrementOrCreate({ id: String(req.body.id) })); });
`);

  it('a document loaded by a model lookup and removed, or a write verb of a data-layer module, writes storage', () => {
    for (const key of ['GET /destroy/:id', 'GET /drop/:id', 'ALL /buy']) assert.ok(routes.get(key)?.includes('get-writes-state'), `${key}: ${routes.get(key)?.join(', ')}`);
    assert.ok(!routes.get('GET /list')?.includes('get-writes-state'), routes.get('GET /list')?.join(', '));
  });

  it('state-changing and no-state-change never go together; a write through a model method wins', () => {
    for (const [key, tags] of routes) assert.ok(!(tags.includes('state-changing') && tags.includes('no-state-change')), `${key}: ${tags.join(', ')}`);
    assert.ok(routes.get('POST /rpc.info')?.includes('no-state-change'), routes.get('POST /rpc.info')?.join(', '));
    assert.ok(routes.get('POST /rpc.create')?.includes('state-changing'), routes.get('POST /rpc.create')?.join(', '));
  });
});

describe('get-writes-state tag', () => {
  const routes = tagsOf(`const express = require('express');
const app = express();
app.get('/a/:id/drop', async (req, res) => { await Item.deleteOne({ _id: req.params.id }); res.end(); });
app.get('/b/:id/touch', async (req, res) => { const u = await User.findById(req.params.id); u.flag = true; await u.save(); res.end(); });
app.get('/c', async (req, res) => { await itemsRepository.updateOwner(req.query.id, 1); res.end(); });
app.get('/d', (req, res) => { db.query('DELETE FROM items WHERE id = ?', [req.query.id]); res.end(); });
app.head('/e', async (req, res) => { await Item.create({ seen: true }); res.end(); });
app.get('/r', async (req, res) => { res.json(await Item.find({ owner: req.query.o })); });
app.get('/s', (req, res) => { req.session.lang = req.query.lang; req.session.save(); res.end(); });
app.get('/u', async (req, res) => { req.user.theme = 'dark'; await req.user.save(); res.end(); });
app.get('/m', (req, res) => { const seen = new Map(); seen.delete(req.query.k); const list = []; list.remove?.(1); res.end(); });
app.get('/h', (req, res) => { saveDraft(req.query); res.end(); });
app.get('/t', async (req, res) => { const u = await User.findOne({ code: req.query.token }); await u.save(); res.end(); });
app.post('/p', async (req, res) => { await Item.deleteOne({ _id: req.body.id }); res.end(); });
app.get('/idx/drop', async (req, res) => { await req.collection.dropIndex(req.query.name); res.redirect('back'); });
app.get('/idx/list', async (req, res) => { res.json(await req.collection.indexes()); });
`);

  it('tags GET and HEAD handlers that visibly write storage', () => {
    for (const key of ['GET /a/:id/drop', 'GET /b/:id/touch', 'GET /c', 'GET /d', 'HEAD /e', 'GET /t', 'GET /u', 'GET /idx/drop']) {
      assert.ok(routes.get(key)?.includes('get-writes-state'), `${key}: ${routes.get(key)?.join(', ')}`);
    }
  });

  it('does not tag reads, session writes, in-memory collections or guesses from request data', () => {
    for (const key of ['GET /r', 'GET /s', 'GET /m', 'GET /h', 'GET /idx/list']) {
      assert.ok(!routes.get(key)?.includes('get-writes-state'), `${key}: ${routes.get(key)?.join(', ')}`);
    }
  });

  it('keeps the tag to safe methods and marks a one-time token in the query', () => {
    assert.ok(!routes.get('POST /p')?.includes('get-writes-state'));
    assert.ok(routes.get('POST /p')?.includes('writes-storage'));
    assert.ok(routes.get('GET /t')?.includes('query-token'));
    assert.ok(!routes.get('GET /a/:id/drop')?.includes('query-token'));
  });

  it('does not take closing a stream or socket for a deletion', () => {
    const streamed = tagsOf(`const express = require('express');
const app = express();
app.get('/export/:id', async (req, res) => {
  const stream = await openExportStream(req.params.id);
  req.on('close', () => stream.destroy());
  for await (const chunk of stream) res.write(chunk);
  res.end();
});
`);
    assert.ok(!streamed.get('GET /export/:id')?.includes('writes-storage'), streamed.get('GET /export/:id')?.join(', '));
  });

  it('does not take a renderer or serializer service shaping the response for a write', () => {
    const rendered = tagsOf(`const express = require('express');
const app = express();
app.get('/posts/:id', async (req, res) => {
  const post = await postsRepository.findOneBy({ id: req.params.id });
  res.json(feedRendererService.addContext(feedRendererService.renderPost(post)));
});
app.get('/posts/:id/links', async (req, res) => { res.json(postSerializerService.addLinks(await postsRepository.findOneBy({ id: req.params.id }))); });
app.get('/posts/:id/like', async (req, res) => { await reactionService.addReaction(req.params.id); res.end(); });
`);
    for (const key of ['GET /posts/:id', 'GET /posts/:id/links']) assert.ok(!rendered.get(key)?.includes('writes-storage'), `${key}: ${rendered.get(key)?.join(', ')}`);
    assert.ok(rendered.get('GET /posts/:id/like')?.includes('get-writes-state'), rendered.get('GET /posts/:id/like')?.join(', '));
  });
});
