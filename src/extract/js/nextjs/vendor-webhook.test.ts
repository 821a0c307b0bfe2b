// Webhook routes that verify the sender's signature with the vendor SDK's event constructor
// (`stripe.webhooks.constructEvent(rawBody, signatureHeader, secret)`, which throws on a mismatch),
// inside a `try` whose `catch` answers and leaves, or as a plain statement: only the holder of the
// signing secret gets through (`user`, tagged `deployment-secret`), whether the route file defines
// the handler or re-exports an imported one. Parsing the body without the signature is no check.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as express } from '../express/index.js';
import { extractor as helpers } from '../nextjs-helpers/index.js';
import { extractor } from './index.js';

const files: Record<string, string> = {
  'src/server/billing/webhook.ts': `import { stripe } from './stripe';
import { db } from '../db';
export async function billingWebhook(req: Request) {
  if (!process.env.BILLING_WEBHOOK_SECRET) return Response.json({ message: 'not configured' }, { status: 500 });
  const sig = req.headers.get('stripe-signature');
  if (!sig) return Response.json({ message: 'No signature' }, { status: 400 });
  let event;
  try {
    event = stripe.webhooks.constructEvent(await req.text(), sig, process.env.BILLING_WEBHOOK_SECRET);
  } catch (err) {
    return Response.json({ message: 'Invalid signature' }, { status: 400 });
  }
  await db.subscription.update({ where: { id: event.data.object.id }, data: { status: 'active' } });
  return Response.json({ received: true });
}`,
  'src/app/api/billing/webhook/route.ts': `import { billingWebhook } from '@/server/billing/webhook';
export const POST = billingWebhook;`,
  'src/app/api/payments/hook/route.ts': `import { stripe } from '@/server/billing/stripe';
import { db } from '@/server/db';
export async function POST(request: Request) {
  const body = await request.text();
  const signature = request.headers.get('stripe-signature') ?? '';
  const event = await stripe.webhooks.constructEventAsync(body, signature, process.env.PAYMENTS_SECRET!);
  await db.payment.create({ data: { ref: event.id } });
  return Response.json({ ok: true });
}`,
  'src/app/api/payments/unsigned/route.ts': `import { db } from '@/server/db';
export async function POST(request: Request) {
  const signature = request.headers.get('stripe-signature');
  let event;
  try {
    event = JSON.parse(await request.text());
  } catch (err) {
    return Response.json({ message: 'bad body' }, { status: 400 });
  }
  await db.payment.create({ data: { ref: event.id, signature } });
  return Response.json({ ok: true });
}`,
};

describe('extract/js/nextjs: webhooks verified by a vendor SDK event constructor', () => {
  const eps = new Map(
    runExtractors([helpers, extractor, express], files)
      .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
      .map((e) => [`${e.method} ${e.path}`, e]),
  );
  it('is user tagged deployment-secret in a try/catch, through a re-exported handler, and as a plain statement', () => {
    assert.equal(eps.get('POST /api/billing/webhook')?.auth, 'user');
    assert.ok(eps.get('POST /api/billing/webhook')?.tags?.includes('deployment-secret'));
    assert.equal(eps.get('POST /api/payments/hook')?.auth, 'user');
  });
  it('is none when the body is parsed without the signature', () => {
    assert.equal(eps.get('POST /api/payments/unsigned')?.auth, 'none');
  });
});
