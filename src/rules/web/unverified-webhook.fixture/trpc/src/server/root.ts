import { paymentWebhooks } from './payment-webhooks';
import { protectedProcedure, router } from './trpc';

export const appRouter = router({
  webhooks: paymentWebhooks,
  // ok: unverified-webhook
  me: protectedProcedure.query(({ ctx }) => ctx.session.userId),
});
