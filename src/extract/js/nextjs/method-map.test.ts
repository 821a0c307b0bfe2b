import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as express } from '../express/index.js';
import { extractor as helpers } from '../nextjs-helpers/index.js';
import { extractor, routePath } from './index.js';

// A wrapper that authenticates the request before it runs the callback it is given.
const lib: Record<string, string> = {
  'src/server/with-key.ts': `import { verifyApiKey } from '@/server/keys';
export const withKey = ({ handler }) => async (req, res) => {
  const caller = await verifyApiKey(req.headers.authorization);
  if (!caller) return res.status(401).json({ error: 'Unauthorized' });
  return handler({ req, res, caller });
};`,
  'src/server/dispatch.ts': `export const byMethod = (handlers) => async (req, res) => {
  const h = handlers[req.method];
  if (!h) return res.status(405).end();
  return h(req, res);
};`,
};

const routes = (files: Record<string, string>) =>
  Object.fromEntries(
    runExtractors([helpers, extractor, express], { ...lib, ...files })
      .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
      .map((e) => [`${e.method} ${e.path}`, e.auth]),
  );

describe('extract/js/nextjs method maps and delegated route handlers', () => {
  it('reads a pages/api default export that hands a dispatcher one handler per method', () => {
    assert.deepEqual(
      routes({
        'src/pages/api/v1/notes/index.ts': `import { byMethod } from '@/server/dispatch';
import { withKey } from '@/server/with-key';
export default byMethod({
  GET: withKey({ handler: async ({ caller }) => listNotes(caller.projectId) }),
  POST: withKey({ handler: async ({ req, caller }) => createNote(caller.projectId, req.body) }),
});`,
        'src/pages/api/v1/status.ts': `import { byMethod } from '@/server/dispatch';
const handlers = { GET: async (req, res) => res.json({ ok: true }) };
export default byMethod(handlers);`,
      }),
      { 'GET /api/v1/notes': 'user', 'POST /api/v1/notes': 'user', 'GET /api/v1/status': 'none' },
    );
  });

  it('judges an App Router method bound to an imported handler by that handler', () => {
    assert.deepEqual(
      routes({
        'src/server/handlers/export-handler.ts': `import { getServerSession } from 'next-auth';
export default async function exportHandler(req) {
  const session = await getServerSession(authOptions);
  if (!session) return new Response('Unauthorized', { status: 401 });
  return Response.json(await buildExport(session.user.id));
}`,
        'src/app/api/export/route.ts': `import exportHandler from '@/server/handlers/export-handler';
export const dynamic = 'force-dynamic';
export const POST = exportHandler;`,
      }),
      { 'POST /api/export': 'user' },
    );
  });

  it('takes pages/ at an app root or in its src/, not a pages/ folder of components in a feature folder', () => {
    const eps = routes({
      'web/src/pages/settings.tsx': `import { useRouter } from 'next/router';\nexport default function Settings() { return null; }`,
      'web/src/features/billing/pages/PlanPage.tsx': `import Link from 'next/link';\nexport default function PlanPage() { return null; }`,
      'apps/site/pages/about.tsx': `import Head from 'next/head';\nexport default function About() { return null; }`,
      // A monorepo whose services live under src/: the front end's own pages/ folder.
      'src/frontend/pages/cart.tsx': `import Head from 'next/head';\nexport default function Cart() { return null; }`,
    });
    assert.deepEqual(Object.keys(eps).sort(), ['GET /about', 'GET /cart', 'GET /settings']);
  });

  it('splits a wrapped Pages Router handler that switches on the method into those methods', () => {
    const eps = routes({
      'src/utils/tracing.ts': `export default function withTracing(handler) {\n  return async (req, res) => { const span = start(req.url); try { return await handler(req, res); } finally { span.end(); } };\n}`,
      'src/pages/api/cart.ts': `import withTracing from '../../utils/tracing';
const handler = async ({ method, body }, res) => {
  switch (method) {
    case 'GET': return res.json(await getCart());
    case 'POST': await addItem(body); return res.status(201).end();
    default: return res.status(405).end();
  }
};
export default withTracing(handler);`,
    });
    assert.deepEqual(Object.keys(eps).sort(), ['GET /api/cart', 'POST /api/cart']);
  });

  it('turns a hyphenated dynamic segment into a path parameter', () => {
    assert.equal(routePath('accept-invitation/[invite-token]'), '/accept-invitation/:invite-token');
    assert.equal(routePath('docs/[...doc-path]'), '/docs/*doc-path');
  });
});
