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

// tRPC accepts any `({ ctx, next }) => …` in `.use()`: middleware written as bare functions in
// their own files, a server-set transport switch before the check, a token check inside try/catch.
const APP = {
  'package.json': JSON.stringify({ name: 'nas', dependencies: { '@trpc/server': '11.0.0' } }),
  'src/rpc/require-login.ts': `import { TRPCError } from '@trpc/server';
export const requireLogin = async ({ ctx, next }: MwOpts) => {
  if (ctx.channel === 'socket') return next();
  if (ctx.internalCall === true) return next();
  try {
    const token = ctx.req?.headers.authorization?.replace('Bearer ', '');
    if (!token) throw new Error('no token');
    await ctx.auth.checkJwt(token);
  } catch (err) {
    throw new TRPCError({ code: 'UNAUTHORIZED' });
  }
  return next();
};
export const loginOnceSetUp = async ({ ctx, next }: MwOpts) => {
  const registered = await ctx.accounts.exists();
  if (!registered) return next();
  return requireLogin({ ctx, next });
};
export async function lenientLogin({ ctx, next }: MwOpts) {
  if (ctx.req?.headers['x-skip'] === 'yes') return next();
  if (!ctx.session) throw new TRPCError({ code: 'UNAUTHORIZED' });
  return next();
}
`,
  'src/rpc/timing.ts': `import type { TRPCError } from '@trpc/server';
export const timing = async ({ ctx, path, next }: MwOpts) => {
  const started = Date.now();
  const out = await next();
  ctx.log.debug(path, Date.now() - started);
  return out;
};
`,
  'src/rpc/base.ts': `import { initTRPC } from '@trpc/server';
import { requireLogin, lenientLogin, loginOnceSetUp } from './require-login.js';
import { timing } from './timing.js';
const t = initTRPC.context<Ctx>().create();
export const router = t.router;
const loggedProcedure = t.procedure.use(timing);
export const openProcedure = loggedProcedure;
export const memberProcedure = loggedProcedure.use(requireLogin);
export const leakyProcedure = loggedProcedure.use(lenientLogin);
export const onboardingProcedure = loggedProcedure.use(loginOnceSetUp);
`,
  'src/rpc/root.ts': `import { router, openProcedure, memberProcedure, leakyProcedure, onboardingProcedure } from './base.js';
export const appRouter = router({
  shares: router({
    list: memberProcedure.query(({ ctx }) => ctx.shares.list()),
    remove: memberProcedure.mutation(({ ctx, input }) => ctx.shares.remove(input)),
    status: openProcedure.query(({ ctx }) => ctx.shares.status()),
    peek: leakyProcedure.query(({ ctx }) => ctx.shares.peek()),
    restore: onboardingProcedure.mutation(({ ctx, input }) => ctx.shares.restore(input)),
  }),
});
`,
};

describe('js/trpc: bare middleware functions', () => {
  const found = routes(runExtractors([packageJson, extractor], APP).facts);

  it('judges a bare ({ ctx, next }) middleware of another file by its body', () => {
    assert.equal(found.get('GET /trpc/shares.list')?.auth, 'user');
    assert.equal(found.get('POST /trpc/shares.remove')?.auth, 'user');
  });

  it('reads a middleware that only times the call as no guard', () => {
    assert.equal(found.get('GET /trpc/shares.status')?.auth, 'none');
  });

  it('judges a middleware open until the first account exists as the check it hands over to, a first-run window', () => {
    const restore = found.get('POST /trpc/shares.restore');
    assert.equal(restore?.auth, 'user');
    assert.ok(restore?.tags?.includes('bootstrap-once'));
  });

  it('still counts an early pass on a request value as a way past the check', () => {
    assert.notEqual(found.get('GET /trpc/shares.peek')?.auth, 'user');
  });
});

describe('js/trpc: a login resolver that checks the password through a service on the context', () => {
  const files = {
    ...APP,
    'src/rpc/session.ts': `import { TRPCError } from '@trpc/server';
import { router, openProcedure } from './base.js';
export const sessionRouter = router({
  signIn: openProcedure.mutation(async ({ ctx, input }) => {
    if (!(await ctx.user.validatePassword(input.password))) throw new TRPCError({ code: 'UNAUTHORIZED' });
    return ctx.tokens.issue();
  }),
});
`,
    'src/rpc/root.ts': `import { router } from './base.js';
import { sessionRouter } from './session.js';
export const appRouter = router({ session: sessionRouter });
`,
  };
  const found = routes(runExtractors([packageJson, extractor], files).facts);

  it('is public and tagged login', () => {
    const signIn = found.get('POST /trpc/session.signIn');
    assert.equal(signIn?.auth, 'none');
    assert.ok(signIn?.tags?.includes('login'));
  });
});
