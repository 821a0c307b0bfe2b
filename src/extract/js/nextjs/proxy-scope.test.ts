import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const pages = {
  'app/(auth)/sign-in/page.tsx': `export default function SignIn() { return <form />; }`,
  'app/dashboard/page.tsx': `export default function Dashboard() { return <div />; }`,
  'app/share/[id]/page.tsx': `export default function Share() { return <div />; }`,
  'app/api/auth/otp/route.ts': `export async function GET() { return Response.json({ ok: true }); }`,
  'app/api/projects/route.ts': `export async function GET() { return Response.json([]); }`,
  'app/api/admin/users/route.ts': `export async function GET() { return Response.json([]); }`,
};

const auth = (files: Record<string, string>) =>
  Object.fromEntries(runExtractor(extractor, { ...pages, ...files }).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint').map((e) => [`${e.method} ${e.path}`, e.auth]));

describe('extract/js/nextjs proxy.ts and middleware path exemptions', () => {
  it('reads Next 16 proxy.ts with startsWith pass-throughs, a list of admin prefixes and auth pages let through', () => {
    const found = auth({
      'proxy.ts': `import { NextRequest, NextResponse } from 'next/server';
import { getSessionCookie } from 'some-auth/cookies';
const PROTECTED_API = ['/api/admin'];
export async function proxy(req: NextRequest) {
  const path = req.nextUrl.pathname;
  if (path.startsWith('/api/auth')) return NextResponse.next();
  const session = getSessionCookie(req);
  if (PROTECTED_API.some((p) => path.startsWith(p))) {
    if (!session) return NextResponse.json({ error: 'no' }, { status: 401 });
    return NextResponse.next();
  }
  if (!path.startsWith('/api')) {
    if (!session) {
      const open = ['/sign-in', '/register'];
      const isOpen = open.some((p) => path.includes(p));
      if (!isOpen) return NextResponse.redirect(new URL('/sign-in', req.nextUrl));
    }
  }
  return NextResponse.next();
}
export const config = { matcher: ['/api/admin/:path*', '/api/auth/:path*', '/((?!api|_next).*)'] };`,
    });
    assert.deepEqual(found, {
      'GET /sign-in': 'none',
      'GET /dashboard': 'user',
      'GET /share/:id': 'user',
      'GET /api/auth/otp': 'none',
      'GET /api/projects': 'none',
      'GET /api/admin/users': 'user',
    });
  });

  it('reads a default-exported proxy with a publicPaths predicate and API paths let through without a session', () => {
    const found = auth({
      'src/proxy.ts': `import { NextResponse, type NextRequest } from 'next/server';
import { readSession } from '@/lib/session';
export default async function proxy(req: NextRequest) {
  const url = new URL(req.url);
  const publicPaths = ['/sign-in', '/share', '/_next/*'];
  const isPublicPath = (path: string) => publicPaths.some((p) => p === path || (p.endsWith('*') && path.startsWith(p.slice(0, -1))));
  if (isPublicPath(url.pathname)) return NextResponse.next();
  const isApi = url.pathname.startsWith('/api/');
  const session = await readSession(req);
  if (!session) {
    if (isApi) return NextResponse.next();
    return NextResponse.redirect(new URL('/sign-in', url));
  }
  return NextResponse.next();
}
export const config = { matcher: ['/((?!_next/static).*)'] };`,
    });
    assert.equal(found['GET /dashboard'], 'user');
    assert.equal(found['GET /sign-in'], 'none');
    assert.equal(found['GET /api/projects'], 'none');
  });

  it('exempts paths a middleware.ts lets through before a check it delegates', () => {
    const found = auth({
      'middleware.ts': `import { NextResponse } from 'next/server';
import { getToken } from 'next-auth/jwt';
export async function middleware(req) {
  const { pathname } = req.nextUrl;
  if (pathname.startsWith('/api/auth') || pathname === '/sign-in') return NextResponse.next();
  const token = await getToken({ req });
  if (!token) return NextResponse.redirect(new URL('/sign-in', req.url));
  return NextResponse.next();
}`,
    });
    assert.equal(found['GET /dashboard'], 'user');
    assert.equal(found['GET /api/projects'], 'user');
    assert.equal(found['GET /sign-in'], 'none');
    assert.equal(found['GET /api/auth/otp'], 'none');
  });

  it('scopes a check written as path && no-session, and reads the nearest declaration of a returned response', () => {
    const found = auth({
      'src/proxy.ts': `import { NextResponse } from 'next/server';
export default auth(async (req) => {
  const url = req.nextUrl.clone();
  const response = NextResponse.next();
  if (url.pathname.startsWith('/share/')) return response;
  if (!req.auth && url.pathname !== '/sign-in') {
    const response = NextResponse.redirect(new URL('/sign-in', req.url));
    return response;
  }
  return response;
});`,
    });
    assert.equal(found['GET /dashboard'], 'user');
    assert.equal(found['GET /sign-in'], 'none');
    assert.equal(found['GET /share/:id'], 'none');
  });

  it('ignores a proxy.ts that is not a Next.js one', () => {
    const found = auth({ 'proxy.ts': `import http from 'node:http';\nexport default function proxy(req) { if (!req.headers.cookie) return redirect('/x'); }` });
    assert.equal(found['GET /dashboard'], 'none');
  });
});
