import { verifyQueueSignature } from '@/lib/queue/verify';
import { db } from '@/lib/db';

export async function POST(req: Request) {
  try {
    const rawBody = await req.text();
    await verifyQueueSignature({ req, rawBody });
    const { before } = JSON.parse(rawBody);
    await db.event.deleteMany({ where: { createdAt: { lt: new Date(before) } } });
    return Response.json({ ok: true });
  } catch (error) {
    return new Response('failed', { status: 500 });
  }
}
