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
  // The authentication flow itself is public by design: logging in, signing up, starting an
  // identity provider's sign-in, extending or ending the caller's own session.
  auth: router({
    // ok: unauthenticated-state-changing-route
    signInEmail: publicProcedure.input(z.object({ email: z.string(), password: z.string() })).mutation(async ({ input, ctx }) => {
      const account = await db.account.findFirst({ where: { email: input.email } });
      if (!account || !(await verifyPassword(account.password, input.password))) throw new TRPCError({ code: 'UNAUTHORIZED' });
      const session = await db.session.create({ data: { userId: account.userId } });
      ctx.setCookie('session', session.id);
    }),
    // ok: unauthenticated-state-changing-route
    signUpEmail: publicProcedure.input(z.object({ email: z.string(), password: z.string() })).mutation(async ({ input }) => {
      return db.user.create({ data: { email: input.email, password: await hashPassword(input.password) } });
    }),
    // ok: unauthenticated-state-changing-route
    signInOAuth: publicProcedure.input(z.object({ provider: z.string() })).mutation(({ input, ctx }) => {
      ctx.setCookie('oauth_state', input.provider);
      return { url: `https://idp.example/authorize?state=${input.provider}` };
    }),
    // ok: unauthenticated-state-changing-route
    extendSession: publicProcedure.mutation(async ({ ctx }) => {
      const token = ctx.cookies.session;
      const session = await db.session.findFirst({ where: { token } });
      if (session) ctx.setCookie('session', token, { expires: session.expiresAt });
      return { extended: !!session };
    }),
    // Not part of the flow: changes an account by the id it is given.
    // ruleid: unauthenticated-state-changing-route
    changeEmail: publicProcedure.input(z.object({ id: z.string(), email: z.string() })).mutation(({ input }) => db.user.update({ where: { id: input.id }, data: { email: input.email } })),
  }),
});

async function verifyPassword(hash: string, password: string): Promise<boolean> {
  return hash === password;
}

async function hashPassword(password: string): Promise<string> {
  return password;
}
