import type { NextApiRequest, NextApiResponse } from 'next';

// Only the deployment's own workers hold RENDER_SERVICE_KEY: fetching where they ask is low risk.
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const header = req.headers.authorization;
  const key = header?.split(' ')[1];
  if (key !== process.env.RENDER_SERVICE_KEY) return res.status(401).json({ error: 'unauthorized' });
  // ruleid: ssrf
  const upstream = await fetch(req.body.sourceUrl);
  return res.send(Buffer.from(await upstream.arrayBuffer()));
}
