import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact, EntrypointFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import type { Extractor } from '../../types.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as express } from '../express/index.js';
import { extractor as hapi } from '../hapi/index.js';
import { extractor } from './index.js';

function run(files: Record<string, string>, extractors: Extractor[] = [auth, extractor]): Fact[] {
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, extractors).facts);
  return linkFacts(facts, extractors);
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

describe('extract/js/fastify inline plugin scopes', () => {
  it('applies hooks of an inline plugin whatever its instance parameter is called, and resolves its decorators by name', () => {
    const facts = run({
      'src/plugins/session.ts': `import fp from 'fastify-plugin';
export default fp(async function (app) {
  app.decorate('loadCaller', async function (request, reply) {
    const token = request.cookies.sid;
    if (token) request.user = await app.sessions.lookup(token);
  });
  app.decorate('requireCaller', async function (request, reply) {
    try { await request.jwtVerify(); } catch (err) { return reply.code(401).send(err); }
  });
});`,
      'src/routes/notes.ts': `import type { FastifyPluginAsync } from 'fastify';
export const noteRoutes: FastifyPluginAsync = async (app) => {
  app.delete('/notes/:id', async () => ({}));
};
export const pingRoutes: FastifyPluginAsync = async (app) => {
  app.get('/ping', async () => ({}));
};`,
      'src/server.ts': `import Fastify from 'fastify';
import session from './plugins/session';
import * as routes from './routes/notes';
const app = Fastify();
void app.register(session);
void app.register(async function (scope) {
  scope.addHook('onRequest', scope.loadCaller);
  await scope.register(async function (inner) {
    inner.addHook('onRequest', inner.requireCaller);
    await inner.register(routes.noteRoutes);
    inner.get('/me', async () => ({}));
  });
  await scope.register(routes.pingRoutes);
});
void app.listen({ port: 3000 });`,
    });
    const auth = Object.fromEntries(facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint').map((e) => [`${e.method} ${e.path}`, e.auth]));
    assert.deepEqual(auth, { 'DELETE /notes/:id': 'user', 'GET /me': 'user', 'GET /ping': 'none' });
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
  fastify.post('/tasks/:id/assign', { preHandler: (request, reply) => request.isModerator(reply) }, async (request) => ({}));
}`,
    });
    const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    // A moderator is a role below administrator: signed in, not admin.
    assert.deepEqual(Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, e.auth])), { 'GET /tasks': 'none', 'DELETE /tasks/:id': 'admin', 'PATCH /tasks/:id': 'user', 'POST /tasks': 'none', 'POST /tasks/:id/assign': 'user' });
  });
});

describe('extract/js/fastify served folders and API docs', () => {
  const routes = (facts: Fact[]) => Object.fromEntries(facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint').map((e) => [`${e.method} ${e.path}`, `${e.auth} ${(e.tags ?? []).filter((t) => t === 'static-files' || t === 'api-docs').join(',')}`]));
  const configsOf = (facts: Fact[], setting: string): Record<string, string | number | boolean | null>[] =>
    facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === setting).map((f) => ({ ...f.values, at: `${f.evidence.file}:${f.evidence.line}` }));

  it('emits GET routes for static prefixes and docs, with the auth of the registering context', () => {
    const facts = run({
      'server.js': `const path = require('path');
const fastify = require('fastify')();
fastify.register(require('@fastify/static'), { root: path.join(__dirname, 'public') });
fastify.register(require('@fastify/swagger'), { openapi: {} });
fastify.register(require('@fastify/swagger-ui'));
fastify.register(async function privateFiles(instance) {
  instance.addHook('onRequest', async (request) => { await request.jwtVerify(); });
  instance.register(require('@fastify/static'), { root: path.join(__dirname, 'exports'), prefix: '/exports/', decorateReply: false });
  instance.register(require('@fastify/swagger-ui'), { routePrefix: '/internal/docs' });
});
fastify.register(require('@fastify/swagger-ui'), { routePrefix: '/ops/docs', uiHooks: { onRequest: fastify.basicAuth } });
fastify.register(require('@fastify/static'), { root: path.join(__dirname, 'views'), serve: false });
`,
      'plugins/auth.js': `const fp = require('fastify-plugin');
module.exports = fp(async function (fastify) { fastify.decorate('basicAuth', async function (request, reply) { await request.jwtVerify(); }); });`,
    });
    assert.deepEqual(routes(facts), {
      'GET /*': 'none static-files',
      'GET /documentation': 'none api-docs',
      'GET /exports/*': 'user static-files',
      'GET /internal/docs': 'user api-docs',
      'GET /ops/docs': 'user api-docs',
    });
    assert.deepEqual(configsOf(facts, 'static'), [
      { library: '@fastify/static', path: '/*', dir: 'public', root: 'public', guarded: false, at: 'server.js:3' },
      { library: '@fastify/static', path: '/exports/*', dir: 'exports', root: 'exports', guarded: true, at: 'server.js:8' },
    ]);
  });

  it('turns the static list option into a directory-listing fact', () => {
    const facts = run({
      'server.js': `const path = require('path');
const fastify = require('fastify')();
fastify.register(require('@fastify/static'), { root: path.join(__dirname, 'files'), prefix: '/files/', list: { format: 'html' } });
`,
    });
    assert.deepEqual(configsOf(facts, 'directory-listing'), [{ library: '@fastify/static', path: '/files/*', dir: 'files', guarded: false, at: 'server.js:3' }]);
  });

  it('reads autoloaded static plugins with autoConfig, @fastify/env defaults, and drops files no loader covers', () => {
    const facts = run({
      'src/app.ts': `import path from 'node:path';
import AutoLoad from '@fastify/autoload';
export default async function (app) {
  app.register(AutoLoad, { dir: path.join(import.meta.dirname, 'plugins/external') });
}`,
      'src/plugins/external/env.ts': `import env from '@fastify/env';
const schema = { type: 'object', properties: { UPLOAD_DIRNAME: { type: 'string', default: 'uploads' } } };
export const autoConfig = { schema };
export default env;`,
      'src/plugins/external/static.ts': `import fastifyStatic from '@fastify/static';
import path from 'node:path';
export const autoConfig = (fastify) => {
  const dirPath = path.join(import.meta.dirname, '../../..', fastify.config.UPLOAD_DIRNAME);
  return { root: dirPath, prefix: \`/\${fastify.config.UPLOAD_DIRNAME}\` };
};
export default fastifyStatic;`,
      'lib/unused-static.ts': `import fastifyStatic from '@fastify/static';
export const autoConfig = { root: '/srv/www' };
export default fastifyStatic;`,
    });
    assert.deepEqual(routes(facts), { 'GET /uploads/*': 'none static-files' });
    assert.deepEqual(configsOf(facts, 'static').map((v) => v.root), ['uploads']);
    assert.equal(facts.some((f) => f.kind === 'config' && f.setting.startsWith('js-fastify-')), false);
  });

  it('records where multipart uploads are written, directly or through a helper', () => {
    const facts = run({
      'routes/upload.js': `const fs = require('node:fs');
const path = require('node:path');
const { pipeline } = require('node:stream/promises');
module.exports = async function (fastify) {
  fastify.post('/avatar', async (request) => {
    const data = await request.file();
    await pipeline(data.file, fs.createWriteStream(path.join(__dirname, '..', 'public', data.filename)));
  });
  fastify.post('/logs', async (request) => {
    await fs.promises.writeFile(path.join(__dirname, 'logs.txt'), request.body.text);
  });
  fastify.post('/docs', async (request) => {
    const data = await request.file();
    await store(data, path.join(__dirname, 'docs', data.filename));
  });
};
async function store(part, dest) {
  await pipeline(part.file, fs.createWriteStream(dest));
}`,
      'lib/files.ts': `import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { MultipartFile } from '@fastify/multipart';
import fp from 'fastify-plugin';
export default fp(async (fastify) => {
  fastify.decorate('files', { async upload(file: MultipartFile, destPath: string) { await pipeline(file.file, fs.createWriteStream(destPath)); } });
});`,
      'lib/tasks.ts': `import path from 'node:path';
import type { MultipartFile } from '@fastify/multipart';
import fp from 'fastify-plugin';
export default fp(async (fastify) => {
  const uploadPath = path.join(import.meta.dirname, '..', fastify.config.UPLOAD_DIRNAME, 'tasks');
  const buildFilePath = (name: string) => fastify.files.safeJoin(uploadPath, name);
  fastify.decorate('tasks', { async save(name: string, file: MultipartFile) { await fastify.files.upload(file, buildFilePath(name)); } });
});`,
    });
    assert.deepEqual(configsOf(facts, 'upload-destination').map((v) => [v.dir, v.at]), [
      ['public', 'routes/upload.js:7'],
      ['routes/docs', 'routes/upload.js:14'],
      ['{UPLOAD_DIRNAME}/tasks', 'lib/tasks.ts:7'],
    ]);
  });
});

describe('extract/js/fastify: plugin hooks judged by what they do (openpanel shapes)', () => {
  const facts = run({
    'src/app.ts': `import Fastify from 'fastify';
import manageRouter from './routes/manage.router';
import eventRouter from './routes/event.router';
import liveRouter from './routes/live.router';
const fastify = Fastify();
fastify.register(manageRouter, { prefix: '/manage' });
fastify.register(eventRouter, { prefix: '/event' });
fastify.register(liveRouter, { prefix: '/live' });
`,
    'src/routes/manage.router.ts': `import { validateManageRequest } from '../utils/auth';
import * as controller from '../controllers/manage';
const manageRouter = async (fastify) => {
  fastify.route({ method: 'GET', url: '/projects', handler: controller.listProjects });
  fastify.addHook('preHandler', async (req, reply) => {
    try {
      const client = await validateManageRequest(req.headers);
      req.client = client;
    } catch (e) {
      if (e instanceof Error) return reply.status(401).send({ error: 'Unauthorized', message: e.message });
      return reply.status(401).send({ error: 'Unauthorized' });
    }
  });
  fastify.route({ method: 'DELETE', url: '/projects/:id', handler: controller.deleteProject });
};
export default manageRouter;
`,
    'src/hooks/client.hook.ts': `import { SdkAuthError, validateSdkRequest } from '../utils/auth';
export async function clientHook(req, reply) {
  try {
    const client = await validateSdkRequest(req);
    req.client = client;
  } catch (error) {
    if (error instanceof SdkAuthError) return reply.status(401).send(error.message);
    return reply.status(500).send('Internal server error');
  }
}
export async function parseHook(req, reply) {
  try {
    req.parsed = await validatePayload(req);
  } catch (error) {
    return reply.status(400).send('bad payload');
  }
}
`,
    'src/routes/event.router.ts': `import { clientHook, parseHook } from '../hooks/client.hook';
const eventRouter = async (fastify) => {
  fastify.addHook('preHandler', clientHook);
  fastify.route({ method: 'POST', url: '/', handler: async (req, reply) => reply.send({ ok: true }) });
  fastify.register(async (child) => {
    child.addHook('preHandler', parseHook);
    child.post('/raw', async (req, reply) => reply.send({}));
  });
};
export default eventRouter;
`,
    'src/controllers/live.ts': `export async function wsProjectEvents(socket, req) {
  const userId = req.session?.userId;
  if (!userId) {
    socket.send('No active session');
    socket.close();
    return;
  }
  socket.send('hello ' + req.params.projectId);
}
export async function wsVisitors(socket, req) {
  socket.send(String(await countVisitors(req.params.projectId)));
}
`,
    'src/routes/live.router.ts': `import * as controller from '../controllers/live';
const liveRouter = async (fastify) => {
  fastify.get('/events/:projectId', { websocket: true }, controller.wsProjectEvents);
  fastify.get('/visitors/:projectId', { websocket: true }, controller.wsVisitors);
};
export default liveRouter;
`,
  }, [auth, extractor, express]);
  const ep = (m: string, p: string) => facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.method === m && f.path === p)!;

  it('a hook whose caught verification answers 401 guards every route of the plugin and its children, whatever the order', () => {
    assert.equal(ep('GET', '/manage/projects').auth, 'user');
    assert.equal(ep('DELETE', '/manage/projects/:id').auth, 'user');
    assert.ok(ep('GET', '/manage/projects').tags?.includes('machine-credential'));
    assert.equal(ep('POST', '/event').auth, 'user');
    assert.equal(ep('POST', '/event/raw').auth, 'user');
    assert.ok(ep('POST', '/event').tags?.includes('machine-credential'));
  });

  it('a caught check answered 400 is validation, not auth', () => {
    const facts2 = run({
      'a.js': `const fastify = require('fastify')();
fastify.addHook('preHandler', async (req, reply) => { try { req.parsed = await validatePayload(req); } catch (e) { return reply.status(400).send('bad'); } });
fastify.post('/x', async (req, reply) => reply.send({}));
`,
    });
    assert.equal(facts2.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.path === '/x')?.auth, 'none');
  });

  it('a websocket handler that closes the socket when no session user is there is user', () => {
    assert.equal(ep('GET', '/live/events/:projectId').auth, 'user');
    assert.equal(ep('GET', '/live/visitors/:projectId').auth, 'none');
  });
});

describe('extract/js/fastify chained instance calls and autoload prefixes', () => {
  const routes = (facts: Fact[]) => Object.fromEntries(facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint').map((e) => [`${e.method} ${e.path}`, `${e.auth} ${e.framework}`]));

  it('reads register prefixes, hooks and static folders along a chain of instance calls', () => {
    const facts = run({
      'app.js': `const path = require('path');
const fp = require('fastify-plugin');
module.exports = async function (fastify, opts) {
  fastify
    .register(require('@fastify/env'), { schema: {} })
    .register(fp(async (f) => f.decorate('verifyJwt', async (request) => { await request.jwtVerify(); })))
    .register(require('./accounts'), { prefix: '/api/accounts' })
    .register(require('./notes'), { prefix: '/api/notes' })
    .register(require('@fastify/static'), { root: path.join(__dirname, 'dist'), prefix: '/' });
};`,
      'accounts.js': `module.exports = async function (fastify) {
  fastify.post('/signin', async (request) => ({}));
};`,
      'notes.js': `module.exports = async function (fastify) {
  fastify
    .addHook('onRequest', async (request) => { await request.jwtVerify(); })
    .get('/', async (request) => [])
    .delete('/:id', async (request) => ({}));
};`,
    });
    assert.deepEqual(routes(facts), {
      'POST /api/accounts/signin': 'none fastify',
      'GET /api/notes': 'user fastify',
      'DELETE /api/notes/:id': 'user fastify',
      'GET /*': 'none fastify',
    });
  });

  it('adds a plugin file\'s autoPrefix (or prefixOverride) export to its autoload folder prefix', () => {
    const facts = run({
      'app.js': `import AutoLoad from '@fastify/autoload';
import { join } from 'node:path';
export default async function (fastify, opts) {
  await fastify.register(AutoLoad, { dir: join(import.meta.dirname, 'routes'), options: opts });
}`,
      'routes/console.js': `export const autoPrefix = '/console';
export default async function (fastify) {
  fastify.addHook('onRequest', async (request) => { await request.jwtVerify(); });
  fastify.route({ method: 'GET', path: '/links', schema: {}, handler: async (request, reply) => [] });
  fastify.route({ method: 'GET', path: '/signin/callback', handler: async (request, reply) => reply.redirect('/console') });
}`,
      'routes/v2/items.js': `module.exports = async function (fastify) { fastify.get('/items', async () => []); };
module.exports.autoPrefix = '/catalog';`,
      'routes/v2/legacy.js': `module.exports = async function (fastify) { fastify.get('/ping', async () => 'pong'); };
module.exports.prefixOverride = '/old';`,
    }, [auth, extractor, hapi]);
    assert.deepEqual(routes(facts), {
      'GET /console/links': 'user fastify',
      'GET /console/signin/callback': 'user fastify',
      'GET /v2/catalog/items': 'none fastify',
      'GET /old/ping': 'none fastify',
    });
  });

  it('keeps a route object whose url interpolates a plugin option, with the option as a segment', () => {
    const facts = run({
      'server.ts': `import Fastify from 'fastify';
import { infoPlugin } from './api/info';
const app = Fastify();
app.register(infoPlugin, { apiVersion: 'v1' });
app.register((instance, _opts, next) => {
  instance.addHook('preHandler', async (request, reply) => {
    if (request.headers['x-api-key'] !== process.env.API_KEY) { reply.statusCode = 401; reply.send({ message: 'Unauthorized' }); }
  });
  instance.route({ method: 'POST', url: \`/api/\${API_VERSION}/query\`, handler: async (request) => ({}) });
  next();
});
`,
      'api/info.ts': `import type { FastifyPluginAsync } from 'fastify';
export const infoPlugin: FastifyPluginAsync<{ apiVersion: string }> = async (fastify, options) => {
  fastify.route({ method: 'GET', url: \`/api/\${options.apiVersion}/info\`, handler: async (_request, reply) => reply.send({}) });
};
`,
    });
    assert.deepEqual(routes(facts), {
      'GET /api/{options.apiVersion}/info': 'none fastify',
      'POST /api/{API_VERSION}/query': 'user fastify',
    });
  });
});

describe('extract/js/fastify encapsulation contexts', () => {
  const files = {
    'src/router.ts': `import { FastifyInstance } from 'fastify';
import notesController from './notes';
import hooksController from './hooks';
import staffAuth from './staffAuth';
import sessionCheck from './sessionCheck';
export default async function router(fastify: FastifyInstance) {
  await fastify.register(async (f: FastifyInstance) => {
    await fastify.register(sessionCheck);
    await Promise.all([f.register(notesController, { prefix: '/notes' })]);
  }, { prefix: '/api' });
  await fastify.register(async (f: FastifyInstance) => {
    await Promise.all([f.register(hooksController, { prefix: '/hooks' })]);
  }, { prefix: '/api/public' });
  await fastify.register(async (f: FastifyInstance) => {
    await f.register(staffAuth);
    await f.register(notesController, { prefix: '/notes' });
  }, { prefix: '/api/staff' });
}
`,
    'src/notes.ts': `import { FastifyInstance } from 'fastify';
import { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
export default async function notesController(fastify: FastifyInstance) {
  fastify.withTypeProvider<TypeBoxTypeProvider>().get('/', { schema: {} }, async () => []);
}
`,
    'src/hooks.ts': `import { FastifyInstance } from 'fastify';
export default async function hooksController(fastify: FastifyInstance) {
  fastify.post('/', async () => ({}));
}
`,
    'src/staffAuth.ts': `import fp from 'fastify-plugin';
import { FastifyInstance } from 'fastify';
import { authenticateAdminKey } from './keys';
const staffAuth = fp(async (fastify: FastifyInstance) => {
  fastify.addHook('preHandler', async (request, reply) => {
    const header = request.headers.authorization;
    if (!header) return reply.status(401).send({ message: 'missing key' });
    const ok = await authenticateAdminKey(header.replace('Bearer ', ''));
    if (!ok) return reply.status(401).send({ message: 'bad key' });
  });
});
export default staffAuth;
`,
    'src/sessionCheck.ts': `import fp from 'fastify-plugin';
import { FastifyInstance } from 'fastify';
import { loadCaller } from './caller';
export default fp(async (fastify: FastifyInstance) => {
  fastify.addHook('preHandler', async (request, reply) => {
    const caller = await loadCaller(request);
    if (caller.isErr()) {
      switch (caller.error.kind) {
        case 'anonymous':
          return reply.status(401).send();
        default:
          return reply.status(403).send();
      }
    }
    request.requestContext.set('caller', caller.value);
  });
});
`,
  };

  it('reads routes of withTypeProvider(), keeps sibling inline plugins apart, and applies fastify-plugin hooks to the registering context', () => {
    const eps = run(files).filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const auth = Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, e.auth]));
    // The session plugin registered on the outer instance while the /api plugin loads joins that plugin (avvio).
    assert.deepEqual(auth, { 'GET /api/notes': 'user', 'POST /api/public/hooks': 'none', 'GET /api/staff/notes': 'admin' });
  });
});

describe('extract/js/fastify: a hook that checks the caller on one path prefix only', () => {
  it('leaves the other routes of the instance public, and keeps a hook that guards all but a prefix', () => {
    const eps = run({
      'src/web.ts': `import Fastify from 'fastify';
const app = Fastify();
const dashboardPath = '/jobs';
app.addHook('onRequest', async (request, reply) => {
  const url = decodeURI(request.routeOptions.url ?? '');
  if (url === dashboardPath || url.startsWith(dashboardPath + '/')) {
    const token = request.cookies.token;
    if (token == null) {
      reply.code(401).send('Login required');
      return;
    }
  }
});
app.get('/robots.txt', async (request, reply) => 'User-agent: *');
app.get('/pages/:slug', async (request, reply) => ({ slug: request.params.slug }));
`,
      'src/api.ts': `import Fastify from 'fastify';
const api = Fastify();
api.addHook('onRequest', async (request, reply) => {
  if (!request.url.startsWith('/health')) {
    if (!request.headers.authorization) {
      reply.code(401).send('Login required');
      return;
    }
  }
});
api.get('/items', async () => []);
`,
      'src/admin.ts': `import Fastify from 'fastify';
const admin = Fastify();
admin.addHook('onRequest', async (request, reply) => {
  const page = request.url.replace(/^\\/admin\\/?/, '');
  if (page) {
    if (!request.headers.authorization) {
      reply.code(401).send('Login required');
      return;
    }
  }
});
admin.get('/admin/users', async () => []);
`,
    }).filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const auth = Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, e.auth]));
    assert.equal(auth['GET /robots.txt'], 'none');
    assert.equal(auth['GET /pages/:slug'], 'none');
    assert.equal(auth['GET /items'], 'user');
    // A presence test of the path (`if (page)`) picks no prefix: the check stands for every route.
    assert.equal(auth['GET /admin/users'], 'user');
  });
});

describe('extract/js/fastify: a plugin that is a method of an injected service', () => {
  it('mounts the routes of `register(this.apiServer.createServer, { prefix })` under the prefix', () => {
    const eps = run({
      'src/server.ts': `import Fastify from 'fastify';
import { ApiServer } from './api/ApiServer.js';
import { OAuthServer } from './oauth/OAuthServer.js';
export class HttpServer {
  constructor(private readonly apiServer: ApiServer, private oauthServer: OAuthServer) {}
  public async launch() {
    const app = Fastify();
    app.register(this.apiServer.createServer, { prefix: '/api' });
    app.register(this.oauthServer.createTokenServer, { prefix: '/oauth/token' });
    await app.listen({ port: 3000 });
  }
}
`,
      'src/api/ApiServer.ts': `import type { FastifyInstance, FastifyPluginOptions } from 'fastify';
export class ApiServer {
  public createServer(fastify: FastifyInstance, options: FastifyPluginOptions, done: (err?: Error) => void) {
    fastify.get('/items', async () => []);
    done();
  }
}
`,
      'src/oauth/OAuthServer.ts': `import type { FastifyInstance } from 'fastify';
export class OAuthServer {
  public async createTokenServer(fastify: FastifyInstance) {
    fastify.post('/introspect', async () => ({ active: false }));
  }
}
`,
    }).filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(eps.map((e) => `${e.method} ${e.path}`).sort(), ['GET /api/items', 'POST /oauth/token/introspect']);
  });
});
