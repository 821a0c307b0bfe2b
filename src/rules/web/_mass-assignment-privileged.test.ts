import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './mass-assignment.js';

const FIXTURE = new URL('./mass-assignment.fixture/privileged/', import.meta.url).pathname;

describe('mass-assignment: privileged fields of the model', () => {
  it('names the privileged fields and rates them above a model without any', async () => {
    const model = await analyzeDirectory(FIXTURE, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const threats = model.threats.filter((t) => t.ruleId === rule.meta.id);
    const at = (line: number) => threats.find((t) => t.evidence[0]?.line === line);
    const signup = at(25);
    const note = at(56);
    assert.ok(signup && note, 'both whole-body sinks are reported');
    assert.match(signup.grammar.threatAction, /isAdmin, credits/);
    assert.match(signup.remediation ?? '', /isAdmin/);
    assert.equal(signup.severity, 'critical');
    assert.ok(signup.score.likelihood > note.score.likelihood, `${signup.score.likelihood} vs ${note.score.likelihood}`);
  });

  it('reports a privileged key set from the request, once per sink, not on admin-only routes', async () => {
    const model = await analyzeDirectory(FIXTURE, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    const threats = model.threats.filter((t) => t.ruleId === rule.meta.id);
    const explicit = threats.find((t) => t.evidence[0]?.line === 32);
    assert.ok(explicit, 'Member.create({ isAdmin: req.body.isAdmin }) is reported');
    assert.match(explicit.grammar.threatAction, /isAdmin/);
    assert.ok(['high', 'critical'].includes(explicit.severity));
    assert.equal(threats.filter((t) => t.evidence[0]?.line === 50).length, 0, 'admin-only route');
    assert.equal(new Set(threats.map((t) => t.evidence[0]?.line)).size, threats.length, 'one finding per sink line');
  });
});
