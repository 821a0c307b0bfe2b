import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import type { Extractor } from '../../types.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as tsconfigPaths } from '../tsconfig-paths/index.js';
import { extractor } from './index.js';

function run(files: Record<string, string>, extractors: Extractor[] = [auth, extractor]): Fact[] {
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, extractors).facts);
  return linkFacts(facts, extractors);
}

function authOf(facts: Fact[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of facts) if (f.kind === 'entrypoint' && f.framework === 'fastify') out[`${f.method} ${f.path}`] = (f as EntrypointFact).auth;
  return out;
}

// An application-wide hook reads each route's `config` and authenticates unless the route's
// config lets anonymous callers in; the routes say which in their own options.
const accessModule = `export enum AccessKind { ANONYMOUS = 'anonymous', MEMBER = 'member' }
export const access = {
  anonymous: () => ({ kind: AccessKind.ANONYMOUS }) as const,
  member: (scopes: string[]) => ({ kind: AccessKind.MEMBER, scopes }) as const,
  ownerOnly: () => ({ kind: AccessKind.MEMBER, ownerOnly: true }) as const,
  adminOnly: () => ({ kind: AccessKind.MEMBER, admin: true }) as const,
};
`;

const callerHook = `import type { FastifyRequest } from 'fastify';
import { AccessKind } from './access';
import { verifyBearer } from './tokens';

export const requireCaller = async (request: FastifyRequest): Promise<void> => {
  const access = request.routeOptions.config?.access;
  if (access === undefined) {
    return;
  }
  if (access.kind === AccessKind.ANONYMOUS) {
    return;
  }
  request.caller = await verifyBearer(request.headers.authorization);
};
`;

const server = `import Fastify from 'fastify';
import { requireCaller } from './security/caller-hook';
import { notesPlugin } from './notes';

const app = Fastify();
app.addHook('preHandler', requireCaller);
await app.register(notesPlugin, { prefix: '/notes' });
await app.listen({ port: 3000 });
`;

const notes = `import type { FastifyPluginAsync } from 'fastify';
import { access } from './security/access';
import { sharedOptions } from './shared-options';

const MemberOnly = { config: { access: access.member(['notes:write']) } };
const RemoveNote = {
  config: { access: access.adminOnly() },
  schema: { params: { type: 'object' } },
};

export const notesPlugin: FastifyPluginAsync = async (app) => {
  app.get('/', { config: { access: access.anonymous() } }, async () => []);
  app.post('/', MemberOnly, async (request) => request.body);
  app.delete('/:id', RemoveNote, async () => ({ ok: true }));
  app.get('/stats', async () => ({ count: 1 }));
  app.put('/:id', { ...MemberOnly, preValidation: async () => undefined }, async (request) => request.body);
  app.get('/export', sharedOptions, async () => []);
};
`;

describe('extract/js/fastify route config read by an authentication hook', () => {
  it('weighs each route config against the hook: anonymous, member, admin, none given', () => {
    const facts = run({ 'src/server.ts': server, 'src/notes.ts': notes, 'src/security/access.ts': accessModule, 'src/security/caller-hook.ts': callerHook });
    assert.deepEqual(authOf(facts), {
      'GET /notes': 'none',
      'POST /notes': 'user',
      'DELETE /notes/:id': 'admin',
      // No access key in the config: the hook returns before checking anything.
      'GET /notes/stats': 'none',
      'PUT /notes/:id': 'user',
      // Options from another module are not read: the hook's check stands.
      'GET /notes/export': 'user',
    });
    const open = facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.path === '/notes' && f.method === 'GET');
    assert.ok(open?.tags?.includes('declared-public'));
  });

  it('reads boolean config flags (`config: { public: true }`) and keeps routes without them guarded', () => {
    const hook = `import type { FastifyReply, FastifyRequest } from 'fastify';
export async function authenticate(request: FastifyRequest, reply: FastifyReply) {
  if (request.routeOptions.config.public) return;
  const ok = await request.server.sessions.check(request.headers.cookie);
  if (!ok) return reply.code(401).send({ error: 'Unauthorized' });
}
`;
    const app = `import fastify from 'fastify';
import { authenticate } from './hooks/authenticate';
const app = fastify();
app.addHook('onRequest', authenticate);
app.get('/health', { config: { public: true } }, async () => 'ok');
app.get('/me', async (request) => request.user);
app.route({ method: 'POST', url: '/login', config: { public: true }, handler: async () => ({}) });
`;
    const facts = run({ 'app.ts': app, 'hooks/authenticate.ts': hook });
    assert.deepEqual(authOf(facts), { 'GET /health': 'none', 'GET /me': 'user', 'POST /login': 'none' });
  });

  it('leaves a hook that reads config for something else than authentication alone', () => {
    const hook = `import type { FastifyRequest } from 'fastify';
export const cacheHeaders = async (request: FastifyRequest) => {
  const ttl = request.routeOptions.config?.cacheTtl;
  if (!ttl) return;
  request.log.info({ ttl });
};
`;
    const app = `import fastify from 'fastify';
import { cacheHeaders } from './cache';
const app = fastify();
app.addHook('onRequest', cacheHeaders);
app.get('/items', { config: { cacheTtl: 60 } }, async () => []);
`;
    assert.deepEqual(authOf(run({ 'app.ts': app, 'cache.ts': hook })), { 'GET /items': 'none' });
  });
});

describe('extract/js/fastify route config listing the caller kinds a route admits', () => {
  it('lets a route through whose list admits every caller kind, anonymous included', () => {
    const hook = `import type { FastifyRequest } from 'fastify';
import { AccessKind, CallerKind } from './access';
import { verifyBearer } from './tokens';

export const authorizeCaller = async (request: FastifyRequest): Promise<void> => {
  const access = request.routeOptions.config?.access;
  if (access === undefined || access.kind === AccessKind.ANONYMOUS) return;
  const header = request.headers.authorization;
  const caller = header ? await verifyBearer(header) : { kind: CallerKind.UNKNOWN };
  if (!access.kinds.includes(caller.kind)) throw new Error('403 Forbidden');
  request.caller = caller;
};
`;
    const accessDefs = `export enum AccessKind { ANONYMOUS = 'anonymous', SCOPED = 'scoped' }
export enum CallerKind { USER = 'user', WORKER = 'worker', UNKNOWN = 'unknown' }
export const access = {
  anonymous: () => ({ kind: AccessKind.ANONYMOUS }) as const,
  scoped: (kinds: readonly CallerKind[]) => ({ kind: AccessKind.SCOPED, kinds }) as const,
};
`;
    const app = `import Fastify from 'fastify';
import { ALL_CALLER_KINDS } from '@acme/shared';
import { authorizeCaller } from './authorize';
import { access, CallerKind } from './access';

enum Audience { MEMBER = 'member', GUEST = 'guest' }
const ALL_AUDIENCES = Object.values(Audience);
const ALL_STAFF = [CallerKind.USER, CallerKind.WORKER];

const app = Fastify();
app.addHook('preHandler', authorizeCaller);
app.get('/flags', { config: { access: access.scoped(ALL_CALLER_KINDS) } }, async () => ({}));
app.get('/status', { config: { access: access.scoped([CallerKind.USER, CallerKind.UNKNOWN]) } }, async () => 'ok');
app.get('/banner', { config: { access: access.scoped(ALL_AUDIENCES) } }, async () => '');
app.get('/jobs', { config: { access: access.scoped(ALL_STAFF) } }, async () => []);
app.get('/me', { config: { access: access.scoped([CallerKind.USER]) } }, async (request) => request.caller);
`;
    const facts = run({ 'src/app.ts': app, 'src/authorize.ts': hook, 'src/access.ts': accessDefs });
    assert.deepEqual(authOf(facts), {
      // A constant named for every caller kind, defined in another package.
      'GET /flags': 'none',
      // A list naming the kind given to callers without a token.
      'GET /status': 'none',
      // Every member of an enum that has a guest member.
      'GET /banner': 'none',
      // Lists read here without an anonymous kind, named "all" or not, keep the check.
      'GET /jobs': 'user',
      'GET /me': 'user',
    });
  });
});

describe('extract/js/fastify per-route rate limit in the route config', () => {
  it('tags routes whose config sets rateLimit (and not those with rateLimit: false)', () => {
    const app = `import Fastify from 'fastify';
import rateLimit from '@fastify/rate-limit';
const app = Fastify();
await app.register(rateLimit, { global: false });
const strict = { max: 5, timeWindow: '1 minute' };
app.post('/login', { config: { rateLimit: strict } }, async (request) => signIn(request.body));
app.post('/password/reset', { config: { rateLimit: false } }, async (request) => reset(request.body));
app.post('/signup', async (request) => register(request.body));
`;
    const tags: Record<string, boolean> = {};
    for (const f of run({ 'app.ts': app })) if (f.kind === 'entrypoint' && f.path) tags[f.path] = f.tags?.includes('rate-limited') ?? false;
    assert.deepEqual(tags, { '/login': true, '/password/reset': false, '/signup': false });
  });
});

describe('extract/js/fastify plugins that load an identity and typed route modules', () => {
  // An application-wide hook that fills `req.auth` when a token is sent and returns when none is:
  // identity loading, not a gate; the routes' own `onRequest` guards decide. The route modules
  // import nothing of Fastify's: they only name the instance's type.
  const files: Record<string, string> = {
    'src/plugins/audit-context.ts': `import fp from 'fastify-plugin';
export const auditContext = fp(async (server: FastifyTyped) => {
  server.decorateRequest('auditInfo', null);
  server.addHook('onRequest', async (req) => {
    if (!req.auth) return;
    if (req.auth.kind === 'user') {
      req.auditInfo = { actor: req.auth.userId };
    } else if (req.auth.kind === 'machine') {
      req.auditInfo = { actor: req.auth.clientId };
    } else {
      throw new BadRequestError({ message: 'unknown actor kind' });
    }
  });
});
`,
    'src/plugins/require-auth.ts': `import { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
export const requireAuth = (kinds: string[]) => (req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
  if (!req.auth) throw new UnauthorizedError({ message: 'missing token' });
  if (!kinds.includes(req.auth.kind)) throw new UnauthorizedError({ message: 'wrong token kind' });
  done();
};
`,
    'src/routes/v1/index.ts': `import { registerProjectRoutes } from './project-routes';
export const registerV1 = async (server: FastifyTyped) => {
  await server.register(registerProjectRoutes, { prefix: '/projects' });
};
`,
    'src/routes/v1/project-routes.ts': `import { z } from 'zod';
import { requireAuth } from '../../plugins/require-auth';
export const registerProjectRoutes = async (server: FastifyTyped) => {
  server.route({
    method: 'GET',
    url: '/shared/:token',
    schema: { params: z.object({ token: z.string() }) },
    handler: async (req) => server.services.sharing.open(req.params.token),
  });
  server.route({
    method: 'POST',
    url: '/',
    onRequest: requireAuth(['user']),
    handler: async (req) => server.services.projects.create(req.body),
  });
};
`,
    'src/server.ts': `import Fastify from 'fastify';
import { auditContext } from './plugins/audit-context';
import { registerV1 } from './routes/v1';
const server = Fastify();
await server.register(auditContext);
await server.register(registerV1, { prefix: '/api/v1' });
`,
  };

  it('reads route modules typed as a Fastify instance, and a hook returning without a caller guards nothing', () => {
    assert.deepEqual(authOf(run(files)), { 'GET /api/v1/projects/shared/:token': 'none', 'POST /api/v1/projects': 'user' });
  });
});

describe('extract/js/fastify plugins imported through a tsconfig paths alias', () => {
  it('mounts a plugin imported as `@app/...` under the prefix it is registered with', () => {
    const files: Record<string, string> = {
      'api/tsconfig.json': `{
  // aliases of the service's own folders
  "compilerOptions": { "baseUrl": ".", "paths": { "@app/*": ["./src/*"] } }
}`,
      'api/src/server.ts': `import Fastify from 'fastify';
import { registerBilling } from '@app/billing/routes';
const server = Fastify();
await server.register(async (v1) => {
  await v1.register(registerBilling);
}, { prefix: '/api/v1' });
`,
      'api/src/billing/routes/index.ts': `import { registerInvoices } from './invoices';
export const registerBilling = async (server: FastifyTypedInstance) => {
  await server.register(registerInvoices, { prefix: '/invoices' });
};
`,
      'api/src/billing/routes/invoices.ts': `export const registerInvoices = async (server: FastifyTypedInstance) => {
  server.route({ method: 'GET', url: '/:id', handler: async (req) => server.services.invoices.get(req.params.id) });
};
`,
    };
    assert.deepEqual(Object.keys(authOf(run(files, [auth, tsconfigPaths, extractor]))), ['GET /api/v1/invoices/:id']);
  });
});

describe('extract/js/fastify route hooks that chain guards through callbacks', () => {
  it('counts each guard of `(req, res, done) => auth(req, res, () => admin(req, res, done))`', () => {
    const files: Record<string, string> = {
      'src/guards.ts': `import { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
export const requireAuth = (kinds: string[]) => (req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
  if (!req.auth || !kinds.includes(req.auth.kind)) throw new UnauthorizedError({ message: 'Unauthorized' });
  done();
};
export const requireInstanceAdmin = (req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
  if (!req.auth.user.isAdmin) throw new ForbiddenError({ message: 'administrators only' });
  done();
};
`,
      'src/settings.ts': `import { requireAuth, requireInstanceAdmin } from './guards';
export const registerSettings = async (server: FastifyTypedInstance) => {
  server.route({
    method: 'PATCH',
    url: '/settings',
    onRequest: (req, res, done) => {
      requireAuth(['session'])(req, res, () => {
        requireInstanceAdmin(req, res, done);
      });
    },
    handler: async (req) => server.services.settings.update(req.body),
  });
};
`,
      'src/server.ts': `import Fastify from 'fastify';
import { registerSettings } from './settings';
const server = Fastify();
await server.register(registerSettings, { prefix: '/api' });
`,
    };
    assert.deepEqual(authOf(run(files)), { 'PATCH /api/settings': 'admin' });
  });
});

describe('a hook answering 401 before it returns still refuses', () => {
  it('keeps `async (request, reply) => { if (!request.user) { reply.code(401).send(); return; } }` a guard', () => {
    const app = `import Fastify from 'fastify';
const app = Fastify();
app.addHook('preHandler', async (request, reply) => {
  if (!request.user) {
    reply.code(401).send({ error: 'sign in first' });
    return;
  }
});
app.get('/account', async (request) => request.user);
`;
    assert.deepEqual(authOf(run({ 'app.ts': app })), { 'GET /account': 'user' });
  });
});

describe('extract/js/fastify zod body schemas', () => {
  it('tags a zod object body as closed (undeclared keys stripped), not one with passthrough()', () => {
    const app = `import Fastify from 'fastify';
import { z } from 'zod';
const app = Fastify().withTypeProvider<ZodTypeProvider>();
app.route({
  method: 'POST',
  url: '/webhooks',
  schema: { body: z.object({ url: z.string().url(), events: z.array(z.string()) }).describe('a webhook') },
  handler: async (req) => save({ ...req.body }),
});
app.post('/raw', { schema: { body: z.object({ url: z.string() }).passthrough() } }, async (req) => save({ ...req.body }));
`;
    const tags: Record<string, string[]> = {};
    for (const f of run({ 'app.ts': app })) if (f.kind === 'entrypoint' && f.path) tags[f.path] = (f.tags ?? []).filter((t) => t.startsWith('body-schema'));
    assert.deepEqual(tags, { '/webhooks': ['body-schema', 'body-schema-closed'], '/raw': ['body-schema'] });
  });
});
