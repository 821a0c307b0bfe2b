// Guard recognition on the shapes of real apps: the failing path after a guard's `if` runs to the
// end of the block, and checks that reject nothing (or only guard a login step) are not auth.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { runExtractor, testContext } from '../../testing.js';
import { extractor as authExtractor } from '../auth/index.js';
import { extractor as express } from '../express/index.js';
import { calleeName, jsIndex, stringValue, type AstNode } from './ast.js';
import { classifyGuard, guardHalts } from './routes-guards.js';
import { passportLogin } from './routes-guard-passport.js';

const ctx = testContext;

/** For each passport call of a file: `<route path> <strategy>` → whether it is a login. */
function passportCalls(content: string): Map<string, boolean> {
  const ix = jsIndex({ path: 'app.js', content }, ctx());
  const out = new Map<string, boolean>();
  for (const call of ix.nodesOf('CallExpression')) {
    if (!/^passport\.(authenticate|authorize)$/.test(calleeName(call) ?? '')) continue;
    const route = ix.parent(call) as AstNode & { arguments: AstNode[] };
    out.set(`${stringValue(route.arguments[0], ix)} ${stringValue(call.arguments[0] as AstNode, ix)}`, passportLogin(call, ix));
  }
  return out;
}

function auth(files: Record<string, string>): Map<string, string | undefined> {
  const { facts } = runExtractor(express, files);
  const out = new Map<string, string | undefined>();
  for (const f of facts as Fact[]) if (f.kind === 'entrypoint') out.set(`${(f as EntrypointFact).method} ${(f as EntrypointFact).path}`, (f as EntrypointFact).auth);
  return out;
}

/** Entry points of several files after link, with the guard definitions of js/auth. */
function linkedFacts(files: Record<string, string>): EntrypointFact[] {
  const extractors = [authExtractor, express];
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, extractors).facts);
  return linkFacts(facts, extractors).filter((f): f is EntrypointFact => f.kind === 'entrypoint');
}

describe('routes-guards', () => {
  it('reads the statements after `if (ok) return next()` up to the end of the block as the failing path', () => {
    const routes = auth({
      'app.js': `const express = require('express');
const app = express();
function mustBeSignedIn(req, res, next) {
  if (req.isAuthenticated()) return next();
  console.warn('blocked');
  req.flash('notice', { msg: 'please sign in first' });
  res.redirect('/signin');
}
function userOnly(req, res, next) {
  if (req.user) { return next(); }
  res.set('WWW-Authenticate', 'Bearer');
  res.status(401).end();
}
function remember(req, res, next) {
  if (req.user) return next();
  res.locals.visitor = true;
  next();
}
app.get('/profile', mustBeSignedIn, (req, res) => res.render('profile'));
app.post('/notes', userOnly, (req, res) => res.json({}));
app.get('/home', remember, (req, res) => res.render('home'));
app.get('/password/new/:code', (req, res) => {
  if (req.isAuthenticated()) {
    return res.redirect('/');
  }
  if (!/^[a-f0-9]+$/.test(req.params.code)) {
    req.flash('errors', { msg: 'bad link' });
    return res.redirect('/signin');
  }
  res.render('password-new');
});
`,
    });
    assert.equal(routes.get('GET /profile'), 'user');
    assert.equal(routes.get('POST /notes'), 'user');
    // ok: nothing after the check rejects, so it is not a guard.
    assert.equal(routes.get('GET /home'), 'none');
    // ok: signed-in users are sent away; the rest (with its own redirects) serves anonymous callers.
    assert.equal(routes.get('GET /password/new/:code'), 'none');
  });

  it('does not read a soft identity check or a pending login step as authentication', () => {
    const routes = auth({
      'app.js': `const express = require('express');
const app = express();
app.get('/feed', (req, res) => {
  let reason;
  if (!req.user) { reason = 'anonymous'; }
  res.json({ reason, items: [] });
});
app.post('/signin/otp', (req, res) => {
  if (!req.session.pendingOtpUser) return res.redirect('/signin');
  res.json({ ok: true });
});
app.post('/signin/passkey/finish', (req, res) => {
  const expected = req.session.passkeyChallenge;
  if (!req.body.assertion || !expected) return res.redirect('/signin');
  res.json({ ok: true });
});
app.get('/signin/code', async (req, res) => {
  if (!req.session.pendingMember) return res.redirect('/signin');
  const member = await User.findById(req.session.pendingMember);
  if (!member) return res.redirect('/signin');
  res.render('code', { member });
});
app.post('/signin/passkey/done', (req, res) => {
  if (!req.session.passkeyEmail) return res.redirect('/signin');
  res.json({ ok: true });
});
app.get('/repos', async (req, res, next) => {
  const token = req.user && req.user.githubToken;
  let repos = [];
  if (token) {
    try { repos = await fetchRepos(token); } catch (err) { next(err); }
  }
  res.render('repos', { repos });
});
app.post('/settings', (req, res) => {
  if (!req.session.accountId) return res.redirect('/signin');
  res.json({ ok: true });
});
`,
    });
    assert.equal(routes.get('GET /feed'), 'none');
    assert.equal(routes.get('POST /signin/otp'), 'none');
    assert.equal(routes.get('POST /signin/passkey/finish'), 'none');
    assert.equal(routes.get('GET /signin/code'), 'none');
    assert.equal(routes.get('POST /signin/passkey/done'), 'none');
    assert.equal(routes.get('GET /repos'), 'none', 'next(err) from a catch passes a failure on, it refuses nobody');
    // ok: a session account id is the logged-in user.
    assert.equal(routes.get('POST /settings'), 'user');
  });

  it('tells an OAuth login or account link by structure from a passport guard', () => {
    const calls = passportCalls(`const passport = require('passport');
const { Strategy: VimeoStrategy } = require('passport-vimeo-oauth2');
const app = require('express')();
passport.use('clip', new VimeoStrategy({ clientID: process.env.ID, clientSecret: process.env.SECRET, callbackURL: '/link/clip/back' }, verify));
app.get('/link/stream', passport.authenticate('stream'));
app.get('/link/stream/callback', passport.authenticate('stream', { session: true }), done);
app.get('/link/clip', passport.authenticate('clip'));
app.get('/link/board', passport.authenticate('board', { scope: ['read'] }));
app.get('/link/store', passport.authorize('store'));
app.get('/login/github', passport.authenticate('github'));
app.get('/api/items', passport.authenticate('bearer', { session: false }), list);
app.get('/api/orders', passport.authenticate('partner'), list);
app.get('/api/callback', passport.authenticate('jwt', { failureRedirect: '/login' }), list);
`);
    assert.equal(calls.get('/link/stream stream'), true, 'a route ending in /callback uses it');
    assert.equal(calls.get('/link/stream/callback stream'), true);
    assert.equal(calls.get('/link/clip clip'), true, 'configured with a provider callbackURL');
    assert.equal(calls.get('/link/board board'), true, 'passes an OAuth scope');
    assert.equal(calls.get('/link/store store'), true, 'authorize links an account');
    assert.equal(calls.get('/login/github github'), true);
    // ok: credential-carrying strategies and an unknown name with no login sign stay guards.
    assert.equal(calls.get('/api/items bearer'), false);
    assert.equal(calls.get('/api/orders partner'), false);
    assert.equal(calls.get('/api/callback jwt'), false);
  });

  it('reads owner-or-admin guards as user guards with the owned path parameters', () => {
    const source = `const express = require('express');
const app = express();
function selfOrAdmin(req, res, next) {
  if (req.params.memberId !== req.user.id && req.user.role !== 'admin') return res.status(403).end();
  next();
}
const allow = (...requiredRights) => (req, res, next) => {
  const hasRequiredRights = requiredRights.every((r) => req.user.rights.includes(r));
  if (!hasRequiredRights && req.params.accountId !== String(req.user.id)) return res.status(403).end();
  next();
};
function ownerOrStaff(req, res, next) {
  if (req.user.isStaff || req.params.memberId === req.user._id) return next();
  res.sendStatus(403);
}
function adminOnly(req, res, next) {
  if (req.user.role !== 'admin') return res.status(403).end();
  next();
}
function ownerAndAdmin(req, res, next) {
  if (req.params.memberId !== req.user.id || req.user.role !== 'admin') return res.status(403).end();
  next();
}
app.get('/members/:memberId', selfOrAdmin, (req, res) => res.json({}));
app.patch('/accounts/:accountId', allow('manageAccounts'), (req, res) => res.json({}));
app.put('/members/:memberId', ownerOrStaff, (req, res) => res.json({}));
app.get('/audit', adminOnly, (req, res) => res.json({}));
app.delete('/members/:memberId', ownerAndAdmin, (req, res) => res.json({}));
app.post('/posts/:postId', async (req, res) => {
  const post = await Post.findById(req.params.postId);
  if (post.author.toString() !== req.user.id && !req.user.isAdmin) return res.status(403).end();
  res.json(post);
});
`;
    const routes = auth({ 'app.js': source });
    assert.equal(routes.get('GET /members/:memberId'), 'user');
    assert.equal(routes.get('PATCH /accounts/:accountId'), 'user');
    assert.equal(routes.get('PUT /members/:memberId'), 'user');
    assert.equal(routes.get('POST /posts/:postId'), 'user');
    // ok: admin-only, and owner AND admin, stay admin.
    assert.equal(routes.get('GET /audit'), 'admin');
    assert.equal(routes.get('DELETE /members/:memberId'), 'admin');

    const ix = jsIndex({ path: 'app.js', content: source }, ctx());
    const owner = (name: string) => {
      const fn = ix.functionByName(name);
      assert.ok(fn, name);
      return classifyGuard(fn, ix)?.owner?.params;
    };
    assert.deepEqual(owner('selfOrAdmin'), ['memberId']);
    assert.deepEqual(owner('ownerOrStaff'), ['memberId']);
    assert.equal(owner('adminOnly'), undefined);
  });
  it('says a guard stops its caller only when every refusal throws', () => {
    const ix = jsIndex({
      path: 'guards.js',
      content: `function throws(req) { if (!req.session.userId) throw new Error('You are not logged in.'); }
function redirects(req, res) { if (req.session.logged == undefined) { res.redirect('/login'); } }
function answers(req, res) { if (!req.user) { res.status(401).end(); return false; } return true; }
`,
    }, ctx());
    const halts = Object.fromEntries(ix.nodesOf('FunctionDeclaration').map((fn) => [fn.id?.name, guardHalts(fn, ix)]));
    assert.deepEqual(halts, { throws: true, redirects: false, answers: false });
  });
  it('reads a shared secret compared in the handler as a caller check, but not a login', () => {
    const routes = auth({
      'app.js': `const express = require('express');
const app = express();
app.post('/cron/daily', async (req, res) => {
  const token = req.body.token || req.query.token;
  if (!safeEqual(process.env.CRON_SECRET, token)) throw new Error('bad token');
  await purgeOld();
  res.end();
});
app.post('/hook', (req, res) => {
  if (req.headers['x-signature'] !== config.webhookSecret) return res.sendStatus(401);
  res.end();
});
app.delete('/files/:id', async (req, res) => {
  if (req.headers.signature !== Config.get().security.requestSignature) throw new HTTPError('Invalid request signature');
  await storage.delete(req.params.id);
  res.end();
});
app.post('/files', async (req, res) => {
  if (req.headers.signature !== Config.get().security.requestSignature) throw new HTTPError('Invalid request signature');
  let hash = digest(req.file.buffer);
  if (animated(req.file)) hash = 'a_' + hash;
  await storage.set(hash, req.file.buffer);
  res.json({ id: hash });
});
app.post('/admin/login', (req, res) => {
  if (req.body.password !== process.env.ADMIN_PASSWORD) return res.sendStatus(401);
  req.session.admin = true;
  res.end();
});
app.post('/open', (req, res) => {
  if (!process.env.FEATURE_TOKEN) return res.sendStatus(403);
  res.end();
});
`,
    });
    assert.equal(routes.get('POST /cron/daily'), 'user');
    assert.equal(routes.get('POST /hook'), 'user');
    assert.equal(routes.get('DELETE /files/:id'), 'user', 'a request signature compared with one read through a configuration getter');
    assert.equal(routes.get('POST /files'), 'user', 'a local `hash` reassigned is no password being set');
    assert.equal(routes.get('POST /admin/login'), 'none', 'a login compares a password and then opens a session');
    assert.equal(routes.get('POST /open'), 'none', 'a feature switch reads no request value');
  });

  it('reads a refusal answered by a helper (`helpers.notAllowed(req, res)`) as a login check', () => {
    const routes = auth({
      'app.js': `const express = require('express');
const app = express();
const ensureLoggedIn = (req, res, next) => {
  if (!req.loggedIn) {
    return controllers.helpers.notAllowed(req, res);
  }
  setImmediate(next);
};
app.get('/api/unread/total', ensureLoggedIn, (req, res) => res.json({}));
`,
    });
    assert.equal(routes.get('GET /api/unread/total'), 'user');
  });

  it('judges RBAC permission guards by the permissions asked: management ones are admin, feature ones user', () => {
    const routes = auth({
      'app.js': `const express = require('express');
const app = express();
const checkPermission = (permission) => {
  return (req, res, next) => {
    const user = req.user;
    if (user) {
      if (user.isOrganizationAdmin) return next();
      const permissions = user.permissions;
      if (permissions && permissions.includes(permission)) return next();
    }
    return res.status(403).json({ message: 'Forbidden' });
  };
};
const checkAnyPermission = (permissionsString) => {
  return (req, res, next) => {
    const user = req.user;
    if (user) {
      const permissions = user.permissions;
      const ids = permissionsString.split(',');
      if (permissions && permissions.length) {
        for (let i = 0; i < ids.length; i++) {
          if (permissions.includes(ids[i])) return next();
        }
      }
    }
    return res.status(403).json({ message: 'Forbidden' });
  };
};
app.get('/loginmethod', checkPermission('sso:manage'), (req, res) => res.json({}));
app.put('/role', checkPermission('roles:manage'), (req, res) => res.json({}));
app.post('/workspaceuser', checkAnyPermission('workspace:add-user,users:manage'), (req, res) => res.json({}));
app.get('/chatflows', checkPermission('chatflows:view'), (req, res) => res.json({}));
app.put('/chatflows/:id', checkAnyPermission('chatflows:update,agentflows:update'), (req, res) => res.json({}));
app.get('/workspaces', checkPermission('workspace:view'), (req, res) => res.json({}));
`,
    });
    assert.equal(routes.get('GET /loginmethod'), 'admin');
    assert.equal(routes.get('PUT /role'), 'admin');
    assert.equal(routes.get('POST /workspaceuser'), 'admin');
    assert.equal(routes.get('GET /chatflows'), 'user', 'a feature permission needs a signed-in user holding it');
    assert.equal(routes.get('PUT /chatflows/:id'), 'user');
    assert.equal(routes.get('GET /workspaces'), 'user', 'reading is no management');
  });

  it('reads single-user-mode guards as admin (the owner), verified credential headers as user, and origin or existence checks as no auth', () => {
    const routes = auth({
      'app.js': `const express = require('express');
const middleware = require('./middleware');
const app = express();
async function isSingleUserMode(_request, response, next) {
  const multiUserMode = await SystemSettings.isMultiUserMode();
  if (multiUserMode) return response.sendStatus(401).end();
  next();
}
async function validatedRequest(request, response, next) {
  const multiUserMode = await SystemSettings.isMultiUserMode();
  if (multiUserMode) return await validateMultiUserRequest(request, response, next);
  const token = request.header('Authorization');
  if (!token) return response.status(401).json({ error: 'No auth token found.' });
  if (!check(token)) return response.status(401).json({ error: 'Invalid auth credentials.' });
  next();
}
async function validDeviceToken(request, response, next) {
  try {
    const token = request.header('x-app-mobile-device-token');
    if (!token) return response.status(400).json({ error: 'Device token is required' });
    const device = await MobileDevice.get({ token: String(token) });
    if (!device) return response.status(400).json({ error: 'Device not found' });
    response.locals.device = device;
    next();
  } catch (e) { response.status(500).end(); }
}
function verifyPayloadIntegrity(request, response, next) {
  const signature = request.header('X-Integrity');
  if (!signature) return response.status(400).json({ msg: 'Failed integrity signature check.' });
  const valid = comKey.verify(signature, request.body);
  if (!valid) return response.status(400).json({ msg: 'Failed integrity signature check.' });
  next();
}
async function extensionKey(request, response, next) {
  const multiUserMode = await SystemSettings.isMultiUserMode();
  const auth = request.header('Authorization');
  if (!auth) return response.status(403).json({ error: 'No valid API key found.' });
  if (multiUserMode) {
    const user = await User.get({ id: 1 });
    if (!user) return response.status(403).json({ error: 'User not found.' });
  }
  next();
}
function needsClientHeader(request, response, next) {
  const token = request.header('x-client-token');
  if (!token) return response.status(400).json({ error: 'missing header' });
  next();
}
async function canRespond(request, response, next) {
  const embed = response.locals.embedConfig;
  const host = request.headers.origin ?? '';
  const allowedHosts = parseAllowedHosts(embed);
  if (allowedHosts !== null && !allowedHosts.includes(host)) {
    response.status(401).json({ error: 'Invalid request.' });
    return;
  }
  next();
}
async function validWorkspaceSlug(request, response, next) {
  const workspace = await Workspace.get({ slug: request.params.slug });
  if (!workspace) { response.status(404).send('Workspace does not exist.'); return; }
  response.locals.workspace = workspace;
  next();
}
app.post('/api/system/generate-api-key', isSingleUserMode, (req, res) => res.json({}));
app.get('/api/system/keys', validatedRequest, (req, res) => res.json({}));
app.get('/api/mobile/auth', validDeviceToken, (req, res) => res.json({}));
app.post('/process', verifyPayloadIntegrity, (req, res) => res.json({}));
app.get('/browser-extension/check', extensionKey, (req, res) => res.json({}));
app.post('/open', needsClientHeader, (req, res) => res.json({}));
app.post('/embed/:embedId/stream-chat', canRespond, (req, res) => res.json({}));
app.get('/workspace/:slug', validWorkspaceSlug, (req, res) => res.json({}));
app.get('/uid/:uid', middleware.assert.user, (req, res) => res.json({}));
`,
    });
    assert.equal(routes.get('POST /api/system/generate-api-key'), 'admin');
    assert.equal(routes.get('GET /api/system/keys'), 'user', 'multi-user mode hands the request on to another check: no refusal of its own');
    assert.equal(routes.get('GET /api/mobile/auth'), 'user');
    assert.equal(routes.get('GET /browser-extension/check'), 'user', 'a check that only runs in multi-user mode is no single-user guard');
    assert.equal(routes.get('POST /process'), 'user');
    assert.equal(routes.get('POST /open'), 'none', 'a header that is only required, never verified, is no credential');
    assert.equal(routes.get('POST /embed/:embedId/stream-chat'), 'none', 'a 401 for a foreign Origin is no authentication');
    assert.equal(routes.get('GET /workspace/:slug'), 'none');
    assert.equal(routes.get('GET /uid/:uid'), 'none', 'an existence assertion (404) is no auth');
  });
});

describe('routes-guards: decorating middleware', () => {
  it('is no gate when the rest after `if (req.user) return next()` ends by calling next()', () => {
    const routes = auth({
      'app.js': `const express = require('express');
const app = express();
const attachTokenUser = (req, res, next) => {
  if (req.user) return next();
  const token = req.header('authorization');
  const apiUser = token ? lookup(token) : undefined;
  if (apiUser) {
    if (apiUser.type === 'client' && !req.path.startsWith('/api/client')) return res.status(403).end();
    req.user = apiUser;
  } else if (req.path.startsWith('/api/client')) {
    return res.status(401).end();
  }
  next();
};
function requireUser(req, res, next) {
  if (req.user) return next();
  res.status(401).end();
}
app.use(attachTokenUser);
app.get('/', (req, res) => res.send('index'));
app.get('/private', requireUser, (req, res) => res.send('me'));
`,
    });
    assert.equal(routes.get('GET /'), 'none');
    assert.equal(routes.get('GET /private'), 'user');
  });
});

describe('routes-guards: a token verified only when one is sent', () => {
  it('is no gate when `if (!token) return next()` comes first', () => {
    const ix = jsIndex({
      path: 'guards.js',
      content: `const jwt = require('jsonwebtoken');
const validateToken = () => async (req, res, next) => {
  const { token } = req.query;
  if (!token) {
    return next();
  }
  try {
    req.resetFor = jwt.verify(token, process.env.SECRET);
  } catch (e) {
    return res.status(401).json({ message: 'Invalid token' });
  }
  return next();
};
const requireToken = () => async (req, res, next) => {
  const token = req.headers.authorization;
  if (!token) return res.status(401).end();
  req.resetFor = jwt.verify(token, process.env.SECRET);
  return next();
};
`,
    }, ctx());
    assert.equal(classifyGuard(ix.functionByName('validateToken')!, ix), undefined);
    assert.equal(classifyGuard(ix.functionByName('requireToken')!, ix)?.level, 'user');
  });
});

describe('routes-guards: loaders, blocked-user checks and error pages (nodeclub shapes)', () => {
  const files = {
    'middlewares/auth.js': `exports.adminRequired = function (req, res, next) {
  if (!req.session.user) {
    return res.render('notify/notify', { error: 'not signed in' });
  }
  if (!req.session.user.is_admin) {
    return res.render('notify/notify', { error: 'admins only' });
  }
  next();
};
exports.blockUser = function () {
  return function (req, res, next) {
    if (req.path === '/signout') return next();
    if (req.session.user && req.session.user.is_block && req.method !== 'GET') {
      return res.status(403).send('blocked');
    }
    next();
  };
};
exports.tryAuth = function (req, res, next) {
  UserModel.findOne({ accessToken: req.query.accesstoken }, function (err, user) {
    if (!user) {
      return next();
    }
    if (user.is_block) {
      res.status(403);
      return res.send({ success: false });
    }
    req.user = user;
    next();
  });
};
exports.showPage = function (req, res, next) {
  if (!req.session.user) return res.render('index', { topics: [] });
  next();
};
exports.showLogin = function (req, res) {
  if (req.session.user) {
    res.redirect('/');
  } else {
    res.render('sign/signin', { error: req.flash('error') });
  }
};
`,
    'controllers/topic.js': `exports.update = function (req, res, next) {
  Topic.getTopicById(req.params.tid, function (err, topic) {
    if (topic.author_id.equals(req.session.user._id) || req.session.user.is_admin) {
      topic.title = req.body.title;
      topic.save(() => res.redirect('/topic/' + topic._id));
    } else {
      res.status(403).send('no');
    }
  });
};
exports.remove = function (req, res, next) {
  Topic.getTopicById(req.params.tid, function (err, topic) {
    if (!req.session.user.is_admin && !(topic.author_id.equals(req.session.user._id))) {
      res.status(403);
      return res.send({ success: false });
    }
    topic.deleted = true;
    topic.save(() => res.send({ success: true }));
  });
};
`,
    'app.js': `const express = require('express');
const auth = require('./middlewares/auth');
const topic = require('./controllers/topic');
const app = express();
app.get('/topic/:tid', auth.tryAuth, (req, res) => res.render('topic'));
app.use(auth.blockUser());
app.get('/', (req, res) => res.render('index'));
app.get('/page', auth.showPage, (req, res) => res.render('page'));
app.get('/signin', auth.showLogin);
app.post('/topic/:tid/top', auth.adminRequired, (req, res) => res.send('ok'));
app.post('/topic/:tid/edit', topic.update);
app.post('/topic/:tid/delete', topic.remove);
`,
  };
  const facts = linkedFacts(files);
  const ep = (m: string, p: string) => facts.find((f) => f.method === m && f.path === p)!;

  it('a check that refuses only a signed-in caller (blocked) is no auth', () => {
    assert.equal(ep('GET', '/').auth, 'none');
  });

  it('a loader that calls next() when no user is found is no auth, whatever its name', () => {
    assert.equal(ep('GET', '/topic/:tid').auth, 'none');
  });

  it('an error page rendered on the failing side refuses; any other page does not', () => {
    assert.equal(ep('POST', '/topic/:tid/top').auth, 'admin');
    assert.equal(ep('GET', '/page').auth, 'none');
    // The sign-in page anonymous callers get in the `else`: no refusal.
    assert.equal(ep('GET', '/signin').auth, 'none');
  });

  it('`owner.equals(caller) || is_admin` in a handler is a user with an owner check, not an admin', () => {
    for (const p of ['/topic/:tid/edit', '/topic/:tid/delete']) {
      assert.equal(ep('POST', p).auth, 'user', p);
      assert.ok(ep('POST', p).tags?.includes('owner-check'), p);
    }
  });
  it('does not take a redirect to a loaded record\'s field (a short link) for a refusal', () => {
    const linked = linkedFacts({
      'links.js': `async function redirect(req, res, next) {
  if (req.path === '/health') return next();
  const link = await Link.findOne({ address: req.params.id });
  if (!link) return res.redirect('/404');
  if (link.password) {
    const auth = req.headers.authorization;
    const colon = auth ? auth.indexOf(':') : -1;
    if (colon !== -1) {
      if (await bcrypt.compare(auth.slice(colon + 1), link.password)) return res.redirect(link.target);
    }
    return res.render('protected', { id: link.uuid });
  }
  return res.redirect(link.target);
}
function mustSignIn(req, res, next) {
  const token = req.headers.authorization;
  if (!token) return res.redirect(config.loginPage);
  next();
}
module.exports = { redirect, mustSignIn };`,
      'app.js': `const express = require('express');
const links = require('./links');
const app = express();
app.get('/:id', links.redirect);
app.get('/me', links.mustSignIn, (req, res) => res.send('me'));`,
    });
    const authOf = new Map(linked.map((e) => [e.path, e.auth]));
    assert.equal(authOf.get('/:id'), 'none');
    assert.equal(authOf.get('/me'), 'user');
  });

});

describe('routes-guards: aliases', () => {
  it('judges a middleware that only hands (req, res, next) to another function of its file by that function', () => {
    const linked = linkedFacts({
      'middleware/gate.js': `async function signedIn(req, res, next) {
  if (req.session.account) return next();
  res.redirect('/login');
}
function staffOnly(req, res, next) {
  if (!req.session.account || !req.session.account.isAdmin) return res.status(403).send('staff only');
  next();
}
const needsLogin = (req, res, next) => { signedIn(req, res, next); };
const needsStaff = (req, res, next) => staffOnly(req, res, next);
// Not an alias: the request goes on whatever the callee decides.
const tracked = (req, res, next) => { signedIn(req, res, () => {}); };
const loopA = (req, res, next) => loopB(req, res, next);
const loopB = (req, res, next) => loopA(req, res, next);
module.exports = { needsLogin, needsStaff, tracked, loopA };`,
      'app.js': `const express = require('express');
const { needsLogin, needsStaff, tracked, loopA } = require('./middleware/gate');
const app = express();
app.post('/orders/cancel', needsLogin, (req, res) => res.json({}));
app.post('/staff/refund', needsStaff, (req, res) => res.json({}));
app.post('/visits', tracked, (req, res) => res.json({}));
app.post('/loop', loopA, (req, res) => res.json({}));`,
    });
    const authOf = new Map(linked.map((e) => [e.path, e.auth]));
    assert.equal(authOf.get('/orders/cancel'), 'user');
    assert.equal(authOf.get('/staff/refund'), 'admin');
    assert.equal(authOf.get('/visits'), 'none');
    assert.equal(authOf.get('/loop'), 'none');
  });

  it('reads a 400 answer that says access is denied as a refusal, not a 400 about the input', () => {
    const routes = auth({
      'app.js': `const express = require('express');
const app = express();
app.post('/staff/remove', async (req, res) => {
  if (req.session.isAdmin !== true) {
    res.status(400).json({ message: 'Access denied' });
    return;
  }
  await db.staff.deleteOne({ _id: String(req.body.id) });
  res.json({ ok: true });
});
app.post('/notes/publish', async (req, res) => {
  if (!req.session.isAdmin) return res.status(400).json({ message: 'Please supply a title' });
  res.json({ ok: true });
});
`,
    });
    assert.equal(routes.get('POST /staff/remove'), 'admin');
    // ok: a 400 that names the input is a validation answer.
    assert.equal(routes.get('POST /notes/publish'), 'none');
  });
});

describe('middleware that stores what a throwing credential helper returns', () => {
  const guards = `import type { Request, Response, NextFunction } from 'express';
import jwt from 'jsonwebtoken';
export const requireSession = (req: Request, res: Response, next: NextFunction) => {
  res.locals.caller = { kind: 'session', accountId: readSessionToken(req) };
  next();
};
export const attachCaller = (req: Request, res: Response, next: NextFunction) => {
  req.account = readSessionToken(req);
  next();
};
export const tryCaller = (req: Request, res: Response, next: NextFunction) => {
  try {
    req.account = readSessionToken(req);
  } catch (e) {
    req.account = undefined;
  }
  next();
};
export const peekCaller = (req: Request, res: Response, next: NextFunction) => {
  res.locals.caller = { accountId: lookupSessionToken(req) };
  next();
};
function readSessionToken(request: Request): string {
  const token = request.cookies.session;
  if (!token) throw new Unauthorized('no session');
  const claims = jwt.verify(token, process.env.SESSION_SECRET);
  if (!claims) throw new Unauthorized('bad session');
  return claims.sub;
}
function lookupSessionToken(request: Request): string | undefined {
  const token = request.cookies.session;
  if (!token) return undefined;
  return jwt.verify(token, process.env.SESSION_SECRET).sub;
}
`;
  const app = `import express from 'express';
import { requireSession, attachCaller, tryCaller, peekCaller } from './guards';
const app = express();
app.get('/a', requireSession, (req, res) => res.json(res.locals.caller));
app.get('/b', attachCaller, (req, res) => res.json(req.account));
app.get('/c', tryCaller, (req, res) => res.json(req.account));
app.get('/d', peekCaller, (req, res) => res.json(res.locals.caller));
`;
  const eps = new Map(linkedFacts({ 'src/guards.ts': guards, 'src/app.ts': app }).map((e) => [e.path, e.auth]));

  it('is a guard when the helper throws on a missing or bad credential', () => {
    assert.equal(eps.get('/a'), 'user');
    assert.equal(eps.get('/b'), 'user');
  });

  it('is none when a try catches the throw or the helper only returns nothing', () => {
    assert.equal(eps.get('/c'), 'none');
    assert.equal(eps.get('/d'), 'none');
  });
});

describe('routes-guards: an internal/service-call flag beside an admin check', () => {
  const ix = jsIndex({
    path: 'guards.ts',
    content: `export const adminsOrServices = async (ctx, next) => {
  if (!ctx.internal && !isAdmin(ctx.user)) {
    ctx.throw(403, 'admins only');
  }
  return next();
};
export const adminsOrServicesFirst = async (ctx, next) => {
  if (ctx.isServiceCall || isAdmin(ctx.user)) return next();
  ctx.throw(403, 'admins only');
};
export function staffOrService(req, res, next) {
  if (!req.state.internal && !req.user?.isAdmin) return res.status(403).end();
  next();
}
export function adminsOrPublicOrg(req, res, next) {
  if (!org.internal && !req.user?.isAdmin) return res.status(403).end();
  next();
}
`,
  }, ctx());
  it('keeps the admin level when the other alternative is a flag on the request naming a service call', () => {
    assert.equal(classifyGuard(ix.functionByName('adminsOrServices')!, ix)?.level, 'admin');
    assert.equal(classifyGuard(ix.functionByName('adminsOrServicesFirst')!, ix)?.level, 'admin');
    assert.equal(classifyGuard(ix.functionByName('staffOrService')!, ix)?.level, 'admin');
  });
  it('still lowers it when the flag belongs to a record, which lets ordinary callers through', () => {
    assert.equal(classifyGuard(ix.functionByName('adminsOrPublicOrg')!, ix)?.level, 'user');
  });
});
