import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

function run(files: Record<string, string>): Fact[] {
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, [auth, extractor]).facts);
  return linkFacts(facts, [auth, extractor]);
}

describe('extract/js/fastify', () => {
  it('resolves register prefixes, decorated guards in route options and hooks', () => {
    const facts = run({
      'server.js': `const fastify = require('fastify')({ logger: true });
fastify.register(require('@fastify/jwt'), { secret: process.env.JWT_SECRET });
fastify.decorate('authenticate', async function (request, reply) {
  try { await request.jwtVerify(); } catch (err) { reply.send(err); }
});
fastify.register(require('./routes/items'), { prefix: '/items' });
fastify.register(require('./routes/admin'), { prefix: '/admin' });
fastify.get('/health', async () => ({ ok: true }));
`,
      'routes/items.js': `module.exports = async function (fastify, opts) {
  fastify.get('/', async (request, reply) => []);
  fastify.post('/', { preHandler: [fastify.authenticate] }, async (request, reply) => ({}));
  fastify.route({ method: 'DELETE', url: '/:id', onRequest: fastify.authenticate, handler: async (request) => ({}) });
};
`,
      'routes/admin.js': `async function adminRoutes(app) {
  app.addHook('onRequest', app.authenticate);
  app.get('/stats', async () => ({}));
}
module.exports = adminRoutes;
`,
    });
    const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const auth = Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, e.auth]));
    assert.deepEqual(auth, { 'GET /items': 'none', 'POST /items': 'user', 'DELETE /items/:id': 'user', 'GET /admin/stats': 'user', 'GET /health': 'none' });
  });
});

describe('extract/js/fastify autoload', () => {
  it('mounts plugin files under their folder', () => {
    const facts = run({
      'app.js': `const AutoLoad = require('@fastify/autoload');
const path = require('path');
module.exports = async function (app, opts) {
  app.addHook('onRequest', async (request, reply) => { await request.jwtVerify(); });
  app.register(AutoLoad, { dir: path.join(__dirname, 'routes'), options: opts });
};`,
      'routes/rides/index.js': `module.exports = async function (app) { app.get('/', async (request, reply) => reply.send([])); };`,
      'routes/health.js': `module.exports = async function (fastify) { fastify.get('/health', async () => ({ ok: true })); };`,
    });
    const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, e.auth])), { 'GET /rides': 'user', 'GET /health': 'user' });
  });
});

describe('extract/js/fastify autohooks and autoloaded plugins', () => {
  const app = `import path from 'node:path';
import AutoLoad from '@fastify/autoload';
export default async function (app, opts) {
  app.register(AutoLoad, { dir: path.join(import.meta.dirname, 'plugins') });
  app.register(AutoLoad, { dir: path.join(import.meta.dirname, 'routes'), autoHooks: true, cascadeHooks: true });
}`;
  const routes = {
    'src/routes/public.js': `export default async function (fastify) { fastify.get('/status', async () => ({ ok: true })); }`,
    'src/routes/api/auth/index.js': `export default async function (fastify) { fastify.post('/login', async (request) => ({ ok: true })); }`,
    'src/routes/api/items/index.js': `export default async function (fastify) { fastify.delete('/:id', async (request) => ({})); }`,
    'src/routes/api/index.js': `export default async function (fastify) { fastify.get('/', async () => ({})); }`,
  };

  it('applies a session check in autohooks to the folder and its sub-folders, minus early-return paths', () => {
    const facts = run({
      'src/app.js': app,
      ...routes,
      'src/routes/api/autohooks.js': `export default async function (fastify) {
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/api/auth/login')) return;
    if (!request.session.user) reply.unauthorized('You must be authenticated');
  });
}`,
    });
    const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const auth = Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, e.auth]));
    assert.deepEqual(auth, { 'GET /status': 'none', 'POST /api/auth/login': 'none', 'DELETE /api/items/:id': 'user', 'GET /api': 'user' });
    assert.equal(facts.some((f) => f.kind === 'config' && f.setting.startsWith('js-fastify-')), false);
  });

  it('resolves a decorated jwt guard used as an autohook, and needs autoHooks on the loader', () => {
    const hooks = {
      'src/plugins/auth.js': `import fp from 'fastify-plugin';
export default fp(async function (fastify) {
  fastify.decorate('authenticate', async function (request, reply) {
    try { await request.jwtVerify(); } catch (err) { reply.send(err); }
  });
});`,
      'src/routes/api/autohooks.js': `export default async function (fastify) { fastify.addHook('preHandler', fastify.authenticate); }`,
    };
    const withHooks = run({ 'src/app.js': app, ...routes, ...hooks }).filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.equal(withHooks.find((e) => e.path === '/api/auth/login')?.auth, 'user');
    assert.equal(withHooks.find((e) => e.path === '/status')?.auth, 'none');
    const without = run({ 'src/app.js': app.replace(', autoHooks: true, cascadeHooks: true', ''), ...routes, ...hooks }).filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.equal(without.find((e) => e.path === '/api/items/:id')?.auth, 'none');
  });

  it('turns autoloaded helmet and rate-limit plugin files into config facts', () => {
    const facts = run({
      'src/app.js': app,
      'src/plugins/helmet.js': `import helmet from '@fastify/helmet';\nexport const autoConfig = { contentSecurityPolicy: false };\nexport default helmet;`,
      'src/plugins/rate-limit.js': `import fp from 'fastify-plugin';\nimport rateLimit from '@fastify/rate-limit';\nexport const autoConfig = (fastify) => ({ max: 100, timeWindow: '1 minute' });\nexport default fp(rateLimit);`,
      'lib/unused-helmet.js': `import helmet from '@fastify/helmet';\nexport default helmet;`,
    });
    const configs = facts.filter((f) => f.kind === 'config').map((f) => ({ file: f.evidence.file, setting: f.setting, values: f.values }));
    assert.deepEqual(configs, [
      { file: 'src/plugins/helmet.js', setting: 'headers', values: { library: '@fastify/helmet', csp: false, frameguard: true, hsts: true } },
      { file: 'src/plugins/rate-limit.js', setting: 'rate-limit', values: { library: '@fastify/rate-limit', scope: 'global' } },
    ]);
  });
});

describe('extract/js/fastify request-decorator guards', () => {
  it('reads request.isAdmin() in a route preHandler as an admin check', () => {
    const facts = run({
      'src/routes/tasks.js': `export default async function (fastify) {
  fastify.get('/tasks', async () => []);
  fastify.delete('/tasks/:id', { preHandler: (request, reply) => request.isAdmin(reply) }, async (request) => ({}));
  fastify.patch('/tasks/:id', { onRequest: [(request, reply) => request.verifyUser(reply)] }, async (request) => ({}));
  fastify.post('/tasks', { preHandler: (request, reply) => request.log.info('x') }, async (request) => ({}));
}`,
    });
    const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, e.auth])), { 'GET /tasks': 'none', 'DELETE /tasks/:id': 'admin', 'PATCH /tasks/:id': 'user', 'POST /tasks': 'none' });
  });
});
