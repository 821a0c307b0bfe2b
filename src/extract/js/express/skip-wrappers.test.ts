// A guard handed to a wrapper method of another file's class that returns a middleware calling it
// on every request except those a test lets through: `router.use('/api',
// this.gate.unlessPublic(this.requireUser.bind(this)), api)` where `unlessPublic(mw)` returns
// `(req, res, next) => { if (this.isPublic(req)) return next(); mw(req, res, next) }`. The wrapped
// guard applies, with the tested requests exempted (only for the method the test names).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

const FILES = {
  'src/Gate.js': `const passport = require('passport');
class Gate {
  constructor() {
    this.openPatterns = [/^\\/api\\/books\\/[^/]+\\/thumbnail$/, /^\\/api\\/ping$/];
  }
  isPublic(req) {
    return req.method === 'GET' && this.openPatterns.some((re) => re.test(req.path));
  }
  unlessPublic(middleware) {
    return (req, res, next) => {
      if (this.isPublic(req)) {
        return next();
      }
      middleware(req, res, next);
    };
  }
  whenConfigured(middleware) {
    return (req, res, next) => (this.settings.open ? next() : middleware(req, res, next));
  }
  requireJwt(req, res, next) {
    return passport.authenticate('jwt', { session: false })(req, res, next);
  }
}
module.exports = Gate;
`,
  'src/Server.js': `const express = require('express');
const Gate = require('./Gate');
class Server {
  constructor() {
    this.gate = new Gate();
  }
  requireUser(req, res, next) {
    this.gate.requireJwt(req, res, next);
  }
  start() {
    const app = express();
    const api = express.Router();
    api.get('/books/:id/thumbnail', (req, res) => res.sendFile('x.png'));
    api.post('/books/:id/thumbnail', (req, res) => res.sendStatus(201));
    api.get('/books', (req, res) => res.json([]));
    api.get('/ping', (req, res) => res.send('pong'));
    const legacy = express.Router();
    legacy.get('/stats', (req, res) => res.json({}));
    app.use('/api', this.gate.unlessPublic(this.requireUser.bind(this)), api);
    app.use('/legacy', this.gate.whenConfigured(this.requireUser.bind(this)), legacy);
    app.listen(3000);
  }
}
module.exports = Server;
`,
};

describe('extract/js/express skip wrappers', () => {
  it('applies the wrapped guard except on the requests the wrapper lets through', () => {
    const eps = runExtractors([auth, extractor], FILES).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint' && f.protocol === 'http');
    const table = eps.map((e) => `${e.method} ${e.path} ${e.auth}`).sort();
    assert.deepEqual(table, [
      'GET /api/books user',
      'GET /api/books/:id/thumbnail none',
      'GET /api/ping none',
      // A switch that is no request test: the guard may or may not run.
      'GET /legacy/stats unknown',
      'POST /api/books/:id/thumbnail user',
    ]);
  });

  it('reads a same-file wrapper function and keeps a path-only exemption for every method', () => {
    const eps = runExtractors([auth, extractor], {
      'app.js': `const express = require('express');
const jwt = require('express-jwt');
const OPEN = ['/health', '/login'];
function exceptOpen(mw) {
  return (req, res, next) => {
    if (OPEN.includes(req.path)) return next();
    return mw(req, res, next);
  };
}
const app = express();
app.use(exceptOpen(jwt({ secret: process.env.SECRET, algorithms: ['HS256'] })));
app.get('/health', (req, res) => res.send('ok'));
app.post('/login', (req, res) => res.json({}));
app.delete('/notes/:id', (req, res) => res.sendStatus(204));
app.listen(3000);
`,
    }).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(eps.map((e) => `${e.method} ${e.path} ${e.auth}`).sort(), ['DELETE /notes/:id user', 'GET /health none', 'POST /login none']);
  });
});
