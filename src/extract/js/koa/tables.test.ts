// Route tables: a registration helper called with a computed verb and path
// (`router[method](baseurl + path, async (ctx) => { const inst = new Ctrl(ctx); ... inst[action](ctx) })`)
// from loops over object and array literals (`for (const ctrl in routerConfig) routerConfig[ctrl].forEach(...)`),
// each element folded into a route whose handler is the controller class's method; the dispatch is
// gated on an instance flag its `init()` sets, with a literal allow-list of public paths in the base class.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as express } from '../express/index.js';
import { extractor } from './index.js';

export const files: Record<string, string> = {
  'server/router.js': `const koaRouter = require('koa-router');
const groupController = require('./controllers/group.js');
const userController = require('./controllers/user.js');
const { createAction } = require('./utils/commons.js');
const router = koaRouter();
let INTERFACE_CONFIG = {
  user: { prefix: '/user/', controller: userController },
  group: { prefix: '/group/', controller: groupController },
};
let routerConfig = {
  group: [
    { action: 'list', path: 'list', method: 'get' },
    { action: 'del', path: 'del', method: 'post' },
    { action: 'addMember', path: 'add_member', method: 'all' },
  ],
  user: [
    { action: 'login', path: 'login', method: 'post' },
    { action: 'remove', path: 'del', method: 'del' },
    { action: 'update', path: 'update', method: 'post' },
  ],
};
for (let ctrl in routerConfig) {
  let actions = routerConfig[ctrl];
  actions.forEach(item => {
    let routerController = INTERFACE_CONFIG[ctrl].controller;
    let routerPath = INTERFACE_CONFIG[ctrl].prefix + item.path;
    createAction(router, '/api', routerController, item.action, routerPath, item.method);
  });
}
module.exports = router;
`,
  'server/utils/commons.js': `exports.createAction = (router, baseurl, routerController, action, path, method, ws) => {
  router[method](baseurl + path, async ctx => {
    let inst = new routerController(ctx);
    try {
      await inst.init(ctx);
      if (inst.$auth === true) {
        await inst[action].call(inst, ctx);
      } else {
        ctx.body = { errcode: 40011, errmsg: 'please log in' };
      }
    } catch (err) {
      ctx.body = { errcode: 400 };
    }
  });
};
`,
  'server/controllers/base.js': `const jwt = require('jsonwebtoken');
class baseController {
  constructor(ctx) { this.ctx = ctx; }
  async init(ctx) {
    let ignoreRouter = ['/api/user/login', '/api/user/reg'];
    if (ignoreRouter.indexOf(ctx.path) > -1) {
      this.$auth = true;
    } else {
      await this.checkLogin(ctx);
    }
  }
  async checkLogin(ctx) {
    const token = ctx.cookies.get('_token');
    try {
      const decoded = jwt.verify(token, 'k');
      this.$uid = decoded.uid;
      this.$auth = true;
    } catch (e) {
      return false;
    }
  }
  getRole() { return this.$user.role; }
}
module.exports = baseController;
`,
  'server/controllers/group.js': `const baseController = require('./base.js');
class groupController extends baseController {
  constructor(ctx) { super(ctx); }
  async list(ctx) {
    ctx.body = await this.model.list();
  }
  async del(ctx) {
    if (this.getRole() !== 'admin') {
      return (ctx.body = { errcode: 401, errmsg: 'no permission' });
    }
    ctx.body = await this.model.del(ctx.params.id);
  }
  async addMember(ctx) {
    ctx.body = await this.model.addMember(ctx.params.id, ctx.params.uid);
  }
}
module.exports = groupController;
`,
  'server/controllers/user.js': `const baseController = require('./base.js');
class userController extends baseController {
  async login(ctx) {
    ctx.body = await this.model.login(ctx.request.body.email, ctx.request.body.password);
  }
  async remove(ctx) {
    try {
      if (this.getRole() !== 'admin') return (ctx.body = { errcode: 402, errmsg: 'Without permission.' });
      ctx.body = await this.model.remove(ctx.params.id);
    } catch (e) {
      ctx.body = { errcode: 400 };
    }
  }
  async update(ctx) {
    if (this.getRole() !== 'admin' && ctx.params.uid != this.getUid()) return (ctx.body = { errcode: 401 });
    ctx.body = await this.model.update(ctx.params);
  }
}
module.exports = userController;
`,
  'server/middleware/mockServer.js': `module.exports = async (ctx, next) => {
  let path = ctx.path;
  if (path.indexOf('/mock/') !== 0) {
    if (next) await next();
    return true;
  }
  let paths = path.split('/');
  path = '/' + paths.slice(3).join('/');
  ctx.set('Access-Control-Allow-Origin', ctx.request.header.origin);
  ctx.body = await mockFor(paths[2], path);
};
`,
  'server/middleware/logger.js': `module.exports = async (ctx, next) => {
  if (ctx.path.indexOf('/api/') !== 0) console.log(ctx.path);
  await next();
};
`,
  // A guard scoped to a prefix answers strangers but passes the others on: no endpoint (app2.js).
  'server/middleware/adminOnly.js': `module.exports = async (ctx, next) => {
  if (ctx.path.indexOf('/admin/') !== 0) return next();
  if (!ctx.state.user) {
    ctx.status = 401;
    ctx.body = 'login first';
    return;
  }
  await next();
};
`,
  'server/app.js': `const Koa = require('koa');
const router = require('./router.js');
const mockServer = require('./middleware/mockServer.js');
const logger = require('./middleware/logger.js');
const websockify = require('koa-websocket');
// koa-websocket hands the app back: it is the app whatever its wrapper.
const app = websockify(new Koa());
app.use(logger);
app.use(mockServer);
app.use(router.routes());
app.use(async (ctx, next) => {
  if (!ctx.path.startsWith('/hooks/')) return next();
  ctx.body = await handleHook(ctx.request.body);
});
app.listen(3000);
`,
};

function model(): EntrypointFact[] {
  return runExtractors([auth, express, extractor], files).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
}

describe('extract/js/koa: route tables', () => {
  it('folds each element of the loops into a route (verb, full path, controller method)', () => {
    const eps = model();
    assert.deepEqual(eps.filter((e) => (e.path ?? '').startsWith('/api/')).map((e) => `${e.method} ${e.path}`).sort(), ['ALL /api/group/add_member', 'DELETE /api/user/del', 'GET /api/group/list', 'POST /api/group/del', 'POST /api/user/login', 'POST /api/user/update']);
    const list = eps.find((e) => e.path === '/api/group/list');
    assert.equal(list?.handler?.file, 'server/controllers/group.js');
    assert.equal(list?.handler?.line, 4);
  });
});

describe('extract/js/koa: controllers dispatched behind an init() login flag', () => {
  it('is user by default, none for the allow-listed paths of the base class, admin when the action first refuses non-admins', () => {
    const auth = Object.fromEntries(model().filter((e) => (e.path ?? '').startsWith('/api/')).map((e) => [`${e.method} ${e.path}`, e.auth]));
    assert.deepEqual(auth, {
      'GET /api/group/list': 'user',
      'POST /api/group/del': 'admin',
      'ALL /api/group/add_member': 'user',
      'POST /api/user/login': 'none',
      'DELETE /api/user/del': 'admin',
      'POST /api/user/update': 'user',
    });
  });
});

describe('extract/js/koa: path-prefix dispatcher middleware', () => {
  it('a middleware that passes on every path but its own prefix and answers that one is an ALL <prefix>* endpoint', () => {
    const eps = model().filter((e) => !(e.path ?? '').startsWith('/api/'));
    assert.deepEqual(eps.map((e) => `${e.method} ${e.path} ${e.auth}`).sort(), ['ALL /hooks/* none', 'ALL /mock/* none']);
    assert.equal(eps.find((e) => e.path === '/mock/*')?.handler?.file, 'server/middleware/mockServer.js');
  });

  it('a guard scoped to a prefix that passes its own requests on is no endpoint', () => {
    const app2 = { 'server/middleware/adminOnly.js': files['server/middleware/adminOnly.js'], 'server/app2.js': `const Koa = require('koa');
const adminOnly = require('./middleware/adminOnly.js');
const app = new Koa();
app.use(adminOnly);
app.use(async (ctx, next) => {
  if (!ctx.path.startsWith('/admin/')) return next();
  if (!ctx.state.user) return (ctx.status = 401);
  await next();
});
app.listen(3000);
` };
    const eps = runExtractors([auth, express, extractor], app2).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(eps.map((e) => `${e.method} ${e.path}`), []);
  });
});

describe('route tables registered directly', () => {
  it('express: router[r.method](r.path, r.handler) over a literal array is one route per element', () => {
    const eps = runExtractors([auth, express], {
      'src/routes.js': `const express = require('express');
const users = require('./controllers/users');
const requireAdmin = require('./middleware/requireAdmin');
const router = express.Router();
const routes = [
  { method: 'get', path: '/users', handler: users.list },
  { method: 'delete', path: '/users/:id', handler: users.remove },
];
routes.forEach((r) => {
  router[r.method]('/api' + r.path, r.handler);
});
module.exports = router;
`,
    }).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(eps.map((e) => `${e.method} ${e.path}`).sort(), ['DELETE /api/users/:id', 'GET /api/users']);
  });
});
