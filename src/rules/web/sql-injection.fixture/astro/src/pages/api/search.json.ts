import type { APIRoute } from 'astro';
import { pool } from '../../lib/db';

export const GET: APIRoute = async ({ url }) => {
  const q = url.searchParams.get('q') ?? '';
  // ok: sql-injection
  const { rows } = await pool.query('SELECT id, title FROM posts WHERE title ILIKE $1', [`%${q}%`]);
  return Response.json(rows);
};
