import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

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
]);
`,
      'routes/items.js': `module.exports = [{ method: 'POST', path: '/items', config: { auth: 'session' }, handler: (request) => request.payload }];`,
    });
    const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, e.auth])), { 'GET /health': 'none', 'GET /users/:id': 'user', 'DELETE /users/:id': 'admin', 'POST /items': 'user' });
  });
});
