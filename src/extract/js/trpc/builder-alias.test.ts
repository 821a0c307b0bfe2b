// A router file that names an imported builder again under a local name (`const searchProcedure =
// authedProcedure`) before using it: the procedures are the imported builder's, its middleware and
// all; the alias of the public builder stays public.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor } from './index.js';

const files = {
  'src/trpc.ts': `import { initTRPC, TRPCError } from '@trpc/server';
const t = initTRPC.context<Ctx>().create();
export const router = t.router;
export const publicProcedure = t.procedure;
const isSignedIn = t.middleware(({ ctx, next }) => {
  if (!ctx.userId) throw new TRPCError({ code: 'UNAUTHORIZED' });
  return next({ ctx: { userId: ctx.userId } });
});
export const authedProcedure = t.procedure.use(isSignedIn);
`,
  'src/routers/search.ts': `import { z } from 'zod';
import { authedProcedure, publicProcedure, router } from '../trpc';
const searchProcedure = authedProcedure;
const openProcedure = publicProcedure;
const writeProcedure = searchProcedure;
export const searchRouter = router({
  crawl: searchProcedure.input(z.object({ urls: z.string().array() })).mutation(async ({ input }) => crawl(input.urls)),
  save: writeProcedure.input(z.object({ q: z.string() })).mutation(async ({ ctx, input }) => saveQuery(ctx.userId, input.q)),
  status: openProcedure.query(async () => ({ ok: true })),
});
`,
  'src/root.ts': `import { router } from './trpc';
import { searchRouter } from './routers/search';
export const appRouter = router({ search: searchRouter });
`,
};

describe('extract/js/trpc: a builder under another local name', () => {
  it('procedures on `const x = authedProcedure` are user; on an alias of the public builder, none', () => {
    const eps = new Map(
      runExtractors([extractor], files)
        .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
        .map((e) => [e.path, e]),
    );
    assert.equal(eps.get('/trpc/search.crawl')?.auth, 'user', JSON.stringify([...eps].map(([p, e]) => [p, e.auth])));
    assert.equal(eps.get('/trpc/search.save')?.auth, 'user');
    assert.equal(eps.get('/trpc/search.status')?.auth, 'none');
  });
});
