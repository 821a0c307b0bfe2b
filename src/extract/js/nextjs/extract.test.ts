import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractor, runExtractors } from '../../testing.js';
import { extractor as express } from '../express/index.js';
import { extractor as helpers } from '../nextjs-helpers/index.js';
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

describe('extract/js/nextjs pages and session checks', () => {
  it('makes App Router and Pages Router pages GET entry points', () => {
    const { facts } = runExtractor(extractor, {
      'app/(marketing)/blog/[slug]/page.tsx': `export default async function Post({ params }) { return <article>{params.slug}</article>; }`,
      'app/(dashboard)/dashboard/page.tsx': `import { redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/session';
export default async function Dashboard() {
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  return <main>{user.name}</main>;
}`,
      'src/pages/account/[id].tsx': `import { getServerSession } from 'next-auth/next';
export async function getServerSideProps(ctx) {
  const session = await getServerSession(ctx.req, ctx.res, authOptions);
  if (!session) return { redirect: { destination: '/login', permanent: false } };
  return { props: {} };
}
export default function Account() { return null; }`,
      'pages/_app.tsx': `import type { AppProps } from 'next/app';\nexport default function App({ Component, pageProps }: AppProps) { return <Component {...pageProps} />; }`,
      'src/pages/Home.tsx': `export default function Home() { return <div />; }`,
    });
    const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, e.auth])), { 'GET /blog/:slug': 'none', 'GET /dashboard': 'user', 'GET /account/:id': 'user' });
    assert.ok(eps.every((e) => e.tags?.includes('server-rendered-page')));
  });

  it('reads a session check in a same-file helper, and keeps auth pages out of the middleware guard', () => {
    const { facts } = runExtractor(extractor, {
      'app/api/posts/[postId]/route.ts': `import { getServerSession } from 'next-auth';
export async function DELETE(req: Request, context) {
  if (!(await canEditPost(context.params.postId))) return new Response(null, { status: 403 });
  await db.post.delete({ where: { id: context.params.postId } });
  return new Response(null, { status: 204 });
}
export async function PATCH(req: Request, context) {
  await db.post.update({ where: { id: context.params.postId }, data: await req.json() });
  return new Response(null, { status: 200 });
}
async function canEditPost(postId: string) {
  const session = await getServerSession(authOptions);
  if (!session) return false;
  return (await db.post.count({ where: { id: postId, authorId: session.user.id } })) > 0;
}`,
      'app/(auth)/login/page.tsx': `export default function Login() { return <form />; }`,
      'app/(dashboard)/settings/page.tsx': `export default function Settings() { return <form />; }`,
      'middleware.ts': `import { withAuth } from 'next-auth/middleware';
export default withAuth({ pages: { signIn: '/login' } });
export const config = { matcher: ['/settings/:path*', '/login', '/register'] };`,
    });
    const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, e.auth])), { 'DELETE /api/posts/:postId': 'user', 'PATCH /api/posts/:postId': 'none', 'GET /login': 'none', 'GET /settings': 'user' });
  });
});

describe('extract/js/nextjs access helpers that fail open', () => {
  const route = (helperBody: string) => `import { getServerSession } from 'next-auth';
export async function DELETE(req: Request, context) {
  if (!(await canEditPost(context.params.postId))) return new Response(null, { status: 403 });
  await db.post.delete({ where: { id: context.params.postId } });
  return new Response(null, { status: 204 });
}
async function canEditPost(postId: string) {
  const session = await getServerSession(authOptions);
${helperBody}
}`;

  it('does not take a helper that puts session?.user.id into a query filter for a session check', () => {
    const { facts } = runExtractor(extractor, {
      'app/api/posts/[postId]/route.ts': route('  const count = await db.post.count({ where: { id: postId, authorId: session?.user.id } });\n  return count > 0;'),
    });
    const ep = facts.find((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.equal(ep?.auth, 'none');
    const open = facts.find((f) => f.kind === 'config' && f.setting === 'authz-fails-open');
    assert.ok(open && open.kind === 'config', 'the fail-open helper is reported to the rules');
    assert.equal(open.values.helper, 'canEditPost');
    assert.equal(open.values.read, 'session?.user.id');
    assert.equal(open.evidence.line, 9);
  });

  for (const [shape, body] of [
    ['a refusal without a session', '  if (!session?.user) return false;\n  return (await db.post.count({ where: { id: postId, authorId: session?.user.id } })) > 0;'],
    ['a plain read, which throws without a session', '  return (await db.post.count({ where: { id: postId, authorId: session.user.id } })) > 0;'],
    ['a comparison, false without a session', '  const post = await db.post.findUnique({ where: { id: postId } });\n  return post?.authorId === session?.user.id;'],
  ] as const) {
    it(`keeps a helper with ${shape} as a session check`, () => {
      const { facts } = runExtractor(extractor, { 'app/api/posts/[postId]/route.ts': route(body) });
      assert.equal(facts.find((f): f is EntrypointFact => f.kind === 'entrypoint')?.auth, 'user');
      assert.ok(!facts.some((f) => f.kind === 'config' && f.setting === 'authz-fails-open'));
    });
  }
});

describe('extract/js/nextjs record lookups are not session reads', () => {
  it('does not take getUser(<route param>) followed by notFound() for a session check', () => {
    const { facts } = runExtractor(extractor, {
      'app/users/[userId]/page.tsx': `import { notFound } from 'next/navigation';
import { getUser } from '@/queries';
export default async function Profile({ params }) {
  const { userId } = await params;
  const user = await getUser(userId);
  if (!user) notFound();
  return <main>{user.name}</main>;
}`,
    });
    assert.equal(facts.find((f): f is EntrypointFact => f.kind === 'entrypoint')?.auth, 'none');
  });
});

describe('extract/js/nextjs page detection', () => {
  it('ignores a plain page.js module under another framework app folder', () => {
    const { facts } = runExtractor(extractor, { 'app/reports/page.js': `module.exports = function page(items, n) { return items.slice(0, n); };` });
    assert.equal(facts.filter((f) => f.kind === 'entrypoint').length, 0);
  });
});

describe('extract/js/nextjs session refusal by control flow', () => {
  const auth = (files: Record<string, string>) =>
    Object.fromEntries(
      runExtractor(extractor, files)
        .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
        .map((e) => [`${e.method} ${e.path}`, e.auth]),
    );

  it('counts any early exit in a branch that tests for a missing session as the guard', () => {
    assert.deepEqual(
      auth({
        'app/api/listings/route.ts': `import { NextResponse } from 'next/server';
import getCurrentUser from '@/app/actions/getCurrentUser';
export async function POST(request: Request) {
  const currentUser = await getCurrentUser();
  if (!currentUser) {
    return NextResponse.error();
  }
  const body = await request.json();
  return NextResponse.json(await prisma.listing.create({ data: { ...body, userId: currentUser.id } }));
}`,
        'app/api/notes/route.ts': `import { auth } from '@/auth';
export async function POST(req: Request) {
  const session = await auth();
  if (!session?.user) return new Response(null, { status: 401 });
  return Response.json(await db.note.create({ data: await req.json() }));
}
export async function DELETE(req: Request) {
  const { data: { user } } = await supabase.auth.getUser();
  if (user == null) throw new Error('no user');
  await db.note.deleteMany({ where: { userId: user.id } });
  return Response.json({});
}`,
        'pages/api/profile.ts': `import { getServerSession } from 'next-auth/next';
export default async function handler(req, res) {
  const session = await getServerSession(req, res, authOptions);
  if (!session) {
    res.status(401).json({ message: 'no' });
    return;
  }
  if (req.method === 'POST') await db.user.update({ where: { id: session.user.id }, data: req.body });
  res.json({});
}`,
      }),
      { 'POST /api/listings': 'user', 'POST /api/notes': 'user', 'DELETE /api/notes': 'user', 'POST /api/profile': 'user' },
    );
  });

  it('does not count an unrelated throw, a positive session test, or an absence test on other data', () => {
    assert.deepEqual(
      auth({
        'app/api/favorites/[id]/route.ts': `import { NextResponse } from 'next/server';
import getCurrentUser from '@/app/actions/getCurrentUser';
export async function POST(request: Request, { params }) {
  const currentUser = await getCurrentUser();
  if (!params.id || typeof params.id !== 'string') {
    throw new Error('Invalid ID');
  }
  await prisma.user.update({ where: { id: params.id }, data: { favoriteIds: [params.id] } });
  return NextResponse.json({ ok: true, who: currentUser?.id });
}`,
        'app/(auth)/signup/page.tsx': `import { redirect } from 'next/navigation';
import { getServerSession } from 'next-auth';
export default async function SignUp() {
  const session = await getServerSession(authOptions);
  if (session) redirect('/dashboard');
  return <form />;
}`,
        'app/api/listings/[id]/route.ts': `import { NextResponse } from 'next/server';
import getCurrentUser from '@/app/actions/getCurrentUser';
export async function DELETE(request: Request, { params }) {
  const currentUser = await getCurrentUser();
  const listing = await prisma.listing.findUnique({ where: { id: params.id } });
  if (!listing || !params.id) return NextResponse.error();
  await prisma.listing.delete({ where: { id: params.id } });
  console.log(currentUser?.id);
  return NextResponse.json({});
}`,
        'app/api/items/route.ts': `import { NextResponse } from 'next/server';
export async function POST(request: Request) {
  const body = await request.json();
  if (!body.name) return NextResponse.error();
  return NextResponse.json(await prisma.item.create({ data: body }));
}`,
      }),
      { 'POST /api/favorites/:id': 'none', 'GET /signup': 'none', 'DELETE /api/listings/:id': 'none', 'POST /api/items': 'none' },
    );
  });
});

describe('extract/js/nextjs re-exported middleware', () => {
  const guards = (middleware: string) =>
    runExtractor(extractor, { 'middleware.ts': middleware }).facts.filter((f) => f.kind === 'config' && f.setting === 'auth-global-guard');

  it('reads export { default } from next-auth/middleware with its matcher', () => {
    const found = guards(`export { default } from "next-auth/middleware"
export const config = { matcher: ["/trips", "/favorites", "/login"] };`);
    assert.equal(found.length, 1);
    const record = JSON.parse(String((found[0] as { values: Record<string, string> }).values.data)) as { matcher: string[]; guard: { role: string } };
    assert.deepEqual(record.matcher, ['/trips', '/favorites']);
    assert.equal(record.guard.role, 'auth-user');
  });

  it('reads the Auth.js v5 re-export and ignores unrelated re-exports', () => {
    assert.equal(guards(`export { auth as middleware } from './auth';\nexport const config = { matcher: ['/dashboard/:path*'] };`).length, 1);
    assert.equal(guards(`export { default } from './i18n-middleware';\nexport const config = { matcher: ['/((?!api).*)'] };`).length, 0);
    assert.equal(guards(`export { default } from 'next-intl/middleware';`).length, 0);
  });
});

describe('extract/js/nextjs shared request helpers and permission predicates', () => {
  const lib = {
    'src/lib/request.ts': `import { checkAuth } from '@/lib/auth';
import { unauthorized } from '@/lib/response';
export async function parseRequest(request: Request, schema?: any, options?: { skipAuth: boolean }) {
  let error;
  let auth = null;
  if (!options?.skipAuth) {
    auth = await checkAuth(request);
    if (!auth) error = () => unauthorized();
  }
  return { auth, error };
}`,
    'src/permissions/index.ts': `export * from './user';`,
    'src/permissions/user.ts': `export async function canViewUsers({ user }: Auth) { return user?.isAdmin ?? false; }
export async function canViewUser({ user }: Auth, viewedUserId: string) {
  if (!user) return false;
  if (user.isAdmin) return true;
  return user.id === viewedUserId;
}`,
  };
  const routes = (files: Record<string, string>) =>
    Object.fromEntries(
      runExtractors([helpers, extractor, express], { ...lib, ...files })
        .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
        .map((e) => [`${e.method} ${e.path}`, `${e.auth}${e.tags?.includes('declared-public') ? ' declared-public' : ''}`]),
    );

  it('follows an auth-by-default helper whose failure the handler returns, and its opt-out flag', () => {
    assert.deepEqual(
      routes({
        'src/app/api/websites/[websiteId]/export/route.ts': `import { parseRequest } from '@/lib/request';
export async function GET(request: Request) {
  const { auth, error } = await parseRequest(request);
  if (error) return error();
  return Response.json(await exportWebsite());
}`,
        'src/app/api/config/route.ts': `import { parseRequest } from '@/lib/request';
export async function GET(request: Request) {
  const { error } = await parseRequest(request, null, { skipAuth: true });
  if (error) return error();
  return Response.json({});
}`,
        // The failure is never returned: nothing stands in front of the handler.
        'src/app/api/unchecked/route.ts': `import { parseRequest } from '@/lib/request';
export async function POST(request: Request) {
  const { body } = await parseRequest(request);
  return Response.json(await save(body));
}`,
        // Checked only after the data was written.
        'src/app/api/late/route.ts': `import { parseRequest } from '@/lib/request';
export async function POST(request: Request) {
  const { body, error } = await parseRequest(request);
  await save(body);
  if (error) return error();
  return Response.json({});
}`,
        // A helper that only reads the caller; the handler refuses without one.
        'src/app/api/me/route.ts': `import { readRequest } from '@/lib/read';
import { unauthorized } from '@/lib/response';
export async function GET(request: Request) {
  const { auth } = await readRequest(request);
  if (!auth?.user) return unauthorized();
  return Response.json(auth.user);
}`,
      }),
      { 'GET /api/websites/:websiteId/export': 'user', 'GET /api/config': 'none declared-public', 'POST /api/unchecked': 'none', 'POST /api/late': 'none', 'GET /api/me': 'user' },
    );
  });

  it('judges imported permission predicates: admin only, or the owner of the path parameter', () => {
    const files = {
      'src/app/api/admin/users/route.ts': `import { parseRequest } from '@/lib/request';
import { canViewUsers } from '@/permissions';
import { unauthorized } from '@/lib/response';
export async function GET(request: Request) {
  const { auth, error } = await parseRequest(request);
  if (error) return error();
  if (!(await canViewUsers(auth))) return unauthorized();
  return Response.json(await getUsers());
}`,
      'src/app/api/users/[userId]/route.ts': `import { parseRequest } from '@/lib/request';
import { canViewUser } from '@/permissions';
import { unauthorized } from '@/lib/response';
export async function GET(request: Request, { params }: { params: Promise<{ userId: string }> }) {
  const { auth, error } = await parseRequest(request);
  if (error) return error();
  const { userId } = await params;
  if (!(await canViewUser(auth, userId))) return unauthorized();
  return Response.json(await getUser(userId));
}`,
      'src/app/api/users/[userId]/teams/route.ts': `import { parseRequest } from '@/lib/request';
import { unauthorized } from '@/lib/response';
export async function GET(request: Request, { params }: { params: Promise<{ userId: string }> }) {
  const { auth, error } = await parseRequest(request);
  if (error) return error();
  const { userId } = await params;
  if (auth.user.id !== userId && !auth.user.isAdmin) return unauthorized();
  return Response.json(await getUserTeams(userId));
}`,
    };
    assert.deepEqual(routes(files), { 'GET /api/admin/users': 'admin', 'GET /api/users/:userId': 'user', 'GET /api/users/:userId/teams': 'user' });
    const facts = runExtractors([helpers, extractor, express], { ...lib, ...files }).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const evidence = (path: string) => facts.find((f) => f.path === path)?.authEvidence?.join(' | ') ?? '';
    assert.match(evidence('/api/users/:userId'), /canViewUser.*owner \(:userId\)/);
    assert.match(evidence('/api/users/:userId/teams'), /owner \(:userId\) or admin/);
  });
});

describe('extract/js/nextjs UI-shell pages', () => {
  const pages = (files: Record<string, string>) =>
    Object.fromEntries(
      runExtractors([helpers, extractor], files)
        .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
        .map((e) => [e.path, ['ui-shell', 'page-only'].filter((t) => e.tags?.includes(t)).join(',')]),
    );

  it('tags a page that only renders client components with its params, and no other', () => {
    assert.deepEqual(
      pages({
        'src/app/(main)/admin/users/[userId]/page.tsx': `import type { Metadata } from 'next';
import { UserPage } from './UserPage';
export default async function ({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  return <UserPage userId={userId} />;
}
export const metadata: Metadata = { title: 'User' };`,
        'src/app/(main)/admin/users/[userId]/UserPage.tsx': `'use client';\nexport function UserPage({ userId }) { return <div>{userId}</div>; }`,
        'src/app/(main)/pixels/[pixelId]/page.tsx': `import { getPixel } from '@/queries/prisma';
import { PixelPage } from './PixelPage';
export default async function ({ params }) {
  const { pixelId } = await params;
  const pixel = await getPixel(pixelId);
  if (!pixel) return null;
  return <PixelPage pixelId={pixelId} />;
}`,
        'src/app/(main)/pixels/[pixelId]/PixelPage.tsx': `'use client';\nexport function PixelPage() { return <div />; }`,
        // Renders a server component of the repository, which may read data itself.
        'src/app/(main)/admin/teams/page.tsx': `import { TeamsTable } from './TeamsTable';
export default function () { return <TeamsTable />; }`,
        'src/app/(main)/admin/teams/TeamsTable.tsx': `import { getTeams } from '@/queries';
export async function TeamsTable() { const teams = await getTeams(); return <table>{teams.length}</table>; }`,
        'src/app/page.tsx': `'use client';
import { useEffect } from 'react';
export default function RootPage() { useEffect(() => {}, []); return null; }`,
      }),
      { '/admin/users/:userId': 'ui-shell,page-only', '/pixels/:pixelId': '', '/admin/teams': '', '/': 'ui-shell,page-only' },
    );
  });
});

describe('extract/js/nextjs Pages Router helpers that answer the refusal themselves', () => {
  const lib = {
    'lib/api/verifyToken.ts': `export default async function verifyToken({ req }) {
  const token = await getTokenFromRequest(req);
  if (!token?.id) return 'You must be logged in.';
  return token;
}`,
    'lib/api/verifyUser.ts': `import verifyToken from './verifyToken';
export default async function verifyUser({ req, res }) {
  const token = await verifyToken({ req });
  if (typeof token === 'string') {
    res.status(401).json({ response: token });
    return null;
  }
  const user = await prisma.user.findUnique({ where: { id: token.id } });
  if (!user) {
    res.status(404).json({ response: 'User not found.' });
    return null;
  }
  return user;
}`,
    // Answers 401 but hands back a value either way: the caller cannot tell.
    'lib/api/logRequest.ts': `export default async function logRequest({ req, res }) {
  const token = await verifyToken({ req });
  if (!token) res.status(401);
  return { ok: true };
}`,
  };
  const routes = (files: Record<string, string>) =>
    Object.fromEntries(
      runExtractors([helpers, extractor], { ...lib, ...files })
        .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
        .map((e) => [`${e.method} ${e.path}`, `${e.auth} ${['no-state-change', 'writes-storage'].filter((t) => e.tags?.includes(t)).join(',')}`.trim()]),
    );

  it('takes `const user = await verifyUser({ req, res }); if (!user) return;` for a user guard, the same in every file', () => {
    assert.deepEqual(
      routes({
        'pages/api/v1/tags/[id].ts': `import verifyUser from '@/lib/api/verifyUser';
export default async function tags(req, res) {
  const user = await verifyUser({ req, res });
  if (!user) return;
  if (req.method === 'DELETE') {
    await prisma.tag.delete({ where: { id: Number(req.query.id), ownerId: user.id } });
    return res.status(200).json({});
  }
}`,
        'pages/api/v1/rss/[id].ts': `import verifyUser from '../../../../lib/api/verifyUser';
export default async function handler(req, res) {
  const user = await verifyUser({ req, res });
  if (!user) return res.status(401).json({ response: 'Unauthorized' });
  if (req.method === 'DELETE') {
    const sub = await prisma.rssSubscription.findUnique({ where: { id: Number(req.query.id) } });
    if (sub.ownerId !== user.id) return res.status(403).json({});
    await prisma.rssSubscription.delete({ where: { id: sub.id } });
  }
}`,
        'pages/api/v1/local.ts': `import verifyToken from '@/lib/api/verifyToken';
async function loadCaller({ req, res }) {
  const token = await verifyToken({ req });
  if (typeof token === 'string') {
    res.status(401).json({ error: token });
    return null;
  }
  return token;
}
export default async function handler(req, res) {
  const user = await loadCaller({ req, res });
  if (!user) return;
  await prisma.note.create({ data: { ownerId: user.id } });
  return res.json({});
}`,
        'pages/api/v1/logged.ts': `import logRequest from '@/lib/api/logRequest';
export default async function handler(req, res) {
  const result = await logRequest({ req, res });
  if (!result) return;
  await prisma.log.create({ data: {} });
}`,
      }),
      { 'DELETE /api/v1/tags/:id': 'user writes-storage', 'DELETE /api/v1/rss/:id': 'user writes-storage', 'ALL /api/v1/local': 'user writes-storage', 'ALL /api/v1/logged': 'none writes-storage' },
    );
  });

  it('judges each method of a handler that branches on req.method on its own branch', () => {
    assert.deepEqual(
      routes({
        'pages/api/v1/rss/index.ts': `import verifyUser from '@/lib/api/verifyUser';
export default async function handler(req, res) {
  const user = await verifyUser({ req, res });
  if (!user) return;
  if (req.method === 'GET') {
    const subs = await prisma.rssSubscription.findMany({ where: { ownerId: user.id } });
    return res.status(200).json({ response: subs });
  } else if (req.method === 'POST') {
    await prisma.rssSubscription.create({ data: { ownerId: user.id, url: req.body.url } });
    return res.status(200).json({});
  }
}`,
        'pages/api/v1/users/index.ts': `import verifyUser from '@/lib/api/verifyUser';
import getUsers from '@/lib/api/getUsers';
export default async function users(req, res) {
  if (req.method === 'POST') {
    const response = await postUser(req, res);
    return res.status(response.status).json({});
  } else if (req.method === 'GET') {
    const user = await verifyUser({ req, res });
    if (!user) return res.status(401).json({ response: 'Unauthorized' });
    return res.json(await getUsers(user));
  }
}`,
        'pages/api/v1/archives/[linkId].ts': `import verifyUser from '@/lib/api/verifyUser';
async function handleGet(req, res) {
  const link = await prisma.link.findUnique({ where: { id: Number(req.query.linkId) } });
  return res.json(link);
}
async function handlePost(req, res) {
  if (!req.query.linkId) return res.status(400).json({});
  const user = await verifyUser({ req, res });
  if (!user) return;
  await prisma.link.update({ where: { id: Number(req.query.linkId) }, data: { image: 'x' } });
  return res.status(200).json({});
}
export default async function Index(req, res) {
  const method = req.method;
  try {
    switch (method) {
      case 'GET':
        await handleGet(req, res);
        break;
      case 'POST':
        await handlePost(req, res);
        break;
      default:
        return res.status(405).json({ response: 'Method not allowed' });
    }
  } catch (error) {
    return res.status(400).json({});
  }
}`,
      }),
      {
        'GET /api/v1/rss': 'user no-state-change',
        'POST /api/v1/rss': 'user writes-storage',
        'POST /api/v1/users': 'none no-state-change',
        'GET /api/v1/users': 'user no-state-change',
        'GET /api/v1/archives/:linkId': 'none no-state-change',
        'POST /api/v1/archives/:linkId': 'user writes-storage',
      },
    );
  });

  it('takes a comparison of the caller id with the configured administrator id for an admin check, not owner-or-admin', () => {
    assert.deepEqual(
      routes({
        'pages/api/v1/worker/index.ts': `import verifyUser from '@/lib/api/verifyUser';
export default async function worker(req, res) {
  const user = await verifyUser({ req, res });
  if (!user) return;
  if (user.id !== Number(process.env.NEXT_PUBLIC_ADMIN || 1)) return res.status(403).json({ response: 'Forbidden.' });
  return res.json(await getWorkerStats(user.id));
}`,
        'pages/api/v1/worker/preservation.ts': `import verifyUser from '@/lib/api/verifyUser';
export default async function links(req, res) {
  const user = await verifyUser({ req, res });
  if (!user) return;
  const isServerAdmin = user.id === Number(process.env.NEXT_PUBLIC_ADMIN || 1);
  if (!isServerAdmin) return res.status(403).json({ response: 'Forbidden.' });
  await prisma.link.updateMany({ data: { image: null } });
  return res.json({});
}`,
        'pages/api/v1/users/[id].ts': `import verifyUser from '@/lib/api/verifyUser';
export default async function users(req, res) {
  const user = await verifyUser({ req, res });
  if (!user) return;
  const isServerAdmin = user.id === Number(process.env.NEXT_PUBLIC_ADMIN || 1);
  if (user.id !== Number(req.query.id) && !isServerAdmin) return res.status(401).json({});
  return res.json(await getUserById(Number(req.query.id)));
}`,
      }),
      { 'ALL /api/v1/worker': 'admin no-state-change', 'ALL /api/v1/worker/preservation': 'admin writes-storage', 'ALL /api/v1/users/:id': 'user no-state-change' },
    );
  });
});

describe('extract/js/nextjs App Router layouts, slots and hand-offs', () => {
  const routes = (files: Record<string, string>) =>
    Object.fromEntries(
      runExtractors([helpers, extractor], files)
        .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
        .map((e) => [`${e.method} ${e.path}`, `${e.auth}${e.tags?.includes('layout-guard') ? ' layout-guard' : ''}`]),
    );
  const layout = (test: string) => `import { redirect } from 'next/navigation';
import { getServerAuthSession } from '@/server/auth';
export default async function Layout({ children }) {
  const session = await getServerAuthSession();
  if (${test}) {
    redirect('/');
  }
  return <main>{children}</main>;
}`;
  const page = `import { api } from '@/server/api';
export default async function Page() { const items = await api.items.list(); return <div>{items.length}</div>; }`;

  it('gives the pages below a guarded layout its level, route groups and slots included, and not route handlers', () => {
    assert.deepEqual(
      routes({
        'apps/web/app/dashboard/layout.tsx': layout('!session'),
        'apps/web/app/dashboard/lists/[listId]/page.tsx': page,
        'apps/web/app/dashboard/(group)/tags/page.tsx': page,
        'apps/web/app/admin/layout.tsx': layout(`!session || session.user.role !== 'admin'`),
        'apps/web/app/admin/users/page.tsx': page,
        // A layout that only renders guards nothing.
        'apps/web/app/public/layout.tsx': `export default function Layout({ children }) { return <div>{children}</div>; }`,
        'apps/web/app/public/lists/[listId]/page.tsx': page,
        // Layouts do not wrap route handlers.
        'apps/web/app/dashboard/export/route.ts': `export async function GET() { return Response.json(await exportAll()); }`,
        // Slots and intercepting routes render inside another URL's page.
        'apps/web/app/dashboard/@modal/(.)preview/[bookmarkId]/page.tsx': page,
        'apps/web/app/dashboard/@modal/[...catchAll]/page.tsx': page,
        'apps/web/app/photos/(..)feed/page.tsx': page,
      }),
      {
        'GET /dashboard/lists/:listId': 'user layout-guard',
        'GET /dashboard/tags': 'user layout-guard',
        'GET /admin/users': 'admin layout-guard',
        'GET /public/lists/:listId': 'none',
        'GET /dashboard/export': 'none',
      },
    );
  });

  it('makes no entry point of a catch-all route that hands every request to another framework', () => {
    assert.deepEqual(
      routes({
        'apps/web/app/api/[[...route]]/route.ts': `import { Hono } from 'hono';
import { handle } from 'hono/vercel';
import api from '@acme/api';
const app = new Hono().basePath('/api').route('/', api);
export const GET = handle(app);
export const POST = handle(app);`,
        'apps/web/app/api/trpc/[trpc]/route.ts': `import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/router';
const handler = (req: Request) => fetchRequestHandler({ endpoint: '/api/trpc', req, router: appRouter, createContext: () => ({}) });
export { handler as GET, handler as POST };`,
        'apps/web/app/api/health/route.ts': `export async function GET() { return Response.json({ ok: true }); }`,
      }),
      { 'GET /api/health': 'none' },
    );
  });
});

describe('extract/js/nextjs Pages Router UI shells', () => {
  it('tags pages whose getServerSideProps hands out only translations or a redirect, also through a shared one', () => {
    const { facts } = runExtractors([helpers, extractor], {
      'lib/client/getServerSideProps.ts': `import { serverSideTranslations } from 'next-i18next/serverSideTranslations';
import { getToken } from 'next-auth/jwt';
const getServerSideProps = async (ctx) => {
  const token = await getToken({ req: ctx.req });
  const user = token ? await prisma.user.findUnique({ where: { id: token.id } }) : null;
  return { props: { ...(await serverSideTranslations(user?.locale ?? 'en', ['common'])) } };
};
export default getServerSideProps;`,
      'lib/client/withData.ts': `export default async function getServerSideProps(ctx) {
  const users = await prisma.user.findMany();
  return { props: { users } };
}`,
      'pages/admin/user-administration.tsx': `import getServerSideProps from '@/lib/client/getServerSideProps';
export default function UserAdministration() { return <div />; }
export { getServerSideProps };`,
      'pages/admin/index.tsx': `import type { GetServerSideProps } from 'next';
export const getServerSideProps: GetServerSideProps = async () => ({ redirect: { destination: '/admin/user-administration', permanent: false } });
export default function Admin() { return null; }`,
      'pages/admin/users.tsx': `import getServerSideProps from '@/lib/client/withData';
export default function Users({ users }) { return <ul>{users.length}</ul>; }
export { getServerSideProps };`,
      'pages/admin/stats.tsx': `export async function getServerSideProps() {
  return { props: { count: await prisma.user.count() } };
}
export default function Stats({ count }) { return <b>{count}</b>; }`,
    });
    const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(Object.fromEntries(eps.map((e) => [e.path, e.tags?.includes('page-only') ? 'page-only' : ''])), {
      '/admin/user-administration': 'page-only',
      '/admin': 'page-only',
      '/admin/users': '',
      '/admin/stats': '',
    });
  });
});

describe('extract/js/nextjs handlers built by packages', () => {
  it('a route handler a package builds from configuration has checks we cannot read: unknown, not none', () => {
    const { facts } = runExtractor(extractor, {
      'app/(cms)/api/[...slug]/route.ts': `import config from '@cms-config';
import { REST_GET, REST_POST } from '@acme-cms/next/routes';
export const GET = REST_GET(config);
export const POST = REST_POST(config);
`,
      'app/api/notes/route.ts': `import { db } from '../../../lib/db';
export const POST = makeHandler(async (req: Request) => Response.json(await db.note.create({ data: await req.json() })));
function makeHandler(fn: (req: Request) => Promise<Response>) { return fn; }
`,
    });
    const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const post = eps.find((e) => e.method === 'POST' && e.path === '/api/*slug');
    assert.equal(post?.auth, 'unknown');
    assert.ok(post?.tags?.includes('library-handler'));
    assert.equal(eps.find((e) => e.path === '/api/notes')?.auth, 'none');
  });
});

describe('extract/js/nextjs signed machine callers', () => {
  it('a handler that verifies the signature header and refuses on a mismatch is authenticated', () => {
    const { facts } = runExtractors([extractor, helpers], {
      'app/api/jobs/rebuild/route.ts': `import { verifier } from '@/lib/queue';
export async function POST(request: Request) {
  const raw = await request.text();
  if (process.env.NODE_ENV === 'production') {
    const ok = await verifier.verify({ signature: request.headers.get('X-Queue-Signature') ?? '', body: raw });
    if (!ok) return new Response('bad signature', { status: 401 });
  }
  await rebuildIndex(JSON.parse(raw));
  return Response.json({ done: true });
}`,
      'app/api/jobs/unchecked/route.ts': `import { verifier } from '@/lib/queue';
export async function POST(request: Request) {
  const raw = await request.text();
  const ok = await verifier.verify({ signature: request.headers.get('X-Queue-Signature') ?? '', body: raw });
  console.log('signature', ok);
  await rebuildIndex(JSON.parse(raw));
  return Response.json({ done: true });
}`,
      'lib/hooks/check.ts': `import { verifier } from '@/lib/queue';
export async function assertSignedHook({ req, raw }: { req: Request; raw: string }) {
  const signature = req.headers.get('X-Queue-Signature');
  if (!signature) throw new Error('missing signature');
  const valid = await verifier.verify({ signature, body: raw });
  if (!valid) throw new Error('invalid signature');
}
`,
      'lib/hooks/session.ts': `import { getSession } from '@/lib/auth';
export async function requireSession(request: Request) {
  const session = await getSession(request);
  if (!session) return { error: new Response(null, { status: 401 }) };
  return { session };
}`,
      'app/api/jobs/digest/route.ts': `import { assertSignedHook } from '@/lib/hooks/check';
export async function POST(req: Request) {
  const raw = await req.text();
  await assertSignedHook({ req, raw });
  await sendDigest(JSON.parse(raw));
  return new Response('ok');
}`,
      'app/api/jobs/digest-unchecked/route.ts': `import { requireSession } from '@/lib/hooks/session';
export async function POST(req: Request) {
  const raw = await req.text();
  // The refusal it returns is dropped: nothing stops the handler.
  await requireSession(req);
  await sendDigest(JSON.parse(raw));
  return new Response('ok');
}`,
    });
    const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const at = (path: string) => eps.find((e) => e.path === path);
    assert.equal(at('/api/jobs/rebuild')?.auth, 'user');
    assert.ok(at('/api/jobs/rebuild')?.tags?.includes('deployment-secret'));
    assert.equal(at('/api/jobs/unchecked')?.auth, 'none');
    assert.equal(at('/api/jobs/digest')?.auth, 'user');
    assert.ok(at('/api/jobs/digest')?.tags?.includes('deployment-secret'));
    assert.equal(at('/api/jobs/digest-unchecked')?.auth, 'none');
  });
});

describe('extract/js/nextjs route files that delegate', () => {
  it('judges a pages/api file that only hands the request to an imported handler by that handler', () => {
    const { facts } = runExtractors([extractor, helpers, express], {
      'features/billing/quota-handler.ts': `import { getServerSession } from 'next-auth/next';
export default async function quotaHandler(req, res) {
  const session = await getServerSession(req, res, authOptions);
  if (!session) return res.status(401).end();
  return res.json(await quotaFor(session.user.id));
}`,
      'pages/api/orgs/[orgId]/quota.ts': `import quotaHandler from '@/features/billing/quota-handler';
export default quotaHandler;`,
      'pages/api/orgs/[orgId]/quota-v2.ts': `import quotaHandler from '@/features/billing/quota-handler';
export default async function handler(req, res) {
  return await quotaHandler(req, res);
}`,
      'pages/api/orgs/[orgId]/open.ts': `import { audit } from '@/features/billing/audit';
export default async function handler(req, res) {
  await audit(req.query.orgId);
  return res.json({ ok: true });
}`,
    });
    const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const at = (path: string) => eps.find((e) => e.path === path)?.auth;
    assert.equal(at('/api/orgs/:orgId/quota'), 'user');
    assert.equal(at('/api/orgs/:orgId/quota-v2'), 'user');
    assert.equal(at('/api/orgs/:orgId/open'), 'none');
  });
});
