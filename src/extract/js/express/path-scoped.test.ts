// Path-scoped middleware (`app.use('/v1/auth', limiter)`) before a router mounted higher up
// (`app.use('/v1', routes)`): it runs for the routes under its own path only, so it must neither
// rate-limit nor guard the router's other routes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

const FILES = {
  'src/app.js': `const express = require('express');
const rateLimit = require('express-rate-limit');
const requireAdmin = require('./middlewares/admin');
const routes = require('./routes');
const app = express();
const authLimiter = rateLimit({ windowMs: 15 * 60 * 1000, max: 20 });
app.use('/v1/auth', authLimiter);
app.use('/v1/admin', requireAdmin);
app.use('/v1', routes);
module.exports = app;
`,
  'src/middlewares/admin.js': `module.exports = function requireAdmin(req, res, next) {
  if (!req.user || req.user.role !== 'admin') return res.status(403).end();
  next();
};
`,
  'src/routes/index.js': `const express = require('express');
const auth = require('./auth');
const users = require('./users');
const admin = require('./admin');
const router = express.Router();
router.use('/auth', auth);
router.use('/users', users);
router.use('/admin', admin);
module.exports = router;
`,
  'src/routes/auth.js': `const router = require('express').Router();
router.post('/login', (req, res) => res.json({ ok: true }));
module.exports = router;
`,
  'src/routes/users.js': `const router = require('express').Router();
router.post('/', (req, res) => res.status(201).json(req.body));
module.exports = router;
`,
  'src/routes/admin.js': `const router = require('express').Router();
router.delete('/cache', (req, res) => res.status(204).end());
module.exports = router;
`,
};

function route(method: string, path: string): EntrypointFact {
  const routes = runExtractors([auth, extractor], FILES).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  const r = routes.find((f) => f.method === method && f.path === path);
  assert.ok(r, `no ${method} ${path} in ${routes.map((f) => `${f.method} ${f.path}`).join(', ')}`);
  return r;
}

describe('extract/js/express: path-scoped middleware before a mount', () => {
  it('rate-limits and lists the limiter only under its own path', () => {
    const login = route('POST', '/v1/auth/login');
    assert.ok(login.tags?.includes('rate-limited'), 'the login route is behind the limiter');
    assert.ok(login.middleware.includes('authLimiter'));
    const users = route('POST', '/v1/users');
    assert.ok(!users.tags?.includes('rate-limited'), `POST /v1/users is not under /v1/auth: ${users.tags?.join(', ')}`);
    assert.ok(!users.middleware.includes('authLimiter'), users.middleware.join(', '));
  });

  it('applies a path-scoped guard only under its path', () => {
    assert.equal(route('DELETE', '/v1/admin/cache').auth, 'admin');
    assert.equal(route('POST', '/v1/users').auth, 'none');
    assert.ok(!route('POST', '/v1/users').middleware.includes('requireAdmin'));
  });
});
