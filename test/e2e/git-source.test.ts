import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { makeBareRepo, pushTo } from '../helpers/git.js';
import { capture } from '../helpers/io.js';

const parent = mkdtempSync(join(tmpdir(), 'threatcode-git-e2e-'));
after(() => rmSync(parent, { recursive: true, force: true }));

const APP = {
  'package.json': JSON.stringify({ name: 'inventory', dependencies: { express: '^4.19.2' } }, null, 2),
  'server.js': "const express = require('express');\nconst app = express();\napp.get('/items', (req, res) => res.json([]));\napp.listen(3000);\n",
};

test('models a bare git repository by path and by file:// URL, at the pushed commit', async () => {
  const { bare, work, commit } = makeBareRepo(parent, APP, 'inventory');
  const cacheDir = join(parent, 'cache');
  const env = { ...process.env, THREATCODE_CACHE_DIR: cacheDir, THREATCODE_TODAY: '2026-06-01' };

  const first = capture(parent, env);
  assert.equal(await main(['model', bare, '--out', 'out1', '--json'], first.io), 0, first.stderr());
  const summary = JSON.parse(first.stdout());
  assert.equal(summary.product, 'inventory');
  assert.equal(summary.commit, commit);
  assert.ok(summary.entryPoints >= 1);

  const next = pushTo(work, bare, { 'admin.js': "const app = require('express')();\napp.delete('/items/:id', (req, res) => res.end());\n" });
  const second = capture(parent, env);
  assert.equal(await main(['model', `file://${bare}`, '--out', 'out2', '--json'], second.io), 0, second.stderr());
  assert.equal(JSON.parse(second.stdout()).commit, next, 'the cached clone is updated to the new commit');
  const model = JSON.parse(readFileSync(join(parent, 'out2', 'model.json'), 'utf8'));
  assert.equal(model.product.commit, next);
});

test('an unreachable git URL is an input error (exit 2) naming the source without credentials', async () => {
  const run = capture(parent, { ...process.env, THREATCODE_CACHE_DIR: join(parent, 'cache2'), GIT_TERMINAL_PROMPT: '0' });
  const code = await main(['model', `file://user:hunter2@${join(parent, 'missing.git')}`], run.io);
  assert.equal(code, 2);
  assert.match(run.stderr(), /missing\.git/);
  assert.ok(!run.stderr().includes('hunter2'), 'credentials are never printed');
});
