import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

describe('extract/js/rest-crud', () => {
  it('expands express-restify-mongoose and json-server', () => {
    const { facts } = runExtractor(extractor, {
      'erm.js': `const restify = require('express-restify-mongoose');
restify.serve(router, Customer, { prefix: '/rest', version: '/v2', preMiddleware: requireAuth });
function requireAuth(req, res, next) { if (!req.user) return res.sendStatus(401); next(); }
`,
      'mock.js': `const jsonServer = require('json-server');
const server = jsonServer.create();
const router = jsonServer.router('db.json');
server.use(jsonServer.defaults());
server.use('/api', router);
`,
    });
    const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const erm = eps.filter((e) => e.framework === 'express-restify-mongoose');
    assert.equal(erm.length, 7);
    assert.ok(erm.every((e) => e.auth === 'user' && e.path?.startsWith('/rest/v2/Customer')));
    const js = eps.filter((e) => e.framework === 'json-server').map((e) => `${e.method} ${e.path}`);
    assert.deepEqual(js, ['GET /api/:resource', 'POST /api/:resource', 'GET /api/:resource/:id', 'PUT /api/:resource/:id', 'PATCH /api/:resource/:id', 'DELETE /api/:resource/:id']);
  });
});
