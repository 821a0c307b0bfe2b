// Procedures built on a derived builder (`const chartProcedure = publicProcedure.use(async ({ ctx,
// next, getRawInput }) => ...)`) whose middleware either validates a share/capability the caller
// names or requires a session: signed-in users, with the other way in as a tag; a middleware that
// lets anonymous calls through after a check that is not a validation stays optional.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor } from './index.js';

const files = {
  'src/trpc.ts': `import { initTRPC } from '@trpc/server';
const t = initTRPC.context<Ctx>().create();
export const createTRPCRouter = t.router;
export const publicProcedure = t.procedure.use(loggerMiddleware);
`,
  'src/routers/chart.ts': `import { createTRPCRouter, publicProcedure } from '../trpc';
import { validateShareAccess, validateOverviewShareAccess } from '../share';
// The share branch validates and returns; everyone else must be a signed-in member.
const chartProcedure = publicProcedure.use(async ({ ctx, next, getRawInput }) => {
  const rawInput = (await getRawInput()) as { projectId: string; shareId?: string };
  if (rawInput.shareId) {
    const shareValidation = await validateShareAccess(rawInput.shareId, { cookies: ctx.cookies });
    if (!shareValidation.isValid) {
      throw new TRPCForbiddenError('You do not have access to this share');
    }
    return next({ ctx: { shared: true } });
  }
  if (!ctx.session?.userId) {
    throw new TRPCAccessError('Authentication required');
  }
  return next();
});
// The same with if/else: a validator that throws itself on one side, the session check on the other.
const overviewProcedure = publicProcedure.use(async ({ ctx, next, getRawInput }) => {
  const rawInput = (await getRawInput()) as { projectId: string; shareId?: string };
  if (rawInput.shareId) {
    await validateOverviewShareAccess(rawInput.shareId, rawInput.projectId, { cookies: ctx.cookies });
  } else {
    if (!ctx.session?.userId) {
      throw new TRPCAccessError('Authentication required');
    }
  }
  return next();
});
// A branch that only looks something up before it lets the call through is a public way in.
const looseProcedure = publicProcedure.use(async ({ ctx, next, getRawInput }) => {
  const rawInput = (await getRawInput()) as { slug?: string };
  if (rawInput.slug) {
    const page = await findPage(rawInput.slug);
    return next({ ctx: { page } });
  }
  if (!ctx.session?.userId) {
    throw new TRPCAccessError('Authentication required');
  }
  return next();
});
export const chartRouter = createTRPCRouter({
  funnel: chartProcedure.query(async ({ input }) => getFunnel(input)),
  stats: overviewProcedure.query(async ({ input }) => getStats(input)),
  page: looseProcedure.query(async ({ ctx }) => ctx.page),
  inline: publicProcedure
    .use(async ({ ctx, next }) => {
      if (!ctx.session?.userId) throw new TRPCAccessError('Authentication required');
      return next();
    })
    .query(async () => 1),
});
`,
  'src/root.ts': `import { createTRPCRouter } from './trpc';
import { chartRouter } from './routers/chart';
export const appRouter = createTRPCRouter({ chart: chartRouter });
`,
};

describe('extract/js/trpc: derived procedures', () => {
  it('a builder whose middleware admits only a validated share or a session is user, tagged with the share', () => {
    const eps = new Map(
      runExtractors([extractor], files)
        .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
        .map((e) => [e.path, e]),
    );
    assert.equal(eps.get('/trpc/chart.funnel')?.auth, 'user');
    assert.ok(eps.get('/trpc/chart.funnel')?.tags?.includes('alt-capability:share'));
    assert.equal(eps.get('/trpc/chart.stats')?.auth, 'user');
    assert.ok(eps.get('/trpc/chart.stats')?.tags?.includes('alt-capability:share'));
    assert.equal(eps.get('/trpc/chart.page')?.auth, 'none');
    assert.equal(eps.get('/trpc/chart.inline')?.auth, 'user');
  });
});
