import type { NextApiRequest, NextApiResponse } from 'next';
import { prisma } from '../../../lib/db';
import { getShareSession } from '../../../lib/shares';

// The share session is checked for the share the request names, and the invoice is looked up within it.
// ok: bola-idor
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const { shareId, invoiceId } = req.body as { shareId: string; invoiceId: string };
  const session = await getShareSession(req, shareId);
  if (!session) return res.status(401).json({ error: 'share session required' });
  const invoice = await prisma.invoice.findFirst({ where: { id: invoiceId, shareId } });
  return res.json(invoice);
}
