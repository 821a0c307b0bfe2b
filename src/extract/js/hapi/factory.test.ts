// Hapi routes declared as data: descriptor objects (`url` instead of `path`) passed through a
// project-local factory that renames keys and turns auth on by default, spread across modules and
// registered with `routes.map((r) => server.route(r))`; auth schemes wired with
// `server.auth.scheme` + `server.auth.strategy` (factory.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as expressExtractor } from '../express/index.js';
import { extractor } from './index.js';

const eps = (facts: Fact[]) => facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
const auths = (facts: Fact[]) => Object.fromEntries(eps(facts).map((e) => [`${e.method} ${e.path}`, e.auth]));

const FACTORY = `const R = require('ramda');
const createDefaultConfig = (stategy, prefetch) => ({ auth: stategy });
const createRoute = ({ method, url, handler, validator, auth = true, strategy = 'jwt', permissions = null }) => {
  const route = { method, path: url, handler, config: { app: { permissions }, validate: validator || {} } };
  if (auth) route.config = R.merge(route.config, createDefaultConfig(strategy));
  return route;
};
exports.createRoutes = (routeObjects) => routeObjects.map(createRoute);
exports.createRoute = createRoute;
`;

const JWT_SCHEME = `const tokenUtil = require('../utils/token');
module.exports = () => ({
  async authenticate(request, reply) {
    const token = request.raw.req.headers['x-api-token'];
    const permissions = request.route.settings.app.permissions;
    const { sub } = tokenUtil.decode(token);
    if (permissions && !(await hasRole(sub, permissions))) return reply(new Error('403'));
    return reply.continue({ credentials: { id: sub } });
  },
});
`;

const TOKEN_SCHEME = `const { Integration } = require('../dao');
module.exports = () => ({
  authenticate: async (request, reply) => {
    const token = request.raw.req.headers['x-api-token'];
    if (!token) throw new Error('401');
    const integration = await Integration.findOne({ where: { token } });
    if (!integration) throw new Error('422');
    return reply.continue({ credentials: { id: integration.id } });
  },
});
`;

const SERVER = `const Hapi = require('hapi');
const routes = require('./create-routes');
const jwtScheme = require('./middleware/jwt');
const tokenScheme = require('./middleware/token');
const createServer = () => {
  const server = new Hapi.Server();
  server.auth.scheme('jwt', jwtScheme);
  server.auth.strategy('jwt', 'jwt');
  server.auth.scheme('integration', tokenScheme);
  server.auth.strategy('integration', 'integration');
  routes.map((route) => server.route(route));
  return server;
};
module.exports = createServer;
`;

const APP = {
  'src/shared/create-routes.js': FACTORY,
  'src/middleware/jwt.js': JWT_SCHEME,
  'src/middleware/token.js': TOKEN_SCHEME,
  'src/server.js': SERVER,
  'src/create-routes.js': `const authRoutes = require('./modules/auth/create-routes');
const itemRoutes = require('./modules/items/create-routes');
module.exports = [...authRoutes, ...itemRoutes];
`,
  'src/modules/auth/create-routes.js': `const { createRoutes } = require('../../shared/create-routes');
const routes = [{
  method: 'POST',
  url: '/v2/authenticate',
  handler: require('./handlers/authenticate'),
  auth: false,
}];
module.exports = createRoutes(routes);
`,
  'src/modules/auth/handlers/authenticate.js': `module.exports = async (req, reply) => {
  return reply({ token: await login(req.payload) });
};
`,
  'src/modules/items/create-routes.js': `const R = require('ramda');
const { createRoutes } = require('../../shared/create-routes');
const { Roles } = require('../definitions');
const baseUrl = '/v2/networks/{networkId}';
const handlers = './handlers';
const routes = [{
  method: 'GET',
  url: \`\${baseUrl}/items\`,
  handler: require(\`\${handlers}/list\`),
  permissions: Roles.NETWORK_USER,
}, {
  method: 'DELETE',
  url: \`\${baseUrl}/items/{itemId}\`,
  handler: require(\`\${handlers}/list\`),
  permissions: Roles.NETWORK_ADMIN,
}, {
  method: 'GET',
  url: \`\${baseUrl}/sync\`,
  handler: require(\`\${handlers}/list\`),
  strategy: 'integration',
}];
const more = [{ method: 'GET', url: '/v2/items/mine', handler: require('./handlers/list') }];
const withDefaults = (route) => R.merge(route, { prefetch: false });
module.exports = createRoutes([...routes, ...more].map(withDefaults));
`,
  'src/modules/items/handlers/list.js': `const service = require('../service');

module.exports = async (req, reply) => {
  return reply(await service.list(req.params.networkId));
};
`,
};

describe('extract/js/hapi route factories and auth schemes', () => {
  it('reads descriptors through a local factory: url key, auth on by default, auth: false, admin permissions, token strategy', () => {
    const { facts } = runExtractors([expressExtractor, extractor], APP);
    assert.deepEqual(auths(facts), {
      'POST /v2/authenticate': 'none',
      'GET /v2/networks/:networkId/items': 'user',
      'DELETE /v2/networks/:networkId/items/:itemId': 'admin',
      'GET /v2/networks/:networkId/sync': 'user',
      'GET /v2/items/mine': 'user',
    });
    const byKey = Object.fromEntries(eps(facts).map((e) => [`${e.method} ${e.path}`, e]));
    // The handler is the required module's default export.
    assert.deepEqual(byKey['GET /v2/items/mine'].handler, { file: 'src/modules/items/handlers/list.js', line: 3, name: 'list' });
    assert.deepEqual(byKey['GET /v2/networks/:networkId/items'].middleware, ['auth: jwt']);
    assert.ok(byKey['POST /v2/authenticate'].tags?.includes('declared-public'));
    // A scheme that looks a header token up in a table: a machine credential, not a person.
    assert.ok(byKey['GET /v2/networks/:networkId/sync'].tags?.includes('machine-credential'));
    assert.ok(!byKey['GET /v2/items/mine'].tags?.includes('machine-credential'));
    assert.ok(!facts.some((f) => f.kind === 'config' && f.setting.startsWith('hapi-')), 'internal facts are removed');
  });

  it('keeps admin-named permissions at user when no auth scheme checks them', () => {
    const { facts } = runExtractors([expressExtractor, extractor], { ...APP, 'src/middleware/jwt.js': JWT_SCHEME.replace('request.route.settings.app.permissions', 'null') });
    assert.equal(auths(facts)['DELETE /v2/networks/:networkId/items/:itemId'], 'user');
  });

  it('does not take url-keyed objects for routes where no hapi server registers routes from data', () => {
    const { facts } = runExtractors([expressExtractor, extractor], {
      'src/api/mock.js': `export const mocks = [{ method: 'GET', url: '/api/user', handler: () => ({ name: 'x' }) }];`,
      'src/api/client.js': `export const load = () => request({ method: 'GET', url: '/api/user' });`,
    });
    assert.deepEqual(auths(facts), {});
  });

  it('registers descriptors with forEach and reads route-level app permissions and strategies', () => {
    const { facts } = runExtractors([expressExtractor, extractor], {
      'src/middleware/jwt.js': JWT_SCHEME,
      'src/middleware/token.js': TOKEN_SCHEME,
      'src/server.js': `const Hapi = require('@hapi/hapi');
const jwt = require('./middleware/jwt');
const token = require('./middleware/token');
const server = Hapi.server();
server.auth.scheme('bearer', jwt);
server.auth.strategy('session', 'bearer');
server.auth.scheme('api-token', token);
server.auth.strategy('partner', 'api-token');
const routes = [
  { method: 'GET', path: '/admin/stats', options: { auth: 'session', app: { permissions: ['ORG_ADMIN'] }, handler: (request) => stats() } },
  { method: 'GET', path: '/me', options: { auth: 'session', app: { permissions: ['ORG_USER'] }, handler: (request) => me() } },
  { method: 'POST', path: '/partner/import', options: { auth: { strategy: 'partner' }, handler: (request) => importAll(request.payload) } },
];
routes.forEach((r) => server.route(r));
`,
      'src/partner.js': `const Hapi = require('@hapi/hapi');
const token = require('./middleware/token');
const api = Hapi.server();
api.auth.scheme('api-token', token);
api.auth.strategy('feed', 'api-token');
api.auth.default('feed');
api.route({ method: 'GET', path: '/feed/export', handler: (request) => exportAll() });
`,
    });
    assert.deepEqual(auths(facts), { 'GET /admin/stats': 'admin', 'GET /me': 'user', 'POST /partner/import': 'user', 'GET /feed/export': 'user' });
    const machine = eps(facts).filter((e) => e.tags?.includes('machine-credential')).map((e) => e.path);
    assert.deepEqual(machine.sort(), ['/feed/export', '/partner/import']);
  });

  it('puts the routes of a plugin registered with routes.prefix under that prefix', () => {
    const { facts } = runExtractors([expressExtractor, extractor], {
      'src/server.js': `import Hapi from '@hapi/hapi'
import * as Users from './plugins/users'
const server = Hapi.server()
await server.register([{ plugin: Users, routes: { prefix: '/api/v1' } }])
await server.register(require('./plugins/health'), { routes: { prefix: '/status' } })
`,
      'src/plugins/users.js': `export const plugin = { name: 'users', register: async (server) => {
  server.route([{ method: 'GET', path: '/users/{id}', options: { auth: 'jwt' }, handler: (request) => find(request.params.id) }])
} }
`,
      'src/plugins/health.js': `exports.plugin = { name: 'health', register: (server) => server.route({ method: 'GET', path: '/', options: { auth: false }, handler: () => 'ok' }) }
`,
    });
    assert.deepEqual(auths(facts), { 'GET /api/v1/users/:id': 'user', 'GET /status': 'none' });
  });
});
