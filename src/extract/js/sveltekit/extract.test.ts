// SvelteKit endpoints, page loads, form actions, layout guards and hooks.server guards as entry
// points; request values of SvelteKit handlers as taint sources (fixture app under fixtures/app).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyzeDirectory } from '../../../api/pipeline.js';
import type { EntrypointFact } from '../../../model/types.js';
import { readAnnotations } from '../../../rules/annotations.js';
import { rules } from '../../../rules/registry.js';
import { authByRoute, runExtractors } from '../../testing.js';
import { extractor } from './index.js';
import { extractor as helpers } from '../nextjs-helpers/index.js';
import { kitPath, kitRouteDir, kitRouteFor } from './paths.js';

const APP = fileURLToPath(new URL('./fixtures/app', import.meta.url));

function filesOf(dir: string, out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) filesOf(p, out);
    else out[relative(APP, p)] = readFileSync(p, 'utf8');
  }
  return out;
}

describe('extract/js/sveltekit', () => {
  it('turns route folders into URLs', () => {
    assert.equal(kitPath('(app)/blog/[slug]'), '/blog/:slug');
    assert.equal(kitPath('api/notes/[id=integer]'), '/api/notes/:id');
    assert.equal(kitPath('[[lang]]/about'), '/:lang?/about');
    assert.equal(kitPath('files/[...path]'), '/files/*path');
    assert.equal(kitPath('embed/monitor-[tag]'), '/embed/monitor-:tag');
    assert.equal(kitPath('(marketing)'), '/');
    assert.deepEqual(kitRouteDir('apps/web/src/routes/(app)/x/+page.server.ts'), { root: 'apps/web/src/routes', dir: '(app)/x', kind: 'page.server' });
    assert.equal(kitRouteDir('src/lib/server.ts'), undefined);
    assert.equal(kitRouteFor('src/routes/a/+page.server.ts')?.('actions.rename'), 'POST /a?/rename');
    assert.equal(kitRouteFor('src/routes/a/+server.ts')?.('fallback'), 'ALL /a');
  });

  it('reads endpoints, loads, actions, layout guards and hooks guards with their auth', () => {
    assert.deepEqual(authByRoute([extractor], filesOf(APP)), {
      'GET /api/notes/search': 'none',
      'POST /api/notes/search': 'none',
      'GET /api/notes/:id': 'user',
      'DELETE /api/notes/:id': 'admin',
      'GET /api/export': 'none',
      'ALL /api/export': 'none',
      'GET /api/proxy': 'none',
      'POST /api/proxy': 'none',
      // hooks.server's guardAdmin: `/admin` paths need a signed-in admin.
      'GET /admin/users': 'admin',
      'POST /admin/users?/delete': 'admin',
      // The (app) layout guards the page load, not the form actions (SvelteKit runs no layout load for them).
      'GET /dashboard': 'user',
      'POST /dashboard': 'user',
      'POST /dashboard?/archive': 'none',
      'GET /blog/:slug': 'none',
      'GET /files/*path': 'none',
      'POST /login': 'none',
    });
  });

  it('marks layout-guarded loads and keeps handler locations', () => {
    const eps = runExtractors([extractor], filesOf(APP)).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const dashboard = eps.find((e) => e.method === 'GET' && e.path === '/dashboard');
    assert.ok(dashboard?.tags?.includes('layout-guard'));
    const del = eps.find((e) => e.method === 'DELETE');
    assert.equal(del?.handler?.file, 'src/routes/api/notes/[id=integer]/+server.ts');
    assert.equal(del?.handler?.line, 11);
    assert.ok(eps.find((e) => e.path === '/dashboard?/archive')?.tags?.includes('form-action'));
  });

  it('treats handlers that go through a backend client with the caller credentials as checked elsewhere', () => {
    const files = {
      'src/hooks.server.ts': `import PocketBase from 'pocketbase';
export const handle = async ({ event, resolve }) => {
  const pb = new PocketBase(process.env.PB_URL);
  pb.authStore.loadFromCookie(event.request.headers.get('cookie') || '');
  event.locals.pb = pb;
  return resolve(event);
};
`,
      'src/routes/api/tags/+server.ts': `import { json } from '@sveltejs/kit';
export async function PUT(event) {
  const body = await event.request.json();
  return json(await event.locals.pb.collection('tags').create(body));
}
`,
      'src/routes/api/auth/login/+server.ts': `import { json } from '@sveltejs/kit';
export async function POST({ request, locals }) {
  const { username, password } = await request.json();
  return json(await locals.pb.collection('users').authWithPassword(username, password));
}
`,
    };
    assert.deepEqual(authByRoute([extractor], files), { 'PUT /api/tags': 'unknown', 'POST /api/auth/login': 'none' });
  });

  it('reads a hooks guard scoped to path prefixes and a handle guarding every path', () => {
    const scoped = {
      'src/hooks.server.ts': `import { json } from '@sveltejs/kit';
const PUBLIC = ['/api/health'];
export async function handle({ event, resolve }) {
  const { pathname } = event.url;
  if (pathname.startsWith('/api/') && !PUBLIC.includes(pathname)) {
    const token = event.request.headers.get('authorization');
    if (!token) return json({ error: 'unauthorized' }, { status: 401 });
  }
  return resolve(event);
}
`,
      'src/routes/api/health/+server.ts': 'export const GET = () => new Response("ok");\n',
      'src/routes/api/items/+server.ts': 'export const GET = async ({ locals }) => new Response(JSON.stringify(await locals.db.items()));\n',
      'src/routes/about/+page.server.ts': 'export const load = async ({ fetch }) => ({ about: await fetch("/x") });\n',
    };
    assert.deepEqual(authByRoute([extractor], scoped), { 'GET /api/health': 'none', 'GET /api/items': 'user', 'GET /about': 'none' });
    const everywhere = {
      'src/hooks.server.ts': `import { redirect } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
const auth = async ({ event, resolve }) => {
  event.locals.user = await lookup(event.cookies.get('sid'));
  if (!event.locals.user) redirect(303, '/login');
  return resolve(event);
};
export const handle = sequence(auth);
`,
      'src/routes/api/items/+server.ts': 'export const GET = async ({ locals }) => new Response(JSON.stringify(await locals.db.items()));\n',
    };
    assert.deepEqual(authByRoute([extractor], everywhere), { 'GET /api/items': 'user' });
  });

  it('finds injections through SvelteKit request sources, not parameterised queries', async () => {
    const ids = ['sql-injection', 'path-traversal', 'ssrf'];
    const model = await analyzeDirectory(APP, { rules: rules.filter((r) => ids.includes(r.meta.id)), today: '2026-06-01' });
    for (const id of ids) {
      const annotations = readAnnotations(APP).filter((a) => a.ruleId === id);
      const found = model.threats.filter((t) => t.ruleId === id).map((t) => `${t.evidence[0]?.file}:${t.evidence[0]?.line}`).sort();
      const expected = annotations.filter((a) => a.kind === 'ruleid').map((a) => `${a.file}:${a.line}`).sort();
      assert.deepEqual(found, expected, id);
    }
  });
});

describe('extract/js/sveltekit prerendering', () => {
  it('lists no GET of a prerendered endpoint or page', () => {
    const files = {
      'src/routes/sitemap.xml/+server.ts': 'export const prerender = true;\nexport async function GET({ url }) { return new Response(url.origin); }\n',
      'src/routes/about/+page.server.ts': "export const prerender = true;\nexport const load = async ({ fetch }) => ({ a: await fetch('/x') });\nexport const actions = { default: async ({ request }) => ({ ok: !!(await request.formData()) }) };\n",
    };
    assert.deepEqual(authByRoute([extractor], files), { 'POST /about': 'none' });
  });
});

describe('extract/js/sveltekit locals destructuring', () => {
  it('reads session helpers and users destructured from locals', () => {
    const files = {
      'src/routes/account/+page.server.ts': `import { redirect, fail } from '@sveltejs/kit';
export const actions = {
  updateEmail: async ({ request, locals: { supabase, safeGetSession } }) => {
    const { session } = await safeGetSession();
    if (!session) redirect(303, '/login');
    const form = await request.formData();
    await supabase.auth.updateUser({ email: form.get('email') });
  },
  remove: async ({ locals: { user } }) => {
    if (!user?.isAdmin) return fail(403);
    return { ok: true };
  },
};
`,
    };
    assert.deepEqual(authByRoute([extractor], files), { 'POST /account?/updateEmail': 'user', 'POST /account?/remove': 'admin' });
  });
});

describe('extract/js/sveltekit Auth.js hooks', () => {
  it('reads an authorization handle after SvelteKitAuth, not a handle behind an imported predicate', () => {
    const files = {
      'src/hooks.server.ts': `import { SvelteKitAuth } from '@auth/sveltekit';
import { redirect, type Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { isProtected } from '$lib/paths';
const { handle: authentication } = SvelteKitAuth({ providers: [] });
const authorization: Handle = async ({ event, resolve }) => {
  if (event.url.pathname.startsWith('/dashboard')) {
    const session = await event.locals.auth();
    if (!session) throw redirect(303, '/auth/signin');
  }
  return resolve(event);
};
const other: Handle = async ({ event, resolve }) => {
  if (!event.locals.user && isProtected(event.url)) throw redirect(303, '/login');
  return resolve(event);
};
export const handle = sequence(authentication, authorization, other);
`,
      'src/routes/dashboard/[[tab]]/+page.server.ts': 'export const load = async ({ params }) => ({ tab: params.tab });\n',
      'src/routes/settings/+page.server.ts': 'export const load = async ({ locals }) => ({ me: await locals.db.me() });\n',
    };
    assert.deepEqual(authByRoute([extractor], files), { 'GET /dashboard/:tab?': 'user', 'GET /settings': 'none' });
  });
});

describe('extract/js/sveltekit config', () => {
  it('records the built-in origin check unless the config turns it off', () => {
    const on = runExtractors([extractor], { 'svelte.config.js': "import adapter from '@sveltejs/adapter-node';\nexport default { kit: { adapter: adapter() } };\n" }).facts;
    assert.deepEqual(on.map((f) => (f.kind === 'config' ? `${f.setting} ${String(f.values.library)} ${f.evidence.line}` : f.kind)), ['csrf sveltekit 2']);
    const off = runExtractors([extractor], { 'web/svelte.config.js': 'export default { kit: { csrf: { checkOrigin: false } } };\n' }).facts;
    assert.deepEqual(off, []);
    const star = runExtractors([extractor], { 'svelte.config.js': "export default {\n  kit: {\n    csrf: { trustedOrigins: ['*'] },\n  },\n};\n" }).facts;
    assert.deepEqual(star, []);
    const hook = runExtractors([extractor], {
      'src/hooks.server.ts': `export const handle = async ({ event, resolve }) => {
  const origin = event.request.headers.get('origin');
  if (event.request.method === 'POST' && origin && origin !== event.url.origin) return new Response('Forbidden', { status: 403 });
  return resolve(event);
};
`,
    }).facts;
    assert.deepEqual(hook.map((f) => (f.kind === 'config' ? `${f.setting} ${String(f.values.library)}` : f.kind)), ['csrf sveltekit-hook']);
  });
});

describe('extract/js/sveltekit route-id guards', () => {
  it('applies a hook guarding route groups by route id to the routes in those folders', () => {
    const files = {
      'src/hooks.server.ts': `import { redirect } from '@sveltejs/kit';
export async function handle({ event, resolve }) {
  const token = event.cookies.get('accessToken');
  if (!token && event.route.id?.startsWith('/(app)')) {
    throw redirect(303, '/login');
  }
  if (event.route.id?.includes('(admin)')) {
    if (!event.locals.user) redirect(303, '/login');
  }
  return resolve(event);
}
`,
      'src/routes/(app)/projects/[id]/+server.ts': 'export const DELETE = async ({ params, locals }) => { await locals.db.remove(params.id); return new Response(null); };\n',
      'src/routes/settings/(admin)/+page.server.ts': 'export const load = async ({ locals }) => ({ users: await locals.db.users() });\n',
      'src/routes/(marketing)/pricing/+page.server.ts': 'export const load = async ({ fetch }) => ({ plans: await fetch("/plans") });\n',
    };
    assert.deepEqual(authByRoute([extractor], files), { 'DELETE /projects/:id': 'user', 'GET /settings': 'user', 'GET /pricing': 'none' });
  });
  it('reads gates imported from $lib that find the caller with getRequestEvent()', () => {
    const files = {
      'src/lib/server/auth.ts': [
        "import { getRequestEvent } from '$app/server';",
        "import { error, redirect } from '@sveltejs/kit';",
        'export function requireLogin() {',
        '  const { locals, url } = getRequestEvent();',
        "  if (!locals.user) redirect(307, `/login?redirectTo=${url.pathname}`);",
        '  return locals.user;',
        '}',
        'export async function requireLoginOrError() {',
        '  const { locals } = getRequestEvent();',
        "  if (!locals.user) { error(401, 'unauthenticated'); }",
        '  return locals.user;',
        '}',
        'export async function requireRole(role) {',
        '  const user = requireLogin();',
        "  if (user.roleId !== role) error(401, 'not authorized');",
        '  return user;',
        '}',
        'export async function requireAdminOrManager(groupId) {',
        '  const user = requireLogin();',
        '  if (user.roleId === Role.ADMIN) return user;',
        '  const membership = await db.membership.find(user.id, groupId);',
        '  if (membership && membership.roleId === Role.GROUP_MANAGER) {',
        '    return user;',
        '  }',
        "  error(401, 'not authorized');",
        '}',
        '',
      ].join('\n'),
      'src/routes/groups/[groupId]/access.ts': [
        "import { requireLoginOrError } from '$lib/server/auth';",
        'export const requireAccessToGroup = async (groupId) => {',
        '  const user = await requireLoginOrError();',
        '  return { authenticated: user.groups.includes(groupId) };',
        '};',
        '',
      ].join('\n'),
      'src/routes/lists/+page.server.ts': "import { requireLogin } from '$lib/server/auth';\nexport const load = async () => {\n  const user = requireLogin();\n  return { lists: await db.list(user.id) };\n};\n",
      'src/routes/admin/groups/[groupId]/+page.server.ts': "import { requireAdminOrManager } from '$lib/server/auth';\nexport const load = async ({ params }) => {\n  await requireAdminOrManager(params.groupId);\n  return { members: await db.members(params.groupId) };\n};\n",
      // Look-ups of the app's own named after users or tokens are no caller checks.
      'src/routes/signup/+page.server.ts': "import { fail } from '@sveltejs/kit';\nimport { isTokenTimeValid, getUsersCount } from '$lib/server/users';\nexport const actions = {\n  default: async ({ request }) => {\n    const data = await request.formData();\n    const count = await getUsersCount();\n    if (!count) return fail(400);\n    if (!isTokenTimeValid(data.get('token'))) return fail(400);\n    await db.users.create(data);\n  },\n};\n",
      'src/routes/admin/+page.server.ts': "import { requireRole } from '$lib/server/auth';\nimport { Role } from '$lib/schema';\nexport const load = async () => {\n  await requireRole(Role.ADMIN);\n  return { users: await db.users() };\n};\n",
      'src/routes/api/items/+server.ts': "import { requireLoginOrError } from '$lib/server/auth';\nexport const DELETE = async ({ url }) => {\n  const user = await requireLoginOrError();\n  await db.items.delete(url.searchParams.get('id'), user.id);\n  return new Response(null);\n};\n// An async gate not awaited stops nothing.\nexport const PUT = async ({ url }) => {\n  const authUser = await requireLoginOrError();\n  if (authUser.roleId !== Role.ADMIN) error(401, 'not authorized');\n  await db.items.purge(url.searchParams.get('id'));\n  return new Response(null);\n};\nexport const PATCH = async ({ url }) => {\n  requireLoginOrError();\n  await db.items.touch(url.searchParams.get('id'));\n  return new Response(null);\n};\n",
      'src/routes/api/groups/[groupId]/+server.ts': "import { error } from '@sveltejs/kit';\nimport { requireAccessToGroup } from '../../../groups/[groupId]/access';\nexport const DELETE = async ({ params }) => {\n  const { authenticated } = await requireAccessToGroup(params.groupId);\n  if (!authenticated) {\n    error(401, 'not authorized');\n  }\n  await db.groups.delete(params.groupId);\n  return new Response(null);\n};\nexport const GET = async ({ params }) => {\n  const { authenticated, user } = await requireAccessToGroup(params.groupId);\n  if (!authenticated && user.id !== params.userId) error(401, 'not authorized');\n  return Response.json(await db.groups.get(params.groupId));\n};\n",
    };
    assert.deepEqual(authByRoute([extractor, helpers], files), {
      'GET /lists': 'user',
      'POST /signup': 'none',
      'GET /admin': 'admin',
      'GET /admin/groups/:groupId': 'admin',
      'DELETE /api/items': 'user',
      'PUT /api/items': 'admin',
      'PATCH /api/items': 'none',
      'DELETE /api/groups/:groupId': 'user',
      'GET /api/groups/:groupId': 'user',
    });
  });
});
