// SARIF output checked against the official SARIF 2.1.0 schema (test/fixtures/sarif).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { buildSarif, FINGERPRINT_KEY, renderSarif } from '../../src/emit/sarif.js';
import { capture } from '../helpers/io.js';
import { component, model, threat } from './model-factory.js';
import { sarifErrors } from './sarif-validator.js';

const parent = mkdtempSync(join(tmpdir(), 'threatcode-sarif-'));
after(() => rmSync(parent, { recursive: true, force: true }));

type Result = {
  ruleId: string;
  ruleIndex: number;
  level: string;
  locations?: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[];
  partialFingerprints: Record<string, string>;
  suppressions?: unknown[];
  properties: Record<string, unknown>;
};
type Rule = { id: string; properties: { tags: string[]; 'security-severity': string }; defaultConfiguration: { level: string }; help?: { markdown: string } };

test('the schema itself rejects broken logs (the validator is live)', () => {
  assert.notDeepEqual(sarifErrors({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), []);
  assert.notDeepEqual(sarifErrors({ version: '2.0.0', runs: [] }), []);
  assert.notDeepEqual(sarifErrors({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }), []);
});

test('`model --format sarif` on the bundled example validates against SARIF 2.1.0', async () => {
  const run = capture(parent, { ...process.env, THREATCODE_TODAY: '2026-06-01' });
  const code = await main(['model', join(process.cwd(), 'examples/shop'), '--out', join(parent, 'shop'), '--format', 'sarif'], run.io);
  assert.equal(code, 0, run.stderr());
  const log = JSON.parse(readFileSync(join(parent, 'shop', 'threatcode.sarif'), 'utf8'));
  assert.deepEqual(sarifErrors(log), []);
  const run0 = log.runs[0];
  const rules = run0.tool.driver.rules as Rule[];
  const results = run0.results as Result[];
  assert.ok(results.length > 0);
  for (const r of results) {
    assert.equal(rules[r.ruleIndex].id, r.ruleId, 'ruleIndex points at the rule');
    assert.match(String(r.properties['security-severity']), /^\d+(\.\d)?$/);
    assert.match(r.partialFingerprints[FINGERPRINT_KEY], /^[0-9a-f-]{36}$/);
    const location = r.locations?.[0]?.physicalLocation;
    if (location) assert.ok(!location.artifactLocation.uri.startsWith('/'), 'repository-relative');
  }
  for (const rule of rules) {
    assert.ok(rule.properties.tags.includes('security'));
    assert.match(rule.properties['security-severity'], /^\d+\.\d$/);
    assert.ok(rule.properties.tags.some((t) => /^external\/cwe\/cwe-\d{3,}$/.test(t)), `${rule.id} has a CWE tag`);
  }
});

test('levels, fingerprints, suppressions, architectural and AI threats, odd paths: all schema-valid', () => {
  const m = model({
    product: { name: 'shop', repository: 'https://github.com/acme/shop', commit: 'a'.repeat(40), branch: 'main', languages: [], owners: [] },
    components: [component('c-api', { evidence: [{ file: 'api/package.json', line: 1 }] })],
    threats: [
      threat('11111111-1111-5111-8111-111111111111', { severity: 'critical', evidence: [{ file: 'dir with space/ü.yml', line: 4, endLine: 6, snippet: 'privileged: true' }, { file: 'b.yml', line: 2 }] }),
      threat('22222222-2222-5222-8222-222222222222', { severity: 'medium', status: 'suppressed', statusReason: 'accepted until the migration' }),
      threat('33333333-3333-5333-8333-333333333333', { severity: 'low', ruleId: 'missing-audit-logging', architectural: true, evidence: [] }),
      threat('44444444-4444-5444-8444-444444444444', { severity: 'high', ruleId: 'ai-reviewer-finding', source: 'ai', evidence: [{ file: 'x.js', line: 0 }] }),
      threat('not-a-uuid', { severity: 'low', ruleId: 'manual-entry', source: 'manual', elements: [], evidence: [] }),
    ],
  });
  const log = buildSarif(m) as { runs: { results: Result[]; tool: { driver: { rules: Rule[] } }; versionControlProvenance?: unknown[] }[] };
  assert.deepEqual(sarifErrors(log), []);
  const [critical, suppressed, architectural, ai, manual] = log.runs[0].results;
  assert.equal(critical.level, 'error');
  assert.equal(suppressed.level, 'warning');
  assert.equal(architectural.level, 'note');
  assert.equal(ai.level, 'error');
  assert.equal(critical.locations?.[0].physicalLocation.artifactLocation.uri, 'dir%20with%20space/%C3%BC.yml');
  assert.equal(critical.locations?.[0].physicalLocation.region?.startLine, 4);
  assert.equal(suppressed.suppressions?.length, 1);
  assert.equal(architectural.locations?.[0].physicalLocation.artifactLocation.uri, 'api/package.json', 'architectural threats point at their component');
  assert.equal(ai.locations?.[0].physicalLocation.region, undefined, 'line 0 gives no region');
  assert.equal(manual.locations, undefined, 'nothing to point at: no location rather than a wrong one');
  assert.equal(log.runs[0].versionControlProvenance?.length, 1);
  const ids = log.runs[0].tool.driver.rules.map((r) => r.id);
  assert.deepEqual(ids, [...ids].sort());
  assert.ok(log.runs[0].tool.driver.rules.find((r) => r.id === 'container-privileged')?.help?.markdown.includes('Mitigation'));
  assert.equal(renderSarif(m), renderSarif(m), 'deterministic');
  assert.deepEqual(sarifErrors(buildSarif(model())), [], 'an empty model is a valid log');
});
