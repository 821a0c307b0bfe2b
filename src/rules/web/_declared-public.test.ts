import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';

const NEST_APP = new URL('./unauthenticated-state-changing-route.fixture/polyglot/nest', import.meta.url).pathname;

describe('rules/web: routes declared public', () => {
  it('reports a state change declared public (@Public()) with low confidence, as intent to confirm', async () => {
    const model = await analyzeDirectory(NEST_APP, { today: '2026-06-01', cache: false, pool: false });
    const found = model.threats.filter((t) => t.ruleId === 'unauthenticated-state-changing-route').map((t) => [t.evidence[0].line, t.confidence]);
    assert.deepEqual(found, [[11, 'low']]);
  });
});
