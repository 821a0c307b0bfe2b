import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './path-traversal.js';

const SERVER = `const express = require('express');
const fs = require('fs');
const path = require('path');
const app = express();
function requireAuth(req, res, next) { if (!req.user) return res.status(401).end(); next(); }
function requireAdmin(req, res, next) { if (!req.user || req.user.role !== 'admin') return res.status(403).end(); next(); }
app.get('/admin/files/:name', requireAdmin, (req, res) => {
  res.send(fs.readFileSync(path.join('/data', req.params.name)));
});
app.get('/files/:name', requireAuth, (req, res) => {
  res.send(fs.readFileSync(path.join('/data', req.params.name)));
});
app.post('/admin/cache', requireAdmin, (req, res) => {
  const file = path.join('/cache', req.query.file);
  const list = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.writeFileSync(file, JSON.stringify(list.slice(1)));
  res.end();
});
app.listen(3000);
`;

const dirs: string[] = [];
function app(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tc-admin-taint-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const RANK = ['low', 'medium', 'high', 'critical'];

async function threats(dir: string) {
  const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
  return model.threats.filter((t) => t.ruleId === rule.meta.id);
}

describe('taint findings only administrators reach', () => {
  const pkg = JSON.stringify({ name: 'files', dependencies: { express: '4.18.0' } });

  it('are scored with the admin entry point, below the same sink behind a user login, with an administrator as the source', async () => {
    const found = await threats(app({ 'package.json': pkg, 'src/server.js': SERVER }));
    const admin = found.find((t) => t.evidence[0].line === 8);
    const user = found.find((t) => t.evidence[0].line === 11);
    assert.ok(admin && user, 'both reported');
    assert.equal(admin.grammar.threatSource, 'authenticated administrator');
    assert.equal(user.grammar.threatSource, 'remote attacker');
    assert.match(admin.score.explanation, /requires an administrator/);
    assert.ok(RANK.indexOf(admin.severity) < RANK.indexOf(user.severity), `${admin.severity} below ${user.severity}`);
    assert.ok(RANK.indexOf(admin.severity) <= RANK.indexOf('medium'), admin.severity);
  });

  it('merges the read and the write sink of one route and one request value into one finding', async () => {
    const found = await threats(app({ 'package.json': pkg, 'src/server.js': SERVER }));
    const cache = found.filter((t) => t.evidence.some((e) => e.line === 15 || e.line === 16));
    assert.equal(cache.length, 1, cache.map((t) => t.evidence[0].line).join(','));
    assert.ok(cache[0].evidence.some((e) => e.line === 15) && cache[0].evidence.some((e) => e.line === 16));
  });

  it('are low where the application gives its administrators a terminal anyway', async () => {
    const terminal = "const pty = require('node-pty');\nmodule.exports = (cols) => pty.spawn('bash', [], { cols });\n";
    const found = await threats(app({ 'package.json': pkg, 'src/server.js': SERVER, 'src/terminal.js': terminal }));
    const admin = found.find((t) => t.evidence[0].line === 8);
    const user = found.find((t) => t.evidence[0].line === 11);
    assert.equal(admin?.severity, 'low');
    assert.ok(user && RANK.indexOf(user.severity) >= RANK.indexOf('high'), user?.severity);
  });

  it('are scored with the route the request enters by; a handler no route reaches is not scored as open to anyone', async () => {
    const orphan = "const fs = require('fs');\nconst path = require('path');\nexports.download = (req, res) => {\n  res.send(fs.readFileSync(path.join('/data', req.query.name)));\n};\n";
    const found = await threats(app({ 'package.json': pkg, 'src/server.js': SERVER, 'src/orphan.js': orphan }));
    const user = found.find((t) => t.evidence[0].line === 11);
    assert.match(user?.score.explanation ?? '', /requires an authenticated user/);
    const unlinked = found.find((t) => t.evidence[0].file === 'src/orphan.js');
    assert.ok(unlinked, 'reported');
    assert.match(unlinked.score.explanation, /route could not be linked/);
    assert.match(unlinked.score.cvss?.vector ?? '', /PR:L/);
  });
});
