// Express/passport guard semantics judged by what the code does: guards behind an error-forwarding
// wrapper, guard factories whose literal arguments decide strict vs optional, identity loading
// that is no authentication, numeric role checks, and checks a deployment switch or the
// application's state can turn off.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as express } from '../express/index.js';

function routes(files: Record<string, string>): EntrypointFact[] {
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, [auth, express]).facts);
  return linkFacts(facts, [auth, express]).filter((f): f is EntrypointFact => f.kind === 'entrypoint');
}

const AUTH_HANDLER = `const passport = require('passport');
function authenticate(type, error, isStrict) {
  return function auth(req, res, next) {
    if (req.user) return next();
    passport.authenticate(type, (err, user) => {
      if ((err || !user) && type === 'oidc') return next(new Error('oidc failed'));
      if (err) return next(err);
      if (!user && isStrict) throw new CustomError(error, 401);
      if (user && user.banned) throw new CustomError('banned', 403);
      if (user) req.user = { ...user, admin: user.role === 'ADMIN' };
      return next();
    })(req, res, next);
  };
}
const local = authenticate('local', 'Login credentials are wrong.', true);
const jwt = authenticate('jwt', 'Unauthorized.', true);
const jwtLoose = authenticate('jwt', 'Unauthorized.', false);
function admin(req, res, next) {
  if (req.user.admin) return next();
  throw new CustomError('Unauthorized', 401);
}
async function adminSetup(req, res, next) {
  const isThereAUser = req.user || (await query.user.findAny());
  if (isThereAUser) {
    next();
    return;
  }
  res.redirect('/create-admin');
}
module.exports = { local, jwt, jwtLoose, admin, adminSetup };
`;

const ASYNC_HANDLER = `function asyncHandler(fn) {
  return function asyncUtilWrap(...args) {
    const fnReturn = fn(...args);
    const next = args[args.length - 1];
    return Promise.resolve(fnReturn).catch(next);
  };
}
module.exports = asyncHandler;
`;

describe('extract/js: guards behind pass-through wrappers and bound guard factories', () => {
  const eps = routes({
    'server/utils/asyncHandler.js': ASYNC_HANDLER,
    'server/handlers/auth.handler.js': AUTH_HANDLER,
    'server/routes/link.routes.js': `const { Router } = require('express');
const asyncHandler = require('../utils/asyncHandler');
const auth = require('../handlers/auth.handler');
const link = require('../handlers/links.handler');
const router = Router();
router.get('/links', asyncHandler(auth.jwt), asyncHandler(link.get));
router.get('/links/admin', asyncHandler(auth.jwt), asyncHandler(auth.admin), asyncHandler(link.getAdmin));
router.post('/links', asyncHandler(auth.jwtLoose), asyncHandler(link.create));
router.post('/auth/login', asyncHandler(auth.local), asyncHandler(link.login));
router.get('/', asyncHandler(auth.jwtLoose), asyncHandler(auth.adminSetup), asyncHandler(link.home));
module.exports = router;
`,
    'server/handlers/links.handler.js': `async function get(req, res) { res.send(await query.link.get()); }
async function getAdmin(req, res) { res.send(await query.link.all()); }
async function create(req, res) { res.send(await query.link.create(req.body)); }
async function login(req, res) { res.send({ token: sign(req.user) }); }
async function home(req, res) { res.render('homepage'); }
module.exports = { get, getAdmin, create, login, home };
`,
    'server/server.js': `const express = require('express');
const app = express();
app.use(require('./routes/link.routes'));
app.listen(3000);
`,
  });
  const ep = (m: string, p: string) => eps.find((e) => e.method === m && e.path === p)!;

  it('judges the guard an imported asyncHandler(...) wraps', () => {
    assert.equal(ep('GET', '/links').auth, 'user');
    assert.equal(ep('GET', '/links/admin').auth, 'admin');
  });

  it('reads strict vs optional from the literal argument the factory tests', () => {
    assert.equal(ep('POST', '/links').auth, 'none');
    assert.ok(ep('POST', '/links').tags?.includes('optional-auth'));
  });

  it('takes a factory bound to a login strategy for a login, not a guard', () => {
    assert.equal(ep('POST', '/auth/login').auth, 'none');
  });

  it('does not take a pre-setup gate (any user stored yet?) for authentication', () => {
    assert.equal(ep('GET', '/').auth, 'none');
  });
});

describe('extract/js: wrappers that change who gets through are not looked through', () => {
  const eps = routes({
    'app.js': `const express = require('express');
const app = express();
function requireUser(req, res, next) { if (!req.user) return res.sendStatus(401); next(); }
function skipLocal(fn) { return (req, res, next) => (req.ip === '127.0.0.1' ? next() : fn(req, res, next)); }
function safe(fn) { return (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next); }
app.get('/a', safe(requireUser), (req, res) => res.send('a'));
app.get('/b', skipLocal(requireUser), (req, res) => res.send('b'));
app.listen(3000);
`,
  });
  const ep = (p: string) => eps.find((e) => e.path === p)!;
  it('looks through a same-file wrapper that always calls its argument', () => assert.equal(ep('/a').auth, 'user'));
  it('keeps a wrapper whose own test decides whether the guard runs', () => assert.notEqual(ep('/b').auth, 'user'));
});

describe('extract/js: passport identity loading is not authentication', () => {
  const eps = routes({
    'app.js': `const express = require('express');
const passport = require('passport');
const app = express();
app.use(passport.initialize());
app.use(passport.session());
app.use(passport.authenticate(['session']));
app.get('/auth/login', (req, res) => res.render('login'));
app.post('/crashlog', (req, res) => { db.insert(req.body); res.send('ok'); });
app.get('/secret', passport.authenticate('jwt', { session: false }), (req, res) => res.send('s'));
app.listen(3000);
`,
  });
  const ep = (p: string) => eps.find((e) => e.path === p)!;
  it("leaves routes behind passport.authenticate('session') public", () => {
    assert.equal(ep('/auth/login').auth, 'none');
    assert.equal(ep('/crashlog').auth, 'none');
    assert.ok(!ep('/crashlog').tags?.includes('optional-auth'));
  });
  it('still counts a credential strategy on the route', () => assert.equal(ep('/secret').auth, 'user'));
});

describe('extract/js: a rate limiter factory that is a no-op unless a setting is on', () => {
  const eps = routes({
    'handlers/helpers.js': `const { rateLimit: limiter } = require('express-rate-limit');
const env = require('../env');
function rateLimit(params) {
  if (!env.ENABLE_RATE_LIMIT) {
    return function (req, res, next) {
      return next();
    };
  }
  return limiter({ windowMs: params.window * 1000, max: params.limit });
}
module.exports = { rateLimit };
`,
    'app.js': `const express = require('express');
const helpers = require('./handlers/helpers');
const app = express();
app.post('/auth/login', helpers.rateLimit({ window: 60, limit: 5 }), (req, res) => { login(req.body.email, req.body.password); res.send('ok'); });
app.listen(3000);
`,
  });
  it('marks the limit switched, not in force', () => {
    const login = eps.find((e) => e.path === '/auth/login')!;
    assert.ok(!login.tags?.includes('rate-limited'));
    assert.ok(login.tags?.includes('rate-limit-switched'));
  });
});

describe('extract/js: numeric role checks and checks a setting decides', () => {
  const eps = routes({
    'routes/utils.js': `const db = require('../db');
function isAdmin(req, res, next) {
  if (req.user && req.user.role_id === 1) {
    next();
  } else {
    req.flash('danger', 'Must be admin');
    res.redirect('/auth/login');
  }
}
const isAdminOrHasConfigMinRole = (cfg) => (req, res, next) => {
  if (req.user && (req.user.role_id === 1 || getState().getConfig(cfg, 1) >= req.user.role_id)) next();
  else res.redirect('/auth/login');
};
function loggedIn(req, res, next) {
  if (req.user && req.user.id) next();
  else res.redirect('/auth/login');
}
function maintenance(req, res, next) {
  if (getState().getConfig('maintenance_mode_enabled', false) && (!req.user || req.user.role_id > 1)) {
    return res.status(403).send('maintenance');
  }
  next();
}
function checkAuth(req, res, next) {
  if (!req.session.loggedIn && !utils.isElectron() && !noAuthentication) {
    res.redirect('login');
  } else {
    next();
  }
}
module.exports = { isAdmin, isAdminOrHasConfigMinRole, loggedIn, maintenance, checkAuth };
`,
    'app.js': `const express = require('express');
const passport = require('passport');
const { isAdmin, isAdminOrHasConfigMinRole, loggedIn, maintenance, checkAuth } = require('./routes/utils');
const app = express();
app.use(passport.session());
app.use(passport.authenticate(['session']));
app.post('/admin/install', isAdmin, (req, res) => { install(req.body); res.send('ok'); });
app.post('/table/delete/:id', isAdminOrHasConfigMinRole('min_role_edit_tables'), (req, res) => { del(req.params.id); res.send('ok'); });
app.get('/settings', loggedIn, (req, res) => res.send('s'));
app.post('/view/:name', maintenance, (req, res) => { run(req.params.name); res.send('ok'); });
app.get('/notes', checkAuth, (req, res) => res.send('n'));
app.listen(3000);
`,
  });
  const ep = (p: string) => eps.find((e) => e.path === p)!;
  it('takes role_id compared with a number (or a setting with a number default) for an admin check', () => {
    assert.equal(ep('/admin/install').auth, 'admin');
    assert.equal(ep('/table/delete/:id').auth, 'admin');
  });
  it('lets the strongest guard of the chain decide over an app-wide session loader', () => assert.equal(ep('/settings').auth, 'user'));
  it('does not take a role test that only runs while a flag is on for authorisation', () => assert.equal(ep('/view/:name').auth, 'none'));
  it('keeps a guard a deployment switch can turn off, tagged', () => {
    assert.equal(ep('/notes').auth, 'user');
    assert.ok(ep('/notes').tags?.includes('auth-deployment-escape'));
  });
});

describe('extract/js: a same-file helper that answers 401 is a refusal', () => {
  const eps = routes({
    'auth.js': `function checkApiAuth(req, res, next) {
  if (!req.session.loggedIn && !noAuthentication) {
    reject(req, res, 'Logged in session not found');
  } else {
    next();
  }
}
function reject(req, res, message) {
  log.info(req.method + ' rejected with 401 ' + message);
  res.setHeader('Content-Type', 'text/plain').status(401).send(message);
}
module.exports = { checkApiAuth };
`,
    'app.js': `const express = require('express');
const auth = require('./auth');
const app = express();
app.post('/api/sql/execute', auth.checkApiAuth, (req, res) => { sql.execute(req.body.query); res.send('ok'); });
app.listen(3000);
`,
  });
  it('judges the guard by the helper it calls', () => {
    const r = eps.find((e) => e.path === '/api/sql/execute')!;
    assert.equal(r.auth, 'user');
    assert.ok(r.tags?.includes('auth-deployment-escape'));
  });
});

describe('extract/js: a refusal helper given the status', () => {
  const eps = routes({
    'etapi.js': `function sendError(res, statusCode, code, message) {
  return res.set('Content-Type', 'application/json').status(statusCode).send(JSON.stringify({ status: statusCode, code, message }));
}
function checkEtapiAuth(req, res, next) {
  if (noAuthentication || tokens.isValidAuthHeader(req.headers.authorization)) {
    next();
  } else {
    sendError(res, 401, 'NOT_AUTHENTICATED', 'Not authenticated');
  }
}
module.exports = { checkEtapiAuth };
`,
    'app.js': `const express = require('express');
const { checkEtapiAuth } = require('./etapi');
const app = express();
app.post('/etapi/create-note', checkEtapiAuth, (req, res) => { notes.create(req.body); res.send('ok'); });
app.listen(3000);
`,
  });
  it('counts sendError(res, 401, ...) as the refusal', () => {
    const r = eps.find((e) => e.path === '/etapi/create-note')!;
    assert.equal(r.auth, 'user');
    assert.ok(r.tags?.includes('auth-deployment-escape'));
  });
});
