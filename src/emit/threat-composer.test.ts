import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stableId } from '../model/ids.js';
import { MODEL_SCHEMA, type Mitigation, type Threat, type ThreatModel } from '../model/types.js';
import { sanitizeValue } from '../tc/sanitize.js';
import type { TcDocument } from '../tc/schema.js';
import { renderStatement } from '../tc/statement.js';
import { RECONCILIATION_CODES } from '../tc/types.js';
import { validateThreatComposer } from '../tc/validate.js';
import { renderThreatComposer } from './threat-composer.js';

const long = 'very long text '.repeat(40); // 600 characters
const api = stableId('component', 'api');
const db = stableId('component', 'db');
const boundary = stableId('boundary', 'internet');

function threat(key: string, overrides: Partial<Threat>): Threat {
  return {
    id: stableId('threat', key),
    ruleId: 'core/sql-injection',
    title: 'SQL injection in Map<K,V> lookup',
    description: 'Query built with a && b <script>alert(1)</script>',
    stride: ['T', 'I'],
    cwe: ['CWE-89'],
    capec: ['CAPEC-66'],
    attack: ['T1190'],
    owasp: ['A03:2021'],
    severity: 'critical',
    score: { value: 9.1, likelihood: 3, impact: 3, factors: [], explanation: 'internet facing' },
    elements: [api, db, 'unknown-element'],
    evidence: [
      { file: 'src/routes/search.ts', line: 12 },
      { file: 'src/a&b<c>.ts', line: 3 },
    ],
    grammar: {
      threatSource: 'an internet-based threat actor',
      prerequisites: '  with access to the <public> API  ',
      threatAction: `inject SQL via Map<K,V> & ${long}`,
      threatImpact: 'reading all customer records',
      impactedGoal: ['confidentiality', 'integrity', ''],
      impactedAssets: ['customer database', 'customer database'],
    },
    statement: '',
    mitigations: [stableId('mitigation', 'param')],
    status: 'open',
    source: 'rule',
    confidence: 'high',
    architectural: false,
    remediation: `Use parameterised queries; never concatenate -> ${long}`,
    ...overrides,
  };
}

const mitigation: Mitigation = {
  id: stableId('mitigation', 'param'),
  title: 'Parameterised queries',
  content: `Bind every value <script>x</script> & ${long}`,
  controls: { cwe: ['CWE-89'], asvs: ['V5.3.4'], nist80053: ['SI-10'] },
  remediation: `Replace string concatenation in ${long}`,
  status: 'in-progress',
  threats: [stableId('threat', 'sqli')],
};

const model: ThreatModel = {
  schema: MODEL_SCHEMA,
  generator: { name: 'threatcode', version: '0.1.0' },
  product: { name: 'Shop <Prod> & Co', description: '# Shop\n\nSells things.\n\n## Details\n\nA && B', repository: 'github.com/x/shop', commit: 'abc123', languages: ['ts'], owners: ['team-a'] },
  components: [
    { id: api, name: 'api', kind: 'service', tech: ['express'], paths: ['src'], exposure: 'internet', trustZone: 'dmz', evidence: [] },
    { id: db, name: 'a-really-long-database-component-name', kind: 'datastore', tech: ['postgres'], paths: [], exposure: 'internal', trustZone: 'data', evidence: [] },
  ],
  flows: [{ id: stableId('flow', 'api-db'), from: api, to: db, protocol: 'postgres', authenticated: true, encrypted: 'unknown', data: ['orders | invoices'], crosses: [boundary], evidence: [] }],
  trustBoundaries: [{ id: boundary, name: 'Internet <-> DMZ', kind: 'internet', components: [api] }],
  entryPoints: [{ id: stableId('entry', 'get'), component: api, kind: 'http', method: 'GET', path: '/search?q=<q>', auth: 'none', middleware: [], exposure: 'internet', tags: [], evidence: [{ file: 'src/routes/search.ts', line: 10 }] }],
  assets: [{ id: stableId('asset', 'orders'), name: 'orders', classification: 'confidential', categories: [], storedIn: [db], evidence: [] }],
  dependencies: [],
  threats: [
    threat('sqli', {}),
    threat('open', { mitigations: [], status: 'accepted', grammar: { threatSource: 'The attacker', prerequisites: '', threatAction: 'spoof', threatImpact: '', impactedGoal: [], impactedAssets: [] } }),
    threat('unmitigated', { mitigations: [], severity: 'low', stride: [], architectural: true, evidence: [] }),
  ],
  mitigations: [mitigation],
  assumptions: [{ id: stableId('assumption', 'tls'), content: 'TLS terminates at the <ALB> & WAF', source: 'config', threats: [stableId('threat', 'sqli'), 'missing-threat'] }],
  killChains: [],
  diagnostics: [],
};

const dfd = 'flowchart LR\n  subgraph internet["Internet"]\n    api["api"]\n  end\n  api -->|"postgres & tls"| db[("db <main>")]\n';

test('the output validates with our validator: no errors, only reconciliation warnings', () => {
  const text = renderThreatComposer(model, { dfd });
  const result = validateThreatComposer(text, 'threatmodel.tc.json');
  assert.deepEqual(result.errors, []);
  assert.equal(result.importable, true);
  const unexpected = result.warnings.filter((w) => !RECONCILIATION_CODES.has(w.code));
  assert.deepEqual(unexpected, []);
  assert.deepEqual(result.warnings.map((w) => `${w.path} ${w.code}`), ['threats[2] unmitigated-threat']);
});

test('the importer would store every string exactly as written', () => {
  const doc = JSON.parse(renderThreatComposer(model, { dfd })) as unknown;
  assert.deepEqual(sanitizeValue(doc), doc);
});

test('pretty JSON with a trailing newline, byte-identical across runs', () => {
  const a = renderThreatComposer(model, { dfd });
  assert.equal(a, renderThreatComposer(structuredClone(model), { dfd }));
  assert.ok(a.endsWith('}\n'));
  assert.ok(a.startsWith('{\n  "schema": 1,\n  "applicationInfo"'));
});

test('threat fields, metadata, status, tags and links are mapped', () => {
  const doc = JSON.parse(renderThreatComposer(model, { dfd })) as Required<TcDocument>;
  const [sqli, accepted, open] = doc.threats;
  assert.equal(sqli.id, stableId('threat', 'sqli'));
  assert.deepEqual(doc.threats.map((t) => [t.numericId, t.displayOrder]), [[1, 1], [2, 2], [3, 3]]);
  assert.equal(sqli.threatSource, 'internet-based threat actor');
  assert.equal(sqli.prerequisites, 'with access to the ‹public› API');
  assert.ok(sqli.threatAction && sqli.threatAction.length <= 200 && sqli.threatAction.endsWith('…'));
  assert.ok(sqli.threatAction?.startsWith('inject SQL via Map‹K,V› and very long'));
  assert.deepEqual(sqli.impactedGoal, ['confidentiality', 'integrity']);
  assert.deepEqual(sqli.impactedAssets, ['customer database']);
  assert.equal(sqli.statement, renderStatement(sqli));
  assert.ok(sqli.statement?.startsWith('An internet-based threat actor with access'));
  assert.equal(sqli.status, 'threatIdentified');
  assert.equal(accepted.status, 'threatResolvedNotUseful');
  assert.equal(accepted.threatSource, 'attacker');
  assert.equal(accepted.statement, 'An attacker can spoof');
  assert.deepEqual(sqli.tags, ['Tampering', 'Information Disclosure', 'api', 'a-really-long-database-compon…']);
  const meta = Object.fromEntries((sqli.metadata ?? []).map((m) => [m.key, m.value]));
  assert.deepEqual(meta.STRIDE, ['T', 'I']);
  assert.equal(meta.Priority, 'High');
  assert.deepEqual(meta['custom:cwe'], ['CWE-89']);
  assert.deepEqual(meta['custom:evidence'], ['src/routes/search.ts:12', 'src/a%26b%3Cc%3E.ts:3']);
  assert.equal(meta['custom:ruleId'], 'core/sql-injection');
  assert.equal(meta['custom:score'], '9.1');
  assert.equal(meta['custom:threatcodeId'], stableId('threat', 'sqli'));
  assert.ok(typeof meta.Comments === 'string' && meta.Comments.length <= 1000 && meta.Comments.startsWith('SQL injection in Map‹K,V› lookup.'));
  assert.equal(Object.fromEntries((open.metadata ?? []).map((m) => [m.key, m.value])).Priority, 'Low');
  const [m] = doc.mitigations;
  assert.equal(m.status, 'mitigationInProgress');
  assert.ok(m.content.length <= 1000 && m.content.startsWith('Parameterised queries\n\nBind every value ‹script›x‹/script› and'));
  assert.deepEqual(doc.mitigationLinks, [{ mitigationId: mitigation.id, linkedId: sqli.id }]);
  assert.deepEqual(doc.assumptionLinks, [{ type: 'Threat', assumptionId: stableId('assumption', 'tls'), linkedId: sqli.id }]);
  assert.equal(doc.assumptions[0].content, 'TLS terminates at the ‹ALB› and WAF');
  assert.equal((doc as Record<string, unknown>).brainstorm, undefined);
  assert.equal((doc as Record<string, unknown>).workspace, undefined);
});

test('descriptions carry the components, flows, boundaries and a sanitiser-safe Mermaid DFD', () => {
  const doc = JSON.parse(renderThreatComposer(model, { dfd })) as Required<TcDocument>;
  assert.equal(doc.applicationInfo.name, 'Shop ‹Prod› and Co');
  assert.match(doc.applicationInfo.description ?? '', /^### Summary\n\n#### Shop\n\nSells things\.\n\n##### Details/);
  assert.match(doc.architecture.description ?? '', /\| api \| service \| express \| internet \| dmz \|/);
  assert.match(doc.architecture.description ?? '', /```mermaid\nflowchart LR[\s\S]*api --o\|"postgres and tls"\| db\[\("db ‹main›"\)\]/);
  assert.match(doc.dataflow.description ?? '', /\| api \| a-really-long-database-component-name \| postgres \| yes \| unknown \| orders \\\| invoices \| Internet ↔ DMZ \|/);
  assert.match(doc.dataflow.description ?? '', /### Trust boundaries/);
});

test('an empty model still gives an importable workspace', () => {
  const empty: ThreatModel = { ...model, components: [], flows: [], trustBoundaries: [], entryPoints: [], assets: [], threats: [], mitigations: [], assumptions: [] };
  const result = validateThreatComposer(renderThreatComposer(empty, { dfd: '' }), 'x.tc.json');
  assert.deepEqual({ importable: result.importable, errors: result.errors, warnings: result.warnings }, { importable: true, errors: [], warnings: [] });
});
