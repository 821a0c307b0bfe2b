// Sub-apps mounted lazily: express-lazy-router's `app.use('/api', lazyLoad(() => import('./api')))`
// and an app factory that hangs a mount helper on the app it builds (`app.lazyUse = (mountPath,
// requireFn) => app.use(mountPath, lazyLoad(() => requireFn()))`), called elsewhere as
// `app.lazyUse('/api', require('./api'))`: the module's routes take the mount's prefix and guards.
// The factory is the application's own wrapper module of express, imported as `express`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

function routes(files: Record<string, string>): Map<string, EntrypointFact> {
  const out = new Map<string, EntrypointFact>();
  for (const f of runExtractors([auth, extractor], files).facts) if (f.kind === 'entrypoint') out.set(`${f.method} ${f.path}`, f as EntrypointFact);
  return out;
}

const FILES = {
  'src/lib/express.js': `const express = require('express');
const { createLazyRouter } = require('express-lazy-router');
const lazyLoad = createLazyRouter();

module.exports = (name) => {
  const app = express();
  app.set('name', name);
  app.lazyUse = function lazyUse(mountPath, requireFn) {
    app.use(mountPath, lazyLoad(() => Promise.resolve(requireFn())));
  };
  return app;
};
`,
  'src/web/backend.js': `const express = require('../lib/express');
const { CONSOLE_PATH } = require('../lib/urls');

module.exports = () => {
  const backend = express('backend');
  backend.lazyUse('/console/api', require('./api'));
  backend.lazyUse(CONSOLE_PATH, require('./api'));
  return backend;
};
`,
  // The folder's index passes the factory on: the mount reaches the app it builds.
  'src/web/api/index.js': `module.exports = require('./app');
`,
  'src/web/api/app.js': `const express = require('../../lib/express');
const { requireStaff } = require('../guards');

module.exports = function buildApi() {
  const api = express('api');
  api.use(requireStaff);
  api.get('/reports', (req, res) => res.json([]));
  return api;
};
`,
  'src/web/guards.js': `const jwt = require('jsonwebtoken');

function requireStaff(req, res, next) {
  const token = req.headers.authorization;
  if (!token) return res.status(401).end();
  req.user = jwt.verify(token, process.env.SECRET);
  next();
}
module.exports = { requireStaff };
`,
  'src/server.js': `const express = require('express');
const { createLazyRouter } = require('express-lazy-router');
const lazyLoad = createLazyRouter();
const app = express();
app.use('/', require('./web/backend')());
app.use('/shop', lazyLoad(() => import('./web/shop')));
app.listen(3000);
`,
  'src/web/shop.js': `const { Router } = require('express');
const router = Router();
router.get('/items', (req, res) => res.json([]));
module.exports = router;
`,
};

describe('extract/js/express: lazily mounted sub-apps', () => {
  it('gives routes behind a mount helper hung on the app the prefix and guards of the mount', () => {
    const r = routes(FILES);
    const reports = r.get('GET /console/api/reports');
    assert.ok(reports, [...r.keys()].join(', '));
    assert.equal(reports.auth, 'user');
    assert.ok(!r.has('GET /reports'));
    // A prefix held by another module's constant stays a placeholder (no route judged by a guessed path).
    assert.equal(r.get('GET /{CONSOLE_PATH}/reports')?.auth, 'user');
  });

  it('mounts a module loaded on first request by express-lazy-router at its path', () => {
    const r = routes(FILES);
    assert.ok(r.has('GET /shop/items'), [...r.keys()].join(', '));
  });
});
