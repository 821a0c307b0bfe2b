// A class that keeps its router in a field and hands it out through a getter method
// (`getRouter() { return this.router }`) is mounted through a local instance of it:
// `const monitors = new MonitorRoutes(controller); app.use('/api/monitors', verifyJWT, monitors.getRouter())`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const FILES = {
  'routes/itemRoutes.js': `import { Router } from 'express';
class ItemRoutes {
  constructor(controller) {
    this.router = Router();
    this.controller = controller;
    this.initRoutes();
  }
  initRoutes() {
    this.router.get('/', this.controller.list);
    this.router.delete('/:id', this.controller.remove);
  }
  getRouter() {
    return this.router;
  }
}
export default ItemRoutes;
`,
  'routes/openRoutes.js': `import { Router } from 'express';
class OpenRoutes {
  constructor(controller) {
    this.router = Router();
    this.router.post('/login', controller.login);
  }
  getRouter() {
    return this.router;
  }
}
export default OpenRoutes;
`,
  'index.js': `import express from 'express';
import ItemRoutes from './routes/itemRoutes.js';
import OpenRoutes from './routes/openRoutes.js';
function verifyJWT(req, res, next) {
  if (!req.headers.authorization) return res.status(401).json({ message: 'No token' });
  next();
}
const startApp = async (controllers) => {
  const app = express();
  const itemRoutes = new ItemRoutes(controllers.items);
  const openRoutes = new OpenRoutes(controllers.auth);
  app.use('/api/v1/items', verifyJWT, itemRoutes.getRouter());
  app.use('/api/v1/auth', openRoutes.getRouter());
  app.listen(3000);
};
startApp({});
`,
};

describe('routers handed out by a getter of a local class instance', () => {
  const routes = runExtractor(extractor, FILES).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  const byKey = Object.fromEntries(routes.map((r) => [`${r.method} ${r.path}`, r]));

  it('mounts x.getRouter() under its prefix when x = new Class() in the same function', () => {
    assert.deepEqual(Object.keys(byKey).sort(), ['DELETE /api/v1/items/:id', 'GET /api/v1/items', 'POST /api/v1/auth/login']);
    assert.ok(routes.every((r) => !r.tags?.includes('mount-unresolved')));
  });

  it('gives the routes the guard of the mount', () => {
    assert.equal(byKey['GET /api/v1/items']?.auth, 'user');
    assert.equal(byKey['DELETE /api/v1/items/:id']?.auth, 'user');
    assert.equal(byKey['POST /api/v1/auth/login']?.auth, 'none');
  });
});
