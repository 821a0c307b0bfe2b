// Guard shapes whose administrator test does not gate the route, and guards reached through
// indirection: a privilege that only excuses its holder from another condition (a suspended
// tenant, a membership, an impersonation header), permission helpers hung on the request for
// handlers, middleware that dispatches to one of several same-file guards by credential kind,
// and a handler whose same-file auth helper refuses through a closure that throws.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuthFact, EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as express } from './index.js';
import { extractor as nextjs } from '../nextjs/index.js';
import type { Extractor } from '../../types.js';

function run(files: Record<string, string>) {
  return runWith([auth, express], files);
}

function runWith(extractors: Extractor[], files: Record<string, string>): { routes: Map<string, EntrypointFact>; guards: Map<string, string> } {
  const facts: Fact[] = runExtractors(extractors, files).facts;
  const routes = new Map<string, EntrypointFact>();
  for (const f of facts) if (f.kind === 'entrypoint') routes.set(`${f.method} ${f.path}`, f as EntrypointFact);
  const guards = new Map<string, string>();
  for (const f of facts) if (f.kind === 'auth' && (f as AuthFact).role === 'guard-definition') guards.set((f as AuthFact).name ?? '', String((f as AuthFact).details?.level));
  return { routes, guards };
}

const SESSION = `const { verifySession } = require('./tokens');
const { findTenant } = require('./tenants');

// Loads the caller; refuses a suspended tenant unless the caller is a platform operator.
async function loadCaller(req, res, next) {
  const claims = verifySession(req.headers.authorization);
  if (!claims) return res.status(401).json({ error: 'sign in' });
  req.user = claims.user;
  req.can = (action) => {
    if (!req.user.permissions.includes(action)) throw new Error('forbidden');
  };
  if (req.headers['x-tenant']) {
    req.tenant = await findTenant(req.headers['x-tenant']);
    if (req.tenant.suspended && !req.user.isSuperAdmin) return res.status(403).json({ error: 'suspended' });
    if (!req.user.isSuperAdmin && !req.tenant.members.some((m) => m.id === req.user.id)) return res.status(403).json({ error: 'not a member' });
  }
  next();
}

function operatorsOnly(req, res, next) {
  if (!req.user.isSuperAdmin) return res.status(403).json({ error: 'operators only' });
  next();
}

function writersAreOperators(req, res, next) {
  if (req.method !== 'GET' && !req.user.isSuperAdmin) return res.status(403).end();
  next();
}

module.exports = { loadCaller, operatorsOnly, writersAreOperators };
`;

describe('extract/js/express: privilege tests that do not gate the route', () => {
  it('does not make a middleware an administrator gate when the privilege only excuses its holder', () => {
    const { routes, guards } = run({
      'src/session.js': SESSION,
      'src/app.js': `const express = require('express');
const { loadCaller, operatorsOnly, writersAreOperators } = require('./session');
const app = express();
app.use(loadCaller);
app.get('/projects', (req, res) => res.json([]));
app.delete('/tenants/:id', operatorsOnly, (req, res) => res.sendStatus(204));
app.post('/flags', writersAreOperators, (req, res) => res.sendStatus(201));
module.exports = app;
`,
    });
    assert.equal(guards.get('loadCaller'), 'user');
    assert.equal(routes.get('GET /projects')?.auth, 'user');
    assert.equal(routes.get('DELETE /tenants/:id')?.auth, 'admin');
    // A condition on the request's method scopes the administrator gate; it still counts.
    assert.equal(guards.get('writersAreOperators'), 'admin');
  });

  it('does not require a login of a handler whose permission only excuses its holder from a record flag', () => {
    const { routes } = run({
      'src/middlewares/auth.js': `const jwt = require('jsonwebtoken');
function authOptional(req, res, next) {
  const token = (req.headers.authorization || '').split(' ')[1];
  if (!token) return next();
  try { req.user = jwt.verify(token, process.env.SECRET); } catch (e) {}
  next();
}
module.exports = { authOptional };
`,
      'src/controllers/albums.js': `const db = require('../db');
async function albumBySlug(req, res) {
  const album = await db('albums').where({ slug: req.params.slug }).first();
  const permissions = (req.user && req.user.permissions) || [];
  const canRead = permissions.includes('album:read');
  if (!canRead && !album.published) return res.status(403).send({ code: 'NOT_ENOUGH_PERMISSION' });
  res.send({ album });
}
async function draftsOf(req, res) {
  const albums = await db('albums').where({ owner: req.params.owner });
  const permissions = (req.user && req.user.permissions) || [];
  if (!permissions.includes('album:read')) return res.status(403).send({ code: 'NOT_ENOUGH_PERMISSION' });
  res.send({ albums });
}
module.exports = { albumBySlug, draftsOf };
`,
      'src/app.js': `const express = require('express');
const { authOptional } = require('./middlewares/auth');
const albums = require('./controllers/albums');
const app = express();
app.get('/albums/:slug', authOptional, albums.albumBySlug);
app.get('/drafts/:owner', authOptional, albums.draftsOf);
module.exports = app;
`,
    });
    // A published album is open to everyone, signed in or not.
    assert.equal(routes.get('GET /albums/:slug')?.auth, 'none');
    // Without the record flag the permission gates every call.
    assert.notEqual(routes.get('GET /drafts/:owner')?.auth, 'none');
  });

  it('judges a middleware that picks one of its guards by credential kind at the weakest of them', () => {
    const { routes, guards } = run({
      'src/api-auth.ts': `import type { Request, Response, NextFunction } from 'express';
import { verifyJwt, findKey } from './keys';

export default function apiAuth(req: Request, res: Response, next: NextFunction) {
  const header = req.headers.authorization;
  if (!header) return res.status(400).json({ message: 'Missing Authorization header' });
  const [scheme, value] = header.split(' ');
  if (scheme === 'Bearer' && value.split('.').length === 3) return withJwt(req, res, next);
  return withKey(req, res, next, value);
}

function withJwt(req: Request, res: Response, next: NextFunction) {
  verifyJwt(req.headers.authorization)
    .then((user) => { req.user = user; next(); })
    .catch(() => res.status(401).json({ message: 'bad token' }));
}

function withKey(req: Request, res: Response, next: NextFunction, value: string) {
  findKey(value).then((key) => {
    if (!key) return res.status(401).json({ message: 'bad key' });
    req.user = key.owner;
    if (req.headers['x-act-as']) {
      if (!req.user?.isSuperAdmin) throw new Error('Only operators may act as another account');
      req.actingAs = req.headers['x-act-as'];
    }
    next();
  });
}
`,
      'src/router.ts': `import { Router } from 'express';
import apiAuth from './api-auth';
const router = Router();
router.use(apiAuth);
router.post('/items', (req, res) => res.status(201).json({}));
export default router;
`,
    });
    assert.equal(guards.get('withKey'), 'user');
    assert.equal(guards.get('apiAuth'), 'user');
    assert.equal(routes.get('POST /items')?.auth, 'user');
  });

  it('counts a same-file auth helper that refuses through a throwing closure, its value used by the handler', () => {
    const { routes } = run({
      'src/installations.ts': `import type { Request, Response } from 'express';
import { Router } from 'express';
import { verifyMarketplaceToken, loadInstallation } from './marketplace';

const installationContext = async (req: Request, res: Response) => {
  const failed = (status: number, reason?: string) => {
    if (reason) res.status(status).send(reason);
    else res.sendStatus(status);
    throw new Error('Authentication failed');
  };
  const token = req.headers.authorization;
  if (!token) return failed(401, 'Invalid credentials');
  const claims = await verifyMarketplaceToken(token);
  if (!claims) return failed(401);
  return loadInstallation(claims.installationId);
};

export async function removeInstallation(req: Request, res: Response) {
  const { installation } = await installationContext(req, res);
  await installation.remove();
  res.sendStatus(204);
}

const router = Router();
router.delete('/installations/:id', removeInstallation);
export default router;
`,
    });
    assert.equal(routes.get('DELETE /installations/:id')?.auth, 'user');
  });

  it('keeps a permission check that a deployment setting switches on (no caller is excused by the setting)', () => {
    const { routes } = run({
      'lib/auth.js': `const passport = require('passport');
let settings;
function init(s) { settings = s; }
function needsPermission(permission) {
  return function (req, res, next) {
    if (settings && settings.adminAuth) {
      return passport.authenticate(['bearer'], { session: false })(req, res, function () {
        if (permissions.hasPermission(req.authInfo.scope, permission)) return next();
        return res.status(401).end();
      });
    } else {
      next();
    }
  };
}
module.exports = { init, needsPermission };
`,
      'lib/app.js': `const express = require('express');
const auth = require('./auth');
const app = express();
app.post('/flows', auth.needsPermission('flows.write'), (req, res) => res.json(save(req.body)));
`,
    });
    assert.equal(routes.get('POST /flows')?.auth, 'admin');
  });

  it('takes a verdict destructured from a helper and tested as the handler stopping', () => {
    const { routes } = run({
      'src/feeds.js': `const express = require('express');
const helpers = require('./helpers');
const app = express();
function tokenKey(req) { return 'feed-token:' + req.ip; }
async function checkToken(req, res) {
  const hasToken = Object.hasOwn(req.query, 'token');
  if (!hasToken) return { uid: 0, ok: true };
  const attempts = await db.increment(tokenKey(req));
  if (attempts > 5 || !req.query.token) {
    await helpers.notAllowed(req, res);
    return { uid: 0, ok: false };
  }
  const stored = await db.getField('user:' + req.query.uid, 'feed_token');
  if (stored !== req.query.token) {
    await helpers.notAllowed(req, res);
    return { uid: 0, ok: false };
  }
  return { uid: Number(req.query.uid), ok: true };
}
app.post('/feeds/:id/read', async (req, res) => {
  const { uid, ok } = await checkToken(req, res);
  if (!ok) return;
  await db.reads.insert({ uid, feed: req.params.id });
  res.sendStatus(204);
});
module.exports = app;
`,
    });
    const route = routes.get('POST /feeds/:id/read');
    assert.ok(route, 'route found');
    assert.ok(!route.tags?.includes('guard-does-not-halt'), String(route.tags));
  });

  it('does not take a controller whose answer the handler only sends on for a guard that fails to halt', () => {
    const { routes } = runWith([auth, express, nextjs], {
      'lib/controllers/createUser.ts': `export default async function createUser(req, res) {
  const inviter = await currentUser({ req });
  if (req.body.invite && !inviter) {
    return { response: 'You must be logged in to invite users.', status: 401 };
  }
  const user = await db.user.create({ data: { email: req.body.email } });
  return { response: user, status: 201 };
}
`,
      'pages/api/users/index.ts': `import createUser from '../../../lib/controllers/createUser';
export default async function users(req, res) {
  if (req.method === 'POST') {
    const response = await createUser(req, res);
    return res.status(response.status).json({ response: response.response });
  }
}
`,
    });
    const route = routes.get('POST /api/users');
    assert.ok(route, 'route found');
    assert.ok(!route.tags?.includes('guard-does-not-halt'), String(route.tags));
  });
});
