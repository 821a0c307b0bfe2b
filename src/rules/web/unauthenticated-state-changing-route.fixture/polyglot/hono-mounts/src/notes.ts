import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { db } from './db';

export const notes = new Hono();
notes.use('*', bearerAuth({ token: process.env.API_TOKEN ?? '' }));
notes.post('/', async (c) => {
  await db.insert('notes', await c.req.json());
  return c.json({ ok: true });
});
