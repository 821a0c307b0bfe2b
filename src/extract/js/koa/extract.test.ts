import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

describe('extract/js/koa', () => {
  it('applies router prefixes, nested routers and koa-jwt unless', () => {
    const { facts } = runExtractor(extractor, {
      'src/app.js': `const Koa = require('koa');
const Router = require('@koa/router');
const jwt = require('koa-jwt');
const users = require('./routes/users');
const app = new Koa();
const api = new Router({ prefix: '/api' });
api.post('/login', async (ctx) => { ctx.body = {}; });
api.use('/users', users.routes(), users.allowedMethods());
app.use(jwt({ secret: process.env.SECRET }).unless({ path: [/^\\/api\\/login/] }));
app.use(api.routes());
`,
      'src/routes/users.js': `const Router = require('@koa/router');
const router = new Router();
router.get('/:id', async (ctx) => { ctx.body = {}; });
router.delete('/:id', async (ctx) => {
  if (ctx.state.user.role !== 'admin') ctx.throw(403);
  ctx.status = 204;
});
module.exports = router;
`,
    });
    const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const byKey = new Map(eps.map((e) => [`${e.method} ${e.path}`, e]));
    assert.deepEqual([...byKey.keys()].sort(), ['DELETE /api/users/:id', 'GET /api/users/:id', 'POST /api/login']);
    assert.equal(byKey.get('POST /api/login')?.auth, 'none');
    assert.equal(byKey.get('GET /api/users/:id')?.auth, 'user');
    assert.equal(byKey.get('DELETE /api/users/:id')?.auth, 'admin');
    assert.equal(byKey.get('GET /api/users/:id')?.framework, 'koa');
  });
});
