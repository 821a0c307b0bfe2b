// `(await api.post('/users', user)).data` in a front-end service module: an HTTP client call on an
// imported instance named like a router, not a route (registering a route is never awaited).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor as express } from './index.js';

function routes(files: Record<string, string>): string[] {
  const { facts } = runExtractor(express, files);
  return (facts as Fact[]).filter((f): f is EntrypointFact => f.kind === 'entrypoint').map((f) => `${f.method} ${f.path}`);
}

describe('express: awaited calls on an imported client are no routes', () => {
  it('skips awaited or .then-read calls, keeps a real route on an imported router', () => {
    const got = routes({
      'src/services/user.service.ts': `import api from './api.service';
const create = async (user: NewUser) => {
  return (await api.post('/users', user)).data;
};
const update = (user: NewUser) => api.patch('/users/me', user).then((r) => r.data);
export default { create, update };`,
      'src/routes/health.ts': `import router from './router';
function health(req, res) { res.json({ ok: true }); }
router.get('/health', health);`,
    });
    assert.deepEqual(got, ['GET /health']);
  });
});
