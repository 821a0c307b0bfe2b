// Route aggregators that take the router as a parameter, hand it on to each route module and give
// it back: `app.use('/api', routes(router))` with `module.exports = (router) => { users(router);
// return router; }`. Every route registered on the parameter lives under the mount prefix.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const FILES = {
  'app.js': `const express = require('express');
const app = express();
const router = express.Router();
const routes = require('./routes/index.js');
app.use('/api', routes(router));
app.listen(3000);
`,
  'routes/index.js': `const users = require('./users');
const notes = require('./notes');
module.exports = (router) => {
  users(router);
  notes(router);
  return router;
};
`,
  'routes/users.js': `const controller = require('../controllers/users');
module.exports = (router) => {
  router.route('/v2/users').post(controller.add).get(controller.list);
  router.get('/v2/users/:id', controller.get);
};
`,
  'routes/notes.js': `module.exports = function (router) {
  router.delete('/v2/notes/:id', (req, res) => res.status(204).end());
};
`,
  'controllers/users.js': `module.exports = {
  add: (req, res) => res.json(req.body),
  list: (req, res) => res.json([]),
  get: (req, res) => res.json({ id: req.params.id }),
};
`,
};

describe('extract/js/express: a router handed on through an aggregator', () => {
  it('mounts every route registered on the parameter under the prefix', () => {
    const routes = runExtractor(extractor, FILES).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(routes.map((r) => `${r.method} ${r.path}`).sort(), ['DELETE /api/v2/notes/:id', 'GET /api/v2/users', 'GET /api/v2/users/:id', 'POST /api/v2/users']);
    assert.deepEqual(routes.filter((r) => r.tags?.includes('mount-unresolved')).map((r) => r.path), []);
    assert.equal(routes.find((r) => r.method === 'GET' && r.path === '/api/v2/users/:id')?.handler?.file, 'controllers/users.js');
  });
});
