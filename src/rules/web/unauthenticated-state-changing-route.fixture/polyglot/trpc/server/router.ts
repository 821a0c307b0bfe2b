import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { db } from './db';
import { protectedProcedure, publicProcedure, router } from './trpc';

export const appRouter = router({
  note: router({
    // ok: unauthenticated-state-changing-route
    create: protectedProcedure.input(z.object({ text: z.string() })).mutation(({ ctx, input }) => db.note.create({ data: { text: input.text, userId: ctx.user.id } })),
    // ruleid: unauthenticated-state-changing-route
    purge: publicProcedure.input(z.object({ id: z.string() })).mutation(({ input }) => db.note.delete({ where: { id: input.id } })),
    // A signing link: the caller holds the recipient's token.
    // ok: unauthenticated-state-changing-route
    signWithToken: publicProcedure.input(z.object({ token: z.string() })).mutation(async ({ input }) => {
      const recipient = await db.recipient.findFirst({ where: { token: input.token } });
      if (!recipient) throw new TRPCError({ code: 'NOT_FOUND' });
      return db.recipient.update({ where: { id: recipient.id }, data: { signed: true } });
    }),
  }),
});
