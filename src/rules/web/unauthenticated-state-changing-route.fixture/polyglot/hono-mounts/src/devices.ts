import { Hono } from 'hono';
import { db } from './db';

export const devices = new Hono();

// One sub-app served under two prefixes: one finding, on the longest path.
// ruleid: unauthenticated-state-changing-route
devices.post('/', async (c) => {
  const body = await c.req.json();
  await db.insert('device_channels', { device: body.device, channel: body.channel });
  return c.json({ ok: true });
});
