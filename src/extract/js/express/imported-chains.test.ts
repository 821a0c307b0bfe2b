// Middleware lists exported as one middleware whose guard comes from another module
// (`exports.staffOnly = [auth.requireStaff, audit]`), guards re-exported by lazy getters
// (`get authorize() { return require('./authorize') }`), and exported factories that hand their
// arguments to an unexported guard factory of the same file.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

function authOf(files: Record<string, string>): Record<string, string> {
  const eps = runExtractors([auth, extractor], files).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  return Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, e.auth]));
}

const AUTHORIZE = `const httpErrors = require('http-errors');
const authorize = {
  requireStaff(req, res, next) {
    if (req.user && req.user.id) return next();
    return next(httpErrors(403, 'staff only'));
  },
};
module.exports = authorize;
`;

const ROUTES = `const express = require('express');
const mw = require('./middleware');
const router = express.Router();
router.get('/direct', mw.direct, (req, res) => res.json({}));
router.get('/namespace', mw.viaNamespace, (req, res) => res.json({}));
router.get('/index', mw.viaIndex, (req, res) => res.json({}));
router.get('/plain', mw.plain, (req, res) => res.json({}));
module.exports = router;
`;

describe('extract/js/express exported middleware lists with imported guards', () => {
  it('a list holding an imported guard guards at that guard level, however it is reached', () => {
    const got = authOf({
      'src/auth/authorize.js': AUTHORIZE,
      'src/auth/index.js': `module.exports = {
  get authorize() {
    return require('./authorize');
  },
};
`,
      'src/web/middleware.js': `const auth = require('../auth');
const authz = require('../auth/authorize');
const { requireStaff } = require('../auth/authorize');
const cors = require('cors');
function audit(req, res, next) { next(); }
module.exports.direct = [requireStaff, audit];
module.exports.viaNamespace = [cors(), authz.requireStaff];
module.exports.viaIndex = [auth.authorize.requireStaff, audit];
module.exports.plain = [cors(), audit];
`,
      'src/web/routes.js': ROUTES,
    });
    assert.equal(got['GET /direct'], 'user');
    assert.equal(got['GET /namespace'], 'user');
    assert.equal(got['GET /index'], 'user');
    // ok: a list of middleware none of which refuses stays unguarded.
    assert.equal(got['GET /plain'], 'none');
  });

  it('the strictest element decides: an imported admin check makes the list admin', () => {
    const got = authOf({
      'src/auth/admin.js': `exports.requireAdmin = function requireAdmin(req, res, next) {
  if (!req.user || req.user.role !== 'admin') return res.status(403).json({ error: 'forbidden' });
  next();
};
`,
      'src/web/middleware.js': `const { requireAdmin } = require('../auth/admin');
function requireLogin(req, res, next) {
  if (!req.user) return res.status(401).end();
  next();
}
exports.direct = [requireLogin, requireAdmin];
exports.viaNamespace = [requireLogin];
exports.viaIndex = [requireLogin];
exports.plain = [];
`,
      'src/web/routes.js': ROUTES,
    });
    assert.equal(got['GET /direct'], 'admin');
    assert.equal(got['GET /namespace'], 'user');
  });
});

describe('extract/js/express exported factories forwarding to a local guard factory', () => {
  it('the exported factory is the guard it builds', () => {
    const got = authOf({
      'src/middleware/permissions.js': `const permissionGuard = (permission) => async (req, res, next) => {
  if (!req.user) return res.status(401).json({ error: 'login required' });
  next();
};
exports.requirePermission = (permission) => permissionGuard(permission);
exports.describe = (permission) => String(permission);
`,
      'src/routes.js': `const express = require('express');
const { requirePermission: permitted } = require('./middleware/permissions');
const router = express.Router();
router.get('/reports', permitted('reports:read'), (req, res) => res.json([]));
module.exports = router;
`,
    });
    assert.equal(got['GET /reports'], 'user');
  });
});
