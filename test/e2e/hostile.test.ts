import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { analyzeDirectory } from '../../src/api/pipeline.js';
import { renderOutputs } from '../../src/emit/index.js';
import { makeHostileRepo } from '../helpers/hostile-repo.js';

const parent = mkdtempSync(join(tmpdir(), 'threatcode-hostile-e2e-'));
after(() => rmSync(parent, { recursive: true, force: true }));

test('a hostile repository finishes with a model and diagnostics naming each skipped file', { timeout: 120_000 }, async () => {
  const root = join(parent, 'repo');
  mkdirSync(root);
  const hostile = makeHostileRepo(root);
  // Deep YAML overflows the yaml parser's stack (twice can abort Node): it must be refused unparsed.
  writeFileSync(join(root, 'docker-compose.yml'), `services:\n  api:\n    command: ${'['.repeat(60_000)}\n`);
  const model = await analyzeDirectory(root, { today: '2026-06-01' });
  const outputs = renderOutputs(model);

  // The ordinary server is still modelled.
  assert.ok(model.entryPoints.length > 0, 'the Express server in the hostile repo is modelled');

  const named = (path: string) => model.diagnostics.some((d) => d.file === path);
  for (const path of [hostile.paths.rootLink, hostile.paths.secretLink, hostile.paths.big, hostile.paths.binary]) {
    assert.ok(named(path), `a diagnostic names ${path}`);
  }
  assert.ok(named(hostile.paths.configAliasBomb), 'the config alias bomb is reported');
  assert.ok(named('docker-compose.yml'), 'the deep YAML file is reported');

  // Nothing from outside the root and nothing executed.
  for (const [file, content] of outputs) {
    assert.ok(!content.includes(hostile.outsideSecretToken), `${file} contains the outside secret`);
  }
  assert.equal(existsSync(hostile.installMarkerPath), false, 'install scripts never ran');
});
