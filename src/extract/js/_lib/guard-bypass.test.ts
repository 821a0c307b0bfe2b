// App-wide guards that let requests through before checking anything: a path allow-list (local,
// derived or imported, with static class fields among its items), a guard that checks only the
// paths it matches, and a deployment switch (`if (!process.env.AUTH_TOKEN) return next()`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as express } from '../express/index.js';
import { extractor as koa } from '../koa/index.js';

const ALLOW_LIST = {
  'src/constants.ts': `import SSO from './sso';
export const WHITELIST_URLS = [
  '/api/v1/prediction/',
  '/api/v1/ping',
  '/api/v1/auth/login',
  SSO.CALLBACK_URI,
];
`,
  'src/sso.ts': `class SSO {
  static CALLBACK_URI = '/api/v1/sso/callback';
}
export default SSO;
`,
  'src/index.ts': `import express from 'express';
import jwt from 'jsonwebtoken';
import { WHITELIST_URLS } from './constants';
import v1 from './routes';
const app = express();
const denylist = process.env.DENYLIST_URLS ? process.env.DENYLIST_URLS.split(',') : [];
const whitelistURLs = WHITELIST_URLS.filter((url) => !denylist.includes(url));
app.use((req, res, next) => {
  if (/\\/api\\/v1\\//.test(req.path)) {
    const isWhitelisted = whitelistURLs.some((url) => req.path.startsWith(url));
    if (isWhitelisted) {
      next();
    } else {
      try {
        req.user = jwt.verify(req.headers.authorization, process.env.SECRET);
      } catch (e) {
        return res.status(401).json({ error: 'Unauthorized Access' });
      }
      next();
    }
  } else {
    next();
  }
});
app.use('/api/v1', v1);
app.get('/assets/logo.png', (req, res) => res.send('x'));
`,
  'src/routes.ts': `import express from 'express';
const router = express.Router();
router.post('/prediction/:id', (req, res) => res.json({}));
router.get('/ping', (req, res) => res.send('pong'));
router.post('/auth/login', (req, res) => res.json({}));
router.get('/sso/callback', (req, res) => res.redirect('/'));
router.get('/predictions', (req, res) => res.json([]));
router.delete('/chatflows/:id', (req, res) => res.status(204).end());
export default router;
`,
};

const ENV_SWITCH = {
  'server/middleware/validatedRequest.js': `async function validatedRequest(request, response, next) {
  if (process.env.NODE_ENV === 'development' || !process.env.AUTH_TOKEN || !process.env.JWT_SECRET) {
    next();
    return;
  }
  const auth = request.header('Authorization');
  const token = auth ? auth.split(' ')[1] : null;
  if (!token) {
    response.status(401).json({ error: 'No auth token found.' });
    return;
  }
  next();
}
module.exports = { validatedRequest };
`,
  'server/middleware/auth.js': `const jwt = require('jsonwebtoken');
// Options given where the guard is used are no deployment switch.
module.exports = function auth(options = {}) {
  return (req, res, next) => {
    if (options.public) return next();
    const token = req.headers.authorization;
    if (!token) return res.status(401).end();
    req.user = jwt.verify(token, process.env.SECRET);
    next();
  };
};
`,
  'server/index.js': `const express = require('express');
const { validatedRequest } = require('./middleware/validatedRequest');
const auth = require('./middleware/auth');
const app = express();
app.get('/api/me', auth(), (req, res) => res.json(req.user));
app.post('/api/system/update-env', [validatedRequest], (req, res) => res.json({}));
app.get('/api/ping', (req, res) => res.send('ok'));
`,
};

const PATTERN_GUARDS = {
  'src/middleware/index.js': `module.exports = {
  ensureLoggedIn(req, res, next) {
    if (!req.user) return res.status(401).json({ error: 'not logged in' });
    next();
  },
  checkPrivileges(req, res, next) {
    if (!req.user || !req.user.isAdmin) return res.status(403).json({ error: 'forbidden' });
    next();
  },
  verifySignature(req, res, next) {
    if (!req.headers.signature) return res.status(401).end();
    next();
  },
};
`,
  'src/routes/index.js': `const express = require('express');
const middleware = require('../middleware');
const admin = require('./admin');
const handlers = require('./handlers');
module.exports = function (app, mounts) {
  const router = express.Router();
  router.all(\`(/+api/admin|/+api/admin/*?\${mounts.admin !== 'admin' ? \`|/+api/\${mounts.admin}\` : ''})\`, middleware.ensureLoggedIn, middleware.checkPrivileges);
  const middlewares = [middleware.verifySignature];
  router.get('/api/admin/config', (req, res) => res.json({}));
  router.get('/api/config', (req, res) => res.json({}));
  router.post('/inbox', [...middlewares, middleware.ensureLoggedIn], (req, res) => res.status(202).end());
  router.get('/actor', middlewares, (req, res) => res.json({}));
  router.all('/+byIndex/:index*?', [middleware.checkRequired], handlers.redirectByIndex);
  admin(router);
  app.use('/', router);
};
`,
  'src/routes/admin.js': `module.exports = function (router) {
  router.post('/api/admin/users/delete', (req, res) => res.status(204).end());
};
`,
};

const GUEST_FALLBACK = {
  'server/core/auth.js': `const passport = require('passport');
module.exports = {
  guest: { id: 2, name: 'Guest' },
  authenticate(req, res, next) {
    passport.authenticate('jwt', { session: false }, async (err, user, info) => {
      if (err) { return next() }
      // JWT is NOT valid, set as guest
      if (!user) {
        req.user = module.exports.guest;
        return next();
      }
      req.user = user;
      next();
    })(req, res, next);
  },
};
`,
  'server/master.js': `const express = require('express');
const auth = require('./core/auth');
const app = express();
app.use(auth.authenticate);
app.get('/verify/:token', (req, res) => res.redirect('/'));
app.get('/profile', (req, res) => {
  if (!req.user || req.user.id === 2) return res.status(403).end();
  res.json(req.user);
});
`,
};

const PUBLIC_MARK = {
  'src/auth.ts': `import jwt from 'jsonwebtoken';
export function authenticate(noAuthPatterns = []) {
  const open = noAuthPatterns.map((p) => new RegExp('^' + (typeof p === 'string' ? p : p.route)));
  return async (ctx, next) => {
    const publicEndpoint = open.some((re) => re.test(ctx.path));
    try {
      ctx.user = jwt.verify(ctx.cookies.get('session'), process.env.SECRET);
      ctx.isAuthenticated = true;
    } catch (err) {
      if (!publicEndpoint) ctx.throw(401, 'Authentication failed');
    }
    ctx.publicEndpoint = publicEndpoint;
    return next();
  };
}
`,
  'src/index.ts': `import Koa from 'koa';
import Router from '@koa/router';
import { authenticate } from './auth';
const PUBLIC_ROUTES = [
  { route: '/api/auth/:tenant', method: 'POST' },
  { route: '/api/configs/public', method: 'GET' },
  '/api/status',
];
const router = new Router();
router
  .use(authenticate(PUBLIC_ROUTES))
  .use((ctx, next) => {
    if (ctx.publicEndpoint) {
      return next();
    }
    if (!ctx.isAuthenticated) {
      ctx.throw(403, 'Unauthorized');
    }
    return next();
  });
router.post('/api/auth/:tenant/login', (ctx) => { ctx.body = {}; });
router.get('/api/configs/public', (ctx) => { ctx.body = {}; });
router.get('/api/configs/public/oidc', (ctx) => { ctx.body = {}; });
router.post('/api/configs/public', (ctx) => { ctx.body = {}; });
router.get('/api/status', (ctx) => { ctx.body = {}; });
router.get('/api/users', (ctx) => { ctx.body = []; });
router.delete('/api/configs/:id', (ctx) => { ctx.status = 204; });
const app = new Koa();
app.use(router.routes());
app.listen(3000);
`,
};

function routes(files: Record<string, string>): { eps: EntrypointFact[]; facts: Fact[] } {
  const facts = runExtractors([auth, express, koa], files).facts;
  return { eps: facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint'), facts };
}

function route(eps: EntrypointFact[], method: string, path: string): EntrypointFact {
  const r = eps.find((f) => f.method === method && f.path === path);
  assert.ok(r, `no ${method} ${path} in ${eps.map((f) => `${f.method} ${f.path}`).join(', ')}`);
  return r;
}

describe('extract/js: guards that let requests through unchecked', () => {
  it('makes the routes an imported allow-list names public and keeps the guard on the rest', () => {
    const { eps, facts } = routes(ALLOW_LIST);
    for (const [m, p] of [['POST', '/api/v1/prediction/:id'], ['GET', '/api/v1/ping'], ['POST', '/api/v1/auth/login'], ['GET', '/api/v1/sso/callback']]) {
      const r = route(eps, m, p);
      assert.equal(r.auth, 'none', `${m} ${p}`);
      assert.ok(r.authEvidence?.some((e) => /allow-list/.test(e)), `${m} ${p}: ${r.authEvidence}`);
    }
    // `/api/v1/prediction/` ends in a slash: `/api/v1/predictions` is not under it.
    assert.equal(route(eps, 'GET', '/api/v1/predictions').auth, 'user');
    assert.equal(route(eps, 'DELETE', '/api/v1/chatflows/:id').auth, 'user');
    // Checked only on /api/v1/ paths: the rest pass.
    assert.equal(route(eps, 'GET', '/assets/logo.png').auth, 'none');
    assert.ok(!facts.some((f) => f.kind === 'config' && f.setting === 'js-path-list'), 'internal facts removed by link');
  });

  it('tags routes behind a guard that an unset environment variable turns off', () => {
    const { eps, facts } = routes(ENV_SWITCH);
    const r = route(eps, 'POST', '/api/system/update-env');
    assert.equal(r.auth, 'user');
    assert.ok(r.tags?.includes('auth-conditional'), String(r.tags));
    assert.ok(!route(eps, 'GET', '/api/ping').tags?.includes('auth-conditional'));
    assert.ok(!route(eps, 'GET', '/api/me').tags?.includes('auth-conditional'), 'use-site option');
    const def = facts.find((f) => f.kind === 'auth' && f.role === 'guard-definition' && f.name === 'validatedRequest');
    assert.equal(def?.kind === 'auth' ? def.details?.unsetEnv : undefined, 'AUTH_TOKEN,JWT_SECRET');
    assert.equal(def?.kind === 'auth' ? def.details?.conditionalLine : undefined, 2);
  });

  it('applies router.all(pattern, ...guards) to the later routes the pattern matches, and is no endpoint itself', () => {
    const { eps } = routes(PATTERN_GUARDS);
    assert.equal(route(eps, 'GET', '/api/admin/config').auth, 'admin');
    assert.equal(route(eps, 'POST', '/api/admin/users/delete').auth, 'admin');
    assert.equal(route(eps, 'GET', '/api/config').auth, 'none');
    // The guard registration is no endpoint; an `all` route with a wildcard and a handler is one.
    assert.deepEqual(eps.filter((e) => e.method === 'ALL').map((e) => e.path), ['/+byIndex/:index*?']);
  });

  it('keeps the members of const middleware arrays, spread or named', () => {
    const { eps } = routes(PATTERN_GUARDS);
    const inbox = route(eps, 'POST', '/inbox');
    assert.deepEqual(inbox.middleware?.filter((m) => m.startsWith('middleware.')), ['middleware.verifySignature', 'middleware.ensureLoggedIn']);
    assert.equal(inbox.auth, 'user');
    assert.deepEqual(route(eps, 'GET', '/actor').middleware, ['middleware.verifySignature']);
  });

  it('does not count a middleware that puts a guest in place of a missing user as authentication', () => {
    const { eps, facts } = routes(GUEST_FALLBACK);
    const def = facts.find((f) => f.kind === 'auth' && f.role === 'guard-definition' && f.name === 'authenticate');
    assert.equal(def?.kind === 'auth' ? def.details?.level : undefined, 'optional');
    const verify = route(eps, 'GET', '/verify/:token');
    assert.equal(verify.auth, 'none');
    assert.ok(verify.tags?.includes('optional-auth'), String(verify.tags));
    // The handler's own check still decides.
    assert.equal(route(eps, 'GET', '/profile').auth, 'user');
  });
  it('exempts the paths of a public list given to an auth middleware factory, and a later guard that passes requests marked public', () => {
    const { eps } = routes(PUBLIC_MARK);
    for (const [m, p] of [['POST', '/api/auth/:tenant/login'], ['GET', '/api/configs/public'], ['GET', '/api/configs/public/oidc'], ['GET', '/api/status']]) {
      assert.equal(route(eps, m, p).auth, 'none', `${m} ${p}`);
    }
    // Listed for GET only, or not listed: both guards still stand.
    assert.equal(route(eps, 'POST', '/api/configs/public').auth, 'user');
    assert.equal(route(eps, 'GET', '/api/users').auth, 'user');
    assert.equal(route(eps, 'DELETE', '/api/configs/:id').auth, 'user');
  });
});
