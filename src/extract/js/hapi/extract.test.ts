import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact, EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractor, runExtractors } from '../../testing.js';
import { extractor as authExtractor } from '../auth/index.js';
import { extractor as fastifyExtractor } from '../fastify/index.js';
import { extractor } from './index.js';

const auths = (facts: Fact[]) => Object.fromEntries(facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint').map((e) => [`${e.method} ${e.path}`, e.auth]));
const bodyChecks = (facts: Fact[]) =>
  Object.fromEntries(facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === 'body-validation').map((f) => [`${f.values.routeMethod} ${f.values.routePath}`, `${f.values.fields}${f.values.unknownAllowed ? ' +unknown' : ''}`]));

const HELPERS = `import Boom from '@hapi/boom'
export async function isRequestedUserOrAdmin(request, h) {
  const { userId, isAdmin } = request.auth.credentials
  if (isAdmin) return h.continue
  if (parseInt(request.params.userId, 10) === userId) return h.continue
  throw Boom.forbidden()
}
export async function isAdmin(request, h) {
  if (request.auth.credentials.isAdmin) return h.continue
  throw Boom.forbidden()
}
export async function loadUser(request, h) {
  return request.server.app.prisma.user.findUnique({ where: { id: 1 } })
}
`;

describe('extract/js/hapi', () => {
  it('reads route auth options and the default strategy', () => {
    const { facts } = runExtractor(extractor, {
      'server.js': `const Hapi = require('@hapi/hapi');
const server = Hapi.server({ port: 3000 });
server.auth.strategy('jwt', 'jwt', { key: process.env.KEY, validate });
server.auth.default('jwt');
server.route([
  { method: 'GET', path: '/health', options: { auth: false }, handler: () => 'ok' },
  { method: 'GET', path: '/users/{id}', handler: (request, h) => ({}) },
  { method: 'DELETE', path: '/users/{id}', options: { auth: { strategy: 'jwt', scope: ['admin'] }, handler: (request, h) => ({}) } },
  { method: 'PUT', path: '/users/me', options: { auth: { scope: ['admin', 'customer'] }, handler: (request, h) => ({}) } },
  { method: 'PUT', path: '/users/{id}/role', options: { auth: { scope: ['+admin', 'customer'] }, handler: (request, h) => ({}) } },
]);
`,
      'routes/items.js': `module.exports = [{ method: 'POST', path: '/items', config: { auth: 'session' }, handler: (request) => request.payload }];`,
    });
    const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, e.auth])), { 'GET /health': 'none', 'GET /users/:id': 'user', 'DELETE /users/:id': 'admin', 'PUT /users/me': 'user', 'PUT /users/:id/role': 'admin', 'POST /items': 'user' });
  });

  it('turns pre methods into middleware: admin-only pres give admin, owner-or-admin pres give user', () => {
    const { facts } = runExtractors([authExtractor, extractor], {
      'src/auth-helpers.js': HELPERS,
      'src/plugins/users.js': `import Hapi from '@hapi/hapi'
import { isAdmin, isRequestedUserOrAdmin, loadUser } from '../auth-helpers'
const ownerCheck = [{ method: isRequestedUserOrAdmin, assign: 'owner' }]
async function isSelf(request, h) {
  if (request.auth.credentials.isAdmin || request.params.id === request.auth.credentials.userId) return h.continue
  throw Boom.forbidden()
}
export const plugin = { name: 'users', register: async (server) => {
  server.route([
    { method: 'GET', path: '/users', handler: list, options: { pre: [isAdmin], auth: 'jwt' } },
    { method: 'GET', path: '/users/{userId}', handler: get, options: { pre: ownerCheck, auth: 'jwt' } },
    { method: 'PUT', path: '/users/{userId}', handler: get, options: { pre: [[loadUser, isRequestedUserOrAdmin]], auth: 'jwt' } },
    { method: 'DELETE', path: '/users/{userId}', handler: get, options: { pre: [loadUser, isAdmin], auth: 'jwt' } },
    { method: 'GET', path: '/self/{id}', handler: get, options: { pre: [isSelf], auth: 'jwt' } },
    { method: 'GET', path: '/inline', handler: get, options: { pre: [(request, h) => { if (!request.auth.credentials.isAdmin) throw Boom.forbidden(); return h.continue }], auth: 'jwt' } },
  ])
} }
async function list(request) { return request.server.app.prisma.user.findMany() }
async function get(request) { return request.server.app.prisma.user.findUnique({ where: { id: request.params.userId } }) }
`,
    });
    assert.deepEqual(auths(facts), {
      'GET /users': 'admin',
      'GET /users/:userId': 'user',
      'PUT /users/:userId': 'user',
      'DELETE /users/:userId': 'admin',
      'GET /self/:id': 'user',
      'GET /inline': 'admin',
    });
    const get = facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.method === 'GET' && f.path === '/users/:userId');
    assert.deepEqual(get?.middleware.slice(-1), ['isRequestedUserOrAdmin']);
    // Record accesses by the checked parameter are owner-checked; internal facts are gone.
    const accesses = facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === 'record-access').map((f) => `${f.values.routeMethod} ${f.values.routePath}`);
    assert.ok(!accesses.includes('GET /users/:userId') && !accesses.includes('PUT /users/:userId'), accesses.join());
    assert.ok(!facts.some((f) => f.kind === 'config' && f.setting.startsWith('hapi-')));
  });

  it('reports Joi payload schemas as body allow-lists, open schemas as allowing unknown keys', () => {
    const { facts } = runExtractor(extractor, {
      'server.js': `const Hapi = require('@hapi/hapi');
const Joi = require('joi');
const base = Joi.object({ name: Joi.string().alter({ update: (s) => s.optional() }), date: Joi.date() });
const update = base.tailor('update');
server.route([
  { method: 'PUT', path: '/a', handler: (request) => request.payload, options: { validate: { payload: update } } },
  { method: 'PUT', path: '/b', handler: (request) => request.payload, options: { validate: { payload: base.unknown() } } },
  { method: 'PUT', path: '/c', handler: (request) => request.payload, options: { validate: { payload: { title: Joi.string() } } } },
  { method: 'PUT', path: '/d', handler: (request) => request.payload, options: { validate: { payload: Joi.object() } } },
  { method: 'PUT', path: '/e', handler: (request) => request.payload, options: { validate: { payload: Joi.object().keys({ x: Joi.string() }), options: { allowUnknown: true } } } },
  { method: 'PUT', path: '/f', handler: (request) => request.payload, options: { validate: { payload: Joi.object({ x: Joi.string() }).options({ stripUnknown: true }) } } },
  { method: 'PUT', path: '/g', handler: (request) => request.payload },
]);
`,
    });
    assert.deepEqual(bodyChecks(facts), { 'PUT /a': 'name,date', 'PUT /b': 'name,date +unknown', 'PUT /c': 'title', 'PUT /d': ' +unknown', 'PUT /e': 'x +unknown', 'PUT /f': 'x' });
  });
  it('leaves hapi plugins that import neither hapi nor fastify to hapi (reply-style handlers)', () => {
    const { facts } = runExtractors([fastifyExtractor, extractor], {
      'lib/items-plugin.js': `const Boom = require('boom');
exports.register = function (server, options, next) {
  server.route({ method: 'GET', path: '/things', config: { auth: { strategy: 'cookie', scope: 'member' } }, handler: function (request, reply) { reply([]); } });
  server.route({ method: 'POST', path: '/things', config: { auth: { strategy: 'cookie', scope: 'admin' } }, handler: function (request, reply) { reply(Boom.notImplemented()); } });
  server.route({ method: 'DELETE', path: '/things/{thingId}', handler: function (request, reply) { reply(); } });
  server.route({ method: 'GET', path: '/', handler: function (request, reply) { reply({ up: true }); } });
  next();
};
exports.register.attributes = { name: 'things' };
`,
      'lib/pages-plugin.js': `const React = require('react');
const render = function (request, reply) { reply(React.createElement('div')); };
const routes = [{ method: 'GET', path: '/about', element: 'About', handler: 'x' }];
exports.register = function (server, options, next) {
  server.route({ method: 'GET', path: '/{page*}', handler: render });
  next();
};
`,
    });
    const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(eps.map((e) => `${e.framework} ${e.method} ${e.path} ${e.auth}`).sort(), ['hapi DELETE /things/:thingId none', 'hapi GET / none', 'hapi GET /*page none', 'hapi GET /things user', 'hapi POST /things admin']);
  });
});

