import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './missing-csrf-cookie-auth.js';

const APP = `const express = require('express');
const session = require('express-session');
const multer = require('multer');

const app = express();
const upload = multer({ dest: 'uploads/', limits: { fileSize: 1000000 } });
app.use(express.json());
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

function requireLogin(req, res, next) {
  if (!req.session.userId) return res.status(401).end();
  next();
}

app.post('/notes', requireLogin, (req, res) => res.status(201).json({ text: req.body.text }));
app.post('/avatar', requireLogin, upload.single('avatar'), (req, res) => res.status(201).json({ file: req.file.filename }));
module.exports = app;
`;

describe('rules/web: missing-csrf-cookie-auth cites a route a form can reach', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tc-csrf-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('cites the upload route (multipart needs no preflight) over an earlier JSON route', async () => {
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'package.json'), '{ "name": "notes", "dependencies": { "express": "^4.19.2", "express-session": "^1.18.0", "multer": "^1.4.5-lts.1" } }');
    writeFileSync(join(dir, 'src/app.js'), APP);
    const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const [threat] = model.threats.filter((t) => t.ruleId === rule.meta.id);
    assert.ok(threat, 'the session without CSRF protection is reported');
    assert.deepEqual(threat.evidence.map((e) => `${e.file}:${e.line}`), ['src/app.js:8', 'src/app.js:16']);
  });
});
