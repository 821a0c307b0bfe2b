// A router module whose own `apply(webRouter)` registers its routes on the router it is given
// (`export default { apply(webRouter) { webRouter.get(...) } }`, called once from the app's router
// file) is a registrar, not a route collector: its routes take the app's chain and their guards.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

const FILES = {
  'app.js': `const express = require('express');
const session = require('express-session');
const { requireLogin } = require('./auth');
const MembershipRouter = require('./membership-router');
const app = express();
const webRouter = express.Router();
app.use(session({ secret: process.env.SESSION_SECRET }));
MembershipRouter.apply(webRouter);
app.use(webRouter);
module.exports = app;
`,
  'auth.js': `function requireLogin(req, res, next) {
  if (!req.session.user) return res.status(401).end();
  next();
}
module.exports = { requireLogin };
`,
  'membership-middleware.js': `const { requireLogin } = require('./auth');
function loadGroup(req, res, next) { next(); }
module.exports = {
  requireGroupManagement: [requireLogin, loadGroup],
};
`,
  'membership-router.js': `const Middleware = require('./membership-middleware');
module.exports = {
  apply(webRouter) {
    webRouter.delete('/manage/groups/:id/user/:userId', Middleware.requireGroupManagement, (req, res) => res.end());
  },
};
`,
};

describe('extract/js/express registrar modules applied to a router', () => {
  it('keeps the routes of a module that registers them in its own apply(router)', () => {
    const eps = runExtractors([auth, extractor], FILES).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const route = eps.find((e) => e.method === 'DELETE' && e.path === '/manage/groups/:id/user/:userId');
    assert.ok(route, eps.map((e) => `${e.method} ${e.path}`).join(', '));
    assert.equal(route.auth, 'user');
    assert.ok(!(route.tags ?? []).includes('mount-unresolved'), (route.tags ?? []).join(','));
  });
});
