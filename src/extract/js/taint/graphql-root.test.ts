// Schema-first GraphQL: functions of a `rootValue` get the client's arguments first.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scan, sinks } from './support.test.js';

describe('extract/js/taint GraphQL rootValue resolvers', () => {
  it('takes the first parameter of a rootValue function as client arguments', () => {
    assert.deepEqual(
      scan(`
const { graphqlHTTP } = require('express-graphql');
const { buildSchema } = require('graphql');
const schema = buildSchema('type Query { user(username: String!): User }');
const root = {
  user: async (args) => db.query("SELECT * FROM users WHERE username='" + args.username + "'"),
  count: async (args, req) => db.query('SELECT count(*) FROM t WHERE o = ' + req.user.id),
};
const notRoot = { user: async (args) => db.query("SELECT * FROM users WHERE username='" + args.username + "'") };
app.use('/graphql', graphqlHTTP({ schema, rootValue: root }));
`),
      ['sql db.query graphql args.username @6'],
    );
  });

  it('follows a rootValue imported from another module, and promise().query as SQL', () => {
    assert.deepEqual(
      sinks({
        'routes/app.js': `
const { graphqlHTTP } = require('express-graphql');
const controller = require('../controllers/ctl');
router.use('/graphql', auth, graphqlHTTP({
  schema: schema,
  rootValue: controller.graphqlroot,
}));
`,
        'controllers/ctl.js': `
const mysql = require('mysql2');
const con = mysql.createConnection({});
async function getUser(arg) {
  const q = "SELECT * FROM users where username='" + arg.username + "';";
  const rows = await con.promise().query(q);
  return rows[0][0];
}
async function allUsers() {
  return con.promise().query('SELECT username from users;');
}
const graphqlroot = { user: getUser, listUsers: allUsers };
module.exports = { graphqlroot };
`,
      }),
      ['sql con.promise().query graphql args @6'],
    );
  });
});
