import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';

const FIXTURE = new URL('./unauthenticated-state-changing-route.fixture/polyglot/hono-mounts', import.meta.url).pathname;

describe('rules/web: one handler mounted under several prefixes', () => {
  it('reports it once, on the longest path, naming the other mounts', async () => {
    const model = await analyzeDirectory(FIXTURE, { today: '2026-06-01', cache: false, pool: false });
    const eps = model.entryPoints.filter((e) => e.method === 'POST' && /devices/.test(e.path ?? '')).map((e) => e.path).sort();
    assert.deepEqual(eps, ['/devices', '/v1/devices']);
    const found = model.threats.filter((t) => t.ruleId === 'unauthenticated-state-changing-route');
    assert.equal(found.length, 1);
    assert.deepEqual([found[0].evidence[0].file, found[0].evidence[0].line], ['src/devices.ts', 8]);
    assert.match(found[0].title, /POST \/v1\/devices \(also mounted at \/devices\)/);
  });
});
