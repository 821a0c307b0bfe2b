// Optional credentials: a helper a handler calls (`const { user, ok } = await userFromKey(req, res);
// if (!ok) return;`) that answers a passing verdict at once when the request carries no credential
// and refuses only a credential that is present and wrong. A request without one goes through, so
// the route is public (its optional credential only widens what the caller sees).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as express } from './index.js';

function routes(files: Record<string, string>): Map<string, EntrypointFact> {
  const facts: Fact[] = runExtractors([auth, express], files).facts;
  const out = new Map<string, EntrypointFact>();
  for (const f of facts) if (f.kind === 'entrypoint') out.set(`${f.method} ${f.path}`, f as EntrypointFact);
  return out;
}

const APP = `const express = require('express');
const store = require('./store');
const app = express();

async function callerFromKey(req, res) {
  const viewer = Number(req.viewerId) || 0;
  const hasKey = Object.hasOwn(req.query, 'key');
  if (!hasKey) {
    return { viewer, ok: true };
  }
  const claimed = Number(req.query.viewer) || 0;
  const { key } = req.query;
  const valid = await store.verifyFeedToken(claimed, key);
  if (!valid) {
    res.status(403).json({ error: 'bad key' });
    return { viewer, ok: false };
  }
  req.viewerId = claimed;
  return { viewer: claimed, ok: true };
}

function keyAllows(req, res) {
  if (!req.query.apiKey) return true;
  if (req.query.apiKey !== process.env.FEED_KEY) {
    res.status(401).end();
    return false;
  }
  return true;
}

async function requireCaller(req, res) {
  const hasKey = 'key' in req.query;
  if (!hasKey) {
    res.status(401).end();
    return { ok: false };
  }
  const claimed = Number(req.query.viewer) || 0;
  const valid = await store.verifyFeedToken(claimed, req.query.key);
  if (!valid) {
    res.status(403).end();
    return { ok: false };
  }
  return { viewer: claimed, ok: true };
}

app.get('/feed.xml', async (req, res) => {
  const { viewer, ok } = await callerFromKey(req, res);
  if (!ok) return;
  res.type('xml').send(await store.feedFor(viewer));
});

app.get('/digest.xml', async (req, res) => {
  if (!keyAllows(req, res)) return;
  res.type('xml').send(await store.digest());
});

app.get('/private.xml', async (req, res) => {
  const { viewer, ok } = await requireCaller(req, res);
  if (!ok) return;
  res.type('xml').send(await store.feedFor(viewer));
});
`;

describe('extract/js/express: helpers that pass a request without a credential', () => {
  it('leaves a route public when its helper answers a passing verdict for a request with no credential', () => {
    const r = routes({ 'app.js': APP });
    assert.equal(r.get('GET /feed.xml')?.auth, 'none');
    assert.equal(r.get('GET /digest.xml')?.auth, 'none');
  });

  it('still counts a helper that refuses a request without the credential', () => {
    const r = routes({ 'app.js': APP });
    assert.equal(r.get('GET /private.xml')?.auth, 'user');
  });
});
