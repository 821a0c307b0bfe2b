// A Moleculer service: `ctx.params` holds the caller's body, query and path parameters.
const { pool } = require('../db');

module.exports = {
  name: 'catalog',
  actions: {
    search: {
      rest: 'GET /search',
      async handler(ctx) {
        // ruleid: sql-injection
        const { rows } = await pool.query(`SELECT * FROM products WHERE name LIKE '%${ctx.params.q}%'`);
        return rows;
      },
    },
    byCategory: {
      rest: 'GET /category/:category',
      params: { category: 'string' },
      async handler(ctx) {
        // ok: sql-injection
        const { rows } = await pool.query('SELECT * FROM products WHERE category = $1', [ctx.params.category]);
        return rows;
      },
    },
  },
};
