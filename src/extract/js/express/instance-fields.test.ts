// A class that keeps a router in a field (`this.router = express()`, filled by its own methods) is
// mounted elsewhere through an instance another class keeps in a field:
// `this.api = new ApiRoutes(this)` in the constructor, then `router.use('/api', guard, this.api.router)`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const FILES = {
  'src/routes/api.js': `const express = require('express');
class ApiRoutes {
  constructor(server) {
    this.server = server;
    this.router = express();
    this.setup();
  }
  setup() {
    this.router.get('/books', (req, res) => res.json([]));
    this.router.delete('/books/:id', (req, res) => res.sendStatus(204));
  }
}
module.exports = ApiRoutes;
`,
  'src/routes/open.js': `const express = require('express');
class OpenRoutes {
  constructor() {
    this.router = express.Router();
    this.router.get('/shared/:slug', (req, res) => res.json({}));
  }
}
module.exports = OpenRoutes;
`,
  'src/server.js': `const express = require('express');
const ApiRoutes = require('./routes/api');
const OpenRoutes = require('./routes/open');
function requireUser(req, res, next) {
  if (!req.user) return res.status(401).send('Unauthorized');
  next();
}
class Server {
  constructor() {
    this.apiRoutes = new ApiRoutes(this);
    this.openRoutes = new OpenRoutes();
  }
  start() {
    const app = express();
    const router = express.Router();
    app.use('/', router);
    router.use('/api', requireUser, this.apiRoutes.router);
    router.use('/public', this.openRoutes.router);
    app.listen(3000);
  }
}
module.exports = Server;
`,
};

describe('routers of instances kept in class fields', () => {
  const routes = runExtractor(extractor, FILES).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  const byKey = Object.fromEntries(routes.map((r) => [`${r.method} ${r.path}`, r]));

  it('mounts this.x.router under its prefix when the class assigned this.x = new Class()', () => {
    assert.deepEqual(Object.keys(byKey).sort(), ['DELETE /api/books/:id', 'GET /api/books', 'GET /public/shared/:slug']);
    assert.ok(routes.every((r) => !r.tags?.includes('mount-unresolved')));
  });

  it('gives the routes the guard of the mount', () => {
    assert.equal(byKey['GET /api/books']?.auth, 'user');
    assert.equal(byKey['DELETE /api/books/:id']?.auth, 'user');
    assert.equal(byKey['GET /public/shared/:slug']?.auth, 'none');
  });
});
