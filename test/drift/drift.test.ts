// `threatcode drift`: a stored model (model.json or .tc.json) against the code as it is now.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../src/cli/main.js';
import type { DriftReport } from '../../src/drift/index.js';
import type { ThreatModel } from '../../src/model/types.js';
import { writeFiles } from '../helpers/git.js';
import { capture } from '../helpers/io.js';
import { BASE_FILES, WEAK_FILES } from '../diff/scenario.js';

const parent = mkdtempSync(join(tmpdir(), 'threatcode-drift-'));
after(() => rmSync(parent, { recursive: true, force: true }));
const env = { ...process.env, THREATCODE_CACHE_DIR: join(parent, 'cache'), THREATCODE_TODAY: '2026-06-01' };

let counter = 0;
/** A product folder with a stored model of `files` in <dir>/.threatcode/. */
async function modelled(files: Record<string, string>): Promise<string> {
  const dir = join(parent, `product-${++counter}`);
  writeFiles(dir, { ...files, '.threatcodeignore': '.threatcode/\n' });
  const run = capture(dir, env);
  assert.equal(await main(['model', '.', '--out', '.threatcode', '--format', 'json,tc', '--product', 'shop'], run.io), 0, run.stderr());
  return dir;
}

async function drift(dir: string, against: string, ...extra: string[]): Promise<{ code: number; report: DriftReport; text: string }> {
  const run = capture(dir, env);
  const code = await main(['drift', '.', '--against', against, '--json', ...extra], run.io);
  const text = capture(dir, env);
  await main(['drift', '.', '--against', against, '--no-fail'], text.io);
  return { code, report: JSON.parse(run.stdout()) as DriftReport, text: text.stdout() };
}

test('a model written from the code is in sync (exit 0)', async () => {
  const dir = await modelled(BASE_FILES);
  const { code, report, text } = await drift(dir, '.threatcode/model.json');
  assert.equal(code, 0, JSON.stringify(report, null, 2));
  assert.equal(report.drifted, false);
  assert.match(text, /in sync/);
  assert.equal((await drift(dir, '.threatcode/threatmodel.tc.json')).code, 0);
});

test('new entry points, data stores and threats in the code are reported as missing from the model (exit 1)', async () => {
  const dir = await modelled(BASE_FILES);
  writeFiles(dir, {
    'api/src/admin.js': "const express = require('express');\nconst admin = express();\nadmin.post('/admin/users', (req, res) => res.end());\nadmin.listen(9090);\n",
    'docker-compose.yml': `${WEAK_FILES['docker-compose.yml']}  cache:\n    image: redis:7.2.4@sha256:${'c'.repeat(64)}\n`,
  });
  const { code, report, text } = await drift(dir, '.threatcode/model.json');
  assert.equal(code, 1);
  assert.ok(report.entryPoints.unrecorded.some((e) => e.path === '/admin/users'), 'the new route');
  assert.ok(report.dataStores.unrecorded.some((c) => c.name.includes('cache') || c.tech.includes('redis')), 'the new redis store');
  assert.ok(report.unrecordedThreats.some((t) => t.ruleId === 'container-privileged'));
  assert.match(text, /\+ POST \/admin\/users/);
  assert.equal((await drift(dir, '.threatcode/model.json', '--no-fail')).code, 0);
});

test('threats whose evidence is gone are reported, for model.json and for Threat Composer files', async () => {
  const dir = await modelled({ ...BASE_FILES, ...WEAK_FILES });
  writeFiles(dir, { 'docker-compose.yml': BASE_FILES['docker-compose.yml'] });
  for (const file of ['.threatcode/model.json', '.threatcode/threatmodel.tc.json']) {
    const { code, report } = await drift(dir, file);
    assert.equal(code, 1, file);
    const gone = report.goneThreats.find((g) => g.threat.ruleId === 'container-privileged');
    assert.ok(gone, `${file}: the privileged threat is gone`);
    assert.match(gone.reason, /no longer finds it/);
  }
  assert.equal((await drift(dir, '.threatcode/threatmodel.tc.json')).report.architectureCompared, false);
});

test('hand-written threats stand while their evidence exists; a deleted file or a line past the end is drift', async () => {
  const dir = await modelled(BASE_FILES);
  const stored = JSON.parse(readFileSync(join(dir, '.threatcode/model.json'), 'utf8')) as ThreatModel;
  const manual = (id: string, file: string, line: number) => ({ ...stored.threats[0], id, ruleId: 'manual', source: 'manual' as const, title: `manual ${id}`, evidence: [{ file, line }] });
  stored.threats.push(manual('m-ok', 'api/src/index.js', 3), manual('m-deleted', 'api/legacy.js', 1), manual('m-short', 'api/src/index.js', 500), { ...manual('m-none', '', 0), evidence: [] });
  writeFileSync(join(dir, '.threatcode/edited.json'), JSON.stringify(stored));
  writeFiles(dir, { 'api/legacy.js': 'module.exports = {};\n' });
  unlinkSync(join(dir, 'api/legacy.js'));
  const { report } = await drift(dir, '.threatcode/edited.json');
  const reasons = Object.fromEntries(report.goneThreats.map((g) => [g.threat.id, g.reason]));
  assert.equal(reasons['m-ok'], undefined);
  assert.match(reasons['m-deleted'], /api\/legacy\.js no longer exists/);
  assert.match(reasons['m-short'], /has \d+ lines, the model cites line 500/);
  assert.equal(reasons['m-none'], undefined, 'a threat citing nothing cannot be judged by its evidence');
});

test('a file that is not a model is an input error (exit 2)', async () => {
  const dir = await modelled(BASE_FILES);
  writeFileSync(join(dir, 'other.json'), '{"hello": 1}');
  const run = capture(dir, env);
  assert.equal(await main(['drift', '.', '--against', 'other.json'], run.io), 2);
  assert.match(run.stderr(), /neither a threatcode model/);
  assert.equal(await main(['drift', '.'], capture(dir, env).io), 2);
});
