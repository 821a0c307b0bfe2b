import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { applyOverrides } from '../../src/api/overrides.js';
import { analyzeDirectory } from '../../src/api/pipeline.js';
import { applyPatch } from '../../src/mcp/patch/apply.js';
import { loadOverlay, OVERRIDES_FILE, recordEntry, serializeOverlay } from '../../src/mcp/patch/overlay.js';
import { PATCH_OP } from '../../src/mcp/patch/schema.js';
import type { PatchOp, ProvenancedThreat } from '../../src/mcp/patch/types.js';
import type { ThreatModel } from '../../src/model/types.js';
import { copyFixture, ORDERS } from '../ai/scenario.js';

const manual = { source: 'manual' as const, author: 'alice' };
const ai = { source: 'ai' as const, model: 'openai:m', reviewer: 'openai:m', confidence: 'medium' as const };
const addRefund: PatchOp = {
  op: 'add-threat',
  threat: { title: 'Refund amount from the client', description: 'Amount & total < cap', stride: ['T'], cwe: ['CWE-840'], likelihood: 'high', impact: 'high', evidence: [{ file: ORDERS, line: 15 }] },
  provenance: manual,
};

describe('model patches (pure)', () => {
  let root: string;
  let model: ThreatModel;
  let files: Map<string, string>;

  before(async () => {
    root = copyFixture();
    model = await analyzeDirectory(root, { today: '2026-06-01' });
    const secret = "const token = 'ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ab';\nconsole.log(token);\n";
    files = new Map([
      [ORDERS, readFileSync(join(root, ORDERS), 'utf8')],
      ['src/secret.js', secret],
    ]);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('adds a threat: id, component, score, statement, sanitised text, provenance; the input model is untouched', () => {
    const before = JSON.stringify(model);
    const result = applyPatch(model, [addRefund], files);
    assert.equal(JSON.stringify(model), before);
    assert.deepEqual(result.rejected, []);
    const threat = result.model.threats.find((t) => t.id === result.applied[0].id) as ProvenancedThreat;
    assert.equal(threat.source, 'manual');
    assert.equal(threat.description, 'Amount and total cap');
    assert.deepEqual(threat.elements, [model.components.find((c) => c.name === 'lite-shop')?.id]);
    assert.ok(['critical', 'high'].includes(threat.severity));
    assert.ok(threat.statement.startsWith('A'));
    assert.deepEqual(threat.provenance, [{ action: 'added', source: 'manual', author: 'alice' }]);
    assert.deepEqual(result.model.threats.map((t) => t.id), [...result.model.threats.map((t) => t.id)].sort());
    // Same content, same id: ids are stable.
    assert.equal(applyPatch(model, [addRefund], files).applied[0].id, threat.id);
  });

  test('evidence snippets are read from the file and redacted', () => {
    const op: PatchOp = { ...addRefund, threat: { ...addRefund.threat, title: 'Token in code', evidence: [{ file: 'src/secret.js', line: 1 }], elements: ['lite-shop'] } } as PatchOp;
    const threat = applyPatch(model, [op], files).model.threats.find((t) => t.title === 'Token in code');
    assert.ok(threat?.evidence[0].snippet?.includes('****'));
    assert.ok(!threat?.evidence[0].snippet?.includes('ghp_ABCDEFGHIJ'));
  });

  test('rejects each bad operation with its reason and keeps the good ones', () => {
    const sqli = model.threats.find((t) => t.ruleId === 'sql-injection');
    assert.ok(sqli);
    const ops: PatchOp[] = [
      { ...addRefund, threat: { ...addRefund.threat, evidence: [{ file: ORDERS, line: 500 }] } } as PatchOp,
      { ...addRefund, threat: { ...addRefund.threat, evidence: [{ file: 'missing.js', line: 1 }] } } as PatchOp,
      { ...addRefund, threat: { ...addRefund.threat, evidence: [], elements: ['no such component'] } } as PatchOp,
      { op: 'update-threat', id: sqli.id, set: { status: 'resolved' }, provenance: manual },
      { op: 'update-threat', id: '00000000-0000-5000-8000-000000000000', set: { severity: 'low' }, provenance: manual },
      { op: 'add-mitigation', mitigation: { title: 'M', content: 'c', threats: ['00000000-0000-5000-8000-000000000000'] }, provenance: manual },
      addRefund,
    ];
    const result = applyPatch(model, ops, files);
    assert.deepEqual(
      result.rejected.map((r) => r.reason.split(' ').slice(0, 3).join(' ')),
      ['evidence src/routes/orders.js:500 is', 'evidence file missing.js', 'unknown element no', 'status resolved needs', 'no threat 00000000-0000-5000-8000-000000000000', 'no threat 00000000-0000-5000-8000-000000000000'],
    );
    assert.equal(result.rejected[4].stale, true);
    assert.equal(result.applied.length, 1);
  });

  test('LLM enrichment (strictAi) may only add open threats and move severity one step', () => {
    const sqli = model.threats.find((t) => t.ruleId === 'sql-injection');
    assert.ok(sqli);
    const ops: PatchOp[] = [
      { op: 'update-threat', id: sqli.id, set: { status: 'resolved', statusReason: 'x' }, provenance: ai },
      { op: 'update-threat', id: sqli.id, set: { severity: 'low' }, provenance: ai },
      { ...addRefund, threat: { ...addRefund.threat, status: 'accepted', statusReason: 'x' }, provenance: ai } as PatchOp,
      { op: 'update-threat', id: sqli.id, set: { severity: 'high' }, provenance: { ...ai, reason: 'only reachable by staff' } },
    ];
    const strict = applyPatch(model, ops, files, { strictAi: true });
    assert.equal(strict.rejected.length, 3);
    const changed = strict.model.threats.find((t) => t.id === sqli.id);
    assert.equal(changed?.severity, 'high');
    assert.ok(changed?.score.factors.some((f) => f.name === 'ai review' && f.detail === 'only reachable by staff'));
    // An agent over MCP is not bound by the enrichment's limits.
    assert.equal(applyPatch(model, ops.slice(0, 1), files).rejected.length, 0);
  });

  test('links mitigations both ways and records assumptions', () => {
    const sqli = model.threats.find((t) => t.ruleId === 'sql-injection');
    assert.ok(sqli);
    const result = applyPatch(model, [
      { op: 'add-mitigation', mitigation: { title: 'Parameterised queries', content: 'All queries use parameters.', status: 'implemented', threats: [sqli.id] }, provenance: manual },
      { op: 'add-assumption', assumption: { content: 'Only staff can reach the search route.', threats: [sqli.id] }, provenance: manual },
    ]);
    const [mitigationId, assumptionId] = result.applied.map((a) => a.id);
    assert.ok(result.model.threats.find((t) => t.id === sqli.id)?.mitigations.includes(mitigationId));
    assert.deepEqual(result.model.mitigations.find((m) => m.id === mitigationId)?.threats, [sqli.id]);
    assert.deepEqual(result.model.assumptions.find((a) => a.id === assumptionId)?.threats, [sqli.id]);
  });

  test('the zod schema refuses unknown keys, bad ids and paths leaving the repository', () => {
    assert.equal(PATCH_OP.safeParse(addRefund).success, true);
    assert.equal(PATCH_OP.safeParse({ ...addRefund, threat: { ...addRefund.threat, status: 'resolved', extra: 1 } }).success, false);
    assert.equal(PATCH_OP.safeParse({ op: 'update-threat', id: 'x', set: {}, provenance: manual }).success, false);
    assert.equal(PATCH_OP.safeParse({ ...addRefund, threat: { ...addRefund.threat, evidence: [{ file: '../etc/passwd', line: 1 }] } }).success, false);
    assert.equal(PATCH_OP.safeParse({ ...addRefund, threat: { ...addRefund.threat, title: 'a\u001b[31m' } }).success, false);
  });
});

describe('the overrides file', () => {
  let root: string;
  before(() => {
    root = copyFixture();
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('without the file the analysed model is returned as is', async () => {
    const model = await analyzeDirectory(root, { today: '2026-06-01' });
    assert.equal(await applyOverrides(root, model), model);
    assert.ok(!JSON.stringify(model).includes('provenance'));
  });

  test('is applied by every analysis, reports stale and invalid entries, and merges repeated edits', async () => {
    const base = await analyzeDirectory(root, { today: '2026-06-01' });
    const sqli = base.threats.find((t) => t.ruleId === 'sql-injection');
    assert.ok(sqli);
    let overlay = (await loadOverlay(root)).overlay;
    overlay = recordEntry(overlay, { target: 'c2fc5c33-54d5-5d9f-a1a5-8d52b4b4b8f6', operation: addRefund });
    overlay = recordEntry(overlay, { target: sqli.id, operation: { op: 'update-threat', id: sqli.id, set: { status: 'accepted', statusReason: 'behind VPN' }, provenance: manual } });
    overlay = recordEntry(overlay, { target: sqli.id, operation: { op: 'update-threat', id: sqli.id, set: { statusReason: 'behind the VPN, ticket SEC-1' }, provenance: manual } });
    const stale = '11111111-1111-5111-8111-111111111111';
    overlay = recordEntry(overlay, { target: stale, operation: { op: 'update-threat', id: stale, set: { severity: 'low' }, provenance: manual } });
    assert.equal(overlay.entries.length, 3);
    mkdirSync(join(root, '.threatcode'), { recursive: true });
    const doc = JSON.parse(serializeOverlay(overlay)) as { entries: unknown[] };
    doc.entries.push({ target: 'not-an-id', operation: {} });
    writeFileSync(join(root, OVERRIDES_FILE), JSON.stringify(doc));

    const model = await analyzeDirectory(root, { today: '2026-06-01' });
    const accepted = model.threats.find((t) => t.id === sqli.id);
    assert.equal(accepted?.status, 'accepted');
    assert.equal(accepted?.statusReason, 'behind the VPN, ticket SEC-1');
    assert.ok(model.threats.some((t) => t.title === 'Refund amount from the client' && t.source === 'manual'));
    const codes = model.diagnostics.map((d) => d.code);
    assert.ok(codes.includes('override-stale'));
    assert.ok(codes.includes('override-invalid'));
    // Deterministic: the same files give the same model.
    assert.deepEqual(await analyzeDirectory(root, { today: '2026-06-01' }), model);
  });
});
