// Routes whose only "check" is not a caller's credential: a mailed link's token taken from the URL
// path (e-mail verification, password reset), a navigation cookie read on an OAuth callback, and a
// middleware that passes requests without a token on. Also a route registered only under a
// private debug flag (`config._debug`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

const FILES = {
  'package.json': JSON.stringify({ dependencies: { express: '^4.0.0', jsonwebtoken: '^9.0.0' } }),
  'src/app.js': `const express = require('express');
const jwt = require('jsonwebtoken');
const app = express();
app.get('/verify/:token', async (req, res, next) => {
  try {
    const account = await Tokens.validateToken({ kind: 'verify', token: req.params.token });
    await Accounts.query().patch({ verified: true }).where('id', account.id);
    res.redirect('/');
  } catch (err) {
    next(err);
  }
});
app.get('/reset/:code', async (req, res) => {
  const { code } = req.params;
  const claims = jwt.verify(code, process.env.RESET_KEY);
  res.render('reset', { email: claims.email });
});
app.get('/me', async (req, res) => {
  const claims = jwt.verify(req.cookies.token, process.env.KEY);
  res.json(await Accounts.findById(claims.id));
});
app.get('/items/:id', async (req, res) => {
  const claims = jwt.verify(req.headers.authorization, process.env.KEY);
  res.json(await Items.find({ owner: claims.id, id: req.params.id }));
});
app.all('/login/:provider/callback', async (req, res, next) => {
  try {
    const result = await Accounts.login({ provider: req.params.provider }, { req, res });
    res.cookie('jwt', result.jwt, { httpOnly: true });
    const back = req.cookies['loginRedirect'];
    if (back === '/' && result.redirect) {
      res.redirect(result.redirect);
    } else if (back && back.startsWith('/') && !back.startsWith('//')) {
      res.redirect(back);
    } else {
      res.redirect('/');
    }
  } catch (err) {
    next(err);
  }
});
app.get('/dashboard', (req, res) => {
  if (!req.cookies.session) return res.redirect('/login');
  res.render('dashboard');
});
function checkIssuedToken(store) {
  return async function (req, res, next) {
    const caller = req.remote_user;
    const key = caller?.token?.key;
    if (!key) return next();
    if (!(await store.has(caller.name, key))) return next(new Error('revoked'));
    return next();
  };
}
app.use(checkIssuedToken(store));
app.get('/-/ping', (req, res) => res.json({}));
app.get('/-/whoami', (req, res, next) => {
  if (!req.remote_user?.name) return res.status(401).end();
  res.json({ username: req.remote_user.name });
});
app.delete('/-/user/token/:token', (req, res) => res.json({ ok: 'logged out' }));
app.post('/api/token', (req, res) => res.json({ token: issue(req.body.user, req.body.password) }));
if (config._debug) {
  app.get('/-/_debug', (req, res) => res.json({ pid: process.pid, mem: process.memoryUsage() }));
}
app.listen(3000);
`,
};

function routes(): Map<string, EntrypointFact> {
  const { facts } = runExtractors([extractor, auth], FILES);
  const out = new Map<string, EntrypointFact>();
  for (const f of facts) if (f.kind === 'entrypoint' && f.protocol === 'http') out.set(`${f.method} ${f.path}`, f);
  return out;
}

describe('express: tokens and cookies that authenticate nobody', () => {
  const found = routes();
  it('takes a token from the URL path, checked by the handler, for a mailed link (public, capability)', () => {
    for (const k of ['GET /verify/:token', 'GET /reset/:code']) {
      assert.equal(found.get(k)?.auth, 'none', k);
      assert.ok(found.get(k)?.tags?.includes('capability-token'), k);
    }
  });
  it('still reads a token from a cookie or a header as the caller', () => {
    assert.equal(found.get('GET /me')?.auth, 'user');
    assert.equal(found.get('GET /items/:id')?.auth, 'user');
  });
  it('does not take a post-login redirect cookie for a session', () => {
    assert.equal(found.get('ALL /login/:provider/callback')?.auth, 'none');
    assert.equal(found.get('GET /dashboard')?.auth, 'user', 'a session cookie still is one');
  });
  it('reads the remote user as the caller, and a middleware that lets token-less calls through as no guard', () => {
    assert.equal(found.get('GET /-/whoami')?.auth, 'user');
    assert.equal(found.get('GET /-/ping')?.auth, 'none');
  });
  it('takes a DELETE of a token or session for a logout, not a login', () => {
    assert.ok(!found.get('DELETE /-/user/token/:token')?.tags?.includes('login'));
    assert.ok(found.get('DELETE /-/user/token/:token')?.tags?.includes('logout'));
    assert.ok(found.get('POST /api/token')?.tags?.includes('login'));
  });
  it('marks a route registered under a private debug flag as development-only', () => {
    assert.ok(found.get('GET /-/_debug')?.tags?.includes('dev-only'));
  });
});
