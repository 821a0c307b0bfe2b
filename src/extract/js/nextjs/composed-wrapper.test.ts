// Route handlers built by wrappers that hand the callback to a shared middleware composer
// (`withAuth('scope', handler)` → `compose(handler, requireSession)`), with the callback given in
// place rather than in an options object (js/nextjs-helpers middleware-composer.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as express } from '../express/index.js';
import { extractor as helpers } from '../nextjs-helpers/index.js';
import { extractor } from './index.js';

const lib: Record<string, string> = {
  'src/server/wrappers.ts': `import { NextResponse } from 'next/server';
import { getSessionFromHeaders } from '@/server/session';
import { db } from '@/server/db';

function compose(handler, middleware, label) {
  return async (req, ctx) => {
    try {
      let current = req;
      if (middleware) {
        const outcome = await middleware(req);
        if (outcome instanceof Response) return outcome;
        current = outcome;
      }
      return await handler(current, ctx);
    } catch (e) {
      return NextResponse.json({ error: 'failed', label }, { status: 500 });
    }
  };
}

async function requireSession(req) {
  const session = await getSessionFromHeaders(req.headers);
  if (!session?.user) return NextResponse.json({ error: 'Unauthorized' }, { status: 401 });
  req.session = session;
  return req;
}

async function requireStaff(req) {
  const withSession = await requireSession(req);
  if (withSession instanceof Response) return withSession;
  const member = await db.member.findUnique({ where: { id: withSession.session.user.id } });
  if (!isStaffAdmin(member)) return NextResponse.json({ error: 'Forbidden' }, { status: 403 });
  return withSession;
}

async function logOnly(req) {
  console.log(req.url);
  return req;
}

export function withSignedIn(labelOrHandler, maybeHandler) {
  if (typeof labelOrHandler === 'string') return compose(maybeHandler, requireSession, labelOrHandler);
  return compose(labelOrHandler, requireSession);
}

export function withStaff(label, handler) {
  return compose(handler, requireStaff, label);
}

export function withErrors(labelOrHandler, maybeHandler) {
  if (typeof labelOrHandler === 'string') return compose(maybeHandler, undefined, labelOrHandler);
  return compose(labelOrHandler);
}

export function withLogging(label, handler) {
  return compose(handler, logOnly, label);
}

export function withPartial(labelOrHandler, maybeHandler) {
  if (typeof labelOrHandler === 'string') return compose(maybeHandler, requireSession, labelOrHandler);
  return compose(labelOrHandler);
}`,
};

const routes = (files: Record<string, string>) =>
  Object.fromEntries(
    runExtractors([helpers, extractor, express], { ...lib, ...files })
      .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
      .map((e) => [`${e.method} ${e.path}`, e.auth]),
  );

const route = (wrapper: string, method = 'POST') => `import { NextResponse } from 'next/server';
import { ${wrapper.replace(/\(.*$/, '')} } from '@/server/wrappers';
import { db } from '@/server/db';
export const ${method} = ${wrapper}async (request) => {
  const body = await request.json();
  await db.note.create({ data: body });
  return NextResponse.json({ ok: true });
});`;

describe('extract/js/nextjs wrappers built by a middleware composer', () => {
  it('judges the wrapper by the middleware it hands the composer, with the callback in place 0 or 1', () => {
    assert.deepEqual(
      routes({
        'src/app/api/notes/route.ts': route("withSignedIn('notes', "),
        'src/app/api/drafts/route.ts': route('withSignedIn('),
        'src/app/api/admin/stats/route.ts': route("withStaff('stats', "),
      }),
      { 'POST /api/notes': 'user', 'POST /api/drafts': 'user', 'POST /api/admin/stats': 'admin' },
    );
  });

  it('does not take a composer given no middleware, one that does not refuse, or a wrapper with an open path', () => {
    assert.deepEqual(
      routes({
        'src/app/api/public/route.ts': route("withErrors('public', "),
        'src/app/api/logged/route.ts': route("withLogging('logged', "),
        'src/app/api/half/route.ts': route('withPartial('),
      }),
      { 'POST /api/public': 'none', 'POST /api/logged': 'none', 'POST /api/half': 'none' },
    );
  });
});
