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
