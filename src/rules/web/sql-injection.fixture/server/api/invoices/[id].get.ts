// A Nuxt server route (Nitro): h3 readers are request sources.
import { pool } from '../../../src/db';

export default defineEventHandler(async (event) => {
  const id = getRouterParam(event, 'id');
  // ruleid: sql-injection
  const { rows } = await pool.query(`SELECT * FROM invoices WHERE id = '${id}'`);
  const { customer } = getQuery(event);
  // ok: sql-injection
  const more = await pool.query('SELECT * FROM invoices WHERE customer = $1', [customer]);
  return { invoice: rows[0], more: more.rows };
});
