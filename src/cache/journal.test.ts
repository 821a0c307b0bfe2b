// The stat index's journal and the cache over edits, deletions and renames: every cached model
// must be byte-identical to an uncached one of the same tree.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { analyzeDirectory } from '../api/pipeline.js';
import type { FactCacheReport } from './index.js';

const parent = mkdtempSync(join(tmpdir(), 'threatcode-fact-journal-'));
after(() => rmSync(parent, { recursive: true, force: true }));
const EXAMPLE = new URL('../../examples/shop', import.meta.url).pathname;
const HOUR_AGO = (): Date => new Date(Date.now() - 3600_000);

/** Dates a file an hour back: older than the racy window, so a run may record its stamp. */
function age(path: string): void {
  utimesSync(path, HOUR_AGO(), HOUR_AGO());
}

function copyExample(name: string): string {
  const dir = join(parent, name);
  cpSync(EXAMPLE, dir, { recursive: true });
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) if (entry.isFile()) age(join(entry.parentPath, entry.name));
  return dir;
}

async function run(root: string, cacheDir: string | false): Promise<{ json: string; report?: FactCacheReport }> {
  let report: FactCacheReport | undefined;
  const model = await analyzeDirectory(root, { today: '2026-06-01', productName: 'shop', cache: cacheDir === false ? false : { dir: cacheDir, onReport: (r) => (report = r) } });
  return { json: JSON.stringify(model, null, 2), report };
}

function rootFiles(cacheDir: string): string[] {
  return readdirSync(join(cacheDir, 'roots')).sort();
}

test('a recorded change goes to the journal, not the whole index, and later runs trust it', async () => {
  const root = copyExample('journal');
  const cacheDir = join(parent, 'cache-journal');
  await run(root, cacheDir);
  const [snapshot] = rootFiles(cacheDir);
  const snapshotPath = join(cacheDir, 'roots', snapshot);
  const before = statSync(snapshotPath);

  const edited = join(root, 'api/src/routes/admin.js');
  appendFileSync(edited, "router.delete('/journal/:id', (req, res) => res.end());\n");
  age(edited);
  const again = await run(root, cacheDir);
  assert.equal(again.report?.misses, 1);
  assert.equal(again.report?.written, 2, 'the new facts and the journal');
  assert.deepEqual(rootFiles(cacheDir), [snapshot, `${snapshot}.journal`]);
  const after1 = statSync(snapshotPath);
  assert.equal(after1.mtimeMs, before.mtimeMs, 'the snapshot is left as it was');
  assert.equal(after1.ino, before.ino);
  assert.equal(again.json, (await run(root, false)).json);

  const third = await run(root, cacheDir);
  assert.equal(third.report?.misses, 0);
  assert.equal(third.report?.contentHits, 0, 'the edited file is trusted by stat through the journal');
  assert.equal(third.report?.written, 0);
  assert.equal(third.json, again.json);
});

test('edits, deletions and renames: every cached model equals an uncached one', async () => {
  const root = copyExample('changes');
  const cacheDir = join(parent, 'cache-changes');
  const check = async (what: string, expectMisses?: number): Promise<void> => {
    const cached = await run(root, cacheDir);
    assert.equal(cached.json, (await run(root, false)).json, what);
    if (expectMisses !== undefined) assert.equal(cached.report?.misses, expectMisses, `${what}: files extracted`);
    const again = await run(root, cacheDir);
    assert.equal(again.json, cached.json, `${what}: a second cached run`);
  };
  await check('cold');

  const auth = join(root, 'api/src/middleware/auth.js');
  writeFileSync(auth, "module.exports = function requireAuth(req, res, next) { next(); };\n");
  age(auth);
  await check('a guard rewritten', 1);

  rmSync(join(root, 'api/src/routes/admin.js'));
  await check('a route file deleted', 0);

  renameSync(join(root, 'api/src/services/payments.js'), join(root, 'api/src/services/billing.js'));
  await check('a module renamed', 1);

  // Back under its old name with other content: neither the old stamp nor the old key may match.
  writeFileSync(join(root, 'api/src/routes/admin.js'), "const r = require('express').Router();\nr.get('/back', (req, res) => res.end());\nmodule.exports = r;\n");
  age(join(root, 'api/src/routes/admin.js'));
  await check('a deleted path written again', 1);
});

test('a journal written against another snapshot is ignored', async () => {
  const root = copyExample('foreign-journal');
  const cacheDir = join(parent, 'cache-foreign');
  await run(root, cacheDir);
  const edited = join(root, 'api/src/routes/admin.js');
  appendFileSync(edited, '// changed\n');
  age(edited);
  await run(root, cacheDir);
  const [snapshot, journal] = rootFiles(cacheDir);
  assert.equal(journal, `${snapshot}.journal`);
  // Another process rewrites the snapshot (new id): the journal no longer applies.
  rmSync(join(cacheDir, 'roots', snapshot));
  const rebuilt = await run(root, cacheDir);
  assert.ok(rebuilt.report && rebuilt.report.contentHits > 0 && rebuilt.report.misses === 0);
  const trusted = await run(root, cacheDir);
  assert.equal(trusted.report?.contentHits, 0);
  assert.equal(trusted.report?.misses, 0);
  assert.equal(trusted.json, (await run(root, false)).json);
});
