import { z } from 'zod';
import { publicProcedure, router } from './trpc';

const eventInput = publicProcedure.input(z.object({ event: z.object({ type: z.string(), data: z.object({ object: z.record(z.string(), z.any()) }) }) }));

// Meant to be called in-process after a signed route checked the event, but served over HTTP too.
export const paymentWebhooks = router({
  // ruleid: unverified-webhook
  subscriptionUpdated: eventInput.mutation(async (opts) => {
    const sub = opts.input.event.data.object;
    await opts.ctx.db.account.update({ where: { customerId: sub.customer }, data: { plan: sub.plan } });
  }),
  // The resolver reads the request the context carries: it may check a signature there.
  // ok: unverified-webhook
  invoicePaid: eventInput.mutation(async ({ ctx, input }) => {
    await ctx.db.invoice.update({ where: { id: input.event.data.object.id }, data: { headers: String(ctx.req.headers) } });
  }),
});
