// What a tRPC procedure could have verified of a webhook's sender: a resolver that reads only its
// parsed input and context members other than the request tags `unsigned-input`; a verification
// idiom tags `webhook-signature`; a resolver reading the request in its context gets no verdict.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor } from './index.js';

const TAGS = ['webhook-signature', 'unsigned-input'];

function verdicts(files: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of runExtractors([extractor], files).facts) {
    if (f.kind !== 'entrypoint') continue;
    const ep = f as EntrypointFact;
    out[`${ep.method} ${ep.path}`] = (ep.tags ?? []).filter((t) => TAGS.includes(t)).join(',') || '-';
  }
  return out;
}

describe('js/trpc webhook procedures', () => {
  it('tags payment webhooks served as public procedures by what their resolvers read', () => {
    const files = {
      'src/server/trpc.ts': `import { initTRPC } from '@trpc/server';
const t = initTRPC.context<Ctx>().create();
export const router = t.router;
export const publicProcedure = t.procedure;
`,
      'src/server/billing-hooks.ts': `import crypto from 'node:crypto';
import { z } from 'zod';
import { router, publicProcedure } from './trpc';
const hookInput = publicProcedure.input(z.object({ event: z.object({ type: z.string(), data: z.any() }) }));
export const billingHooks = router({
  paid: hookInput.mutation(async (opts) => {
    await opts.ctx.db.invoice.update({ where: { id: opts.input.event.data.id }, data: { paid: true } });
  }),
  refunded: hookInput.mutation(async ({ ctx, input }) => {
    const { db } = ctx;
    await db.invoice.update({ where: { id: input.event.data.id }, data: { refunded: true } });
  }),
  signed: publicProcedure.input(z.object({ body: z.string(), mac: z.string() })).mutation(async ({ input, ctx }) => {
    const mac = crypto.createHmac('sha256', process.env.BILLING_KEY).update(input.body).digest('hex');
    if (!crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(input.mac))) throw new Error('bad');
    await ctx.db.event.create({ data: JSON.parse(input.body) });
  }),
  fromRequest: publicProcedure.mutation(async ({ ctx }) => {
    await forward(ctx.req);
  }),
  handedOn: hookInput.mutation(async (opts) => {
    await processEvent(opts.ctx, opts.input.event);
  }),
});
`,
      'src/server/root.ts': `import { router } from './trpc';
import { billingHooks } from './billing-hooks';
export const appRouter = router({ webhooks: billingHooks });
`,
    };
    assert.deepEqual(verdicts(files), {
      'POST /trpc/webhooks.paid': 'unsigned-input',
      'POST /trpc/webhooks.refunded': 'unsigned-input',
      'POST /trpc/webhooks.signed': 'webhook-signature',
      'POST /trpc/webhooks.fromRequest': '-',
      'POST /trpc/webhooks.handedOn': '-',
    });
  });
});
