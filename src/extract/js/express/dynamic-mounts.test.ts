// A router loaded with a dynamic import and mounted afterwards (an optional edition's routes:
// `const extra = (await import('./extra/routes')).default; router.use('/api/v1', extra)`) takes
// the mount's prefix like a router imported at the top of the file.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

function routes(files: Record<string, string>): Map<string, EntrypointFact> {
  const out = new Map<string, EntrypointFact>();
  for (const f of runExtractors([auth, extractor], files).facts) if (f.kind === 'entrypoint') out.set(`${f.method} ${f.path}`, f as EntrypointFact);
  return out;
}

const FILES = {
  'src/extra/routes.ts': `import express from 'express';
const router = express.Router();
router.get('/teams', (req, res) => res.json([]));
export default router;
`,
  'src/extra/reports.ts': `import { Router } from 'express';
export const reports = Router();
reports.get('/reports', (req, res) => res.json([]));
`,
  'src/routes.ts': `import express from 'express';
const router = express.Router();
router.get('/health', (req, res) => res.send('ok'));

export async function loadOptionalRoutes() {
  try {
    const extra = (await import('./extra/routes')).default;
    router.use('/api/v1', extra);
    const { reports } = await import('./extra/reports');
    router.use('/api/v2', reports);
  } catch (e) {
    console.log('community edition');
  }
}
export default router;
`,
  'src/app.ts': `import express from 'express';
import routes, { loadOptionalRoutes } from './routes';
const app = express();
app.use(routes);
await loadOptionalRoutes();
app.listen(3000);
`,
};

describe('extract/js/express routers mounted after a dynamic import', () => {
  it('prefixes their routes with the mount path', () => {
    const eps = [...routes(FILES).keys()].sort();
    assert.deepEqual(eps, ['GET /api/v1/teams', 'GET /api/v2/reports', 'GET /health']);
  });
});
