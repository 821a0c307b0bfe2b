import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';

const FIXTURE = new URL('./unauthenticated-state-changing-route.fixture/polyglot/nest-graphql-authz', import.meta.url).pathname;

describe('rules/web: GraphQL mutations whose resolver checks the caller\'s permission itself (handler-authz)', () => {
  it('rates such a mutation medium at most and low confidence, and keeps a plain open mutation high', async () => {
    const model = await analyzeDirectory(FIXTURE, { today: '2026-06-01', cache: false, pool: false });
    const found = new Map(model.threats.filter((t) => t.ruleId === 'unauthenticated-state-changing-route').map((t) => [t.evidence[0].file.split('/').pop(), [t.severity, t.confidence]]));
    const checked = found.get('preferences.resolver.ts');
    assert.ok(checked && !['high', 'critical'].includes(String(checked[0])) && checked[1] === 'low', JSON.stringify(checked));
    const open = found.get('notes.resolver.ts');
    assert.ok(open && ['high', 'critical'].includes(String(open[0])), JSON.stringify(open));
  });
});
