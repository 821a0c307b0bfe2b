// Routers imported through a tsconfig `paths` alias named after a folder (`@server/routes` →
// `server/routes/index`, `@server/routes/settings`) are mounted like relative imports: the mount
// prefix and the guards in front of them reach their routes. A scoped npm package that is no file
// of the repository mounts nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

const FILES = {
  'server/index.ts': `import express from 'express';
import routes from '@server/routes';
import { queuesRouter } from '@bull-board/routes';
const server = express();
server.use(express.json());
server.use('/api/v1', routes);
server.use('/queues', queuesRouter);
server.listen(3000);
`,
  'server/middleware/auth.ts': `export const requirePermission = (permission?: number) => {
  const mw = (req, res, next) => {
    if (!req.user || !req.user.hasPermission(permission ?? 0)) {
      return res.status(403).json({ error: 'forbidden' });
    }
    next();
  };
  return mw;
};
`,
  'server/routes/index.ts': `import { Router } from 'express';
import { requirePermission } from '@server/middleware/auth';
import { Permission } from '@server/lib/permissions';
import settingsRoutes from '@server/routes/settings';
const router = Router();
router.get('/status', (req, res) => res.json({ ok: true }));
router.use('/settings', requirePermission(Permission.ADMIN), settingsRoutes);
export default router;
`,
  'server/routes/settings/index.ts': `import { Router } from 'express';
const settingsRoutes = Router();
settingsRoutes.post('/mail', async (req, res) => {
  await saveMailSettings(req.body);
  res.status(200).json({ saved: true });
});
async function saveMailSettings(body) { return body; }
export default settingsRoutes;
`,
};

function routes(): EntrypointFact[] {
  return runExtractors([auth, extractor], FILES).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
}

describe('extract/js/express: routers imported through a tsconfig paths alias', () => {
  it('mounts an aliased router module under its prefix', () => {
    const all = routes();
    const status = all.find((r) => r.method === 'GET' && r.path === '/api/v1/status');
    assert.ok(status, all.map((r) => `${r.method} ${r.path}`).join(', '));
    assert.ok(!status.tags?.includes('mount-unresolved'), status.tags?.join(', '));
  });

  it('carries the guard of the aliased mount to the nested router', () => {
    const all = routes();
    const mail = all.find((r) => r.method === 'POST' && r.path === '/api/v1/settings/mail');
    assert.ok(mail, all.map((r) => `${r.method} ${r.path}`).join(', '));
    assert.equal(mail.auth, 'admin');
  });

  it('mounts nothing for a scoped package outside the repository', () => {
    assert.ok(!routes().some((r) => r.path?.startsWith('/queues')));
  });
});
