import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as packageJson } from '../package-json/index.js';
import { extractor } from './index.js';

function routes(facts: Fact[]): Map<string, EntrypointFact> {
  const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  return new Map(eps.map((e) => [`${e.method} ${e.path}`, e]));
}

// A monorepo: the API package defines t, builders and routers; the web app serves them.
const MONOREPO = {
  'package.json': JSON.stringify({ name: 'shop', private: true, workspaces: ['packages/*', 'apps/*'] }),
  'packages/api/package.json': JSON.stringify({ name: '@shop/api', dependencies: { '@trpc/server': '11.0.0' } }),
  'packages/api/server/trpc.ts': `import { initTRPC, TRPCError } from '@trpc/server';
import { isAdmin } from '../utils/is-admin';
const t = initTRPC.context<Ctx>().create();
export const authedMiddleware = t.middleware(async ({ ctx, next }) => {
  const header = ctx.req.headers.get('authorization');
  if (header) {
    const user = await findByToken(header);
    if (!user) throw new TRPCError({ code: 'UNAUTHORIZED' });
    return next({ ctx: { ...ctx, user } });
  }
  if (!ctx.session) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Log in' });
  }
  return next({ ctx });
});
export const maybeAuthedMiddleware = t.middleware(async ({ ctx, next }) => {
  const header = ctx.req.headers.get('authorization');
  if (header) {
    const user = await findByToken(header);
    if (!user) throw new TRPCError({ code: 'UNAUTHORIZED' });
    return next({ ctx: { ...ctx, user } });
  }
  return next({ ctx: { ...ctx, user: ctx.user ?? null } });
});
const adminMiddleware = t.middleware(async ({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED' });
  const isUserAdmin = isAdmin(ctx.user);
  if (!isUserAdmin) throw new TRPCError({ code: 'FORBIDDEN' });
  return next();
});
export const router = t.router;
export const procedure = t.procedure;
export const authenticatedProcedure = t.procedure.use(authedMiddleware);
export const maybeAuthenticatedProcedure = t.procedure.use(maybeAuthedMiddleware);
export const adminProcedure = authenticatedProcedure.use(adminMiddleware);
`,
  'packages/api/server/document/get-document.ts': `import { authenticatedProcedure } from '../trpc';
import { getDocumentMeta } from './get-document.types';
export const getDocumentRoute = authenticatedProcedure
  .meta(getDocumentMeta)
  .input(z.object({ id: z.number() }))
  .query(async ({ input, ctx }) => getDocument(input.id, ctx.user.id));
`,
  'packages/api/server/document/get-document.types.ts': `export const getDocumentMeta = {
  openapi: { method: 'GET', path: '/document/{documentId}' },
};
`,
  'packages/api/server/document/router.ts': `import { router, procedure, adminProcedure, maybeAuthenticatedProcedure } from '../trpc';
import { getDocumentRoute } from './get-document';
export const documentRouter = router({
  get: getDocumentRoute,
  share: procedure.input(z.object({ token: z.string() })).mutation(async ({ input, ctx }) => {
    if (input.token) {
      return createShareLink(input.token);
    }
    if (!ctx.user) throw new Error('Log in or give a token');
    return createShareLink(ctx.user.id);
  }),
  sign: procedure.mutation(async ({ input }) => {
    const recipient = await prisma.recipient.findFirst({ where: { token: input.token } });
    if (!recipient) throw new TRPCError({ code: 'NOT_FOUND' });
    return sign(recipient);
  }),
  embed: procedure.mutation(async ({ ctx }) => {
    try {
      const header = ctx.req.headers.get('authorization');
      const [presignToken] = (header || '').split('Bearer ');
      if (!presignToken) throw new AppError(AppErrorCode.UNAUTHORIZED);
      return await run(presignToken);
    } catch (e) {
      throw e;
    }
  }),
  signField: procedure.mutation(async ({ input }) => {
    const { token, fieldId } = input;
    return await signFieldWithToken({ token, fieldId });
  }),
  admin: router({
    reseal: adminProcedure.mutation(async ({ input }) => reseal(input.id)),
  }),
  inbox: {
    count: maybeAuthenticatedProcedure.query(async ({ ctx }) => count(ctx.user)),
  },
});
`,
  'packages/api/server/router.ts': `import { router } from './trpc';
import { documentRouter } from './document/router';
export const appRouter = router({ document: documentRouter });
`,
  'packages/api/server/open-api.ts': `import { generateOpenApiDocument } from 'trpc-to-openapi';
import { appRouter } from './router';
export const doc = generateOpenApiDocument(appRouter, { title: 'API', version: '1', baseUrl: \`\${process.env.URL}/api/v2\` });
`,
  'apps/web/package.json': JSON.stringify({ name: '@shop/web', dependencies: { hono: '4.0.0', '@shop/api': 'workspace:*' } }),
  'apps/web/server/trpc.ts': `import { trpcServer } from '@hono/trpc-server';
import { appRouter } from '@shop/api/server/router';
export const trpcHandler = trpcServer({ router: appRouter, endpoint: formatPath('/api/trpc') });
`,
};

describe('extract/js/trpc', () => {
  it('emits one entry point per procedure, mounted where the adapter serves the router, with builder auth', () => {
    const { facts } = runExtractors([packageJson, extractor], MONOREPO);
    const byKey = routes(facts);
    assert.equal(byKey.get('GET /api/trpc/document.get')?.auth, 'user');
    assert.equal(byKey.get('GET /api/trpc/document.get')?.framework, 'trpc');
    assert.equal(byKey.get('POST /api/trpc/document.admin.reseal')?.auth, 'admin');
    assert.ok(byKey.get('POST /api/trpc/document.admin.reseal')?.tags?.includes('state-changing'));
    // A token-authenticated branch that returns is another way in; anonymous calls pass: optional.
    const count = byKey.get('GET /api/trpc/document.inbox.count');
    assert.equal(count?.auth, 'none');
    assert.ok(count?.tags?.includes('optional-auth'));
    // The resolver's own check runs only after a public early return: no auth.
    assert.equal(byKey.get('POST /api/trpc/document.share')?.auth, 'none');
    const sign = byKey.get('POST /api/trpc/document.sign');
    assert.equal(sign?.auth, 'none');
    assert.ok(sign?.tags?.includes('capability-token'));
    assert.ok(byKey.get('POST /api/trpc/document.signField')?.tags?.includes('capability-token'));
    // A bearer token the resolver checks first, inside a try: a caller is required.
    assert.equal(byKey.get('POST /api/trpc/document.embed')?.auth, 'user');
    // trpc-to-openapi: the same procedure as REST under the document's base URL.
    assert.equal(byKey.get('GET /api/v2/document/{documentId}')?.auth, 'user');
    // The handler is the resolver.
    assert.equal(byKey.get('GET /api/trpc/document.get')?.handler?.file, 'packages/api/server/document/get-document.ts');
    assert.deepEqual([...byKey.keys()].sort(), [
      'GET /api/trpc/document.get',
      'GET /api/trpc/document.inbox.count',
      'GET /api/v2/document/{documentId}',
      'POST /api/trpc/document.admin.reseal',
      'POST /api/trpc/document.embed',
      'POST /api/trpc/document.share',
      'POST /api/trpc/document.sign',
      'POST /api/trpc/document.signField',
    ]);
  });

  it('mounts at /trpc by default, at an express use() path, and at a Next.js pages API route', () => {
    const base = {
      'server/trpc.ts': `import { initTRPC } from '@trpc/server';
const t = initTRPC.create();
export const router = t.router;
export const publicProcedure = t.procedure;
export const protectedProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.session?.user) throw new TRPCError({ code: 'UNAUTHORIZED' });
  return next({ ctx: { session: ctx.session } });
});
`,
      'server/root.ts': `import { router, publicProcedure, protectedProcedure } from './trpc';
export const appRouter = router({
  hello: publicProcedure.query(() => 'hi'),
  post: router({ create: protectedProcedure.input(z.string()).mutation(({ ctx, input }) => ctx.db.post.create({ data: { input } })) }),
});
`,
    };
    const alone = routes(runExtractors([extractor], base).facts);
    assert.deepEqual([...alone.keys()].sort(), ['GET /trpc/hello', 'POST /trpc/post.create']);
    assert.equal(alone.get('POST /trpc/post.create')?.auth, 'user');
    assert.equal(alone.get('GET /trpc/hello')?.auth, 'none');

    const express = routes(runExtractors([extractor], { ...base, 'server/index.ts': `import express from 'express';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import { appRouter } from './root';
const app = express();
app.use('/api/rpc', createExpressMiddleware({ router: appRouter, createContext }));
` }).facts);
    assert.deepEqual([...express.keys()].sort(), ['GET /api/rpc/hello', 'POST /api/rpc/post.create']);

    const next = routes(runExtractors([extractor], { ...base, 'pages/api/trpc/[trpc].ts': `import { createNextApiHandler } from '@trpc/server/adapters/next';
import { appRouter } from '../../../server/root';
export default createNextApiHandler({ router: appRouter, createContext });
` }).facts);
    assert.deepEqual([...next.keys()].sort(), ['GET /api/trpc/hello', 'POST /api/trpc/post.create']);
  });

  it('ignores query()/router() calls of other libraries', () => {
    const { facts } = runExtractors([extractor], {
      'src/db.ts': `import { pool } from './pool';
export const rows = pool.query(async () => 1);
export const r = createRouter({ routes: [] });
`,
      'src/app.ts': `import express from 'express';
const router = express.Router({ mergeParams: true });
router.get('/x', (req, res) => res.send('ok'));
`,
    });
    assert.equal(facts.filter((f) => f.kind === 'entrypoint').length, 0);
  });
  it('follows builder factories: a function returning an authed builder, called per router', () => {
    const { facts } = runExtractors([extractor], {
      'server/trpc.ts': `import { initTRPC, TRPCError } from '@trpc/server';
const t = initTRPC.create();
export const router = t.router;
export const publicProcedure = t.procedure;
export const authedProcedure = t.procedure.use(function isAuthed(opts) {
  if (!opts.ctx.user?.id) throw new TRPCError({ code: 'UNAUTHORIZED' });
  return opts.next({ ctx: { user: opts.ctx.user } });
});
export function createScopedProcedure(resource: string) {
  return authedProcedure.use((opts) => {
    if (opts.ctx.auth?.type !== 'apiKey') return opts.next();
    if (hasScope(opts.ctx.auth.scopes, resource)) return opts.next();
    throw new TRPCError({ code: 'FORBIDDEN' });
  });
}
export const createAdminProcedure = (resource: string) =>
  authedProcedure.use((opts) => {
    if (opts.ctx.user.role !== 'admin') throw new TRPCError({ code: 'FORBIDDEN' });
    return opts.next();
  });
`,
      'server/routers/lists.ts': `import { router, publicProcedure, createScopedProcedure, createAdminProcedure } from '../trpc';
const listsProcedure = createScopedProcedure('lists');
export const listsRouter = router({
  create: listsProcedure.input(z.object({ name: z.string() })).mutation(async ({ input, ctx }) => create(input, ctx.user.id)),
  stats: createAdminProcedure('lists').query(async () => stats()),
  featured: publicProcedure.query(async () => featured()),
});
`,
      'server/root.ts': `import { router } from './trpc';
import { listsRouter } from './routers/lists';
export const appRouter = router({ lists: listsRouter });
`,
    });
    const eps = routes(facts);
    assert.equal(eps.get('POST /trpc/lists.create')?.auth, 'user');
    assert.equal(eps.get('GET /trpc/lists.stats')?.auth, 'admin');
    assert.equal(eps.get('GET /trpc/lists.featured')?.auth, 'none');
  });
  it('tags resolvers that check the credentials they are given as login steps, and e-mail verification by name', () => {
    const { facts } = runExtractors([extractor], {
      'server/trpc.ts': `import { initTRPC, TRPCError } from '@trpc/server';
const t = initTRPC.create();
export const publicProcedure = t.procedure;
export const appRouter = t.router({
  exchange: publicProcedure.input(schema).mutation(async ({ input, ctx }) => {
    let user;
    try { user = await validatePassword(input.email, input.password, ctx.db); } catch { throw new TRPCError({ code: 'UNAUTHORIZED' }); }
    return generateApiKey(input.keyName, user.id);
  }),
  rename: publicProcedure.input(schema).mutation(async ({ input }) => rename(input.id, input.name)),
  resendVerificationEmail: publicProcedure.input(schema).mutation(async ({ input }) => sendMail(input.email)),
});
`,
    });
    const eps = routes(facts);
    assert.ok(eps.get('POST /trpc/exchange')?.tags?.includes('login'));
    assert.ok(!eps.get('POST /trpc/rename')?.tags?.includes('login'));
    assert.ok(eps.get('POST /trpc/resendVerificationEmail')?.tags?.includes('email-verification'));
  });
});
