import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';

const FIXTURE = new URL('./unauthenticated-state-changing-route.fixture/', import.meta.url).pathname;

describe('unauthenticated-state-changing-route: first-run setup', () => {
  it('rates an open setup route below an open write of application data', async () => {
    const model = await analyzeDirectory(FIXTURE, { today: '2026-06-01', cache: false, pool: false });
    const found = model.threats.filter((t) => t.ruleId === 'unauthenticated-state-changing-route' && t.evidence[0].file === 'src/index.ts');
    const severity = (path: string) => found.find((t) => t.title.includes(path))?.severity;
    assert.equal(severity('/api/comments/:id'), 'critical');
    assert.equal(severity('/api/setup/finalize'), 'medium');
    assert.equal(severity('/api/onboard/next-step'), 'medium');
  });
});
