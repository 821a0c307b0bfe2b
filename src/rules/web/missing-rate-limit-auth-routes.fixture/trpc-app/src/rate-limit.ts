import { TRPCError } from '@trpc/server';
import { limiter } from './limiter';

// A limiter factory: the procedure runs it before its resolver.
export function createRateLimitMiddleware(config: { name: string; windowMs: number; maxRequests: number }) {
  return async function rateLimitMiddleware(opts: { ctx: { ip: string }; next: () => Promise<unknown> }) {
    const result = await limiter.check(config, opts.ctx.ip);
    if (!result.allowed) throw new TRPCError({ code: 'TOO_MANY_REQUESTS' });
    return opts.next();
  };
}
