import type { APIRoute } from 'astro';
import { pool } from '../../../lib/db';

export const GET: APIRoute = async ({ params }) => {
  // ruleid: sql-injection
  const { rows } = await pool.query(`SELECT * FROM posts WHERE id = '${params.id}'`);
  return new Response(JSON.stringify(rows[0] ?? null));
};
