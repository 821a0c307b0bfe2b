import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

function routes(facts: Fact[]): EntrypointFact[] {
  return facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
}

describe('extract/js/express', () => {
  it('finds routes on an app with inline guards', () => {
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
app.get('/health', (req, res) => res.send('ok'));
app.post('/items', requireAuth, (req, res) => res.send('ok'));
app.delete('/admin/items/:id', requireAuth, isAdmin, (req, res) => res.send('ok'));
`,
    });
    const r = routes(facts);
    console.log(JSON.stringify(r.map((x) => [x.method, x.path, x.auth, x.tags, x.middleware])));
  });
});
