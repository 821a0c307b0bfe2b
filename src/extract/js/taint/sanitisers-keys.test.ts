// The keys of an object apart from its values: column names taken from an object literal's keys
// or filtered through an allow-list are the server's, the keys of the request body are not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scan, sinks } from './support.test.js';

const BUILDERS = `
const { Pool } = require('pg');
const pool = new Pool();
const COLUMNS = new Set(['name', 'email']);
function buildUpdate(id, data) {
  const entries = Object.entries(data).filter(([key, value]) => value !== undefined && COLUMNS.has(key));
  const values = [id];
  const sets = entries.map(([key, value]) => {
    values.push(value);
    return '"' + key + '" = $' + values.length;
  });
  return { text: 'UPDATE users SET ' + sets.join(', ') + ' WHERE id = $1', values };
}
function insertRow(row) {
  const cols = Object.keys(row);
  return pool.query('INSERT INTO t (' + cols.join(', ') + ') VALUES (' + cols.map(() => '?').join(', ') + ')', cols.map((c) => row[c]));
}
`;

describe('extract/js/taint keys of objects', () => {
  it('takes the keys of an object literal as the code wrote them, the keys of the body as the client sent them', () => {
    assert.deepEqual(
      scan(`${BUILDERS}
app.post('/literal', async (req, res) => {
  await insertRow({ name: req.body.name, email: req.body.email });
});
app.post('/local', async (req, res) => {
  const row = { name: req.body.name };
  await pool.query('SELECT ' + Object.keys(row).join(', ') + ' FROM users');
  for (const col in row) await pool.query('SELECT ' + col + ' FROM users');
  for (const [col] of Object.entries(row)) await pool.query('SELECT ' + col + ' FROM t2');
});
app.post('/body', async (req, res) => {
  await insertRow(req.body);
});
app.post('/keys', async (req, res) => {
  await pool.query('SELECT ' + Object.keys(req.body).join(', ') + ' FROM users');
});
app.post('/forin', async (req, res) => {
  for (const col in req.query) await pool.query('SELECT ' + col + ' FROM users');
});
`),
      ['sql pg.query req.body @16', 'sql pg.query req.body @32', 'sql pg.query req.query @35'],
    );
  });

  it('keeps only allow-listed keys through a filter, and the values of filtered pairs as they were', () => {
    assert.deepEqual(
      scan(`${BUILDERS}
const ALLOWED = ['name', 'email'];
app.post('/update', async (req, res) => {
  const st = buildUpdate(req.params.id, req.body);
  await pool.query(st.text, st.values);
});
app.post('/columns', async (req, res) => {
  const keys = Object.keys(req.body).filter((k) => ALLOWED.includes(k));
  await pool.query('SELECT ' + keys.join(', ') + ' FROM users');
});
app.post('/pairs', async (req, res) => {
  for (const [k] of Object.entries(req.query).filter(([k]) => COLUMNS.has(k))) await pool.query('SELECT ' + k + ' FROM t');
});
app.post('/values', async (req, res) => {
  for (const [k, v] of Object.entries(req.body).filter(([k]) => COLUMNS.has(k))) await pool.query('UPDATE t SET ' + k + " = '" + v + "'");
});
app.post('/their-list', async (req, res) => {
  const keys = Object.keys(req.query).filter((k) => req.body.allowed.includes(k));
  await pool.query('SELECT ' + keys.join(', ') + ' FROM t3');
});
app.post('/deny-list', async (req, res) => {
  const keys = Object.keys(req.query).filter((k) => !ALLOWED.includes(k));
  await pool.query('SELECT ' + keys.join(', ') + ' FROM t4');
});
`),
      ['sql pg.query req.body @32', 'sql pg.query req.query @36', 'sql pg.query req.query @40'],
    );
  });

  it('decides the keys of a helper parameter by the object literal a caller in another module passes', () => {
    assert.deepEqual(
      sinks({
        'src/db.js': `${BUILDERS}\nmodule.exports = { insertRow };\n`,
        'src/routes.js': `
const { insertRow } = require('./db');
app.post('/literal', async (req, res) => {
  await insertRow({ name: req.body.name, email: req.body.email });
});
app.post('/body', async (req, res) => {
  await insertRow(req.body);
});
`,
      }),
      ['sql pg.query req.body @16'],
    );
  });

  it('takes the keys of an object literal a client-chosen key was written to as the client\'s', () => {
    assert.deepEqual(
      scan(`
const { Pool } = require('pg');
const pool = new Pool();
app.post('/pick', async (req, res) => {
  const row = { name: req.body.name };
  row[req.body.column] = req.body.value;
  await pool.query('SELECT ' + Object.keys(row).join(', ') + ' FROM users');
});
`),
      ['sql pg.query req.body.name @7'],
    );
  });

  it('keeps the keys of an object literal that spreads the body', () => {
    assert.deepEqual(scan(`${BUILDERS}\napp.post('/spread', async (req, res) => {\n  await insertRow({ ...req.body, id: 1 });\n});\n`), ['sql pg.query req.body @16']);
  });
});
