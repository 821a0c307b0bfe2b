import { z } from 'zod';

const Renew = z.object({ email: z.string().email(), days: z.number() });

// ruleid: unauthenticated-state-changing-route
export async function POST(request: Request, { params }: { params: { passId: string } }) {
  const parsed = Renew.safeParse(await request.json());
  if (!parsed.success) return Response.json({ error: 'invalid' }, { status: 400 });
  const { email, days } = parsed.data;
  const pass = await db.guestPass.update({ where: { id: params.passId, email }, data: { validDays: days } });
  return Response.json(pass);
}
