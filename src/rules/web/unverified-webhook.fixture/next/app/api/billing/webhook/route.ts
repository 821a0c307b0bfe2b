import { prisma } from '../../../../lib/prisma';

// ruleid: unverified-webhook
export async function POST(request: Request) {
  const event = await request.json();
  if (event.type === 'subscription.renewed') {
    await prisma.subscription.update({ where: { customerId: event.customer }, data: { plan: event.plan, active: true } });
  }
  return Response.json({ received: true });
}
