// The extraction pool must not change a single byte of the model: pooled and in-process runs of
// the same tree are compared as the JSON the CLI writes. Correctness only, no timing asserts (the
// speed of the pool is measured by bench/build.ts).
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyzeDirectory } from '../../src/api/pipeline.js';
import type { AnalyzeOptions } from '../../src/api/pipeline.js';
import type { PoolReport } from '../../src/extract/pool/index.js';
import { shardBySize } from '../../src/extract/pool/index.js';
import { extractors } from '../../src/extract/registry.js';
import type { Extractor } from '../../src/extract/types.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/shop', import.meta.url));
/** Pool on for any amount of work: the thresholds would keep these small trees in-process. */
const FORCED = { workers: 2, minFiles: 0, minBytes: 0 };
const HANG_GUARD = { timeout: 240_000 };

const route = (s: number, i: number): string => `const express = require('express');
const jwt = require('jsonwebtoken');
const db = require('../lib/db');
const router = express.Router();
function requireUser(req, res, next) {
  try { req.user = jwt.verify(req.headers.authorization, process.env.JWT_SECRET); next(); } catch (e) { res.status(401).end(); }
}
router.get('/items${i}/:id', requireUser, async (req, res) => {
  const rows = await db.query("SELECT * FROM items${i} WHERE id = " + req.params.id);
  res.json(rows);
});
router.post('/items${i}', async (req, res) => {
  const saved = await db.query('INSERT INTO items${i}(name) VALUES ($1)', [req.body.name]);
  res.status(201).json({ saved, service: 's${s}' });
});
router.get('/proxy${i}', async (req, res) => res.send(await fetch(req.query.url)));
module.exports = router;
`;

/** A small monorepo shaped like a real one: services with routes, a datastore, deployment files. */
function generateRepo(root: string): void {
  const write = (path: string, content: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  const services = 4;
  for (let s = 0; s < services; s++) {
    write(`services/s${s}/package.json`, JSON.stringify({ name: `s${s}`, version: '1.0.0', dependencies: { express: '^4.19.2', jsonwebtoken: '^9.0.0', pg: '^8.11.0' } }, null, 2));
    write(`services/s${s}/Dockerfile`, 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "src/index.js"]\n');
    write(`services/s${s}/src/lib/db.js`, "const { Pool } = require('pg');\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\nmodule.exports = { query: (q, p) => pool.query(q, p) };\n");
    const mounts = Array.from({ length: 6 }, (_, i) => `app.use('/r${i}', require('./routes/r${i}'));`).join('\n');
    write(`services/s${s}/src/index.js`, `const express = require('express');\nconst app = express();\napp.use(express.json());\n${mounts}\napp.listen(3000);\n`);
    for (let i = 0; i < 6; i++) write(`services/s${s}/src/routes/r${i}.js`, route(s, i));
    write(`services/s${s}/src/broken.js`, 'function (( {\n');
    write(`services/s${s}/src/latin1.js`, '');
    writeFileSync(join(root, `services/s${s}/src/latin1.js`), Buffer.from([0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20, 0x61, 0x3d, 0x27, 0xe9, 0x27, 0x3b, 0x0a]));
  }
  const compose = Array.from({ length: services }, (_, s) => `  s${s}:\n    build: ./services/s${s}\n    ports:\n      - "${8000 + s}:3000"\n    environment:\n      DATABASE_URL: postgres://db:5432/app\n`).join('');
  write('docker-compose.yml', `services:\n${compose}  db:\n    image: postgres:16\n`);
}

async function modelJson(root: string, options: AnalyzeOptions): Promise<string> {
  return `${JSON.stringify(await analyzeDirectory(root, { today: '2026-06-01', ...options }), null, 2)}\n`;
}

const temp = mkdtempSync(join(tmpdir(), 'threatcode-pool-'));
after(() => rmSync(temp, { recursive: true, force: true }));

describe('extraction pool', () => {
  const generated = join(temp, 'generated');
  before(() => generateRepo(generated));

  for (const [name, root] of [
    ['examples/shop', EXAMPLE],
    ['a generated repository', generated],
  ] as const) {
    test(`${name}: pooled and in-process models are byte-identical`, HANG_GUARD, async () => {
      const reports: PoolReport[] = [];
      const inProcess = await modelJson(root, { pool: false });
      const pooled = await modelJson(root, { pool: { ...FORCED, onReport: (r) => reports.push(r) } });
      assert.equal(reports.length, 1, 'the pool ran');
      assert.equal(reports[0].fallback, undefined, `workers started (${reports[0].fallback})`);
      assert.ok(reports[0].extracted > 0);
      assert.equal(pooled, inProcess);
    });
  }

  test('with the fact cache: cold, warm and a copied tree (content hits) give the same bytes', HANG_GUARD, async () => {
    const reference = await modelJson(generated, { pool: false });
    const cache = { dir: join(temp, 'cache') };
    const reports: PoolReport[] = [];
    const pool = { ...FORCED, onReport: (r: PoolReport) => reports.push(r) };
    assert.equal(await modelJson(generated, { pool, cache }), reference, 'cold cache, pooled');
    assert.equal(await modelJson(generated, { pool, cache }), reference, 'warm cache');
    const copy = join(temp, 'copy');
    cpSync(generated, copy, { recursive: true });
    const copied = await modelJson(copy, { pool: false });
    assert.equal(await modelJson(copy, { pool, cache }), copied, 'another tree with the same files: answered by content');
    assert.ok(reports.length >= 1 && reports.every((r) => r.fallback === undefined));
  });

  test('stays in-process below the thresholds and for extractors the workers cannot load', HANG_GUARD, async () => {
    const reports: PoolReport[] = [];
    await modelJson(EXAMPLE, { pool: { workers: 2, onReport: (r) => reports.push(r) } });
    assert.equal(reports.length, 0, 'examples/shop is under the default thresholds');
    const observed: string[] = [];
    const observer: Extractor = {
      id: 'test/observer',
      title: 'records what it sees',
      matches: (path) => path.endsWith('.js'),
      extract: (file) => {
        observed.push(file.path);
        return null;
      },
    };
    await modelJson(generated, { extractors: [...extractors, observer], pool: { ...FORCED, onReport: (r) => reports.push(r) } });
    assert.equal(reports.length, 0, 'a caller-supplied extractor keeps the run in this thread');
    assert.ok(observed.length > 0, 'and it saw the files');
  });

  test('sharding is deterministic and balanced by size', () => {
    const sizes = [5000, 10, 10, 4000, 300, 300, 300, 7000, 1, 2];
    assert.deepEqual(shardBySize(sizes, 2), shardBySize(sizes, 2));
    const load = [0, 0];
    shardBySize(sizes, 2).forEach((w, i) => (load[w] += sizes[i] + 2048));
    assert.ok(Math.abs(load[0] - load[1]) <= 7000 + 2048, `loads ${load}`);
    assert.deepEqual(new Set(shardBySize([1, 2, 3], 3)), new Set([0, 1, 2]));
  });
});
