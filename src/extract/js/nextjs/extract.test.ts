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
