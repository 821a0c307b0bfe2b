// A Feathers service over raw SQL: the query string and the data a client sends reach the database.
const { NotFound } = require('@feathersjs/errors');

class ReportService {
  constructor(knex) {
    this.knex = knex;
  }

  async find(params) {
    const { category } = params.query;
    // ruleid: sql-injection
    return this.knex.raw(`SELECT * FROM reports WHERE category = '${category}'`);
  }

  async get(id, params) {
    // ok: sql-injection
    const rows = await this.knex.raw('SELECT * FROM reports WHERE id = ?', [id]);
    if (!rows.length) throw new NotFound();
    return rows[0];
  }

  async create(data, params) {
    // ruleid: sql-injection
    return this.knex.raw(`INSERT INTO reports (title) VALUES ('${data.title}')`);
  }
}

// A hook reading the client's query.
const byOwner = () => async (context) => {
  const owner = context.params.query.owner;
  // ruleid: sql-injection
  await context.app.get('knex').raw(`SELECT 1 FROM owners WHERE name = '${owner}'`);
  return context;
};

module.exports = { ReportService, byOwner };

// A service given as an object of methods.
module.exports.totals = (knex) => ({
  async find({ query }) {
    // ruleid: sql-injection
    return knex.raw(`SELECT SUM(amount) FROM totals WHERE period = '${query.period}'`);
  },
  async get(id) {
    // ok: sql-injection
    return knex.raw('SELECT amount FROM totals WHERE id = ?', [id]);
  },
});
