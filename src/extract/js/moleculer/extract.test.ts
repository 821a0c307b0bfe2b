// Moleculer services reached through moleculer-web gateway routes as entry points.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor } from './index.js';

const APP = join(import.meta.dirname, 'fixtures', 'app');

function fixture(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(join(APP, 'services'))) files[`services/${name}`] = readFileSync(join(APP, 'services', name), 'utf8');
  return files;
}

function entries(facts: Fact[]): EntrypointFact[] {
  return facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
}

function lines(eps: EntrypointFact[]): string[] {
  return eps.map((e) => `${e.method} ${e.path} ${e.auth}`).sort();
}

describe('extract/js/moleculer', () => {
  it('emits one entry point per gateway alias, REST alias, autoAlias and direct call', () => {
    const eps = entries(runExtractors([extractor], fixture()).facts);
    assert.deepEqual(lines(eps), [
      // The route's authenticate() refuses requests without a token; the handler checks the admin role.
      'DELETE /gw/admin/manage/cache user',
      // `REST /notes` over moleculer-db's CRUD actions (`remove: false` switched one off).
      'GET /gw/api/notes none',
      'GET /gw/api/notes/:id none',
      'GET /gw/api/notes/by-tag/:tag none',
      // authorize() refuses actions declaring `auth: 'required'` when no user signed in.
      'GET /gw/api/notes/search user',
      'GET /gw/api/ping none',
      'GET /gw/admin/manage/users admin',
      // mappingPolicy 'all' (default): whitelisted actions answer at /<route>/<service>/<action>.
      'ALL /gw/rpc/status/ping none',
      'POST /gw/admin/manage/cache/wipe user',
      'POST /gw/api/hooks/incoming none',
      'POST /gw/api/notes user',
      'PUT /gw/api/notes/:id none',
    ].sort());
    // The handler is the action's function in its service file; `visibility: 'public'` and actions no route reaches are internal.
    const search = eps.find((e) => e.path === '/gw/api/notes/search');
    assert.deepEqual(search?.handler, { file: 'services/notes.service.js', line: 20, name: 'notes.search' });
    assert.equal(search?.framework, 'moleculer');
    assert.ok(!eps.some((e) => /internalStats|mailer|send/.test(e.path ?? '')));
    assert.ok(eps.find((e) => e.path === '/gw/api/hooks/incoming')?.handler?.file === 'services/api.service.js');
  });

  it('reads permissions a broker middleware enforces, @moleculer/database CRUD shapes and hidden mixin actions', () => {
    const files = {
      'middlewares/permissions.js': `module.exports = {
  name: 'Permissions',
  localAction(handler, action) {
    if (!action.permissions) return handler;
    return async (ctx) => {
      if (!ctx.meta.userID) throw new MoleculerClientError('No rights', 401, 'ERR_HAS_NO_ACCESS');
      return handler(ctx);
    };
  },
};`,
      'mixins/db.mixin.js': `const DbService = require('@moleculer/database').Service;
module.exports = (opts) => ({ mixins: [DbService(opts)] });`,
      'services/api.service.js': `const ApiGateway = require('moleculer-web');
module.exports = {
  name: 'api',
  mixins: [ApiGateway],
  settings: { routes: [{ path: '/api', authentication: true, autoAliases: true, mappingPolicy: 'restrict', whitelist: ['v1.**'] }] },
  methods: {
    async authenticate(ctx, route, req) {
      const auth = req.headers.authorization;
      if (!auth) {
        // return Promise.reject(new UnAuthorizedError());
        return null;
      }
      const user = await ctx.call('v1.accounts.resolveToken', { token: auth.slice(7) });
      if (!user) throw new UnAuthorizedError(ERR_INVALID_TOKEN);
      return user;
    },
  },
};`,
      'services/boards.service.js': `const DbService = require('../mixins/db.mixin');
module.exports = {
  name: 'boards',
  version: 1,
  mixins: [DbService({ collection: 'boards' })],
  settings: { rest: true },
  actions: {
    create: { permissions: ['authenticated'] },
    list: { permissions: [] },
    replace: false,
    purge: { rest: 'POST /purge', permissions: [C.ROLE_ADMINISTRATOR], handler(ctx) { return ctx.params.id; } },
  },
};`,
      'services/accounts.service.js': `const DbService = require('../mixins/db.mixin');
module.exports = {
  name: 'accounts',
  version: 1,
  mixins: [DbService({ actionVisibility: 'public' })],
  settings: { rest: '/users' },
  actions: { login: { rest: 'POST /login', handler(ctx) { return ctx.params.email; } } },
};`,
    };
    const eps = entries(runExtractors([extractor], files).facts);
    assert.deepEqual(lines(eps), [
      'DELETE /api/v1/boards/:id none',
      'GET /api/v1/boards none',
      'GET /api/v1/boards/:id none',
      'GET /api/v1/boards/all none',
      'GET /api/v1/boards/count none',
      'PATCH /api/v1/boards/:id none',
      'POST /api/users/login none',
      'POST /api/v1/boards user',
      // The middleware only checks for a caller, whatever role the action names.
      'POST /api/v1/boards/purge user',
    ].sort());
  });

  it('judges each permission shape by what the broker middleware enforces for it', () => {
    const services = {
      'services/api.service.js': `const ApiGateway = require('moleculer-web');
module.exports = { name: 'api', mixins: [ApiGateway], settings: { routes: [{ path: '/api', autoAliases: true, mappingPolicy: 'restrict' }] } };`,
      'services/boards.service.js': `module.exports = {
  name: 'boards',
  settings: { rest: '/boards' },
  actions: {
    mine: { rest: 'GET /mine', permissions: [C.ROLE_AUTHENTICATED], handler() {} },
    members: { rest: 'GET /:id/members', permissions: [C.ROLE_BOARD_MEMBER], handler() {} },
    purge: { rest: 'POST /purge', permissions: [C.ROLE_ADMINISTRATOR], handler() {} },
    custom: { rest: 'POST /custom', permissions: [(ctx) => ctx.params.ok], handler() {} },
    open: { rest: 'GET /', permissions: [], handler() {} },
  },
};`,
    };
    // Role names fall through to a list nothing reads: only the named cases refuse.
    const lenient = `module.exports = {
  localAction(handler, action) {
    if (action.permissions) {
      const permNames = [];
      const permFuncs = [];
      action.permissions.forEach(p => {
        if (_.isFunction(p)) return permFuncs.push(p);
        if (_.isString(p)) {
          if (p == C.ROLE_AUTHENTICATED) return permFuncs.push(async ctx => !!ctx.meta.userID);
          if (p == C.ROLE_BOARD_MEMBER) return permFuncs.push(async ctx => ctx.service.isBoardMember(ctx));
          permNames.push(p);
        }
      });
      return async function (ctx) {
        let res = false;
        if (ctx.meta.roles && ctx.meta.roles.includes(C.ROLE_ADMINISTRATOR)) res = true;
        if (permFuncs.length == 0) res = true;
        if (res !== true) {
          const results = await Promise.all(permFuncs.map(fn => fn(ctx)));
          res = results.some(r => !!r);
          if (res !== true) throw new MoleculerClientError('No right', 401, 'ERR_HAS_NO_ACCESS');
        }
        return handler(ctx);
      };
    }
    return handler;
  }
};`;
    const lenientEps = entries(runExtractors([extractor], { ...services, 'middlewares/check-permissions.middleware.js': lenient }).facts);
    assert.deepEqual(lines(lenientEps), ['GET /api/boards none', 'GET /api/boards/:id/members user', 'GET /api/boards/mine user', 'POST /api/boards/custom unknown', 'POST /api/boards/purge none'].sort());
    // The same list compared with the caller's roles: the administrator role is enforced.
    const strict = lenient.replace('if (permFuncs.length == 0) res = true;', 'if (permNames.some(n => ctx.meta.roles && ctx.meta.roles.includes(n))) res = true;');
    const strictEps = entries(runExtractors([extractor], { ...services, 'middlewares/check-permissions.middleware.js': strict }).facts);
    assert.equal(strictEps.find((e) => e.path === '/api/boards/purge')?.auth, 'admin');
  });

  it('reads moleculer-decorators classes', () => {
    const files = {
      'src/services/api.service.ts': `import ApiGateway from 'moleculer-web';
import { Service } from 'moleculer-decorators';
@Service({ name: 'api', mixins: [ApiGateway], settings: { routes: [{ path: '/api', autoAliases: true, mappingPolicy: 'restrict' }] } })
export default class Api extends MoleculerService {}`,
      'src/services/greeter.service.ts': `import { Service, Action } from 'moleculer-decorators';
import { Context, Errors, Service as MoleculerService } from 'moleculer';
@Service({ name: 'greeter', version: 1, settings: { rest: '/hello' } })
export default class Greeter extends MoleculerService {
  @Action({ rest: 'GET /:name' })
  hello(ctx: Context<{ name: string }>) {
    return \`Hello \${ctx.params.name}\`;
  }
  @Action({ rest: 'DELETE /:name' })
  async forget(ctx: Context<{ name: string }, { user?: { id: string } }>) {
    if (!ctx.meta.user) throw new Errors.MoleculerClientError('Unauthorized', 401);
    return ctx.params.name;
  }
  @Action()
  internal() {
    return 1;
  }
}`,
    };
    const eps = entries(runExtractors([extractor], files).facts);
    assert.deepEqual(lines(eps), ['DELETE /api/hello/:name user', 'GET /api/hello/:name none']);
    assert.equal(eps.find((e) => e.method === 'GET')?.handler?.line, 6);
  });

  it('gives a gateway without routes the default route calling every published action', () => {
    const files = {
      'gateway.js': `const { ServiceBroker } = require('moleculer');
const ApiService = require('moleculer-web');
const broker = new ServiceBroker();
broker.createService({ name: 'gw', mixins: [ApiService] });
broker.createService({ name: 'math', actions: { add(ctx) { return Number(ctx.params.a) + Number(ctx.params.b); }, secret: { visibility: 'protected', handler() { return 1; } } } });`,
    };
    assert.deepEqual(lines(entries(runExtractors([extractor], files).facts)), ['ALL /math/add none']);
  });

  it('ignores files that only look like schemas when no gateway reaches them', () => {
    const files = { 'store/notes.js': `export default { name: 'notes', state: {}, actions: { load(ctx) { return ctx.params; } } };` };
    assert.equal(entries(runExtractors([extractor], files).facts).length, 0);
  });
});
