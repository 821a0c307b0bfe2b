import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffModels, evaluateGate, isEmptyDelta, renderDeltaText } from '../../src/diff/index.js';
import { renderPrComment } from '../../src/emit/pr-comment.js';
import type { KillChain } from '../../src/model/types.js';
import { component, entryPoint, model, threat } from './model-factory.js';

test('threats are matched by id: new, resolved, changed, and moved when only lines differ', () => {
  const base = model({ threats: [threat('a'), threat('b'), threat('c', { severity: 'low' }), threat('d')] });
  const head = model({
    threats: [
      threat('a', { evidence: [{ file: 'docker-compose.yml', line: 30 }] }),
      threat('c', { severity: 'high' }),
      threat('d', { evidence: [{ file: 'other.yml', line: 3 }] }),
      threat('e', { severity: 'medium' }),
    ],
  });
  const delta = diffModels(base, head, { base: 'main', head: 'feature' });
  assert.deepEqual(delta.new.map((t) => t.id), ['e']);
  assert.deepEqual(delta.resolved.map((t) => t.id), ['b']);
  assert.deepEqual(delta.changed.map((t) => t.id), ['c', 'd']);
  assert.deepEqual(delta.threatChanges[0].fields.map((f) => f.field), ['severity', 'score']);
  assert.deepEqual(delta.threatChanges[1].fields, [{ field: 'evidenceFiles', before: ['docker-compose.yml'], after: ['other.yml'] }]);
  assert.deepEqual(delta.moved, ['a']);
  assert.equal(delta.base.ref, 'main');
  assert.equal(delta.head.open.high, 3);
});

test('the gate fails on new, escalated and reopened threats at or above the level, never on moved or improved ones', () => {
  const base = model({ threats: [threat('esc', { severity: 'medium' }), threat('re', { status: 'suppressed' }), threat('down', { severity: 'critical' }), threat('moved')] });
  const head = model({
    threats: [
      threat('esc', { severity: 'high' }),
      threat('re'),
      threat('down', { severity: 'medium' }),
      threat('moved', { evidence: [{ file: 'docker-compose.yml', line: 99 }] }),
      threat('new-low', { severity: 'low' }),
      threat('new-sup', { status: 'suppressed' }),
    ],
  });
  const delta = diffModels(base, head);
  const high = evaluateGate(delta, 'high');
  assert.equal(high.failed, true);
  assert.deepEqual(high.triggers.map((t) => [t.id, t.reason]).sort(), [['esc', 'escalated'], ['re', 'reopened']]);
  // At "low", esc was already at the level before: only what newly reaches it counts.
  assert.deepEqual(evaluateGate(delta, 'low').triggers.map((t) => t.id).sort(), ['new-low', 're']);
  assert.equal(evaluateGate(delta, 'critical').failed, false);
  assert.equal(evaluateGate(delta, 'none').failed, false);
});

test('architecture delta: entry points, components, flows and dependency versions', () => {
  const base = model({
    entryPoints: [entryPoint('orders'), entryPoint('admin')],
    dependencies: [
      { ecosystem: 'npm', name: 'express', version: '4.18.0', direct: true, component: 'c-api', manifest: 'api/package.json' },
      { ecosystem: 'npm', name: 'left-pad', version: '1.0.0', direct: true, component: 'c-api', manifest: 'api/package.json' },
    ],
  });
  const head = model({
    components: [component('c-api', { exposure: 'internet' }), component('c-db', { kind: 'datastore', tech: ['postgres'] })],
    flows: [{ id: 'f1', from: 'c-api', to: 'c-db', protocol: 'postgres', authenticated: true, encrypted: false, data: [], crosses: [], evidence: [] }],
    entryPoints: [entryPoint('orders'), entryPoint('admin', { auth: 'none' }), entryPoint('upload')],
    dependencies: [
      { ecosystem: 'npm', name: 'express', version: '4.19.2', direct: true, component: 'c-api', manifest: 'api/package.json' },
      { ecosystem: 'npm', name: 'multer', version: '1.4.5', direct: true, component: 'c-api', manifest: 'api/package.json' },
    ],
  });
  const delta = diffModels(base, head);
  const a = delta.architecture;
  assert.deepEqual(a.entryPoints.added.map((e) => e.id), ['upload']);
  assert.deepEqual(a.entryPoints.changed.map((c) => [c.after.id, c.fields]), [['admin', [{ field: 'auth', before: 'user', after: 'none' }]]]);
  assert.deepEqual(a.components.added.map((c) => c.id), ['c-db']);
  assert.deepEqual(a.components.changed[0].fields, [{ field: 'exposure', before: 'internal', after: 'internet' }]);
  assert.deepEqual(a.flows.added.map((f) => f.id), ['f1']);
  assert.deepEqual(a.dependencies.added.map((d) => d.name), ['multer']);
  assert.deepEqual(a.dependencies.removed.map((d) => d.name), ['left-pad']);
  assert.deepEqual(a.dependencies.changed, [{ ecosystem: 'npm', name: 'express', component: 'c-api', before: ['4.18.0'], after: ['4.19.2'] }]);
  const text = renderDeltaText(delta, { base, head });
  assert.match(text, /\+ GET \/upload on api/);
  assert.match(text, /~ GET \/admin on api \(auth none, internal\): auth user → none/);
  assert.match(text, /express: 4\.18\.0 → 4\.19\.2/);
});

test('kill chains that appear or grow are reported; identical models give an empty delta', () => {
  const chain = (id: string, steps: number, severity: KillChain['severity']): KillChain => ({
    id,
    entry: 'internet',
    target: 'orders database',
    steps: Array.from({ length: steps }, (_, i) => ({ threat: `t${i}`, from: `s${i}`, to: `s${i + 1}`, description: 'step' })),
    likelihood: 0.5,
    severity,
    escalation: false,
    narrative: 'An attacker walks in.',
    evidence: [],
  });
  const base = model({ killChains: [chain('k1', 2, 'medium'), chain('k2', 2, 'high')] });
  const head = model({ killChains: [chain('k1', 3, 'high'), chain('k3', 1, 'critical')] });
  const delta = diffModels(base, head);
  assert.deepEqual(delta.killChains.new.map((c) => c.id), ['k3']);
  assert.deepEqual(delta.killChains.grown.map((c) => c.fields.map((f) => f.field)), [['steps', 'severity']]);
  assert.deepEqual(delta.killChains.resolved.map((c) => c.id), ['k2']);
  assert.equal(isEmptyDelta(diffModels(base, base)), true);
  assert.equal(isEmptyDelta(delta), false);
});

test('the PR comment: marker, verdict, escaped repository text, folded long lists, bounded size', () => {
  const evil = threat('x', { title: 'Route `/a|b` <script>alert(1)</script> **bold**', evidence: [{ file: 'src/we ird|name.js', line: 7 }] });
  const base = model();
  const head = model({ threats: [evil], entryPoints: Array.from({ length: 40 }, (_, i) => entryPoint(`e${i}`)) });
  const delta = diffModels(base, head, { base: 'main', head: 'pr' });
  const md = renderPrComment(delta, { base, head }, evaluateGate(delta, 'high'), { linkBase: 'https://github.com/o/r/blob/abc' });
  assert.ok(md.startsWith('<!-- threatcode:pr-comment -->\n'));
  assert.match(md, /❌ gate failed/);
  assert.ok(!md.includes('<script>'), 'HTML from the repository is escaped');
  assert.ok(md.includes('&lt;script&gt;'));
  assert.ok(md.includes('https://github.com/o/r/blob/abc/src/we%20ird%7Cname.js#L7'));
  for (const line of md.split('\n').filter((l) => l.startsWith('| 🟧'))) assert.equal(line.split(/(?<!\\)\|/).length, 5, 'table row keeps 3 cells');
  assert.match(md, /<details><summary>Attack surface: \+40 entry points/);
  assert.match(md, /and 10 more in the JSON report/);
  const clean = renderPrComment(diffModels(base, base), { base, head: base }, evaluateGate(diffModels(base, base), 'high'));
  assert.match(clean, /✅ no new threats · ✅ gate passed/);
});
