import { z } from 'zod';

const Redeem = z.object({ email: z.string().email(), code: z.string().length(6) });

// The mailed code picks the record it consumes: whoever holds the code is the one authorised.
// ok: unauthenticated-state-changing-route
export async function POST(request: Request, { params }: { params: { passId: string } }) {
  const parsed = Redeem.safeParse(await request.json());
  if (!parsed.success) return Response.json({ error: 'invalid' }, { status: 400 });
  const { email, code } = parsed.data;
  const pending = await db.guestCode.findUnique({ where: { code, email } });
  if (!pending) return Response.json({ error: 'wrong code' }, { status: 403 });
  await db.guestCode.delete({ where: { code } });
  const visit = await db.visit.create({ data: { passId: params.passId, email } });
  return Response.json({ visitId: visit.id });
}
