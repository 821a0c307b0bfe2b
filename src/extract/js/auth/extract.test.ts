import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AuthFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

function auth(files: Record<string, string>): AuthFact[] {
  return runExtractor(extractor, files).facts.filter((f): f is AuthFact => f.kind === 'auth');
}

describe('extract/js/auth', () => {
  it('records guard definitions by behaviour, with their export names', () => {
    const facts = auth({
      'middleware/auth.js': `const jwt = require('jsonwebtoken');
function protect(req, res, next) {
  const token = req.headers.authorization;
  if (!token) return res.status(401).json({ message: 'no token' });
  req.user = jwt.verify(token, process.env.SECRET, { algorithms: ['HS256'] });
  next();
}
const adminOnly = (req, res, next) => {
  if (req.user && req.user.role === 'admin') return next();
  return res.status(403).end();
};
const requireRole = (role) => (req, res, next) => (req.user.role === role ? next() : res.sendStatus(403));
// The roles come from the call site (\`authorize('user', 'admin')\`): an array method is not a role constant.
const authorize = (...roles) => (req, res, next) => {
  if (!roles.includes(req.user.role)) return res.status(403).end();
  next();
};
const editorsOnly = (req, res, next) => (req.user.roles.includes(Roles.Editor) ? next() : res.sendStatus(403));
function logRequests(req, res, next) { console.log(req.url); next(); }
module.exports = { protect, adminOnly, requireRole, authorize, editorsOnly, logRequests };
`,
    });
    const guards = facts.filter((f) => f.role === 'guard-definition');
    const byName = Object.fromEntries(guards.map((g) => [g.name, g.details?.level]));
    assert.deepEqual(byName, { protect: 'user', adminOnly: 'admin', requireRole: 'role', authorize: 'role', editorsOnly: 'admin' });
    assert.equal(guards.find((g) => g.name === 'protect')?.details?.exports, 'protect');
  });

  it('recognises Nest guards and middleware classes, and fastify decorators', () => {
    const facts = auth({
      'jwt.guard.ts': `import { AuthGuard } from '@nestjs/passport';
export class JwtAuthGuard extends AuthGuard('jwt') {}
export class RolesGuard { canActivate(context) { const user = context.switchToHttp().getRequest().user; return user.roles.includes('admin'); } }
`,
      'plugins/auth.js': `module.exports = async function (fastify) {
  fastify.decorate('authenticate', async function (request, reply) { await request.jwtVerify(); });
};
`,
    });
    const guards = Object.fromEntries(facts.filter((f) => f.role === 'guard-definition').map((g) => [g.name, g.details?.level]));
    assert.deepEqual(guards, { JwtAuthGuard: 'user', RolesGuard: 'admin', authenticate: 'user' });
  });

  it('describes JWT verification, decoding and secrets', () => {
    const facts = auth({
      'tokens.js': `const jwt = require('jsonwebtoken');
function a(t) { return jwt.verify(t, 'secret123', { algorithms: ['HS256', 'none'] }); }
function b(t) { return jwt.sign({ sub: 1 }, process.env.KEY || 'dev', { expiresIn: '1h' }); }
function c(req, res, next) { req.user = jwt.decode(req.headers.authorization); next(); }
`,
    });
    const verify = facts.find((f) => f.role === 'token-verify' && f.details?.operation === 'verify');
    assert.equal(verify?.details?.none, true);
    assert.equal(verify?.details?.secretOrigin, 'literal');
    assert.equal(facts.find((f) => f.role === 'token-issue')?.details?.secretOrigin, 'env-fallback');
    const decode = facts.find((f) => f.details?.operation === 'decode');
    assert.equal(decode?.details?.inRequestPath, true);
    assert.equal(decode?.details?.verifiedNearby, false);
  });

  it('lists passport strategies and sessions', () => {
    const facts = auth({
      'passport.js': `const passport = require('passport');
const { Strategy: LocalStrategy } = require('passport-local');
const GoogleStrategy = require('passport-google-oauth20').Strategy;
passport.use(new LocalStrategy(() => {}));
passport.use(new GoogleStrategy({}, () => {}));
app.use(passport.session());
`,
    });
    assert.deepEqual(facts.map((f) => `${f.mechanism}:${f.library}`).sort(), ['custom:passport-local', 'oauth:passport-google-oauth20', 'session:passport']);
  });

  it('counts a same-file helper that sends the caller to a refusal or sign-in page as the refusal', () => {
    const facts = auth({
      'middleware/access.mjs': `function sendToRestricted(req, res) {
  res.redirect(\`/restricted?from=\${encodeURIComponent(req.originalUrl)}\`);
}
function sendToLogin(req, res) {
  res.redirect('/login?next=' + encodeURIComponent(req.originalUrl));
}
function sendHome(req, res) {
  res.redirect(\`/dashboard?from=\${req.originalUrl}\`);
}
async function mustBeSiteAdmin(req, res, next) {
  if (await Permissions.isUserSiteAdmin(req.session.userId)) return next();
  sendToRestricted(req, res);
}
async function mustBeSignedIn(req, res, next) {
  if (await Sessions.isLoggedIn(req.session)) return next();
  sendToLogin(req, res);
}
async function welcomeBack(req, res, next) {
  if (await Sessions.isLoggedIn(req.session)) return next();
  sendHome(req, res);
}
export default { mustBeSiteAdmin, mustBeSignedIn, welcomeBack };
`,
    });
    const byName = Object.fromEntries(facts.filter((f) => f.role === 'guard-definition').map((g) => [g.name, g.details?.level]));
    assert.deepEqual(byName, { mustBeSiteAdmin: 'admin', mustBeSignedIn: 'user' });
  });

  it('judges a factory that returns another guard factory of the file as that factory', () => {
    const facts = auth({
      'auth/controller.mjs': `import basicAuth from 'basic-auth';
const AuthController = {
  requireBasic(users) {
    return function (req, res, next) {
      const creds = basicAuth(req);
      if (!creds || users[creds.name] !== creds.pass) return res.status(401).send('denied');
      next();
    };
  },
  requireServiceAuth() {
    return AuthController.requireBasic(config.serviceUsers);
  },
  describe() {
    return AuthController.format(config.serviceUsers);
  },
  format(users) {
    return Object.keys(users).join(',');
  },
};
export default AuthController;
`,
    });
    const byName = Object.fromEntries(facts.filter((f) => f.role === 'guard-definition').map((g) => [g.name, g.details?.level]));
    assert.deepEqual(byName, { requireBasic: 'user', requireServiceAuth: 'user' });
  });
});
