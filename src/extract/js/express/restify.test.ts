// Restify servers route the Express way (`server.get`, `server.del`, `server.use`), with two
// differences read here: a route may name its path in an options object (`{ path, name }`), and
// restify-router routers are attached with `router.applyRoutes(server, prefix)`. restify-jwt (an
// express-jwt fork) guards what follows it; `restify.plugins.throttle` is a rate limit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

const FILES = {
  'src/server.js': `const restify = require('restify');
const rjwt = require('restify-jwt-community');
const { Router } = require('restify-router');
const notes = require('./routes/notes');
const server = restify.createServer({ name: 'notes' });
server.use(restify.plugins.bodyParser());
server.get('/health', (req, res, next) => { res.send({ ok: true }); return next(); });
server.post({ path: '/login', name: 'login' }, restify.plugins.throttle({ burst: 5, rate: 1, ip: true }), (req, res, next) => { res.send(200); return next(); });
server.use(rjwt({ secret: process.env.JWT_SECRET }).unless({ path: ['/health', '/login'] }));
server.del('/sessions/:id', (req, res, next) => { res.send(204); return next(); });
const admin = new Router();
admin.get('/users', (req, res, next) => {
  if (!req.user || req.user.role !== 'admin') { res.send(403); return next(false); }
  res.send([]);
  return next();
});
admin.applyRoutes(server, '/admin');
notes.applyRoutes(server, '/api/notes');
server.listen(8080);
`,
  'src/routes/notes.js': `const { Router } = require('restify-router');
const router = new Router();
router.get('/', (req, res, next) => { res.send([]); return next(); });
router.post({ path: '/:id/share', version: '1.0.0' }, (req, res, next) => { res.send(201); return next(); });
module.exports = router;
`,
};

function routes(): Map<string, EntrypointFact> {
  const all = runExtractors([auth, extractor], FILES).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  return new Map(all.map((r) => [`${r.method} ${r.path}`, r]));
}

describe('extract/js/express: restify servers and restify-router routers', () => {
  it('finds the server’s routes, including a path given as an option and `del`', () => {
    const all = routes();
    assert.deepEqual([...all.keys()].sort(), ['DELETE /sessions/:id', 'GET /admin/users', 'GET /api/notes', 'GET /health', 'POST /api/notes/:id/share', 'POST /login']);
  });

  it('mounts restify-router routers at the applyRoutes prefix, local and imported', () => {
    const all = routes();
    assert.ok(!all.get('GET /api/notes')?.tags?.includes('mount-unresolved'));
    assert.equal(all.get('GET /admin/users')?.auth, 'admin');
  });

  it('takes restify-jwt for authentication except on the paths it lets through', () => {
    const all = routes();
    assert.equal(all.get('GET /health')?.auth, 'none');
    assert.equal(all.get('POST /login')?.auth, 'none');
    assert.equal(all.get('DELETE /sessions/:id')?.auth, 'user');
    assert.equal(all.get('POST /api/notes/:id/share')?.auth, 'user');
  });

  it('reads restify’s throttle plugin as a rate limit', () => {
    const login = routes().get('POST /login');
    assert.ok(login?.middleware?.some((m) => /throttle/.test(m)), login?.middleware?.join(', '));
    assert.ok(login?.tags?.includes('rate-limited'), JSON.stringify(login?.tags));
  });
});
