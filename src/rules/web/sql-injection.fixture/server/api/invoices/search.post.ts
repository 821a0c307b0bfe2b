import { readBody } from 'h3';
import { pool } from '../../../src/db';

export default defineEventHandler(async (event) => {
  const body = await readBody(event);
  // ruleid: sql-injection
  const { rows } = await pool.query('SELECT * FROM invoices WHERE note LIKE \'%' + body.q + '%\'');
  const limit = Number(getQuery(event).limit) || 20;
  // ok: sql-injection
  const page = await pool.query(`SELECT * FROM invoices LIMIT ${limit}`);
  return { rows, page: page.rows, from: event.context.params?.from };
});
