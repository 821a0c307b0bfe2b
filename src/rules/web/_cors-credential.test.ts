import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './cors-permissive-with-credentials.js';

const APPS: Record<string, string> = {
  'cookies/package.json': '{ "name": "cookies", "dependencies": { "express": "^4.19.2", "express-session": "^1.18.0", "cors": "^2.8.5" } }',
  'cookies/app.js': `const express = require('express');
const session = require('express-session');
const cors = require('cors');
const app = express();
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false, cookie: { sameSite: 'none', secure: true } }));
app.use(cors({ origin: true, credentials: true }));
app.post('/transfer', (req, res) => res.json({ ok: !!req.session.user }));
module.exports = app;
`,
  'bearer/package.json': '{ "name": "bearer", "dependencies": { "koa": "^2.15.3", "kcors": "^2.2.2", "koa-jwt": "^4.0.4" } }',
  'bearer/app.js': `const Koa = require('koa');
const cors = require('kcors');
const jwt = require('koa-jwt');
const app = new Koa();
app.use(cors({ origin: '*', credentials: true }));
app.use(jwt({ secret: process.env.JWT_SECRET, algorithms: ['HS256'] }));
module.exports = app;
`,
};

describe('rules/web: cors-permissive-with-credentials weighs what the browser would send', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tc-cors-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is likely where a session cookie rides along, unlikely for a bearer-token API; kcors turns * into the caller', async () => {
    for (const [path, text] of Object.entries(APPS)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const byApp = Object.fromEntries(model.threats.map((t) => [t.evidence[0].file.split('/')[0], t]));
    assert.ok(byApp.cookies && byApp.bearer, `both reported: ${Object.keys(byApp).join(', ')}`);
    assert.equal(byApp.cookies.confidence, 'high');
    assert.equal(byApp.bearer.confidence, 'low');
    assert.ok(byApp.bearer.score.likelihood < byApp.cookies.score.likelihood);
    assert.match(byApp.bearer.description, /reflects any request origin/);
  });
});
