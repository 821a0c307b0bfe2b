// Builder factories whose middleware depends on what the call site hands them:
//   a permission factory (`requiresPermission('admin')`) whose middleware refuses unless the
//   caller holds the permission it was given: the argument decides (an administrator permission
//   makes the procedure admin, a feature permission a signed-in user's);
//   a first-run step gate (`requiresStep('user')`) whose middleware refuses unless the
//   application's onboarding or setup state is at that step: public, but only until the
//   installation is set up (tagged `bootstrap-once`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor } from './index.js';

const files = {
  'src/trpc.ts': `import { initTRPC, TRPCError } from '@trpc/server';
import { readSetupState } from './setup';
const t = initTRPC.context<Ctx>().create();
export const createTRPCRouter = t.router;
export const publicProcedure = t.procedure;
const requireSession = t.middleware(({ ctx, next }) => {
  if (!ctx.session?.user) throw new TRPCError({ code: 'UNAUTHORIZED' });
  return next({ ctx });
});
export const protectedProcedure = publicProcedure.use(requireSession);
export const scopedProcedure = {
  requires: (scope: Scope) =>
    protectedProcedure.use(({ ctx, next }) => {
      if (!ctx.session.user.scopes.includes(scope)) {
        throw new TRPCError({ code: 'FORBIDDEN' });
      }
      return next({ ctx });
    }),
};
export const setupProcedure = {
  atStage: (stage: Stage) => {
    return publicProcedure.use(async ({ ctx, next }) => {
      const state = await readSetupState(ctx.db);
      if (state.stage !== stage) {
        throw new TRPCError({ code: 'FORBIDDEN', message: 'wrong stage' });
      }
      return next({ ctx });
    });
  },
};
`,
  'src/routers/team.ts': `import { createTRPCRouter, scopedProcedure, setupProcedure, publicProcedure } from '../trpc';
export const teamRouter = createTRPCRouter({
  dropMember: scopedProcedure.requires('admin').mutation(async ({ ctx, input }) => removeMember(input)),
  createBoard: scopedProcedure.requires('board-create').mutation(async ({ ctx, input }) => createBoard(input)),
  createFirstTeam: setupProcedure.atStage('team').mutation(async ({ ctx, input }) => createTeam(input)),
  rename: publicProcedure.mutation(async ({ input }) => rename(input)),
});
`,
  'src/root.ts': `import { createTRPCRouter } from './trpc';
import { teamRouter } from './routers/team';
export const appRouter = createTRPCRouter({ team: teamRouter });
`,
};

describe('extract/js/trpc: builder factories given arguments', () => {
  const eps = new Map(
    runExtractors([extractor], files)
      .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
      .map((e) => [e.path, e]),
  );
  it('a permission factory given an administrator permission is admin, a feature permission user', () => {
    assert.equal(eps.get('/trpc/team.dropMember')?.auth, 'admin');
    assert.equal(eps.get('/trpc/team.createBoard')?.auth, 'user');
  });
  it('a step gate on the setup state is public but tagged bootstrap-once', () => {
    const first = eps.get('/trpc/team.createFirstTeam');
    assert.equal(first?.auth, 'none');
    assert.ok(first?.tags?.includes('bootstrap-once'));
    assert.ok(!eps.get('/trpc/team.rename')?.tags?.includes('bootstrap-once'));
  });
});
