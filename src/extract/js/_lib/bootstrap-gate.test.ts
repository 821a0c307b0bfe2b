import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as express } from '../express/index.js';

function routes(files: Record<string, string>): EntrypointFact[] {
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, [auth, express]).facts);
  return linkFacts(facts, [auth, express]).filter((f): f is EntrypointFact => f.kind === 'entrypoint');
}

const GATES = `const setup = require('./setup');
function reject(req, res, message) { res.status(401).send(message); }
function checkAppNotInitialized(req, res, next) {
  if (setup.isDbInitialized()) reject(req, res, 'App already initialized.');
  else next();
}
function checkPasswordNotSet(req, res, next) {
  if (!isDesktop() && setup.isPasswordSet()) res.redirect('login');
  else next();
}
function checkAppInitialized(req, res, next) {
  if (!setup.isDbInitialized()) res.redirect('setup');
  else next();
}
module.exports = { checkAppNotInitialized, checkPasswordNotSet, checkAppInitialized };
`;

const APP = `const express = require('express');
const gates = require('./gates');
const app = express();
app.post('/api/setup/new-document', gates.checkAppNotInitialized, (req, res) => { createDocument(req.body); res.send('ok'); });
app.post('/set-password', gates.checkPasswordNotSet, (req, res) => { savePassword(req.body.password); res.redirect('/'); });
app.post('/notes', gates.checkAppInitialized, (req, res) => { saveNote(req.body); res.send('ok'); });
app.listen(3000);
`;

describe('bootstrap gates: middleware that refuses once the application is set up', () => {
  it('tags the routes behind it bootstrap-once, and not those behind the opposite gate', () => {
    const eps = routes({ 'src/gates.js': GATES, 'src/app.js': APP });
    const tags = (path: string) => eps.find((e) => e.path === path)?.tags ?? [];
    assert.ok(tags('/api/setup/new-document').includes('bootstrap-once'));
    assert.ok(tags('/set-password').includes('bootstrap-once'));
    assert.ok(!tags('/notes').includes('bootstrap-once'));
    for (const e of eps) assert.equal(e.auth, 'none', e.path);
  });
});
