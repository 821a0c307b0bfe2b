import type { NextApiRequest, NextApiResponse } from 'next';
import { prisma } from '../../../lib/db';
import { sendReminder } from '../../../lib/mail';

// Called by the scheduler with the deployment's own key: no user is behind the request.
// ok: bola-idor
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const header = req.headers.authorization;
  const key = header?.split(' ')[1];
  if (key !== process.env.JOBS_API_KEY) return res.status(401).json({ error: 'unauthorized' });
  const invoice = await prisma.invoice.findUnique({ where: { id: String(req.body.invoiceId) } });
  if (invoice) await sendReminder(invoice);
  return res.status(204).end();
}
