// Handlers that look the caller up from its session themselves and change nothing without one
// (`if (account) { update } else { res.json(null) }`, writes keyed by `account.id`) require a
// signed-in caller, also when the handler lives in another file; a middleware that attaches the
// caller it finds in the session (`Object.assign(req, { account })`) and lets everyone on is
// optional authentication.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

function routes(files: Record<string, string>): Map<string, EntrypointFact> {
  const out = new Map<string, EntrypointFact>();
  for (const f of runExtractors([auth, extractor], files).facts) if (f.kind === 'entrypoint') out.set(`${f.method} ${f.path}`, f);
  return out;
}

const APP = {
  'services/account/handlers.js': `const _ = require('lodash');
const accounts = require('./service');
const Post = require('../../models/post');
const Audit = require('../../models/audit');

const updateProfile = async function updateProfile(req, res) {
  try {
    const data = _.pick(req.body, 'name', 'bio');
    const account = await accounts.sessions.getAccountFromSession(req, res);
    if (account) {
      await accounts.api.update(data, { id: account.id });
      res.json({ ok: true });
    } else {
      res.json(null);
    }
  } catch (err) {
    res.status(500).end(err.message);
  }
};

const clearAlerts = async function clearAlerts(req, res) {
  try {
    const account = await accounts.sessions.getAccountFromSession(req, res);
    await accounts.alerts.clearFor(account.email);
    await accounts.api.update({ alerts: false }, { id: account.id });
    res.end();
  } catch (err) {
    res.status(500).end(err.message);
  }
};

async function addPost(req, res) {
  const user = req.session.user;
  if (!user) return res.json(null);
  await Post.create({ ...req.body, owner: user.id });
  res.json({ ok: true });
}

async function noteVisit(req, res) {
  const account = await accounts.sessions.getAccountFromSession(req, res);
  await Audit.create({ note: req.body.note });
  if (account) res.json({ id: account.id });
  else res.json(null);
}

async function submitWithCookie(req, res) {
  const token = req.cookies.token;
  if (token) await Post.create(req.body);
  res.end();
}

async function startSignIn(req, res) {
  const created = await accounts.sessions.insertSession(req.session);
  await Audit.create({ session: created.id });
  res.cookie('sid', created.id).redirect('/login');
}

module.exports = { updateProfile, clearAlerts, addPost, noteVisit, submitWithCookie, startSignIn };
`,
  'middleware/session.js': `const accounts = require('../services/account/service');

const loadAccountSession = async function loadAccountSession(req, res, next) {
  try {
    const account = await accounts.sessions.getAccountFromSession(req, res);
    Object.assign(req, { account });
    res.locals.account = req.account;
    next();
  } catch (err) {
    Object.assign(req, { account: null });
    next();
  }
};

const requireLogin = function requireLogin(req, res, next) {
  if (!req.session.user) return res.status(401).end();
  next();
};

module.exports = { loadAccountSession, requireLogin };
`,
  'app.js': `const express = require('express');
const handlers = require('./services/account/handlers');
const { loadAccountSession, requireLogin } = require('./middleware/session');
const { formTokenProvider } = require('./services/form-tokens');
const app = express();
app.put('/api/account', handlers.updateProfile);
app.delete('/api/account/alerts', handlers.clearAlerts);
app.post('/api/posts', handlers.addPost);
app.post('/api/visits', handlers.noteVisit);
app.post('/api/cookie-posts', handlers.submitWithCookie);
app.post('/api/sign-in/start', handlers.startSignIn);
app.post('/api/reactions', loadAccountSession, (req, res) => res.json({}));
app.get('/api/settings', requireLogin, (req, res) => res.json({}));
app.get('/api/form-token', (req, res) => {
  const token = formTokenProvider.create();
  res.end(token);
});
module.exports = app;
`,
};

describe('extract/js/express session callers', () => {
  const eps = routes(APP);

  it('authenticates a handler that writes only for the caller its session names', () => {
    for (const key of ['PUT /api/account', 'DELETE /api/account/alerts', 'POST /api/posts']) {
      assert.equal(eps.get(key)?.auth, 'user', key);
    }
  });

  it('keeps a handler that writes before asking, or only tests a cookie, unauthenticated', () => {
    assert.equal(eps.get('POST /api/visits')?.auth, 'none');
    assert.equal(eps.get('POST /api/cookie-posts')?.auth, 'none');
  });

  it('does not take a session the handler creates for its caller', () => {
    const ep = eps.get('POST /api/sign-in/start');
    assert.equal(ep?.auth, 'none');
    assert.ok(!(ep?.authEvidence ?? []).some((e) => e.includes('keyed by created')), (ep?.authEvidence ?? []).join('; '));
  });

  it('does not count a token minted from nothing on a GET as a stored write', () => {
    const tags = eps.get('GET /api/form-token')?.tags ?? [];
    assert.ok(!tags.includes('get-writes-state'), tags.join(','));
  });

  it('reads a middleware that attaches the session caller and lets everyone on as optional authentication', () => {
    const r = eps.get('POST /api/reactions');
    assert.equal(r?.auth, 'none');
    assert.ok(r?.tags?.includes('optional-auth'), r?.tags?.join(','));
  });
});
