// Handlers reached through re-exporting modules: `require('../controllers')` (a folder's index),
// `module.exports = { a: require('./a') }`, `exports.a = require('./a')`, objects of handlers nested
// in an export, ES `export * as a`, `export { default as a }`, `import * as a; export { a }` and
// `export *`, followed along member chains (`ctrl.comments.del`) with a bound on hops and cycles.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact, EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as express } from '../express/index.js';
import { extractor } from './index.js';

function run(files: Record<string, string>): Fact[] {
  return runExtractors([extractor, express], files).facts;
}

/** `METHOD path → file:line` of each route's handler. */
function handlers(facts: Fact[]): string[] {
  return facts
    .filter((f): f is EntrypointFact => f.kind === 'entrypoint')
    .map((f) => `${f.method} ${f.path} → ${f.handler ? `${f.handler.file}:${f.handler.line}` : '-'}`)
    .sort();
}

function accesses(facts: Fact[]): string[] {
  return facts
    .filter((f): f is ConfigFact => f.kind === 'config' && f.setting === 'record-access' && typeof f.values.routePath === 'string')
    .map((f) => `${f.values.routeMethod} ${f.values.routePath} → ${f.values.api} ${f.values.operation} ${f.evidence.file}:${f.evidence.line}`)
    .sort();
}

const APP = `const Koa = require('koa');
const api = require('./routes');
const app = new Koa();
app.use(api.routes());
`;

const COMMONJS = {
  'src/app.js': APP,
  'src/routes/index.js': `const Router = require('koa-router');
const ctrl = require('../controllers').articles;
const users = require('../controllers');
const jwt = require('koa-jwt');
const router = new Router({ prefix: '/api' });
const auth = jwt({ secret: process.env.SECRET });
router.param('comment', ctrl.comments.byComment);
router.get('/articles', ctrl.list);
router.get('/articles/feed', auth, ctrl.feed.get);
router.del('/articles/:slug/comments/:comment', auth, ctrl.comments.del);
router.get('/users/:id', auth, users.users.show);
router.get('/missing', users.articles.health);
module.exports = router;
`,
  'src/controllers/index.js': `const articles = require('./articles');
module.exports = { articles };
exports.users = require('./users');
exports.health = async (ctx) => {
  ctx.body = 'ok';
};
`,
  'src/controllers/articles.js': `const comments = require('./comments');
const db = require('../db');
module.exports = {
  async list(ctx) {
    ctx.body = await db('articles').select();
  },
  feed: {
    async get(ctx) {
      ctx.body = await db('articles').where({ author: ctx.state.user.id });
    },
  },
  comments,
};
`,
  'src/controllers/comments.js': `const db = require('../db');
module.exports = {
  async byComment(comment, ctx, next) {
    ctx.params.comment = await db('comments').first().where({ id: comment });
    return next();
  },
  async del(ctx) {
    const { comment } = ctx.params;
    await db('comments').del().where({ id: comment.id });
    ctx.body = {};
  },
};
`,
  'src/controllers/users.js': `exports.show = async (ctx) => {
  ctx.body = { id: ctx.params.id };
};
`,
};

describe('extract/js/koa handlers behind re-exports', () => {
  it('follows a folder index, module.exports objects, exports.x = require and nested objects', () => {
    const facts = run(COMMONJS);
    assert.deepEqual(handlers(facts), [
      'DELETE /api/articles/:slug/comments/:comment → src/controllers/comments.js:7',
      'GET /api/articles → src/controllers/articles.js:4',
      'GET /api/articles/feed → src/controllers/articles.js:8',
      // articles has no `health`: not the namesake the index exports itself.
      'GET /api/missing → src/routes/index.js:12',
      'GET /api/users/:id → src/controllers/users.js:1',
    ]);
  });

  it('attaches the record access of a linked handler to its route', () => {
    const found = accesses(run(COMMONJS));
    assert.ok(found.some((a) => a.startsWith('DELETE /api/articles/:slug/comments/:comment → ') && a.includes('delete') && a.endsWith('src/controllers/comments.js:9')), found.join('\n'));
  });

  it('follows ES re-exports: export * as, export { default as }, import * as + export, export *', () => {
    const facts = run({
      'src/app.js': APP,
      'src/routes/index.js': `import Router from '@koa/router';
import * as ctrl from '../controllers';
const router = new Router();
router.get('/orders/:id', ctrl.orders.show);
router.get('/users', ctrl.users.list);
router.post('/carts', ctrl.carts.add);
router.get('/ping', ctrl.ping);
export default router;
`,
      'src/controllers/index.js': `export * as orders from './orders';
export { default as users } from './users';
import * as carts from './carts';
export { carts };
export * from './misc';
`,
      'src/controllers/orders.js': `export async function show(ctx) {
  ctx.body = { id: ctx.params.id };
}
`,
      'src/controllers/users.js': `export default {
  async list(ctx) {
    ctx.body = [];
  },
};
`,
      'src/controllers/carts.js': `export const add = async (ctx) => {
  ctx.status = 201;
};
`,
      'src/controllers/misc.js': `export async function ping(ctx) {
  ctx.body = 'pong';
}
`,
    });
    assert.deepEqual(handlers(facts), [
      'GET /orders/:id → src/controllers/orders.js:1',
      'GET /ping → src/controllers/misc.js:1',
      'GET /users → src/controllers/users.js:2',
      'POST /carts → src/controllers/carts.js:1',
    ]);
  });

  it('stops on re-export cycles and unknown names without linking anything', () => {
    const facts = run({
      'src/app.js': APP,
      'src/routes/index.js': `const Router = require('koa-router');
const a = require('../a');
const router = new Router();
router.get('/loop', a.b.a.b.show);
router.get('/star', a.nowhere);
module.exports = router;
`,
      'src/a/index.js': `exports.b = require('../b');
`,
      'src/b/index.js': `exports.a = require('../a');
export * from '../c';
`,
      'src/c/index.js': `export * from '../b';
`,
    });
    assert.deepEqual(handlers(facts), ['GET /loop → src/routes/index.js:4', 'GET /star → src/routes/index.js:5']);
  });
});
