// TanStack Start server routes and server functions as entry points.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor, startPath } from './index.js';

const files = {
  'apps/start/src/routes/api/config.tsx': `import { createFileRoute } from '@tanstack/react-router';
import { getServerEnvs } from '@/server/get-envs';
export const Route = createFileRoute('/api/config')({
  server: {
    handlers: {
      GET: async () => new Response(JSON.stringify(await getServerEnvs())),
    },
  },
});
`,
  'apps/start/src/routes/_app/projects/$projectId/export.tsx': `import { createFileRoute } from '@tanstack/react-router';
import { auth } from '@/server/auth';
export const Route = createFileRoute('/_app/projects/$projectId/export')({
  server: {
    handlers: {
      POST: async ({ request, params }) => {
        const session = await auth.getSession(request);
        if (!session) return new Response('Unauthorized', { status: 401 });
        return Response.json(await exportProject(params.projectId));
      },
    },
  },
  component: ExportPage,
});
`,
  'apps/start/src/hooks/use-cookie-store.tsx': `import { createServerFn } from '@tanstack/react-start';
import { setCookie } from '@tanstack/react-start/server';
import { z } from 'zod';
const setCookieFn = createServerFn({ method: 'POST' })
  .inputValidator(z.object({ key: z.string(), value: z.string() }))
  .handler(({ data: { key, value } }) => {
    setCookie(key, value);
  });
export const getCookiesFn = createServerFn().handler(() => 1);
`,
  // A page route without server handlers is no server entry point here.
  'apps/start/src/routes/index.tsx': `import { createFileRoute } from '@tanstack/react-router';
export const Route = createFileRoute('/')({ component: Home });
`,
};

describe('extract/js/tanstack-start', () => {
  it('emits server route handlers and server functions', () => {
    const eps = runExtractors([extractor], files).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(eps.map((e) => `${e.method} ${e.path} ${e.auth}`).sort(), ['GET /_serverFn/getCookiesFn none', 'GET /api/config none', 'POST /_serverFn/setCookieFn none', 'POST /projects/:projectId/export user']);
    const config = eps.find((e) => e.path === '/api/config');
    assert.equal(config?.handler?.line, 6);
    assert.ok(config?.tags?.includes('server-route'));
    assert.ok(eps.find((e) => e.path === '/_serverFn/setCookieFn')?.tags?.includes('server-function'));
  });

  it('turns route ids into URLs', () => {
    assert.equal(startPath('/_authed/posts/$postId'), '/posts/:postId');
    assert.equal(startPath('/files/$'), '/files/*');
    assert.equal(startPath('/(marketing)/{-$lang}/about'), '/:lang/about');
    assert.equal(startPath('/'), '/');
  });
});
