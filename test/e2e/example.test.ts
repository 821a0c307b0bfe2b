import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyzeDirectory } from '../../src/api/pipeline.js';
import { renderOutputs } from '../../src/emit/index.js';
import type { ThreatModel } from '../../src/model/types.js';
import { validateThreatComposer } from '../../src/tc/validate.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/shop', import.meta.url));

describe('bundled example: examples/shop', () => {
  let model: ThreatModel;
  let outputs: Map<string, string>;
  before(async () => {
    model = await analyzeDirectory(EXAMPLE, { today: '2026-06-01' });
    outputs = renderOutputs(model);
  });

  test('recovers the architecture', () => {
    const kinds = (kind: string) => model.components.filter((c) => c.kind === kind).map((c) => c.name).sort();
    assert.ok(kinds('service').includes('api'), `services: ${kinds('service')}`);
    assert.ok(kinds('frontend').length >= 1, 'a frontend component');
    assert.ok(kinds('datastore').length >= 2, `datastores: ${kinds('datastore')}`);
    assert.ok(kinds('external').length >= 1, `externals: ${kinds('external')}`);
    assert.ok(kinds('actor').length === 1);
    assert.ok(model.flows.length >= 6, `flows: ${model.flows.length}`);
    assert.ok(model.trustBoundaries.length >= 4);
    assert.ok(model.entryPoints.length >= 15, `entry points: ${model.entryPoints.length}`);
  });

  test('finds threats in every STRIDE category with evidence', () => {
    const letters = new Set(model.threats.flatMap((t) => t.stride));
    for (const letter of ['S', 'T', 'R', 'I', 'D', 'E']) assert.ok(letters.has(letter as never), `STRIDE ${letter}`);
    for (const threat of model.threats) {
      assert.ok(threat.evidence.length > 0, `${threat.ruleId} has evidence`);
      assert.ok(threat.statement.length > 0);
    }
  });

  test('applies the config: product, owners, assumptions, suppressions with expiry', () => {
    assert.equal(model.product.name, 'shop');
    assert.ok(model.product.owners.length > 0);
    assert.ok(model.assumptions.some((a) => a.source === 'config'));
    assert.ok(model.threats.some((t) => t.status === 'suppressed' && t.statusReason));
    assert.ok(model.diagnostics.some((d) => d.code === 'suppression-expired'));
  });

  test('the Threat Composer file imports without errors', () => {
    const tc = outputs.get('threatmodel.tc.json');
    assert.ok(tc);
    const result = validateThreatComposer(tc, 'threatmodel.tc.json');
    assert.deepEqual(result.errors, []);
    assert.equal(result.importable, true);
  });

  test('redacts secrets everywhere', () => {
    for (const [file, content] of outputs) assert.ok(!/sk_live_[A-Za-z0-9]{20,}/.test(content), `${file} leaks a key`);
  });
});

describe('determinism', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  test('two copies of the same tree give byte-identical outputs', async () => {
    const rendered: Map<string, string>[] = [];
    for (let i = 0; i < 2; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'threatcode-det-'));
      dirs.push(dir);
      const copy = join(dir, 'shop');
      cpSync(EXAMPLE, copy, { recursive: true });
      rendered.push(renderOutputs(await analyzeDirectory(copy, { today: '2026-06-01' })));
    }
    assert.deepEqual([...rendered[0].keys()], [...rendered[1].keys()]);
    for (const [file, content] of rendered[0]) assert.equal(rendered[1].get(file), content, `${file} differs between runs`);
    assert.ok(!readFileSync(join(dirs[0], 'shop', 'README.md'), 'utf8').includes(dirs[0]));
    for (const content of rendered[0].values()) assert.ok(!content.includes(dirs[0]), 'no absolute paths in outputs');
  });
});
