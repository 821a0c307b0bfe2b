import { defineAction } from 'astro:actions';
import { z } from 'astro:schema';
import { pool } from '../lib/db';

export const server = {
  search: defineAction({
    input: z.object({ q: z.string() }),
    handler: async ({ q }) => {
      // ruleid: sql-injection
      const { rows } = await pool.query(`SELECT id FROM posts WHERE title LIKE '%${q}%'`);
      return rows;
    },
  }),
  byTag: defineAction({
    input: z.object({ tag: z.string() }),
    handler: async ({ tag }) => {
      // ok: sql-injection
      const { rows } = await pool.query('SELECT id FROM posts WHERE tag = $1', [tag]);
      return rows;
    },
  }),
};
