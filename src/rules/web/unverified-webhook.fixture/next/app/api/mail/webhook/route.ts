import { Webhook } from 'svix';
import { prisma } from '../../../../lib/prisma';

// ok: unverified-webhook
export async function POST(request: Request) {
  const payload = await request.text();
  const wh = new Webhook(process.env.MAIL_WEBHOOK_SECRET as string);
  let event: { type: string; data: { email: string } };
  try {
    event = wh.verify(payload, Object.fromEntries(request.headers)) as typeof event;
  } catch {
    return new Response('invalid', { status: 400 });
  }
  await prisma.contact.update({ where: { email: event.data.email }, data: { bounced: event.type === 'email.bounced' } });
  return Response.json({ ok: true });
}
