// A route whose last argument wraps the controller with options (`withLicenceGuard(ctrl.create,
// { requiredTier })`, a plan or feature gate): the handler is the wrapped controller, not the
// wrapper and not the middleware before it, and a licence or plan gate is no check of the caller.
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

const APP = {
  'src/middleware/auth.ts': `import jwt from 'jsonwebtoken';
export function requireUser(req, res, next) {
  const token = (req.headers.authorization || '').replace('Bearer ', '');
  if (!token) return res.status(401).json({ error: 'login required' });
  try {
    req.user = jwt.verify(token, process.env.SECRET);
  } catch (e) {
    return res.status(401).json({ error: 'bad token' });
  }
  next();
}
`,
  'src/middleware/projectExists.ts': `import db from '../db';
export async function projectExists(req, res, next) {
  const project = await db('projects').where({ id: req.params.id }).first();
  if (!project) return res.status(404).json({ error: 'no such project' });
  req.project = project;
  next();
}
`,
  'src/licensing/guard.ts': `import { currentLicence } from './store';
export function withLicenceGuard(handler, options) {
  return async (req, res, next) => {
    const licence = await currentLicence();
    if (!options.requiredTier.includes(licence.tier)) return res.status(402).json({ error: 'upgrade' });
    return handler(req, res, next);
  };
}
`,
  'src/controllers/projects.ts': `import db from '../db';
export async function list(req, res) {
  res.json(await db('projects').select('id', 'name'));
}

export async function create(req, res) {
  const [row] = await db('projects').insert({ name: req.body.name, owner: req.user.id }).returning('*');
  res.status(201).json(row);
}

export async function update(req, res) {
  await db('projects').where({ id: req.project.id, owner: req.user.id }).update({ name: req.body.name });
  res.json({ ok: true });
}
`,
  'src/routes/projects.ts': `import express from 'express';
import * as projects from '../controllers/projects';
import { requireUser } from '../middleware/auth';
import { projectExists } from '../middleware/projectExists';
import { withLicenceGuard } from '../licensing/guard';
const router = express.Router();
router.get('/projects', withLicenceGuard(projects.list, { requiredTier: ['team', 'enterprise'] }));
router.post('/projects', requireUser, withLicenceGuard(projects.create, { requiredTier: ['team'] }));
router.patch('/projects/:id', requireUser, projectExists, withLicenceGuard(projects.update, { requiredTier: ['team'] }));
export default router;
`,
  'src/app.ts': `import express from 'express';
import projects from './routes/projects';
const app = express();
app.use('/api', projects);
app.listen(3000);
`,
};

describe('extract/js/express handlers wrapped with options', () => {
  it('takes the wrapped controller as the handler', () => {
    const eps = routes(APP);
    const table = [...eps.values()].map((e) => `${e.method} ${e.path} ${e.handler?.file}:${e.handler?.line}`).sort();
    assert.deepEqual(table, [
      'GET /api/projects src/controllers/projects.ts:2',
      'PATCH /api/projects/:id src/controllers/projects.ts:11',
      'POST /api/projects src/controllers/projects.ts:6',
    ]);
  });

  it('does not take the middleware before the wrapper for the handler', () => {
    const patch = routes(APP).get('PATCH /api/projects/:id');
    assert.ok(!patch?.tags?.includes('guard-after-handler'), String(patch?.tags));
  });

  it('counts a licence gate as no check of the caller', () => {
    const eps = routes(APP);
    assert.equal(eps.get('GET /api/projects')?.auth, 'none');
    assert.equal(eps.get('POST /api/projects')?.auth, 'user');
    assert.equal(eps.get('PATCH /api/projects/:id')?.auth, 'user');
  });

  it('counts a licence gate whose module is out of sight as no check of the caller either', () => {
    const files: Record<string, string> = { ...APP };
    delete files['src/licensing/guard.ts'];
    const eps = routes(files);
    assert.equal(eps.get('GET /api/projects')?.auth, 'none');
    assert.equal(eps.get('GET /api/projects')?.handler?.file, 'src/controllers/projects.ts');
  });
});
