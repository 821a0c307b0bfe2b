// Pages Router handlers that build a request-scoped service class from `(req, res)` and call its
// guard methods, which write the 401/403 themselves and hand back nothing (js/nextjs-helpers
// service-guard.ts; the call sites: helper-calls.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as express } from '../express/index.js';
import { extractor as helpers } from '../nextjs-helpers/index.js';
import { extractor } from './index.js';

const lib: Record<string, string> = {
  'src/services/base.ts': `import { readSession } from '../lib/session';
export abstract class ScopedService {
  constructor(protected req) {}
  protected async currentSession() {
    return await readSession(this.req);
  }
}`,
  'src/services/access.ts': `import { ScopedService } from './base';
export class AccessService extends ScopedService {
  constructor(req, private res) {
    super(req);
  }
  async requireMember() {
    const session = await this.currentSession();
    if (!session) {
      this.res.status(401).json({ error: 'Sign in first' });
      return null;
    }
    return session;
  }
  async requireOwnerOf(board) {
    const session = await this.requireMember();
    if (!session) return null;
    if (board.creatorId !== session.userId) {
      this.res.status(403).json({ error: 'Not yours' });
      return null;
    } else {
      return true;
    }
  }
  async note() {
    const session = await this.currentSession();
    if (!session) {
      console.log('anonymous visit');
      return null;
    }
    return session;
  }
}`,
};

const handler = (check: string, up = '../../../') => `import { AccessService } from '${up}services/access';
import { db } from '${up}lib/db';
export default async function handler(req, res) {
  const access = new AccessService(req, res);
  if (req.method === 'PUT') {
    const { boardId } = req.query;
    const board = await db.board.findUnique({ where: { id: boardId } });
    ${check}
    await db.board.update({ where: { id: boardId }, data: { title: req.body.title } });
    res.json({ ok: true });
  }
}`;

function routes(files: Record<string, string>): Record<string, [string, string[]]> {
  return Object.fromEntries(
    runExtractors([helpers, extractor, express], { ...lib, ...files })
      .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
      .map((e) => [`${e.method} ${e.path}`, [e.auth, e.authEvidence ?? []]]),
  );
}

describe('extract/js/nextjs request-scoped service guards', () => {
  it('takes a guard method that writes the refusal to the kept response, called on an instance built from (req, res)', () => {
    const out = routes({
      'src/pages/api/boards/[boardId].ts': handler('const member = await access.requireMember();\n    if (!member) return;'),
      'src/pages/api/boards/[boardId]/owner.ts': handler('if (!(await access.requireOwnerOf(board))) {\n      return;\n    }', '../../../../'),
    });
    assert.equal(out['PUT /api/boards/:boardId']?.[0], 'user');
    assert.equal(out['PUT /api/boards/:boardId/owner']?.[0], 'user');
    // The owner guard compares the board it is given (looked up by :boardId) with the caller.
    assert.match(out['PUT /api/boards/:boardId/owner']?.[1].join(' ') ?? '', /owner \(:boardId\)/);
  });

  it('does not take a method that refuses nothing, a guard whose answer is ignored, or an instance not built from the request', () => {
    const out = routes({
      'src/pages/api/boards/[boardId].ts': handler('const seen = await access.note();\n    if (!seen) return;'),
      'src/pages/api/boards/[boardId]/ignored.ts': handler('await access.requireMember();', '../../../../'),
      'src/pages/api/boards/[boardId]/other.ts': handler('const other = new AccessService({}, res);\n    if (!(await other.requireMember())) return;', '../../../../'),
    });
    assert.equal(out['PUT /api/boards/:boardId']?.[0], 'none');
    assert.equal(out['PUT /api/boards/:boardId/ignored']?.[0], 'none');
    assert.equal(out['PUT /api/boards/:boardId/other']?.[0], 'none');
  });
});
