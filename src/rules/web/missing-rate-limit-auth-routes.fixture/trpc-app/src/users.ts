import { z } from 'zod';
import { createRateLimitMiddleware } from './rate-limit';
import { publicProcedure, router } from './trpc';
import { resetPassword, verifyPassword } from './accounts';

export const usersRouter = router({
  // A limiter factory on the procedure chain throttles it.
  // ok: missing-rate-limit-auth-routes
  login: publicProcedure
    .use(createRateLimitMiddleware({ name: 'users.login', windowMs: 15 * 60 * 1000, maxRequests: 10 }))
    .input(z.object({ email: z.string(), password: z.string() }))
    .mutation(async ({ input }) => verifyPassword(input.email, input.password)),
});

export const staffRouter = router({
  // ruleid: missing-rate-limit-auth-routes
  login: publicProcedure
    .input(z.object({ email: z.string(), password: z.string() }))
    .mutation(async ({ input }) => verifyPassword(input.email, input.password)),
});

export const appRouter = router({ users: usersRouter, staff: staffRouter });
