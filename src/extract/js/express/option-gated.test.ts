// A middleware factory whose returned function refuses only as its options ask
// (`endpoint({ auth: 'never' })`, `endpoint({ permission: 'EDIT' })`): a test of an option alone
// (`if (opts.permission)`) checks nobody, and each use site's options decide the route's auth.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

function authOf(files: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of runExtractors([auth, extractor], files).facts) if (f.kind === 'entrypoint') out[`${f.method} ${f.path}`] = f.auth;
  return out;
}

const APP = {
  'src/middleware/endpoint.ts': `import { lookupGrants } from '../grants';
import { HttpError } from '../errors';
export interface EndpointOptions { auth?: 'never' | 'optional' | 'required'; permission?: string; bodySchema?: string }
export function endpoint(opts: EndpointOptions) {
  opts.auth ??= 'required';
  return async (req, res, next) => {
    if (opts.auth === 'required' && !req.isAuthenticated) throw new HttpError(401, 'Unauthorized');
    if (opts.permission) {
      const grants = await lookupGrants(req.userId);
      if (!grants.includes(opts.permission)) throw new HttpError(403, 'Missing permission');
    }
    next();
  };
}
`,
  'src/app.ts': `import express from 'express';
import { endpoint } from './middleware/endpoint';
const app = express();
app.post('/login', endpoint({ auth: 'never', bodySchema: 'Login' }), (req, res) => res.json({}));
app.get('/feed', endpoint({ auth: 'optional' }), (req, res) => res.json([]));
app.get('/me', endpoint({}), (req, res) => res.json(req.user));
app.patch('/boards/:id', endpoint({ permission: 'EDIT_BOARD' }), (req, res) => res.json({}));
export default app;
`,
};

describe('express option-gated middleware factories', () => {
  it('judges each use by the options it passes, not by a check only an option switches on', () => {
    assert.deepEqual(authOf(APP), { 'POST /login': 'none', 'GET /feed': 'none', 'GET /me': 'user', 'PATCH /boards/:id': 'user' });
  });
});
