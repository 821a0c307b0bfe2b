import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { analyzeDirectory } from '../api/pipeline.js';
import type { AnalyzeOptions } from '../api/pipeline.js';
import { extractors } from '../extract/registry.js';
import { extractorSetFingerprint } from './fingerprint.js';
import type { FactCacheReport } from './index.js';
import { defaultFactCacheDir } from './paths.js';

const parent = mkdtempSync(join(tmpdir(), 'threatcode-fact-cache-'));
after(() => rmSync(parent, { recursive: true, force: true }));
const EXAMPLE = new URL('../../examples/shop', import.meta.url).pathname;
const base: AnalyzeOptions = { today: '2026-06-01', productName: 'shop' };

/** Copies the example and dates every file an hour back, so the stat index may trust them. */
function copyExample(name: string): string {
  const dir = join(parent, name);
  cpSync(EXAMPLE, dir, { recursive: true });
  const past = new Date(Date.now() - 3600_000);
  const visit = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) visit(path);
      else utimesSync(path, past, past);
    }
  };
  visit(dir);
  return dir;
}

async function run(root: string, cacheDir: string | false): Promise<{ json: string; report?: FactCacheReport }> {
  let report: FactCacheReport | undefined;
  const model = await analyzeDirectory(root, { ...base, cache: cacheDir === false ? false : { dir: cacheDir, onReport: (r) => (report = r) } });
  return { json: JSON.stringify(model, null, 2), report };
}

test('cold and warm cached runs give the same bytes as an uncached run', async () => {
  const root = copyExample('same-bytes');
  const cacheDir = join(parent, 'cache-a');
  const plain = await run(root, false);
  const cold = await run(root, cacheDir);
  const warm = await run(root, cacheDir);
  assert.equal(cold.json, plain.json);
  assert.equal(warm.json, plain.json);
  assert.ok(cold.report && cold.report.misses > 0 && cold.report.statHits === 0);
  assert.ok(warm.report && warm.report.misses === 0 && warm.report.statHits === cold.report.misses, 'every file came from the stat index');
});

test('after a one-file change only that file is extracted, and the model matches an uncached run', async () => {
  const root = copyExample('one-change');
  const cacheDir = join(parent, 'cache-b');
  await run(root, cacheDir);
  writeFileSync(join(root, 'api/src/routes/admin.js'), "const router = require('express').Router();\nrouter.delete('/users/:id', (req, res) => res.end());\nmodule.exports = router;\n");
  const again = await run(root, cacheDir);
  assert.equal(again.report?.misses, 1);
  assert.equal(again.report?.written, 1, 'only the new facts are written, not the whole stat index');
  assert.equal(again.json, (await run(root, false)).json);
});

test('facts are shared by content across trees (a second checkout costs no extraction)', async () => {
  const cacheDir = join(parent, 'cache-c');
  const first = await run(copyExample('tree-1'), cacheDir);
  const second = await run(copyExample('tree-2'), cacheDir);
  assert.equal(second.report?.misses, 0);
  assert.equal(second.report?.contentHits, first.report?.misses);
  assert.equal(second.json, first.json);
});

test('corrupt cache files are ignored with a diagnostic and never change the model', async () => {
  const root = copyExample('corrupt');
  const cacheDir = join(parent, 'cache-d');
  const plain = await run(root, false);
  await run(root, cacheDir);
  const damage = (dir: string): number => {
    let n = 0;
    for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (!entry.isFile()) continue;
      writeFileSync(join(entry.parentPath, entry.name), n++ % 2 === 0 ? 'garbage' : Buffer.from('TCFACT01truncated'));
    }
    return n;
  };
  assert.ok(damage(cacheDir) > 2);
  const after1 = await run(root, cacheDir);
  assert.equal(after1.json, plain.json);
  assert.ok(after1.report && after1.report.diagnostics.length > 0);
  assert.ok(after1.report.diagnostics.every((d) => d.code === 'cache-corrupt'));
  assert.ok(!after1.json.includes('cache-corrupt'), 'cache trouble stays out of the model');
  const healed = await run(root, cacheDir);
  assert.equal(healed.report?.diagnostics.length, 0, 'rewritten entries are whole again');
  assert.equal(healed.json, plain.json);
});

test('keys depend on the extractor set; the cache folder follows THREATCODE_CACHE_DIR and XDG', () => {
  assert.notEqual(extractorSetFingerprint(extractors), extractorSetFingerprint(extractors.slice(1)));
  assert.equal(extractorSetFingerprint(extractors), extractorSetFingerprint([...extractors]));
  assert.equal(defaultFactCacheDir({ THREATCODE_CACHE_DIR: '/c' }), '/c/facts');
  assert.equal(defaultFactCacheDir({ XDG_CACHE_HOME: '/x' }), '/x/threatcode/facts');
  assert.equal(defaultFactCacheDir({ HOME: '/h' }), '/h/.cache/threatcode/facts');
});
