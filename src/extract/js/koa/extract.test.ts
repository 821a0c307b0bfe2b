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
  it('reads a koa-jwt skip function (`unless((ctx) => ...)`, `{ custom }`) as the paths it lets through', () => {
    const { facts } = runExtractor(extractor, {
      'src/server.js': `const Koa = require('koa');
const Router = require('koa-router');
const jwt = require('koa-jwt');
const { pathToRegexp } = require('path-to-regexp');
const app = new Koa();
const api = new Router({ prefix: '/v1' });
const feeds = new Router({ prefix: '/feeds' });
api.post('/session', async (ctx) => { ctx.body = {}; });
api.get('/docs/:name', async (ctx) => { ctx.body = {}; });
api.post('/notes', async (ctx) => { ctx.body = {}; });
api.get('/notes/:id', async (ctx) => { ctx.body = {}; });
feeds.get('/:slug', async (ctx) => { ctx.body = {}; });
app.use(jwt({ secret: process.env.SECRET }).unless((ctx) => {
  if (/^\\/v1/.test(ctx.path)) {
    return pathToRegexp(['/v1/session', '/v1/docs/:name']).test(ctx.path);
  }
  return true;
}));
app.use(api.routes());
app.use(feeds.routes());
`,
      'src/admin.js': `const Koa = require('koa');
const Router = require('koa-router');
const jwt = require('koa-jwt');
const admin = new Koa();
const router = new Router();
router.get('/health', async (ctx) => { ctx.body = 'ok'; });
router.get('/stats', async (ctx) => { ctx.body = {}; });
admin.use(jwt({ secret: process.env.SECRET }).unless({ custom: (ctx) => ctx.path === '/health' }));
admin.use(router.routes());
`,
    });
    const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, e.auth])), {
      'POST /v1/session': 'none',
      'GET /v1/docs/:name': 'none',
      'POST /v1/notes': 'user',
      'GET /v1/notes/:id': 'user',
      'GET /feeds/:slug': 'none',
      'GET /health': 'none',
      'GET /stats': 'user',
    });
  });
  it("does not count Koa's response delegates (ctx.set, ctx.attachment) as state changes", () => {
    const { facts } = runExtractor(extractor, {
      'src/reports.js': `const Router = require('koa-router');
const router = new Router();
router.post('/reports/download', async (ctx) => {
  const rows = await Report.find({ owner: String(ctx.request.body.owner) });
  ctx.set('Content-Disposition', 'attachment; filename=reports.json');
  ctx.body = rows;
});
router.post('/reports/export', async (ctx) => {
  const job = await ReportJob.createForOwner(ctx.state.user.id);
  ctx.set('Location', '/jobs/' + job.id);
  ctx.body = { id: job.id };
});
router.post('/reports/title', async (ctx) => {
  await Report.updateOne({ _id: String(ctx.request.body.id) }, { title: String(ctx.request.body.title) });
  ctx.set('Cache-Control', 'no-store');
  ctx.body = {};
});
module.exports = router;
`,
    });
    const tags = new Map(facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint').map((e) => [`${e.method} ${e.path}`, e.tags ?? []]));
    assert.ok(tags.get('POST /reports/download')?.includes('no-state-change'), tags.get('POST /reports/download')?.join());
    assert.ok(tags.get('POST /reports/title')?.includes('state-changing'), tags.get('POST /reports/title')?.join());
    assert.ok(tags.get('POST /reports/export')?.includes('state-changing'), tags.get('POST /reports/export')?.join());
  });
});
