// A variable given a router factory's result and mounted afterwards: `const r = createApiRouter(db);
// app.use('/api', r)`, or `let r` given one of several factories in a switch (one login router per
// configured identity provider) and mounted at a template path (`` `/login/${provider.name}` ``).
// Each router the variable may hold is mounted at that prefix.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

function routes(files: Record<string, string>): string[] {
  const out: string[] = [];
  for (const f of runExtractors([auth, extractor], files).facts) if (f.kind === 'entrypoint') out.push(`${(f as EntrypointFact).method} ${(f as EntrypointFact).path}`);
  return out.sort();
}

const FILES = {
  'src/providers/password.ts': `import { Router } from 'express';
export function createPasswordRouter(provider: string): Router {
  const router = Router();
  router.post('/', (req, res) => res.json({ provider, user: req.body.email }));
  return router;
}
`,
  'src/providers/sso.ts': `import { Router } from 'express';
export function createSsoRouter(provider: string): Router {
  const router = Router();
  router.get('/', (req, res) => res.redirect('https://idp.example.com/authorize'));
  router.get('/callback', (req, res) => res.json({ code: req.query.code }));
  return router;
}
`,
  'src/routes/session.ts': `import { Router } from 'express';
import { createPasswordRouter } from '../providers/password';
import { createSsoRouter } from '../providers/sso';
import { listProviders } from '../config';
const router = Router();
const fallback = createPasswordRouter('default');
router.use('/default', fallback);
for (const provider of listProviders()) {
  let providerRouter;
  switch (provider.kind) {
    case 'password':
      providerRouter = createPasswordRouter(provider.name);
      break;
    case 'sso':
      providerRouter = createSsoRouter(provider.name);
      break;
  }
  if (!providerRouter) continue;
  router.use(\`/login/\${provider.name}\`, providerRouter);
}
router.post('/logout', (req, res) => res.json({}));
export default router;
`,
  'src/app.ts': `import express from 'express';
import sessionRouter from './routes/session';
const app = express();
app.use('/auth', sessionRouter);
app.listen(3000);
`,
};

describe('extract/js/express routers held by a variable given a factory call', () => {
  it('mounts each factory the variable is given at the mount path, a template included', () => {
    assert.deepEqual(routes(FILES), [
      'GET /auth/login/{provider.name}',
      'GET /auth/login/{provider.name}/callback',
      'POST /auth/default',
      'POST /auth/login/{provider.name}',
      'POST /auth/logout',
    ]);
  });

  it('mounts nothing where the variable also holds something else than a router factory call', () => {
    const files = {
      ...FILES,
      'src/routes/session.ts': FILES['src/routes/session.ts'].replace("router.use('/default', fallback);", "router.use('/default', fallback);\nlet other = createSsoRouter('x');\nother = someHandler;\nrouter.use('/other', other);"),
    };
    assert.ok(!routes(files).some((r) => r.includes('/other')));
  });
});
