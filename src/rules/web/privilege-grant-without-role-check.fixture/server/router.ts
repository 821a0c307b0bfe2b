import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { db } from './db';
import { protectedProcedure, router } from './trpc';

async function roleOf(userId: string, organizationId: string) {
  return db.member.findFirst({ where: { userId, organizationId } });
}

export const appRouter = router({
  project: router({
    // The application reserves creating projects to organisation administrators.
    create: protectedProcedure.input(z.object({ name: z.string(), organizationId: z.string() })).mutation(async ({ ctx, input }) => {
      const access = await roleOf(ctx.user.id, input.organizationId);
      if (access?.role !== 'org:admin') throw new TRPCError({ code: 'FORBIDDEN' });
      return db.project.create({ data: { name: input.name, organizationId: input.organizationId } });
    }),
  }),
  client: router({
    // Any member mints an API client of the kind they ask for, root included.
    create: protectedProcedure.input(z.object({ name: z.string(), organizationId: z.string(), type: z.enum(['read', 'write', 'root']).optional() })).mutation(async ({ input }) => {
      const data = {
        name: input.name,
        organizationId: input.organizationId,
        // ruleid: privilege-grant-without-role-check
        type: input.type ?? 'write',
      };
      return db.client.create({ data });
    }),
    // The same, for administrators only.
    createAsAdmin: protectedProcedure.input(z.object({ name: z.string(), organizationId: z.string(), scope: z.enum(['read', 'admin']) })).mutation(async ({ ctx, input }) => {
      const access = await roleOf(ctx.user.id, input.organizationId);
      if (access?.role !== 'org:admin') throw new TRPCError({ code: 'FORBIDDEN' });
      // ok: privilege-grant-without-role-check
      return db.client.create({ data: { name: input.name, scope: input.scope } });
    }),
    // Only ordinary levels to choose from.
    createReadOnly: protectedProcedure.input(z.object({ name: z.string(), level: z.enum(['read', 'write']) })).mutation(async ({ input }) => {
      // ok: privilege-grant-without-role-check
      return db.client.create({ data: { name: input.name, level: input.level } });
    }),
  }),
});
