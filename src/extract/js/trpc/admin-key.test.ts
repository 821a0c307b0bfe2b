// A middleware that checks an administrator credential through a verifier and refuses on its
// verdict (`if (!adminCheck.isAuthorized) throw new TRPCError({ code: 'UNAUTHORIZED' })`) makes
// its procedures admin-only; the same verdict of an ordinary key check makes them `user`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor } from './index.js';

const files = {
  'src/trpc.ts': `import { initTRPC, TRPCError } from '@trpc/server';
import { KeyVerifier } from './keys';
const t = initTRPC.context<Ctx>().create();
export const createTRPCRouter = t.router;
export const publicProcedure = t.procedure;
const requireOperatorKey = t.middleware(async (opts) => {
  const raw = (await opts.getRawInput()) as { operatorKey?: string };
  const adminKeyCheck = KeyVerifier.verifyOperatorKey(raw.operatorKey);
  if (!adminKeyCheck.isAuthorized) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: adminKeyCheck.error });
  }
  return opts.next();
});
const requireProjectKey = t.middleware(async ({ ctx, next }) => {
  const keyCheck = await KeyVerifier.verifyProjectKey(ctx.headers);
  if (!keyCheck.isAuthenticated) throw new TRPCError({ code: 'UNAUTHORIZED' });
  return next();
});
export const operatorProcedure = t.procedure.use(requireOperatorKey);
export const projectKeyProcedure = t.procedure.use(requireProjectKey);
`,
  'src/routers/jobs.ts': `import { createTRPCRouter, operatorProcedure, projectKeyProcedure, publicProcedure } from '../trpc';
export const jobsRouter = createTRPCRouter({
  retry: operatorProcedure.mutation(async ({ input, ctx }) => ctx.db.job.update({ where: { id: input.id }, data: { state: 'queued' } })),
  list: projectKeyProcedure.query(async ({ ctx }) => ctx.db.job.findMany()),
  ping: publicProcedure.query(() => 'pong'),
});
`,
};

describe('extract/js/trpc credential verdicts', () => {
  it('reads an administrator key verdict as admin and an ordinary key verdict as user', () => {
    const eps = runExtractors([extractor], files).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(Object.fromEntries(eps.map((e) => [e.path, e.auth])), {
      '/trpc/retry': 'admin',
      '/trpc/list': 'user',
      '/trpc/ping': 'none',
    });
  });
});
