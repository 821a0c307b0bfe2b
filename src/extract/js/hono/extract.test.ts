import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as packageJson } from '../package-json/index.js';
import { extractor as nextjs } from '../nextjs/index.js';
import { extractor as express } from '../express/index.js';
import { extractor as koa } from '../koa/index.js';
import { extractor } from './index.js';

function routes(facts: Fact[]): Map<string, EntrypointFact> {
  const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  return new Map(eps.map((e) => [`${e.method} ${e.path}`, e]));
}

const APP = {
  'package.json': JSON.stringify({ name: 'shop', private: true, workspaces: ['packages/*', 'apps/*'] }),
  'packages/auth/package.json': JSON.stringify({ name: '@shop/auth', dependencies: { hono: '4.0.0' } }),
  'packages/auth/server/index.ts': `import { Hono } from 'hono';
import { sessionRoute } from './routes/session';
export const auth = new Hono<Env>()
  .get('/csrf', async (c) => c.json({ token: await csrf(c) }))
  .route('/', sessionRoute);
`,
  'packages/auth/server/routes/session.ts': `import { Hono } from 'hono';
import { sValidator } from '@hono/standard-validator';
import { getSession } from '../lib/get-session';
import { getAccounts } from '../lib/get-accounts';
export const sessionRoute = new Hono()
  .get('/accounts', async (c) => c.json(await getAccounts(c)))
  .post('/reset', async (c) => {
    const user = await prisma.user.findFirst({ where: { token: c.req.query('token') } });
    if (user.email === serviceEmail()) return c.text('no', 403);
    return c.json(await reset(user));
  })
  .get('/sessions', async (c) => {
    if (!enabled('email')) {
      throw new AppError('disabled');
    }
    const { user } = await getSession(c);
    return c.json(await listSessions(user.id));
  })
  .post('/signin', sValidator('json', ZSignin), async (c) => c.json(await signIn(c.req.valid('json'))))
  .get('/session', async (c) => {
    const session = await getOptionalSession(c);
    if (!session.user) {
      return c.json({ error: 'Unauthorized' }, 401);
    }
    return c.json(session);
  });
`,
  'packages/auth/server/lib/get-session.ts': `import type { Context } from 'hono';
export const getSession = async (c: Context) => {
  const { session, user } = await getOptionalSession(c);
  if (session && user) {
    return { session, user };
  }
  throw new AppError(AuthenticationErrorCode.Unauthorized);
};
`,
  'packages/auth/server/lib/get-accounts.ts': `import type { Context } from 'hono';
import { getSession } from './get-session';
export const getAccounts = async (c: Context) => {
  const { user } = await getSession(c);
  return prisma.account.findMany({ where: { userId: user.id } });
};
`,
  'apps/web/package.json': JSON.stringify({ name: '@shop/web', dependencies: { hono: '4.0.0', '@shop/auth': 'workspace:*' } }),
  'apps/web/server/middleware/admin.ts': `import { createMiddleware } from 'hono/factory';
export const requireAdmin = createMiddleware(async (c, next) => {
  const user = c.get('user');
  if (!user || user.role !== 'ADMIN') return c.json({ error: 'Forbidden' }, 403);
  await next();
});
`,
  'apps/web/server/files.ts': `import { Hono } from 'hono';
const files = new Hono();
files.get('/token/:token', async (c) => c.body(await byToken(c.req.param('token'))));
const resolveApiToken = async (header: string | undefined) => {
  const [token] = (header || '').split('Bearer ');
  if (!token) throw new AppError(AppErrorCode.UNAUTHORIZED);
  return findToken(token);
};
files.get('/api/:id', async (c) => {
  const token = await resolveApiToken(c.req.header('authorization'));
  return c.json(await load(c.req.param('id'), token.userId));
});
files.post('/upload', async (c) => {
  const userId = c.var.userId;
  if (!userId) return c.text('no', 401);
  return c.json(await upload(c));
});
export default files;
`,
  'apps/web/server/router.ts': `import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { auth } from '@shop/auth/server';
import files from './files';
import { requireAdmin } from './middleware/admin';
import { limiter } from './limits';
const app = new Hono().basePath('/');
app.use('/api/files/*', limiter);
app.route('/api/auth', auth);
app.route('/api/files', files);
app.use('/api/admin/*', requireAdmin);
app.get('/api/admin/stats', (c) => c.json(stats()));
app.on(['GET', 'POST'], '/api/health', (c) => c.text('ok'));
export default app;
`,
};

describe('extract/js/hono', () => {
  it('follows chained builders, route() mounts across packages, path-scoped middleware and in-handler checks', () => {
    const byKey = routes(runExtractors([packageJson, extractor], APP).facts);
    assert.deepEqual([...byKey.keys()].sort(), [
      'GET /api/admin/stats',
      'GET /api/auth/accounts',
      'GET /api/auth/csrf',
      'GET /api/auth/session',
      'GET /api/auth/sessions',
      'GET /api/files/api/:id',
      'GET /api/files/token/:token',
      'GET /api/health',
      'POST /api/auth/reset',
      'POST /api/auth/signin',
      'POST /api/files/upload',
      'POST /api/health',
    ]);
    assert.equal(byKey.get('GET /api/auth/session')?.auth, 'user');
    // A session helper in another file that refuses when nobody is signed in.
    assert.equal(byKey.get('GET /api/auth/sessions')?.auth, 'user');
    // Through a helper that starts with that one.
    assert.equal(byKey.get('GET /api/auth/accounts')?.auth, 'user');
    // A record loaded by a token compared with a value: no caller check.
    assert.equal(byKey.get('POST /api/auth/reset')?.auth, 'none');
    assert.equal(byKey.get('POST /api/auth/signin')?.auth, 'none');
    assert.ok(byKey.get('POST /api/auth/signin')?.tags?.includes('login'));
    assert.equal(byKey.get('POST /api/files/upload')?.auth, 'user');
    assert.ok(byKey.get('POST /api/files/upload')?.tags?.includes('rate-limited'));
    assert.equal(byKey.get('GET /api/files/token/:token')?.auth, 'none');
    assert.equal(byKey.get('GET /api/files/api/:id')?.auth, 'user');
    // The admin guard is scoped to /api/admin/*: it guards that route only.
    assert.equal(byKey.get('GET /api/admin/stats')?.auth, 'admin');
    assert.equal(byKey.get('GET /api/health')?.auth, 'none');
    assert.equal(byKey.get('GET /api/auth/csrf')?.framework, 'hono');
    // Chained routes keep their own lines.
    assert.equal(byKey.get('GET /api/auth/csrf')?.evidence.line, 4);
    assert.equal(byKey.get('GET /api/auth/sessions')?.evidence.file, 'packages/auth/server/routes/session.ts');
    assert.ok(byKey.get('POST /api/auth/reset')!.evidence.line > byKey.get('GET /api/auth/accounts')!.evidence.line);
  });

  it('ignores other frameworks that also have get/use/route', () => {
    const { facts } = runExtractors([extractor], {
      'src/app.ts': `import express from 'express';
const app = express();
app.get('/hono', (req, res) => res.send('hono'));
app.route('/x').get((req, res) => res.end());
`,
    });
    assert.equal(facts.filter((f) => f.kind === 'entrypoint').length, 0);
  });
});

describe('extract/js/hono apps', () => {
  it('applies basePath, on() with several methods and paths, and inline sub-apps', () => {
    const byKey = routes(
      runExtractors([extractor], {
        'src/index.ts': `import { Hono } from 'hono';
import { jwt } from 'hono/jwt';
const api = new Hono().basePath('/api');
api.use('/private/*', async (c, next) => {
  const payload = c.get('jwtPayload');
  if (!payload) throw new HTTPException(401, { message: 'no' });
  await next();
});
api.on(['PUT', 'DELETE'], ['/private/a', '/private/b'], (c) => c.text('ok'));
api.route('/v2', new Hono().get('/ping', (c) => c.text('pong')));
export default api;
`,
        'src/other.ts': `import { Hono } from 'hono';
export default new Hono().get('/solo', (c) => c.text('x'));
`,
      }).facts,
    );
    assert.deepEqual([...byKey.keys()].sort(), ['DELETE /api/private/a', 'DELETE /api/private/b', 'GET /api/v2/ping', 'GET /solo', 'PUT /api/private/a', 'PUT /api/private/b']);
    assert.equal(byKey.get('PUT /api/private/a')?.auth, 'user');
    assert.equal(byKey.get('GET /api/v2/ping')?.auth, 'none');
  });
  it("counts Hono's own bearerAuth, basicAuth and jwt middleware as login checks", () => {
    const byKey = routes(
      runExtractors([extractor], {
        'src/index.ts': `import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { basicAuth } from 'hono/basic-auth';
import { jwt } from 'hono/jwt';
const app = new Hono();
app.get('/metrics', bearerAuth({ token: process.env.METRICS_TOKEN }), (c) => c.text('m'));
app.get('/ops', basicAuth({ username: 'ops', password: process.env.OPS_PASSWORD }), (c) => c.text('o'));
app.use('/api/*', jwt({ secret: process.env.JWT_SECRET }));
app.get('/api/me', (c) => c.json(c.get('jwtPayload')));
app.get('/open', (c) => c.text('x'));
export default app;
`,
      }).facts,
    );
    assert.equal(byKey.get('GET /metrics')?.auth, 'user');
    assert.equal(byKey.get('GET /ops')?.auth, 'user');
    assert.equal(byKey.get('GET /api/me')?.auth, 'user');
    assert.equal(byKey.get('GET /open')?.auth, 'none');
  });

  it('counts an inline middleware that hands the call to bearerAuth when a token is set and refuses otherwise', () => {
    const byKey = routes(
      runExtractors([extractor], {
        'src/jobs.ts': `import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
const jobs = new Hono().basePath('/jobs');
jobs.use('*', async (c, next) => {
  if (process.env.JOBS_TOKEN) {
    return bearerAuth({ token: process.env.JOBS_TOKEN })(c, next);
  }
  console.error('JOBS_TOKEN is not set');
  return c.json({ error: 'not configured' }, 500);
});
jobs.get('/purge', async (c) => c.json(await purgeOld()));
const open = new Hono().basePath('/open');
open.use('*', async (c, next) => {
  if (process.env.OPEN_TOKEN) {
    return bearerAuth({ token: process.env.OPEN_TOKEN })(c, next);
  }
  return next();
});
open.get('/purge', async (c) => c.json(await purgeOld()));
export { jobs, open };
`,
      }).facts,
    );
    assert.equal(byKey.get('GET /jobs/purge')?.auth, 'user');
    // Without the setting the call goes through: no check stands.
    assert.equal(byKey.get('GET /open/purge')?.auth, 'none');
  });

  it('places the routes of an app a factory builds under the base path a Next.js route file passes, in place of its catch-all', () => {
    const facts = runExtractors([extractor, nextjs], {
      'src/lib/connect/server.ts': `import { Hono } from 'hono';
import { handle } from 'hono/vercel';
export function ConnectRoutes(options) {
  const { basePath, providers } = options;
  const app = new Hono().basePath(basePath);
  app.get('/start/:id', (c) => c.redirect(providers[c.req.param('id')].authorizeUrl()));
  app.get('/callback/:id', async (c) => c.json(await providers[c.req.param('id')].finish(c.req.query('code'))));
  return { handler: handle(app) };
}`,
      'src/app/api/connect/[...slug]/route.ts': `import { ConnectRoutes } from '@/lib/connect/server';
const { handler } = ConnectRoutes({ basePath: '/api/connect', providers });
export const GET = handler;
export const POST = handler;`,
    }).facts;
    const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint').map((e) => `${e.framework} ${e.method} ${e.path}`);
    assert.deepEqual(eps.sort(), ['hono GET /api/connect/callback/:id', 'hono GET /api/connect/start/:id']);
  });

  it('reads an API key compared with a setting, and the paths an early return lets past it', () => {
    const byKey = routes(
      runExtractors([extractor], {
        'src/server.ts': `import { Hono } from 'hono';
import { serve as serveEvents } from 'inngest/hono';
const app = new Hono();
app.use(async (c, next) => {
  if (c.req.path === '/health' || c.req.path.startsWith('/hooks/')) {
    return next();
  }
  const key = c.req.header('X-API-Key');
  if (key !== process.env.SERVICE_KEY) {
    return c.json({ message: 'bad key' }, 403);
  }
  return next();
});
app.get('/health', (c) => c.text('ok'));
app.post('/hooks/build', (c) => c.json({}));
app.post('/jobs', (c) => c.json({}));
app.on(['GET', 'POST', 'PUT'], '/events', serveEvents({ client, functions: [deploy] }));
export default app;
`,
      }).facts,
    );
    assert.equal(byKey.get('POST /jobs')?.auth, 'user');
    assert.equal(byKey.get('GET /health')?.auth, 'none');
    assert.equal(byKey.get('POST /hooks/build')?.auth, 'none');
    // Inngest's handler refuses requests not signed with the app's signing key.
    assert.ok(byKey.get('POST /events')?.tags?.includes('webhook-signature'));
  });

  it('reads zod-openapi routes registered by functions handed the app, behind a function middleware from a barrel', () => {
    const facts = runExtractors([extractor], {
      'src/index.ts': `import { Hono } from 'hono';
import { v1 } from './v1';
const app = new Hono();
app.get('/health', (c) => c.text('ok'));
app.route('/v1', v1);
`,
      'src/v1/index.ts': `import { OpenAPIHono } from '@hono/zod-openapi';
import { requireApiKey } from '../middleware';
import { itemsApi } from './items';
export const v1 = new OpenAPIHono();
v1.use('/*', requireApiKey);
v1.route('/items', itemsApi);
`,
      'src/middleware/index.ts': "export * from './api-key';\n",
      'src/middleware/api-key.ts': `import type { Context, Next } from 'hono';
export async function requireApiKey(c: Context, next: Next) {
  const key = c.req.header('x-shop-key');
  if (!key) throw new ApiError({ code: 'UNAUTHORIZED', message: 'missing key' });
  const found = await lookupKey(key);
  if (!found) throw new ApiError({ code: 'UNAUTHORIZED', message: 'bad key' });
  c.set('owner', owner);
  await next();
}
`,
      'src/v1/items/index.ts': `import { OpenAPIHono } from '@hono/zod-openapi';
import { registerGetItem } from './get';
import { registerDeleteItem } from './delete';
const itemsApi = new OpenAPIHono();
registerGetItem(itemsApi);
registerDeleteItem(itemsApi);
export { itemsApi };
`,
      'src/v1/items/get.ts': `import { createRoute } from '@hono/zod-openapi';
import type { itemsApi } from './index';
const getRoute = createRoute({ method: 'get', path: '/{id}', request: { params: Params } });
export function registerGetItem(api: typeof itemsApi) {
  return api.openapi(getRoute, async (c) => c.json(await findItem(c.req.valid('param').id)));
}
`,
      'src/v1/items/delete.ts': `import { createRoute } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
export const registerDeleteItem = (api: OpenAPIHono) =>
  api.openapi(createRoute({ method: 'delete', path: '/{id}', middleware: [audit('delete')] }), async (c) => c.json({}));
`,
    }).facts;
    const r = routes(facts);
    assert.deepEqual([...r.keys()].sort(), ['DELETE /v1/items/:id', 'GET /health', 'GET /v1/items/:id']);
    assert.equal(r.get('GET /health')?.auth, 'none');
    assert.equal(r.get('GET /v1/items/:id')?.auth, 'user');
    assert.equal(r.get('DELETE /v1/items/:id')?.auth, 'user');
    assert.deepEqual(r.get('DELETE /v1/items/:id')?.middleware, ['requireApiKey', "audit('delete')"]);
  });

  it('tags routes behind a middleware that verifies an HMAC signature as webhook-signature, and judges imported handlers', () => {
    const facts = runExtractors([extractor], {
      'src/hooks.ts': `import { Hono } from 'hono';
import { verifySender } from './verify';
import { reportJob, openJob } from './jobs';
export const hooks = new Hono();
hooks.post('/chat/events', verifySender, async (c) => c.json(await handle(c.get('body'))));
hooks.post('/chat/other', async (c) => c.json({}));
hooks.post('/jobs/report', reportJob);
hooks.post('/jobs/open', openJob);
`,
      'src/jobs.ts': `import type { Context } from 'hono';
export async function reportJob(c: Context) {
  if (c.req.header('Authorization') !== \`Bearer \${process.env.JOB_SECRET}\`) return c.text('Unauthorized', 401);
  return c.json(await saveReport(await c.req.json()));
}
export async function openJob(c: Context) {
  return c.json(await saveReport(await c.req.json()));
}
`,
      'src/verify.ts': `import { createMiddleware } from 'hono/factory';
export const verifySender = createMiddleware(async (c, next) => {
  const signature = c.req.header('x-chat-signature');
  if (!signature) return c.json({ error: 'missing' }, 401);
  const raw = await c.req.text();
  const key = await crypto.subtle.importKey('raw', secretBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const expected = hex(await crypto.subtle.sign('HMAC', key, encode(raw)));
  if (!equal(expected, signature)) return c.json({ error: 'bad signature' }, 401);
  await next();
});
`,
    }).facts;
    const r = routes(facts);
    assert.ok(r.get('POST /chat/events')?.tags?.includes('webhook-signature'));
    assert.ok(!r.get('POST /chat/other')?.tags?.includes('webhook-signature'));
    // An imported handler is judged by its own body.
    assert.equal(r.get('POST /jobs/report')?.auth, 'user');
    assert.equal(r.get('POST /jobs/open')?.auth, 'none');
  });

  it('reads an if / else-if chain over the credentials a request may carry, refusing one with none, as authentication', () => {
    const facts = runExtractors([extractor], {
      'src/routes.ts': `import { Hono } from 'hono';
import { requireCaller, loose } from './mw';
export const api = new Hono();
api.post('/notes', requireCaller(), async (c) => c.json(await saveNote(await c.req.json())));
api.post('/drafts', loose(), async (c) => c.json(await saveDraft(await c.req.json())));
`,
      'src/mw.ts': `import { createFactory } from 'hono/factory';
const factory = createFactory();
export function requireCaller() {
  return factory.createMiddleware(async (c, next) => {
    const jwt = c.req.header('authorization');
    const apiKey = c.req.header('x-api-key');
    if (jwt) {
      const failed = await checkJwt(c, jwt);
      if (failed) return failed;
    }
    else if (apiKey) {
      const failed = await checkApiKey(c, apiKey);
      if (failed) return failed;
    }
    else {
      return c.json({ error: 'no credentials' }, 401);
    }
    await next();
  });
}
export function loose() {
  return factory.createMiddleware(async (c, next) => {
    const jwt = c.req.header('authorization');
    if (jwt) {
      await checkJwt(c, jwt);
    }
    else {
      c.set('anonymous', true);
    }
    await next();
  });
}
`,
    }).facts;
    const r = routes(facts);
    assert.equal(r.get('POST /notes')?.auth, 'user');
    assert.notEqual(r.get('POST /drafts')?.auth, 'user');
  });

  it('judges a middleware factory of another file (`keyMiddleware()` returning createMiddleware) by the middleware it builds', () => {
    const facts = runExtractors([extractor], {
      'src/routes.ts': `import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { keyMiddleware, logRequests, billingEvents, internalSecret } from './mw';
export const api = new Hono();
api.get('/catalog', cors({ origin: '*', allowHeaders: ['Authorization'] }), async (c) => c.json(await catalog()));
api.post('/widgets', keyMiddleware({ readOnly: false }), async (c) => c.json(await saveWidget(await c.req.json())));
api.delete('/widgets', logRequests(), async (c) => c.json(await dropWidget(c.req.query('id'))));
api.post('/billing/events', billingEvents(), async (c) => c.json(await record(c.get('event'))));
api.post('/jobs/sweep', internalSecret, async (c) => c.json(await sweep()));
api.post('/admin/report', keyMiddleware(), async (c) => {
  const { data: isAdmin } = await db(c).rpc('is_platform_admin');
  if (!isAdmin) {
    throw badRequest('not_admin');
  }
  return c.json(await report());
});
`,
      'src/mw.ts': `import { createFactory } from 'hono/factory';
export const factory = createFactory();
function keyHeaders(c: Context) {
  return { key: c.req.header('x-widget-key') ?? c.req.header('authorization') };
}
function fail(status: number, code: string): never {
  throw new HTTPException(status, { message: code });
}
export function keyMiddleware(options?: { readOnly?: boolean }) {
  const mw = factory.createMiddleware(async (c, next) => {
    const blocked = await tooManyFailures(c);
    if (blocked) {
      return rateLimitResponse(c);
    }
    const { key } = keyHeaders(c);
    if (!key) {
      return fail(401, 'no_key');
    }
    const row = await findKey(key, options?.readOnly);
    if (!row) {
      return fail(401, 'invalid_key');
    }
    c.set('key', row);
    await next();
  });
  return mw;
}
export function billingEvents() {
  return factory.createMiddleware(async (c, next) => {
    const signature = c.req.raw.headers.get('billing-signature');
    if (!signature) {
      throw badRequest('no_signature');
    }
    const body = await c.req.text();
    const event = await readSignedEvent(c, body, signature);
    c.set('event', event);
    await next();
  });
}
export const internalSecret = factory.createMiddleware(async (c, next) => {
  const given = c.req.header('x-internal');
  if (!given || !(await timingSafeEqual(given, env(c, 'INTERNAL_SECRET')))) {
    throw badRequest('invalid_secret');
  }
  await next();
});
export function logRequests() {
  return factory.createMiddleware(async (c, next) => {
    console.log(c.req.method);
    await next();
  });
}
`,
    }).facts;
    const r = routes(facts);
    assert.equal(r.get('POST /widgets')?.auth, 'user');
    assert.equal(r.get('DELETE /widgets')?.auth, 'none');
    // A package's middleware factory unseen by link is judged by its callee's name, not by the text of its options.
    assert.equal(r.get('GET /catalog')?.auth, 'none');
    // A vendor signature handed with the raw body to a verifier: a webhook sender, not a user.
    assert.ok(r.get('POST /billing/events')?.tags?.includes('webhook-signature'));
    // A shared secret from a header compared in constant time.
    assert.equal(r.get('POST /jobs/sweep')?.auth, 'user');
    // An administrator flag the handler refuses without (after the key middleware).
    assert.equal(r.get('POST /admin/report')?.auth, 'admin');
  });

  it('reads apps of hono/factory and hono/tiny, mounted on an app a helper of another file made, and leaves them to Hono only', () => {
    const facts = runExtractors([express, extractor], {
      'src/utils/hono.ts': `import { createFactory } from 'hono/factory';
import { Hono } from 'hono/tiny';
export const appFactory = createFactory();
export function createRoot(name: string) {
  const root = new Hono();
  root.get('/ok', (c) => c.text('ok'));
  return root;
}
`,
      'src/public/notes.ts': `import { appFactory } from '../utils/hono.ts';
export const app = appFactory.createApp();
app.get('/', async (c) => c.json(await listNotes()));
`,
      'src/private/purge.ts': `import { Hono } from 'hono/tiny';
export const app = new Hono();
app.post('/', async (c) => c.json(await purge()));
`,
      'src/worker.ts': `import { createRoot } from './utils/hono.ts';
import { app as notes } from './public/notes.ts';
import { app as purge } from './private/purge.ts';
const api = createRoot('api');
api.route('/notes', notes);
api.route('/purge', purge);
export default api;
`,
    }).facts;
    const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(eps.map((e) => `${e.framework} ${e.method} ${e.path}`).sort(), ['hono GET /notes', 'hono GET /ok', 'hono POST /purge']);
  });

  it('does not call a POST handler that writes nothing state-changing', () => {
    const r = routes(runExtractors([extractor], {
      'src/api.ts': `import { Hono } from 'hono';
export const api = new Hono();
api.post('/quote', async (c) => {
  const body = await c.req.json();
  return c.json({ total: price(body.items) });
});
api.post('/orders', async (c) => c.json(await db.insert(orders).values(await c.req.json())));
api.delete('/cache', async (c) => c.json(await dropEntries(c.req.query('key'))));
`,
    }).facts);
    assert.ok(r.get('POST /quote')?.tags?.includes('no-state-change'));
    assert.ok(!r.get('POST /quote')?.tags?.includes('state-changing'));
    assert.ok(r.get('POST /orders')?.tags?.includes('state-changing'));
    assert.ok(r.get('DELETE /cache')?.tags?.includes('state-changing'));
  });

  it('reads a router held in a class field (`this.router = new Hono()`), and koa leaves it alone', () => {
    const facts = runExtractors([express, koa, extractor], {
      'src/uploads.ts': `import { Hono } from 'hono/tiny';
export class UploadRoom {
  router: Hono;
  constructor(ctx: unknown) {
    this.router = new Hono();
    this.router.post('/uploads/:bucket', this.exclusive(this.create));
    this.router.patch('/uploads/:bucket/:id', this.exclusive(this.patch));
  }
  async fetch(request: Request) {
    return this.router.fetch(request);
  }
}
`,
    }).facts;
    const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(eps.map((e) => `${e.framework} ${e.method} ${e.path}`).sort(), ['hono PATCH /uploads/:bucket/:id', 'hono POST /uploads/:bucket']);
    // Reached through the class (a Durable Object stub) behind routes not seen here.
    assert.ok(eps.every((e) => e.tags?.includes('mount-unresolved')));
  });
});

describe('extract/js/hono handlers public by design', () => {
  it('tags capability-token where a secret sent in the body picks the record the handler changes', () => {
    const byKey = routes(
      runExtractors([extractor], {
        'src/invites.ts': `import { Hono } from 'hono';
import { z } from 'zod';
const schema = z.object({ invite_secret: z.string(), password: z.string() });
export const invites = new Hono();
invites.post('/accept', async (c) => {
  const raw = await parseBody(c);
  const checked = safeParseSchema(schema, raw);
  if (!checked.success) return c.json({ error: 'invalid' }, 400);
  const body = checked.data;
  const { data: invite } = await db.from('invites').select('*').eq('secret', body.invite_secret).maybeSingle();
  if (!invite) return c.json({ error: 'unknown invite' }, 404);
  await db.from('members').insert({ org_id: invite.org_id, email: invite.email });
  return c.json({ ok: true });
});
invites.post('/token', async (c) => {
  const { resetToken, password } = await c.req.json();
  await db.from('users').update({ password }).eq('reset_token', resetToken);
  return c.json({ ok: true });
});
invites.post('/rename', async (c) => {
  const body = await c.req.json();
  await db.from('orgs').update({ name: body.name }).eq('id', body.org_id);
  return c.json({ ok: true });
});
`,
      }).facts,
    );
    assert.ok(byKey.get('POST /accept')?.tags?.includes('capability-token'));
    assert.ok(byKey.get('POST /token')?.tags?.includes('capability-token'));
    assert.ok(!byKey.get('POST /rename')?.tags?.includes('capability-token'));
  });
});

describe('extract/js/hono routes a comment declares public', () => {
  it('tags declared-public under a comment stating the routes are public on purpose, not under a TODO', () => {
    const eps = runExtractors([extractor], {
      'src/devices.ts': `import { Hono } from 'hono';
// Device endpoints are intentionally public: devices identify themselves by what they send,
// so we do not require a user session here.
export const devices = new Hono();
devices.post('/register', async (c) => c.json(await save(await c.req.json())));
`,
      'src/admin.ts': `import { Hono } from 'hono';
// TODO: these are public by design for now, add auth later
export const admin = new Hono();
admin.post('/wipe', async (c) => c.json(await wipe()));
// Clears the cache for everyone.
admin.post('/flush', async (c) => c.json(await flush()));
`,
    }).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const tagged = (path: string) => eps.find((e) => e.path === path)?.tags?.includes('declared-public');
    assert.equal(tagged('/register'), true);
    assert.equal(tagged('/wipe'), false);
    assert.equal(tagged('/flush'), false);
  });
});

describe('extract/js/hono handlers that sign the caller in', () => {
  it('tags login where the posted password goes to a sign-in call, rate-limited where the body asks a limiter first', () => {
    const eps = runExtractors([extractor], {
      'src/account.ts': `import { Hono } from 'hono';
export const account = new Hono();
account.post('/confirm-deletion', async (c) => {
  const parsed = schema.safeParse(await c.req.json());
  if (!parsed.success) return c.json({ error: 'invalid' }, 400);
  const body = parsed.data;
  const status = await isIpRateLimited(c);
  if (status.limited) return c.json({ error: 'slow down' }, 429);
  const { error } = await supabase.auth.signInWithPassword({ email: body.email, password: body.password });
  if (error) return c.json({ error: 'invalid credentials' }, 401);
  await deleteAccount(body.email);
  return c.json({ ok: true });
});
account.post('/unlock', async (c) => {
  const { email, password } = await c.req.json();
  const user = await signInWithEmailAndPassword(auth, email, password);
  await unlock(user.uid);
  return c.json({ ok: true });
});
account.post('/profile', async (c) => {
  const body = await c.req.json();
  await login(body.email);
  return c.json({ ok: true });
});
`,
    }).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const tags = (path: string) => eps.find((e) => e.path === path)?.tags ?? [];
    assert.ok(tags('/confirm-deletion').includes('login'));
    assert.ok(tags('/confirm-deletion').includes('rate-limited'));
    assert.ok(tags('/unlock').includes('login'));
    assert.ok(!tags('/unlock').includes('rate-limited'));
    assert.ok(!tags('/profile').includes('login'));
  });
});

describe('extract/js/hono invitations accepted by signing in', () => {
  it('keeps capability-token and adds no login where an invitation secret picks the record first', () => {
    const eps = runExtractors([extractor], {
      'src/invites.ts': `import { Hono } from 'hono';
export const invites = new Hono();
invites.post('/accept', async (c) => {
  const body = await c.req.json();
  const { data: invite } = await db.from('invites').select('*').eq('token', body.invite_token).maybeSingle();
  if (!invite) return c.json({ error: 'unknown' }, 404);
  const { data } = await supabase.auth.signInWithPassword({ email: invite.email, password: body.password });
  await db.from('members').insert({ user_id: data.user.id, org_id: invite.org_id });
  return c.json({ ok: true });
});
`,
    }).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const tags = eps.find((e) => e.path === '/accept')?.tags ?? [];
    assert.ok(tags.includes('capability-token'));
    assert.ok(!tags.includes('login'));
  });
});
