const { pool } = require('../db');

async function revenueByRegion(region) {
  const sql = `SELECT region, SUM(total) FROM orders WHERE region = '${region}' GROUP BY region`;
  // ruleid: sql-injection
  const { rows } = await pool.query(sql);
  return rows;
}

async function revenueForYear(year) {
  // ok: sql-injection
  const { rows } = await pool.query('SELECT SUM(total) FROM orders WHERE year = $1', [year]);
  return rows;
}

module.exports = { revenueByRegion, revenueForYear };
