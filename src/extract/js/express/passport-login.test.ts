// Passport used as route middleware: OAuth sign-in, its callback and `passport.authorize` (linking
// an account) let anyone in and so guard nothing; a credential strategy (jwt) does guard.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const APP = `const express = require('express');
const passport = require('passport');
const app = express();
app.get('/auth/twitch', passport.authenticate('twitch', { scope: ['user:read:email'] }));
app.get('/auth/twitch/callback', passport.authenticate('twitch', { failureRedirect: '/login' }), (req, res) => res.redirect('/'));
app.get('/auth/tumblr', passport.authorize('tumblr'));
app.get('/api/me', passport.authenticate('jwt', { session: false }), (req, res) => res.json(req.user));
app.listen(3000);
`;

describe('extract/js/express: passport sign-in routes are not guarded routes', () => {
  it('reads OAuth starts, callbacks and passport.authorize as logins, and jwt as a guard', () => {
    const routes = runExtractor(extractor, { 'app.js': APP }).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const auth = Object.fromEntries(routes.map((r) => [`${r.method} ${r.path}`, r.auth]));
    assert.deepEqual(auth, { 'GET /auth/twitch': 'none', 'GET /auth/twitch/callback': 'none', 'GET /auth/tumblr': 'none', 'GET /api/me': 'user' });
  });
});

describe('extract/js/express: a passport strategy is the handler of the route that runs it', () => {
  it("points passport.authenticate('<name>') at the verify callback of passport.use('<name>', new Strategy(cb)) in another file", () => {
    const routes = runExtractor(extractor, {
      'routes/main.js': `module.exports = function (passport) {
  const router = require('express').Router();
  router.post('/login', passport.authenticate('login', { successRedirect: '/learn', failureRedirect: '/login' }));
  router.post('/register', passport.authenticate('signup', { successRedirect: '/learn', failureRedirect: '/register' }));
  return router;
};
`,
      'core/passport.js': `const LocalStrategy = require('passport-local').Strategy;
module.exports = function (passport) {
  passport.use('login', new LocalStrategy({ passReqToCallback: true },
    function (req, username, password, done) {
      db.User.findOne({ where: { login: username } }).then((user) => done(null, user));
    }));
  passport.use('signup', new LocalStrategy({ passReqToCallback: true }, function (req, username, password, done) {
    db.User.create({ email: req.body.email, password: hash(password), login: username }).then((user) => done(null, user));
  }));
};
`,
    }).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const got = Object.fromEntries(routes.map((r) => [`${r.method} ${r.path}`, `${r.handler?.file}:${r.handler?.line} ${r.auth} ${r.tags?.includes('writes-storage') ? 'writes' : ''}`.trim()]));
    assert.deepEqual(got, { 'POST /login': 'core/passport.js:4 none', 'POST /register': 'core/passport.js:7 none writes' });
  });
});
