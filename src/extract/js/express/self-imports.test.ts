// A package importing its own files by its package name (a tsconfig `paths` alias named after its
// folder, `"back-office/*": ["./*"]`), and controllers handed through a wrapper over the whole
// module (`const ctrl = wrapController(ctrlRaw)` with `import * as ctrlRaw`): both must reach the
// router's mount prefix and the handler's own checks like a relative import does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as express } from './index.js';

function routes(files: Record<string, string>): Map<string, EntrypointFact> {
  const facts: Fact[] = runExtractors([auth, express], files).facts;
  const out = new Map<string, EntrypointFact>();
  for (const f of facts) if (f.kind === 'entrypoint') out.set(`${f.method} ${f.path}`, f as EntrypointFact);
  return out;
}

const GUARD = `import type { Request, Response, NextFunction } from 'express';
import jwt from 'jsonwebtoken';
export function requireUser(req: Request, res: Response, next: NextFunction) {
  const token = req.headers.authorization;
  if (!token) return res.status(401).end();
  (req as any).user = jwt.verify(token, process.env.JWT_SECRET as string, { algorithms: ['HS256'] });
  next();
}
`;

describe('extract/js/express: self-imports and wrapped controller modules', () => {
  it('mounts a router imported through the package name under its prefix and guard', () => {
    const r = routes({
      'packages/back-office/package.json': '{ "name": "back-office" }',
      'packages/back-office/src/auth.ts': GUARD,
      'packages/back-office/src/routers/invoices/invoices.router.ts': `import { Router } from 'express';
const router = Router();
router.get('/:id', (req, res) => res.json({ id: req.params.id }));
router.delete('/:id', (req, res) => res.sendStatus(204));
export { router as invoicesRouter };
`,
      'packages/back-office/src/app.ts': `import express from 'express';
import { requireUser } from 'back-office/src/auth';
import { invoicesRouter } from 'back-office/src/routers/invoices/invoices.router';
const app = express();
app.use(requireUser);
app.use('/invoices', invoicesRouter);
export default app;
`,
    });
    assert.equal(r.get('DELETE /invoices/:id')?.auth, 'user');
    assert.equal(r.get('GET /invoices/:id')?.auth, 'user');
    assert.equal(r.has('DELETE /:id'), false);
  });

  it('follows a handler of a controller module handed through a wrapper to its own admin check', () => {
    const r = routes({
      'src/auth.ts': GUARD,
      'src/controllers/operators.ts': `import type { Response } from 'express';
export async function listTenants(req: any, res: Response) {
  if (!req.user.isSuperAdmin) return res.status(403).json({ message: 'operators only' });
  res.json([]);
}
`,
      'src/app.ts': `import express from 'express';
import { requireUser } from './auth';
import * as operatorsControllerRaw from './controllers/operators';
import { wrapController } from './wrap';
const operatorsController = wrapController(operatorsControllerRaw);
const app = express();
app.use(requireUser);
app.get('/operators/tenants', operatorsController.listTenants);
export default app;
`,
    });
    const route = r.get('GET /operators/tenants');
    assert.equal(route?.auth, 'admin');
    assert.equal(route?.handler?.file, 'src/controllers/operators.ts');
  });
});
