// Nuxt server routes, standalone Nitro and h3 routers as entry points, with their auth.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { extractors } from '../../registry.js';
import { runExtractors } from '../../testing.js';
import { extractor } from './index.js';
import { nitroFile, nitroRoute } from './paths.js';

const here = dirname(fileURLToPath(import.meta.url));

function readTree(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else files[relative(root, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return files;
}

const js = extractors.filter((e) => e.id.startsWith('js/'));

function routes(files: Record<string, string>, only = js): Record<string, string> {
  const eps = runExtractors(only, files).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint' && f.framework === 'nitro');
  return Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, e.auth]));
}

function route(path: string): string | undefined {
  const f = nitroFile(path);
  const r = f ? nitroRoute(f) : undefined;
  return r ? `${r.method} ${r.path}` : undefined;
}

describe('extract/js/nitro', () => {
  it('turns file names into routes', () => {
    assert.equal(route('server/api/users/[id].get.ts'), 'GET /api/users/:id');
    assert.equal(route('server/api/users/index.post.ts'), 'POST /api/users');
    assert.equal(route('server/api/index.ts'), 'ALL /api');
    assert.equal(route('server/routes/index.ts'), 'ALL /');
    assert.equal(route('server/routes/files/[...slug].ts'), 'ALL /files/*');
    assert.equal(route('server/api/(admin)/stats.get.ts'), 'GET /api/stats');
    assert.equal(route('server/api/client/[clientId]/qrcode.svg.get.ts'), 'GET /api/client/:clientId/qrcode.svg');
    assert.equal(route('server/api/test.get.dev.ts'), 'GET /api/test');
    assert.equal(route('apps/web/server/api/[org]-[repo].delete.ts'), 'DELETE /api/:org-:repo');
    assert.equal(route('server/middleware/auth.ts'), undefined);
    assert.equal(route('server/utils/db.ts'), undefined);
  });

  it('reads the fixture app: public, user and admin routes, middleware scope, hooks and wrappers', () => {
    const got = routes(readTree(join(here, 'fixtures/nuxt-app')));
    assert.deepEqual(got, {
      'GET /api/health': 'none',
      'POST /api/auth/login': 'none',
      // nuxt-auth-utils' requireUserSession throws 401 without a session.
      'GET /api/notes/:id': 'user',
      // `onRequest: [requireSignedIn]`, an auto-imported guard of server/utils.
      'POST /api/notes': 'user',
      // `await requireAdmin(event)`, auto-imported, refuses non-admins.
      'ALL /api/admin/users/*': 'admin',
      // The role test in the handler.
      'GET /api/admin/stats': 'admin',
      // server/middleware/auth.ts guards /api/internal except its public list.
      'POST /api/internal/jobs': 'user',
      'GET /api/internal/ping': 'none',
      'GET /feed/:slug.xml': 'none',
    });
  });

  it('judges a project wrapper around the handler and the role its use names', () => {
    const files = {
      // Route files that show no h3 of their own count beside a Nuxt (or Nitro) config.
      'nuxt.config.ts': 'export default defineNuxtConfig({});\n',
      'server/utils/handler.ts': `import { defineEventHandler, createError } from 'h3';
import { getCurrentUser } from './session';
export const definePermissionHandler = (resource, action, handler) =>
  defineEventHandler(async (event) => {
    const user = await getCurrentUser(event);
    if (!can(user, resource, action)) throw createError({ statusCode: 403 });
    return handler({ event, user });
  });
`,
      'server/utils/session.ts': `import { createError, useSession } from 'h3';
export async function getCurrentUser(event) {
  const session = await useSession(event, { password: process.env.SECRET });
  if (!session.data.userId) throw createError({ statusCode: 401 });
  return loadUser(session.data.userId);
}
`,
      'server/api/admin/general.post.ts': `import { definePermissionHandler } from '#server/utils/handler';
export default definePermissionHandler('admin', 'any', async ({ event }) => ({ ok: true }));
`,
      'server/api/clients/index.get.ts': `import { definePermissionHandler } from '#server/utils/handler';
export default definePermissionHandler('clients', 'view', async ({ user }) => listClients(user));
`,
      // A token check a setting switches on: `user`, marked conditional.
      'server/utils/metrics.ts': `import { createError, defineEventHandler, getHeader } from 'h3';
export const defineMetricsHandler = (handler) =>
  defineEventHandler(async (event) => {
    const config = await loadMetricsConfig();
    if (config.password) {
      const auth = getHeader(event, 'Authorization');
      if (!auth || !(await checkToken(auth, config.password))) throw createError({ statusCode: 401 });
    }
    return handler({ event });
  });
`,
      'server/routes/metrics.get.ts': `import { defineMetricsHandler } from '#server/utils/metrics';
export default defineMetricsHandler(async () => collectMetrics());
`,
      // A login step's pending state in the session is no signed-in caller.
      'server/api/auth/pending.get.ts': `import { createError, defineEventHandler, useSession } from 'h3';
export default defineEventHandler(async (event) => {
  const session = await useSession(event, { password: 'x' });
  if (!session.data.pendingLogin) throw createError({ statusCode: 401 });
  return { type: session.data.pendingLogin.type };
});
`,
    };
    assert.deepEqual(routes(files), { 'POST /api/admin/general': 'admin', 'GET /api/clients': 'user', 'GET /api/auth/pending': 'none', 'GET /metrics': 'user' });
    const metrics = runExtractors(js, files).facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.path === '/metrics');
    assert.ok(metrics?.tags?.includes('auth-conditional'));
  });

  it('reads session checks of @sidebase/nuxt-auth and the caller a middleware puts on event.context', () => {
    const files = {
      'server/middleware/user.ts': 'export default defineEventHandler(async (event) => { event.context.user = (await getUserSession(event)).user; });\n',
      'server/api/profile.get.ts': `import { getServerSession } from '#auth';
export default eventHandler(async (event) => {
  const session = await getServerSession(event);
  if (!session) throw createError({ statusMessage: 'Unauthenticated', statusCode: 403 });
  return session.user;
});
`,
      'server/api/me.get.ts': `export default defineEventHandler((event) => {
  if (!event.context.user) throw createError({ statusCode: 401 });
  return event.context.user;
});
`,
      'server/api/admin/users.delete.ts': `export default defineEventHandler(async (event) => {
  if (!event.context.user?.isAdmin) throw createError({ statusCode: 403 });
  const { id } = await readBody(event);
  return await db.user.delete({ where: { id } });
});
`,
    };
    assert.deepEqual(routes(files), { 'GET /api/profile': 'user', 'GET /api/me': 'user', 'DELETE /api/admin/users': 'admin' });
  });

  it('follows a guard helper that awaits another guard of the project, imported or auto-imported', () => {
    const files = {
      'nuxt.config.ts': 'export default defineNuxtConfig({});\n',
      'server/utils/auth.ts': `import type { H3Event } from 'h3';
export async function requireUserTeam(event: H3Event, slug: string) {
  const { user } = await requireUserSession(event);
  return { user, team: await findTeam(user, slug) };
}
`,
      'server/utils/teamProject.ts': `import type { H3Event } from 'h3';
import { requireUserTeam } from './auth';
export async function requireUserTeamProject(event: H3Event) {
  const slug = await getTeamSlugFromEvent(event);
  const { team } = await requireUserTeam(event, slug);
  return { team, project: await findProject(event, team) };
}
`,
      'server/utils/teamAdmin.ts': `import type { H3Event } from 'h3';
export async function requireTeamOwner(event: H3Event) {
  const { team } = await requireUserTeamProject(event);
  return team;
}
`,
      'server/api/projects/[projectId].get.ts': `export default eventHandler(async (event) => {
  const { project } = await requireUserTeamProject(event);
  return project;
});
`,
      'server/api/teams/[slug].delete.ts': `export default eventHandler(async (event) => {
  const team = await requireTeamOwner(event);
  return removeTeam(team);
});
`,
    };
    assert.deepEqual(routes(files), { 'GET /api/projects/:projectId': 'user', 'DELETE /api/teams/:slug': 'user' });
    // The role a guard is told to demand marks the route as checking more than a login.
    const owner = runExtractors(js, {
      ...files,
      'server/api/teams/[slug]/members/[id].delete.ts': `export default eventHandler(async (event) => {
  const { team } = await requireUserTeam(event, getRouterParam(event, 'slug'), { minRole: TeamRole.OWNER });
  return removeMember(team, getRouterParam(event, 'id'));
});
`,
    }).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint' && f.framework === 'nitro');
    assert.ok(owner.find((e) => e.path === '/api/teams/:slug/members/:id')?.tags?.includes('permission-checked'));
    assert.ok(!owner.find((e) => e.path === '/api/projects/:projectId')?.tags?.includes('permission-checked'));
  });

  it('reads sign-in routes as public: OAuth handlers of nuxt-auth-utils and credential steps before setUserSession', () => {
    const files = {
      'nuxt.config.ts': 'export default defineNuxtConfig({});\n',
      'server/routes/auth/github.get.ts': `export default defineOAuthGitHubEventHandler({
  config: { emailRequired: true },
  async onSuccess(event, { user }) {
    const account = await handleOAuthUser({ email: user.email }, event);
    await setUserSession(event, { user: account });
    return sendRedirect(event, '/');
  },
  onError(event) { return sendRedirect(event, '/login'); },
});
`,
      'server/api/auth/otp/verify.post.ts': `export default defineEventHandler(async (event) => {
  const { email, code } = await readBody(event);
  const result = await verifyOTPForUser(email, code);
  if (!result.success) throw createError({ statusCode: 400 });
  await setUserSession(event, { user: result.user });
  return { success: true };
});
`,
      // A project guard before a session refresh still guards.
      'server/utils/guard.ts': `import type { H3Event } from 'h3';
export async function requireUser(event: H3Event) {
  const { user } = await requireUserSession(event);
  return user;
}
`,
      'server/api/user/profile.put.ts': `export default defineEventHandler(async (event) => {
  const user = await requireUser(event);
  const updated = await saveProfile(user, await readBody(event));
  await setUserSession(event, { user: updated });
  return updated;
});
`,
      // A sign-in step that asks an awaited limiter helper and answers 429 throttles itself.
      'server/api/auth/otp/send.post.ts': `export default defineEventHandler(async (event) => {
  const { email } = await readBody(event);
  const rateLimit = await checkOTPRateLimit(email);
  if (!rateLimit.allowed) throw createError({ statusCode: 429, statusMessage: 'Too many requests' });
  await sendOtp(email);
  return { success: true };
});
`,
    };
    assert.deepEqual(routes(files), { 'GET /auth/github': 'none', 'POST /api/auth/otp/verify': 'none', 'PUT /api/user/profile': 'user', 'POST /api/auth/otp/send': 'none' });
    const send = runExtractors(js, files).facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.path === '/api/auth/otp/send');
    assert.ok(send?.tags?.includes('rate-limited'));
    const oauth = runExtractors(js, files).facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.path === '/auth/github');
    assert.ok(oauth?.tags?.includes('oauth-callback'));
  });

  it('reads a middleware that guards every API path but a prefix, with a shared token', () => {
    const files = {
      'server/middleware/2.auth.ts': `export default eventHandler((event) => {
  const token = getHeader(event, 'Authorization')?.replace(/^Bearer\\s+/, '')
  if (event.path.startsWith('/api/') && !event.path.startsWith('/api/_') && token !== useRuntimeConfig(event).siteToken) {
    throw createError({ status: 401, statusText: 'Unauthorized' })
  }
  if (token && token.length < 8) {
    throw createError({ status: 401, statusText: 'Token is too short' })
  }
})
`,
      // Answers every other path itself (a short link's redirect): an entry point of its own.
      'server/middleware/1.redirect.ts': `export default eventHandler(async (event) => {
  const slug = event.path.slice(1)
  const link = await useStorage('links').getItem(slug)
  if (link) return sendRedirect(event, link.url, 302)
})
`,
      // Sends callers to fixed pages of the site: no content of its own.
      'server/middleware/0.setup.ts': `export default eventHandler(async (event) => {
  if (!(await isSetUp()) && !getRequestURL(event).pathname.startsWith('/setup')) return sendRedirect(event, '/setup/1', 302)
})
`,
      'server/api/link/create.post.ts': 'export default eventHandler(async (event) => readBody(event))\n',
      'server/api/_health.get.ts': "export default eventHandler(() => 'ok')\n",
      'server/routes/[slug].get.ts': "export default eventHandler((event) => getRouterParam(event, 'slug'))\n",
    };
    assert.deepEqual(routes(files), { 'ALL /*': 'none', 'POST /api/link/create': 'user', 'GET /api/_health': 'none', 'GET /:slug': 'none' });
  });

  it('keeps standalone Nitro routes only beside a nitro.config, and reads h3 routers', () => {
    const nitro = {
      'nitro.config.ts': "export default defineNitroConfig({ srcDir: 'src' });\n",
      'src/routes/users/[id].get.ts': "export default defineEventHandler((event) => getRouterParam(event, 'id'));\n",
      'src/api/ping.ts': "export default defineEventHandler(() => 'pong');\n",
    };
    assert.deepEqual(routes(nitro, [extractor]), { 'GET /users/:id': 'none', 'ALL /api/ping': 'none' });
    const other = { 'src/routes/users.ts': "export default defineEventHandler(() => 'not nitro');\n" };
    assert.deepEqual(routes(other, [extractor]), {});
    // An Express app's `server/routes/` folder: no h3, no Nuxt config.
    const express = { 'server/routes/users.js': "const router = require('express').Router();\nmodule.exports = asyncHandler(async (req) => router);\n", 'server/api/x.js': 'export default wrap(async (req) => 1);\n' };
    assert.deepEqual(routes(express, [extractor]), {});
    const h3 = {
      'src/server.ts': `import { createApp, createRouter, defineEventHandler, readBody } from 'h3';
const app = createApp();
const router = createRouter()
  .get('/items/:id', defineEventHandler((event) => event.context.params.id))
  .post('/items', defineEventHandler(async (event) => readBody(event)));
app.use(router);
`,
    };
    assert.deepEqual(routes(h3, [extractor]), { 'GET /items/:id': 'none', 'POST /items': 'none' });
  });
});
