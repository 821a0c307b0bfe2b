// Astro endpoints, server-rendered pages, actions and middleware guards as entry points.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyzeDirectory } from '../../../api/pipeline.js';
import type { EntrypointFact } from '../../../model/types.js';
import { frontmatterCode } from '../_lib/astro-frontmatter.js';
import { astroPath } from '../_lib/astro-paths.js';
import { authByRoute, runExtractors } from '../../testing.js';
import { extractor } from './index.js';

const APP = fileURLToPath(new URL('./fixtures/app', import.meta.url));

function readTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else out[relative(root, p).split('\\').join('/')] = readFileSync(p, 'utf8');
    }
  };
  visit(root);
  return out;
}

describe('extract/js/astro', () => {
  it('reads endpoints, pages, actions and the middleware guard of an SSR app', () => {
    assert.deepEqual(authByRoute([extractor], readTree(APP)), {
      // Public: no middleware prefix, no check in the handler.
      'GET /api/posts/:id': 'none',
      'GET /api/search.json': 'none',
      'GET /contact': 'none',
      'POST /contact': 'none',
      'POST /_actions/newsletter.subscribe': 'none',
      'POST /_actions/search': 'none',
      // Middleware: `PROTECTED.some((p) => pathname.startsWith(p)) && !context.locals.user` refuses.
      'GET /dashboard': 'user',
      'POST /api/private/notes': 'user',
      // Middleware: `/api/admin` paths refuse callers whose role is not admin.
      'DELETE /api/admin/users/:id': 'admin',
      // In the handler: `if (!locals.user) return 401`, `if (!Astro.locals.user) return Astro.redirect(...)`.
      'GET /api/me': 'user',
      'GET /account/:id': 'user',
      // In the action: a role test that throws.
      'POST /_actions/purgeCache': 'admin',
    });
  });

  it('places handlers and tags', () => {
    const eps = runExtractors([extractor], readTree(APP)).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const post = eps.find((e) => e.path === '/api/posts/:id');
    assert.equal(post?.handler?.file, 'src/pages/api/posts/[id].ts');
    assert.equal(post?.handler?.line, 4);
    assert.ok(post?.tags?.includes('server-route'));
    const contact = eps.find((e) => e.method === 'POST' && e.path === '/contact');
    assert.ok(contact?.tags?.includes('form-post'));
    assert.ok(eps.find((e) => e.path === '/_actions/newsletter.subscribe')?.tags?.includes('input-validated'));
    // `prerender = true` and `_`-prefixed files serve no request.
    assert.ok(!eps.some((e) => e.path === '/rss.xml' || (e.path ?? '').includes('_partials')));
  });

  it('finds injection through Astro request sources, not through parameterised queries', { timeout: 120_000 }, async () => {
    const model = await analyzeDirectory(APP, { today: '2026-06-01' });
    const sql = model.threats.filter((t) => t.ruleId === 'sql-injection').map((t) => `${t.evidence[0]?.file}:${t.evidence[0]?.line}`).sort();
    assert.deepEqual(sql, ['src/actions/index.ts:20', 'src/pages/api/posts/[id].ts:6', 'src/pages/contact.astro:9']);
  });

  it('chains imported middleware with sequence(), and tells guards from pass-through and CSRF checks', () => {
    const files = {
      'astro.config.mjs': `import { defineConfig } from 'astro/config';\nexport default defineConfig({ output: 'server' });\n`,
      'src/middleware/index.ts': `import { sequence } from 'astro:middleware';\nimport { checkSession } from './session';\nimport { loadTeam } from './team';\nimport { verifyCsrf } from './csrf';\nexport const onRequest = sequence(verifyCsrf, checkSession, loadTeam);\n`,
      'src/middleware/session.ts': `import type { APIContext } from 'astro';
const PUBLIC = ['/login', '/signup', '/api/health'];
export async function checkSession(context: APIContext, next: () => Promise<Response>) {
  const pathname = context.url.pathname;
  if (!PUBLIC.includes(pathname) && !context.locals.user) return context.redirect('/login', 302);
  return next();
}
`,
      // Lets anonymous callers through: not a guard.
      'src/middleware/team.ts': `import type { APIContext } from 'astro';
export async function loadTeam(context: APIContext, next: () => Promise<Response>) {
  const user = context.locals.user;
  if (!context.params.team || !user) return next();
  const team = await findTeam(context.params.team, user.id);
  if (!team) return context.redirect('/404');
  context.locals.team = team;
  return next();
}
`,
      'src/middleware/csrf.ts': `import type { APIContext } from 'astro';
export async function verifyCsrf(context: APIContext, next: () => Promise<Response>) {
  if (context.request.method !== 'GET' && !validToken(context)) return new Response(null, { status: 403 });
  return next();
}
`,
      'src/pages/api/health.ts': `export const GET = () => new Response('ok');\n`,
      'src/pages/login.astro': `---\nconst title = 'Sign in';\n---\n<h1>{title}</h1>\n`,
      'src/pages/[team]/index.astro': `---\nconst team = Astro.locals.team;\n---\n<h1>{team.name}</h1>\n`,
    };
    assert.deepEqual(authByRoute([extractor], files), { 'GET /api/health': 'none', 'GET /login': 'none', 'GET /:team': 'user' });
  });

  it('keeps only the routes a static site runs per request, and leaves other frameworks\u2019 pages/ alone', () => {
    const files = {
      'astro.config.ts': `import { defineConfig } from 'astro/config';\nexport default defineConfig({ srcDir: './app' });\n`,
      'app/pages/feed.json.ts': `export async function GET() { return new Response('[]'); }\n`,
      'app/pages/api/subscribe.ts': `import type { APIRoute } from 'astro';\nexport const prerender = false;\nexport const POST: APIRoute = async ({ request }) => new Response(await request.text());\n`,
      'app/pages/about.astro': `---\nconst x = 1;\n---\n<p>{x}</p>\n`,
      // Not below srcDir: not Astro's.
      'web/pages/api/users.ts': `export default function handler(req, res) { res.json([]); }\nexport const GET = 1;\n`,
    };
    assert.deepEqual(authByRoute([extractor], files), { 'POST /api/subscribe': 'none' });
  });

  it('names actions gathered from other modules and judges handlers defined there', () => {
    const files = {
      'astro.config.mjs': `import { defineConfig } from 'astro/config';\nexport default defineConfig({ output: 'server' });\n`,
      'src/actions/index.ts': `import * as notes from './notes/notes.actions';\nimport { billing } from './billing';\nexport const server = { notes, billing };\n`,
      'src/actions/notes/notes.actions.ts': `import { defineAction } from 'astro:actions';
import * as handlers from './notes.handlers';
export const remove = defineAction({ handler: handlers.remove });
export const list = defineAction({ handler: handlers.list });
`,
      'src/actions/notes/notes.handlers.ts': `import { ActionError, type ActionAPIContext } from 'astro:actions';
export const remove = async ({ id }: { id: string }, c: ActionAPIContext) => {
  if (!c.locals.user) throw new ActionError({ code: 'UNAUTHORIZED' });
  await c.locals.db.notes.delete(id, c.locals.user.id);
};
export const list = async (_input: unknown, c: ActionAPIContext) => c.locals.db.notes.listPublic();
`,
      'src/actions/billing.ts': `import { defineAction, ActionError } from 'astro:actions';
export const billing = {
  refund: defineAction({
    handler: async ({ id }, context) => {
      if (!context.locals.user?.isAdmin) throw new ActionError({ code: 'FORBIDDEN' });
      return refund(id);
    },
  }),
};
`,
    };
    const eps = runExtractors([extractor], files).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(eps.map((e) => `${e.method} ${e.path} ${e.auth}`).sort(), ['POST /_actions/billing.refund admin', 'POST /_actions/notes.list none', 'POST /_actions/notes.remove user']);
    assert.equal(eps.find((e) => e.path === '/_actions/notes.remove')?.handler?.file, 'src/actions/notes/notes.handlers.ts');
  });

  it('judges session checks of auth libraries and locals in handlers and pages', () => {
    const files = {
      'astro.config.mjs': `import { defineConfig } from 'astro/config';\nexport default defineConfig({ output: 'server' });\n`,
      // auth-astro
      'src/pages/api/a.ts': `import type { APIRoute } from 'astro';\nimport { getSession } from 'auth-astro/server';\nexport const GET: APIRoute = async ({ request }) => {\n  const session = await getSession(request);\n  if (!session) return new Response(null, { status: 401 });\n  return new Response('ok');\n};\n`,
      // better-auth
      'src/pages/api/b.ts': `import type { APIRoute } from 'astro';\nimport { auth } from '../../lib/auth';\nexport const POST: APIRoute = async ({ request }) => {\n  const session = await auth.api.getSession({ headers: request.headers });\n  if (!session) return new Response('Unauthorized', { status: 401 });\n  return new Response('ok');\n};\n`,
      // lucia
      'src/pages/api/c.ts': `import type { APIContext } from 'astro';\nimport { lucia } from '../../lib/auth';\nexport async function DELETE(context: APIContext) {\n  const id = context.cookies.get(lucia.sessionCookieName)?.value ?? null;\n  if (!id) return new Response(null, { status: 401 });\n  const { user } = await lucia.validateSession(id);\n  if (!user) return new Response(null, { status: 401 });\n  return new Response(null, { status: 204 });\n}\n`,
      'src/pages/api/d.ts': `import type { APIRoute } from 'astro';\nexport const GET: APIRoute = async ({ locals }) => {\n  const { user } = locals;\n  if (!user || user.role !== 'admin') return new Response(null, { status: 403 });\n  return new Response('ok');\n};\n`,
      'src/pages/admin.astro': `---\nconst user = Astro.locals.user;\nif (!user?.isAdmin) return Astro.redirect('/');\n---\n<p>admin</p>\n`,
    };
    assert.deepEqual(authByRoute([extractor], files), { 'GET /api/a': 'user', 'POST /api/b': 'user', 'DELETE /api/c': 'user', 'GET /api/d': 'admin', 'GET /admin': 'admin' });
  });

  it('turns route files into URLs', () => {
    assert.equal(astroPath('api/users/[id].ts'), '/api/users/:id');
    assert.equal(astroPath('docs/[...slug].astro'), '/docs/*');
    assert.equal(astroPath('index.astro'), '/');
    assert.equal(astroPath('blog/index.json.ts'), '/blog/index.json');
    assert.equal(astroPath('rss.xml.js'), '/rss.xml');
    assert.equal(astroPath('[lang]-[version]/info.ts'), '/:lang-:version/info');
  });

  it('reads the frontmatter as a function without moving lines', () => {
    const src = `---\nimport A from './A.astro';\nimport { x } from './x';\nexport const prerender = false;\nif (!Astro.locals.user) return Astro.redirect('/login');\n---\n<A />\n`;
    const code = frontmatterCode(src) ?? '';
    assert.equal(code.split('\n')[4], "if (!Astro.locals.user) return Astro.redirect('/login');");
    assert.match(code.split('\n')[2], /export async function __astroPage\(Astro\) \{$/);
    assert.equal(frontmatterCode('<p>no frontmatter</p>'), undefined);
  });
});
