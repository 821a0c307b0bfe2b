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
`);

  it('tags GET and HEAD handlers that visibly write storage', () => {
    for (const key of ['GET /a/:id/drop', 'GET /b/:id/touch', 'GET /c', 'GET /d', 'HEAD /e', 'GET /t', 'GET /u']) {
      assert.ok(routes.get(key)?.includes('get-writes-state'), `${key}: ${routes.get(key)?.join(', ')}`);
    }
  });

  it('does not tag reads, session writes, in-memory collections or guesses from request data', () => {
    for (const key of ['GET /r', 'GET /s', 'GET /m', 'GET /h']) {
      assert.ok(!routes.get(key)?.includes('get-writes-state'), `${key}: ${routes.get(key)?.join(', ')}`);
    }
  });

  it('keeps the tag to safe methods and marks a one-time token in the query', () => {
    assert.ok(!routes.get('POST /p')?.includes('get-writes-state'));
    assert.ok(routes.get('POST /p')?.includes('writes-storage'));
    assert.ok(routes.get('GET /t')?.includes('query-token'));
    assert.ok(!routes.get('GET /a/:id/drop')?.includes('query-token'));
  });
});
