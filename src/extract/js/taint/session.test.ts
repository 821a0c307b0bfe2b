// Second order through the session: request data one handler stores under a session key is the
// client's again wherever another handler reads that key into a query or code.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sinkFacts, sinks } from './support.test.js';

const login = (stored: string) => `
const router = require('express').Router();
router.post('/login/auth', (req, res) => {
  const user = req.body.username;
  auth(user, req.body.password).then(() => {
    req.session.logged = true;
    req.session.user_name = ${stored};
    res.redirect('/');
  });
});
module.exports = router;
`;
const products = `
const router = require('express').Router();
const model = require('../model/products');
router.get('/products/purchased', (req, res) => {
  model.getPurchased(req.session.user_name).then((rows) => res.json(rows));
  db.query("SELECT * FROM t WHERE ok = '" + req.session.logged + "'");
  res.send('<p>' + req.session.user_name + '</p>');
});
module.exports = router;
`;
const model = `
function getPurchased(username) {
  const q = "SELECT * FROM purchases WHERE user_name = '" + username + "';";
  return db.many(q);
}
module.exports = { getPurchased };
`;

describe('extract/js/taint session values (second order)', () => {
  it('a session key set from request data taints its reads in other handlers and files', () => {
    const files = { 'routes/login.js': login('user'), 'routes/products.js': products, 'model/products.js': model };
    assert.deepEqual(sinks(files), ['sql db.many req.session.user_name (stored from req.body.username) @4']);
    const fact = sinkFacts(files)[0];
    assert.deepEqual(fact.route, 'GET /products/purchased');
    assert.deepEqual(fact.path?.[0], { file: 'routes/login.js', line: 7, snippet: 'req.session.user_name = user;' });
  });

  it('not when the key only ever holds server values', () => {
    const files = { 'routes/login.js': login('found.name'), 'routes/products.js': products, 'model/products.js': model };
    assert.deepEqual(sinks(files), []);
  });

  it('a session value never hides a request value reaching the same sink', () => {
    assert.deepEqual(
      sinks({
        'src/app.js': `
app.get('/q', (req, res) => {
  db.query("SELECT * FROM t WHERE a = '" + req.session.team + "' AND b = '" + req.query.b + "'");
});
`,
      }),
      ["sql db.query req.query.b @3"],
    );
  });
});

describe('extract/js/taint session values: records with members set from the request', () => {
  const files = (read: string) => ({
    'routes/setting.js': `
exports.setting = function (req, res, next) {
  var url = req.body.url;
  User.getUserById(req.session.user._id, function (err, user) {
    user.url = url;
    user.save(function () {
      req.session.user = user.toObject({ virtual: true });
      res.redirect('/setting');
    });
  });
};
`,
    'routes/collect.js': `
exports.remove = function (req, res) {
  TopicCollect.remove({ user_id: ${read} }, function () { res.json({}) });
};
`,
  });

  it('the record id and other server members are not the client data stored in the record', () => {
    assert.deepEqual(sinks(files('req.session.user._id')), []);
  });

  it('a member the request filled still is', () => {
    assert.deepEqual(sinks(files('req.session.user.url')), ['nosql TopicCollect.remove req.session.user.url (stored from req.body.url) @3']);
  });
  it("Moleculer's ctx.meta: a key the gateway's onBeforeCall fills from a header taints the actions reading it", () => {
    const gateway = (value: string) => `
const ApiGateway = require('moleculer-web');
module.exports = {
  name: 'api',
  mixins: [ApiGateway],
  settings: {
    routes: [{
      path: '/api',
      onBeforeCall(ctx, route, req) {
        ctx.meta.tenant = ${value};
      },
    }],
  },
};
`;
    const reports = `
module.exports = {
  name: 'reports',
  actions: {
    list: {
      rest: 'GET /',
      async handler(ctx) {
        return this.adapter.db.query("SELECT * FROM reports WHERE tenant = '" + ctx.meta.tenant + "'");
      },
    },
    count(ctx) {
      return this.adapter.db.query("SELECT count(*) FROM reports WHERE owner = '" + ctx.meta.session + "'");
    },
  },
};
`;
    assert.deepEqual(sinks({ 'services/api.service.js': gateway("req.headers['x-tenant']"), 'services/reports.service.js': reports }), [
      "sql this.adapter.db.query ctx.meta.tenant (stored from req.headers['x-tenant']) @8",
    ]);
    assert.deepEqual(sinks({ 'services/api.service.js': gateway("'acme'"), 'services/reports.service.js': reports }), []);
    // A session key of the same name elsewhere is another namespace.
    assert.deepEqual(sinks({ 'routes/login.js': login('user'), 'services/reports.service.js': reports.replace('ctx.meta.tenant', 'ctx.meta.user_name') }), []);
  });
});
