import type { NextApiRequest, NextApiResponse } from 'next';
import { getServerSession } from 'next-auth/next';
import { authOptions } from './auth-options';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const session = await getServerSession(req, res, authOptions);
  if (!session) return res.status(401).end();
  // ruleid: ssrf
  const upstream = await fetch(req.body.sourceUrl);
  return res.send(Buffer.from(await upstream.arrayBuffer()));
}
