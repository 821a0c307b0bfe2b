// Project-local route-registration helpers (`_lib/routes-registrars.ts`): a function that registers
// a route on the router it is given, with the verb, path, middleware and handler taken from its
// arguments, is expanded at every call site, across files, under the call site's mount prefix.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractor, runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as fastify } from '../fastify/index.js';
import { extractor } from './index.js';

const FILES = {
  'app.js': `const express = require('express');
const app = express();
const routes = require('./routes');
routes({ router: app });
app.listen(3000);
`,
  'routes/index.js': `const { setupPageRoute } = require('./helpers');
const writeRoutes = require('./write');
module.exports = function (params) {
  const { router } = params;
  router.use('/api/v3/users', require('./write/users')());
  setupPageRoute(router, '/login', [], (req, res) => res.render('login'));
};
`,
  'routes/helpers.js': `const helpers = module.exports;
const middleware = require('../middleware');
// router, name, middlewares(optional), controller
helpers.setupPageRoute = function (...args) {
  const [router, name] = args;
  let middlewares = args.length > 3 ? args[args.length - 2] : [];
  const controller = args[args.length - 1];
  middlewares = [middleware.autoLocale, ...middlewares];
  router.get(name, middleware.buildHeader, middlewares, helpers.tryRoute(controller));
  router.get(\`/api\${name}\`, middlewares, helpers.tryRoute(controller));
};
// router, verb, name, middlewares(optional), controller
helpers.setupApiRoute = function (...args) {
  const [router, verb, name] = args;
  let middlewares = args.length > 4 ? args[args.length - 2] : [];
  const controller = args[args.length - 1];
  middlewares = [middleware.authenticateRequest, ...middlewares];
  router[verb](name, middlewares, helpers.tryRoute(controller));
};
helpers.tryRoute = function (controller) {
  return async function (req, res, next) {
    try { await controller(req, res, next); } catch (err) { next(err); }
  };
};
`,
  'routes/write/users.js': `const router = require('express').Router();
const middleware = require('../../middleware');
const controllers = require('../../controllers');
const { setupApiRoute } = require('../helpers');
module.exports = function () {
  const middlewares = [middleware.ensureLoggedIn];
  setupApiRoute(router, 'put', '/:uid', [...middlewares, middleware.checkRequired], controllers.users.update);
  setupApiRoute(router, 'get', '/:uid/status', controllers.users.status);
  return router;
};
`,
  'middleware/index.js': `const middleware = module.exports;
middleware.ensureLoggedIn = function (req, res, next) {
  if (!req.user) return res.status(401).json({ error: 'not allowed' });
  next();
};
middleware.autoLocale = function (req, res, next) { req.locale = 'en'; next(); };
middleware.authenticateRequest = function (req, res, next) { req.uid = req.session && req.session.uid; next(); };
middleware.buildHeader = function (req, res, next) { next(); };
middleware.checkRequired = function (req, res, next) { next(); };
`,
  'controllers/index.js': `module.exports = { users: require('./users') };
`,
  'controllers/users.js': `exports.update = async (req, res) => { res.json({ ok: true }); };
exports.status = async (req, res) => { res.json({ status: 'online' }); };
`,
};

describe('extract/js/express: route-registration helpers', () => {
  const routes = runExtractors([auth, extractor], FILES).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  const find = (m: string, p: string) => routes.find((r) => r.method === m && r.path === p);

  it('expands every call of a helper with the verb, path and derived paths it registers', () => {
    assert.deepEqual(routes.map((r) => `${r.method} ${r.path}`).sort(), ['GET /api/login', 'GET /api/v3/users/:uid/status', 'GET /login', 'PUT /api/v3/users/:uid']);
  });

  it('keeps the mount prefix, the helper middleware and the call site middleware in order', () => {
    const put = find('PUT', '/api/v3/users/:uid');
    assert.deepEqual(put?.middleware, ['middleware.authenticateRequest', 'middleware.ensureLoggedIn', 'middleware.checkRequired']);
    assert.equal(put?.auth, 'user');
    assert.equal(put?.evidence.file, 'routes/write/users.js');
    assert.equal(put?.handler?.file, 'controllers/users.js');
    // The optional middleware argument is absent: only the helper's own middleware runs.
    assert.deepEqual(find('GET', '/api/v3/users/:uid/status')?.middleware, ['middleware.authenticateRequest']);
    assert.equal(find('GET', '/api/v3/users/:uid/status')?.auth, 'none');
    assert.deepEqual(find('GET', '/login')?.middleware, ['middleware.buildHeader', 'middleware.autoLocale']);
  });

  it('emits no route for the generic registration inside the helper', () => {
    assert.equal(routes.some((r) => r.evidence.file === 'routes/helpers.js'), false);
  });
});

describe('extract/js/express: calls that are no routes', () => {
  it('skips browser bundles and model objects handed to exported functions', () => {
    const files = {
      'public/src/client/chats.js': `define('forum/chats', ['api'], function (api) {
  $('#x').on('click', async () => { await api.put('/chats/sort', { a: 1 }); });
});
`,
      'src/static/js/pad.js': `exports.init = (api) => { api.post('/jserror', { msg: window.location.href }, (res) => console.log(res)); };
`,
      'src/topics/create.js': `module.exports = function (Topics) {
  Topics.post = async function (data, reply) { await Topics.delete(data.tid, data.uid); };
};
`,
    };
    for (const x of [extractor, fastify]) {
      const { facts } = runExtractor(x, files);
      assert.deepEqual(facts.filter((f) => f.kind === 'entrypoint').map((f) => f.evidence.file), [], x.id);
    }
  });
});

describe('extract/js/express: the app handed to plugin hooks', () => {
  it('takes args.app and a destructured { app } for the application itself', () => {
    const files = {
      'src/hooks/admin.ts': `export const expressCreateServer = (hookName: string, args: any, cb: Function) => {
  args.app.get('/admin', (req: any, res: any) => res.redirect('/admin/'));
};
export const expressPreSession = async (hookName: string, { app }: any) => {
  app.get('/health', (req: any, res: any) => res.send('ok'));
};
`,
    };
    const routes = runExtractor(extractor, files).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(routes.map((r) => `${r.method} ${r.path} ${r.tags?.includes('mount-unresolved') ?? false}`).sort(), ['GET /admin false', 'GET /health false']);
  });
});

describe('extract/js/express: class-based route registries and static paths', () => {
  it('expands this.route(METHOD, path, ...mw, handler) of a registry subclass', () => {
    const files = {
      'src/PromiseRouter.js': `import express from 'express';
export default class PromiseRouter {
  constructor(routes = []) { this.routes = routes; this.mountRoutes(); }
  mountRoutes() {}
  route(method, path, ...handlers) { this.routes.push({ method, path, handler: handlers[handlers.length - 1] }); }
  expressRouter() {
    const router = express.Router();
    this.routes.forEach((r) => router[r.method.toLowerCase()].call(router, r.path, (req, res) => r.handler(req).then((x) => res.json(x))));
    return router;
  }
}
`,
      'src/Routers/SchemasRouter.js': `import PromiseRouter from '../PromiseRouter';
import * as middleware from '../middlewares';
function getAllSchemas(req) { return Promise.resolve([]); }
export class SchemasRouter extends PromiseRouter {
  mountRoutes() {
    this.route('GET', '/schemas', middleware.promiseEnforceMasterKeyAccess, getAllSchemas);
    this.route('DELETE', '/schemas/:className', middleware.promiseEnforceMasterKeyAccess, (req) => Promise.resolve({}));
  }
}
`,
      'src/Routers/ClassesRouter.js': `import PromiseRouter from '../PromiseRouter';
export default class ClassesRouter extends PromiseRouter {
  handleFind(req) { return Promise.resolve([]); }
  mountRoutes() { this.route('GET', '/classes/:className', (req) => this.handleFind(req)); }
}
`,
      'src/Routers/RolesRouter.js': `import ClassesRouter from './ClassesRouter';
export class RolesRouter extends ClassesRouter {
  mountRoutes() { this.route('GET', '/roles', (req) => this.handleFind(req)); }
}
`,
      'src/sso.ts': `import express from 'express';
export class AzureSSO {
  static LOGIN_URI = '/api/v1/azure/login';
  app: any;
  initialize() {
    this.app.get(AzureSSO.LOGIN_URI, (req: any, res: any) => res.redirect('/x'));
  }
}
`,
    };
    const routes = runExtractor(extractor, files).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(routes.map((r) => `${r.method} ${r.path}`).sort(), ['DELETE /schemas/:className', 'GET /api/v1/azure/login', 'GET /classes/:className', 'GET /roles', 'GET /schemas']);
    assert.deepEqual(routes.find((r) => r.path === '/schemas')?.middleware, ['middleware.promiseEnforceMasterKeyAccess']);
    assert.equal(routes.find((r) => r.path === '/schemas')?.evidence.line, 6);
  });
});

describe('extract/js/express: express-ws endpoints', () => {
  it('takes app.ws(path, (socket, req) => ...) for a WebSocket entry point', () => {
    const files = {
      'server/endpoints/agentWebsocket.js': `function agentWebsocket(app) {
  app.ws('/agent-invocation/:uuid', async function (socket, request) {
    socket.on('message', (msg) => socket.send(msg));
  });
}
module.exports = { agentWebsocket };
`,
    };
    const routes = runExtractor(extractor, files).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(routes.map((r) => `${r.protocol} ${r.method} ${r.path}`), ['websocket GET /agent-invocation/:uuid']);
  });
});

describe('extract/js/express: routers imported but never mounted', () => {
  it('drops the routes of a router whose mount is commented out', () => {
    const files = {
      'src/routes/index.ts': `import express from 'express';
import filesRouter from './files';
import usersRouter from './users';
const router = express.Router();
router.use('/users', usersRouter);
// router.use('/files', filesRouter)
export default router;
`,
      'src/routes/files/index.ts': `import express from 'express';
const router = express.Router();
router.get('/', (req, res) => res.json([]));
router.delete('/', (req, res) => res.json({}));
export default router;
`,
      'src/routes/users/index.ts': `import express from 'express';
const router = express.Router();
router.get('/', (req, res) => res.json([]));
export default router;
`,
    };
    const routes = runExtractor(extractor, files).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(routes.map((r) => `${r.method} ${r.path} ${r.evidence.file}`), ['GET /users src/routes/users/index.ts']);
  });
});

describe('extract/js/express: controller base classes (routes-controllers.ts)', () => {
  const files = {
    'src/routes/controller.ts': `import { Router } from 'express';
import { NONE } from '../types/permissions';
const checkPermission = (permission = []) => async (req, res, next) => {
  const permissions = (Array.isArray(permission) ? permission : [permission]).filter((p) => p !== NONE);
  if (!permissions.length) return next();
  if (req.checkRbac && (await req.checkRbac(permissions))) return next();
  return res.status(403).end();
};
export default class Controller {
  app;
  constructor(config) { this.app = Router(); }
  route(options) {
    this.app[options.method](options.path, checkPermission(options.permission), this.wrap(options.handler.bind(this)));
  }
  get(path, handler, permission = NONE) { this.route({ method: 'get', path, handler, permission }); }
  fileupload(path, filehandler, handler, permission = NONE) {
    this.app.post(path, checkPermission(permission), filehandler.bind(this), this.wrap(handler.bind(this)));
  }
  use(path, router) { this.app.use(path, router); }
  get router() { return this.app; }
}
`,
    'src/routes/features.ts': `import Controller from './controller';
import { ADMIN, NONE, UPDATE_FEATURE } from '../types/permissions';
export class FeatureController extends Controller {
  constructor(config) {
    super(config);
    this.route({ method: 'post', path: '/:name', handler: this.update, permission: UPDATE_FEATURE });
    this.route({ method: 'delete', path: '/:name', handler: this.remove, permission: ADMIN });
    this.get('/', this.list);
  }
  async update(req, res) { res.json({}); }
  async remove(req, res) { res.json({}); }
  async list(req, res) { res.json([]); }
}
`,
    'src/routes/index.ts': `import Controller from './controller';
import { FeatureController } from './features';
export default class IndexRouter extends Controller {
  constructor(config) {
    super(config);
    this.use('/api/admin/features', new FeatureController(config).router);
  }
}
`,
    'src/app.ts': `import express from 'express';
import IndexRouter from './routes/index';
export function getApp(config) {
  const app = express();
  const baseUriPath = config.server.baseUriPath || '';
  app.use(\`\${baseUriPath}/\`, new IndexRouter(config).router);
  return app;
}
`,
  };

  it('takes this.route({...}) and this.get(path, handler) of subclasses for routes, under nested class mounts', () => {
    const routes = runExtractor(extractor, files).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(routes.map((r) => `${r.method} ${r.path} ${r.handler?.name}`).sort(), [
      'DELETE /api/admin/features/:name FeatureController.remove',
      'GET /api/admin/features FeatureController.list',
      'POST /api/admin/features/:name FeatureController.update',
    ]);
    assert.ok(routes.every((r) => !r.tags?.includes('mount-unresolved')));
  });

  it('judges the permission each call declares: a sentinel or none inherits, ADMIN is admin, another is user', () => {
    const routes = runExtractor(extractor, files).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const auth = Object.fromEntries(routes.map((r) => [`${r.method} ${r.path}`, r.auth]));
    assert.deepEqual(auth, { 'GET /api/admin/features': 'none', 'POST /api/admin/features/:name': 'user', 'DELETE /api/admin/features/:name': 'admin' });
    assert.ok(routes.find((r) => r.method === 'POST')?.middleware?.includes('checkPermission(UPDATE_FEATURE)'));
    assert.ok(routes.find((r) => r.method === 'POST')?.tags?.includes('permission-checked'));
    assert.ok(!routes.find((r) => r.method === 'GET')?.tags?.includes('permission-checked'));
  });
});
