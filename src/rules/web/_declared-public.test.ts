import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';

const FIXTURE = new URL('./unauthenticated-state-changing-route.fixture/polyglot/', import.meta.url).pathname;

async function findings(app: string): Promise<[string, number, string][]> {
  const model = await analyzeDirectory(FIXTURE + app, { today: '2026-06-01', cache: false, pool: false });
  return model.threats.filter((t) => t.ruleId === 'unauthenticated-state-changing-route').map((t) => [t.evidence[0].file, t.evidence[0].line, t.confidence]);
}

async function severities(app: string): Promise<string[]> {
  const model = await analyzeDirectory(FIXTURE + app, { today: '2026-06-01', cache: false, pool: false });
  return model.threats.filter((t) => t.ruleId === 'unauthenticated-state-changing-route').map((t) => t.severity);
}

describe('rules/web: routes declared public', () => {
  it('reports a state change declared public with low confidence, as intent to confirm', async () => {
    // NestJS @Public(), ASP.NET [AllowAnonymous], a Spring permitAll() matcher naming the path.
    assert.deepEqual(await findings('nest'), [['src/transfers.controller.ts', 11, 'low']]);
    assert.deepEqual(await findings('bank'), [['Controllers/TransfersController.cs', 14, 'low']]);
    assert.deepEqual(await findings('shop'), [['src/main/java/com/acme/CouponController.java', 13, 'low']]);
  });

  it('rates a route declared public medium at most: the stated intent is to confirm, not a forgotten guard', async () => {
    for (const app of ['nest', 'bank']) for (const severity of await severities(app)) assert.ok(!['high', 'critical'].includes(severity), `${app}: ${severity}`);
  });

  it("rates low a route refused unless the caller's session holds an earlier step, and keeps a plain open write", async () => {
    const model = await analyzeDirectory(FIXTURE + 'nest-session', { today: '2026-06-01', cache: false, pool: false });
    const found = model.threats.filter((t) => t.ruleId === 'unauthenticated-state-changing-route').map((t) => [t.evidence[0].line, t.confidence]).sort((a, b) => Number(a[0]) - Number(b[0]));
    assert.deepEqual(found, [[13, 'low'], [38, 'medium']]);
  });

  it('keeps the rule confidence where nothing declares the route public', async () => {
    assert.deepEqual(await findings('go'), [['main.go', 21, 'medium']]);
  });
});
