import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor, routePath } from './index.js';

describe('extract/js/nextjs', () => {
  it('maps file paths to routes', () => {
    assert.equal(routePath('api/users/[id]'), '/api/users/:id');
    assert.equal(routePath('(marketing)/api/[...slug]/'), '/api/*slug');
    assert.equal(routePath('api/index'), '/api');
  });

  it('reads pages/api handlers, app route handlers and the middleware guard', () => {
    const { facts } = runExtractor(extractor, {
      'pages/api/posts/[id].ts': `import { getServerSession } from 'next-auth';
export default async function handler(req, res) {
  const session = await getServerSession(req, res, authOptions);
  if (!session) return res.status(401).end();
  if (req.method === 'DELETE') return res.status(204).end();
  return res.json({});
}`,
      'src/app/api/billing/route.ts': `export async function POST(request: Request) { return Response.json({}); }
export async function GET() { return Response.json({}); }`,
      'src/app/api/public/_route.ts': `export async function POST() {}`,
      'middleware.ts': `import { getToken } from 'next-auth/jwt';
import { NextResponse } from 'next/server';
export async function middleware(req) {
  const token = await getToken({ req });
  if (!token) return NextResponse.redirect(new URL('/login', req.url));
  return NextResponse.next();
}
export const config = { matcher: ['/api/billing/:path*'] };`,
    });
    const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, e.auth])), { 'DELETE /api/posts/:id': 'user', 'POST /api/billing': 'user', 'GET /api/billing': 'user' });
  });
});
