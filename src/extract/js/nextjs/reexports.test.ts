import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as express } from '../express/index.js';
import { extractor as helpers } from '../nextjs-helpers/index.js';
import { extractor } from './index.js';

// Route modules kept outside app/: one checks the session itself, one builds its handlers with a
// wrapper that authenticates unless told the route is public, one is re-exported by nobody.
const modules: Record<string, string> = {
  'src/lib/with-api.ts': `import { verifyApiKey } from '@/lib/api-keys';
export const withApi = ({ handler, access = 'private' }) => async (req) => {
  const caller = await verifyApiKey(req.headers);
  if (!caller && access !== 'public') return new Response(null, { status: 401 });
  return handler({ req, caller });
};`,
  'src/modules/notes/route.ts': `import { getServerSession } from 'next-auth';
import { authOptions } from '@/lib/auth';
export async function GET() {
  return Response.json(await db.note.findMany({ where: { published: true } }));
}
export async function POST(req: Request) {
  const session = await getServerSession(authOptions);
  if (!session) return new Response('Unauthorized', { status: 401 });
  return Response.json(await db.note.create({ data: await req.json() }));
}`,
  'src/modules/billing/route.ts': `import { withApi } from '@/lib/with-api';
export const POST = withApi({ handler: async ({ req }) => Response.json(await db.invoice.create({ data: await req.json() })) });
export const DELETE = withApi({ access: 'public', handler: async ({ req }) => Response.json(await db.invoice.deleteMany({})) });`,
  'src/modules/unused/route.ts': `export const PUT = async (req: Request) => Response.json(await db.thing.update({ data: await req.json() }));`,
};

const routes = (files: Record<string, string>) =>
  Object.fromEntries(
    runExtractors([helpers, extractor, express], { ...modules, ...files })
      .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
      .map((e) => [`${e.method} ${e.path}`, `${e.auth} ${e.evidence.file}`]),
  );

describe('extract/js/nextjs route files re-exporting handlers', () => {
  it('judges `import { GET, POST } ...; export { GET, POST }` by the module that defines them, at the route path', () => {
    assert.deepEqual(
      routes({
        'src/app/api/notes/route.ts': `import { GET, POST } from '@/modules/notes/route';
export { GET, POST };`,
      }),
      { 'GET /api/notes': 'none src/modules/notes/route.ts', 'POST /api/notes': 'user src/modules/notes/route.ts' },
    );
  });

  it('follows `export { POST } from` to a module whose handlers a wrapper builds, and places it at every route re-exporting it', () => {
    assert.deepEqual(
      routes({
        'src/app/api/billing/route.ts': `export { POST, DELETE } from '../../../modules/billing/route';`,
        'src/app/api/v2/billing/route.ts': `import { POST } from '@/modules/billing/route';
export { POST };`,
      }),
      {
        'POST /api/billing': 'user src/modules/billing/route.ts',
        'DELETE /api/billing': 'none src/modules/billing/route.ts',
        'POST /api/v2/billing': 'user src/modules/billing/route.ts',
      },
    );
  });

  it('keeps the route file entry when the re-exported handler is not a module of the repository', () => {
    assert.deepEqual(
      routes({
        'src/app/api/auth/route.ts': `import { GET } from 'some-auth-package/next';
export { GET };`,
      }),
      { 'GET /api/auth': 'none src/app/api/auth/route.ts' },
    );
  });
});
