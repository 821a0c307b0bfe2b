import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as nextjs } from '../nextjs/index.js';
import { extractor } from './index.js';

// A class whose static methods take the request and response, write the 401/403 themselves and
// hand back a verdict; handlers call them as `if (!OpsAuth.requireOps(req, res)) return;`.
const lib = `import crypto from 'crypto';
import { env } from '@/env';
export class OpsAuth {
  static checkBearer = (header) => {
    const [scheme, token] = (header ?? '').split(' ');
    if (scheme !== 'Bearer' || !token || !env.ADMIN_API_KEY) return { ok: false, error: 'Unauthorized' };
    return { ok: crypto.timingSafeEqual(Buffer.from(token), Buffer.from(env.ADMIN_API_KEY)) };
  };
  private static fromHeaders(headers) {
    return OpsAuth.checkBearer(headers.authorization);
  }
  public static requireOps(req, res, options = {}) {
    const result = OpsAuth.fromHeaders(req.headers);
    if (!result.ok) {
      res.status(401).json({ error: result.error });
      return false;
    }
    return true;
  }
  static requireMember(req, res) {
    const session = readSession(req.headers.cookie);
    if (!session) {
      res.status(401).end();
      return false;
    }
    return true;
  }
  static describe(req, res) {
    res.json({ name: 'ops' });
  }
}`;

const routes = (files: Record<string, string>) =>
  Object.fromEntries(
    runExtractors([extractor, nextjs], { 'src/server/ops-auth.ts': lib, ...files })
      .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
      .map((e) => [`${e.method} ${e.path}`, e.auth]),
  );

describe('extract/js/auth static guard methods', () => {
  it('judges `if (!Class.method(req, res)) return;` by the static method, admin when it checks the operator key', () => {
    assert.deepEqual(
      routes({
        'src/pages/api/admin/projects.ts': `import { OpsAuth } from '@/server/ops-auth';
export default async function handler(req, res) {
  if (req.method !== 'POST') return res.status(405).end();
  if (!OpsAuth.requireOps(req, res)) {
    return;
  }
  res.json(await db.project.create({ data: req.body }));
}`,
        'src/pages/api/admin/notes.ts': `import { OpsAuth } from '@/server/ops-auth';
export default async function handler(req, res) {
  if (!OpsAuth.requireMember(req, res)) return;
  res.json(await db.note.create({ data: req.body }));
}`,
        'src/pages/api/admin/about.ts': `import { OpsAuth } from '@/server/ops-auth';
export default async function handler(req, res) {
  OpsAuth.describe(req, res);
  res.json(await db.note.create({ data: req.body }));
}`,
      }),
      { 'POST /api/admin/projects': 'admin', 'ALL /api/admin/notes': 'user', 'ALL /api/admin/about': 'none' },
    );
  });
});
