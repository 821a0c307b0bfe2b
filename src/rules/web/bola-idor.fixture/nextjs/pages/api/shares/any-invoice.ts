import type { NextApiRequest, NextApiResponse } from 'next';
import { prisma } from '../../../lib/db';
import { getShareSession } from '../../../lib/shares';

// Some share session, for no share in particular: any holder reads any invoice.
// ruleid: bola-idor
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const session = await getShareSession(req);
  if (!session) return res.status(401).json({ error: 'share session required' });
  const invoice = await prisma.invoice.findUnique({ where: { id: String(req.body.invoiceId) } });
  return res.json(invoice);
}
