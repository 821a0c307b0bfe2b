import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';

const FIXTURE = new URL('./unauthenticated-state-changing-route.fixture/polyglot/handler-authz', import.meta.url).pathname;

describe('rules/web: routes whose handler authorises the caller against data (handler-authz)', () => {
  it("rates an open route medium at most when its handler compares the caller's role with the record's or a setting's, and keeps a plain open write", async () => {
    const model = await analyzeDirectory(FIXTURE, { today: '2026-06-01', cache: false, pool: false });
    const found = model.threats
      .filter((t) => t.ruleId === 'unauthenticated-state-changing-route')
      .map((t) => [t.evidence[0].line, t.severity, t.confidence])
      .sort((a, b) => Number(a[0]) - Number(b[0]));
    assert.equal(found.length, 3, JSON.stringify(found));
    const [action, upload, comments] = found;
    for (const f of [action, upload]) assert.ok(!['high', 'critical'].includes(String(f[1])) && f[2] === 'low', JSON.stringify(f));
    assert.ok(['high', 'critical'].includes(String(comments[1])), JSON.stringify(comments));
  });
});
