// A middleware named like a credential check (`verifyFormToken`) whose only refusal is a thrown
// bad-request error checks the request's shape (an anti-bot form token, a required field), not who
// sends it: the routes behind it are as public as without it, not `unknown`. One that also throws
// an authentication error, or answers 401, still counts.
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

const MIDDLEWARE = `const errors = require('./errors');
const settings = require('./settings');
const forms = require('./forms');

async function verifyFormToken(req, res, next) {
  const strict = settings.get('strictForms');
  try {
    const token = req.body.formToken;
    if (!token) {
      console.warn('form posted without its token');
      if (strict) {
        throw new errors.BadRequestError({ message: 'missing form token' });
      } else {
        return next();
      }
    }
    if (forms.tokenIsFresh(token)) {
      return next();
    }
    if (strict) {
      throw new errors.BadRequestError({ message: 'stale form token' });
    }
    return next();
  } catch (err) {
    next(err);
  }
}

async function verifyApiToken(req, res, next) {
  const token = req.get('x-api-token');
  if (!token) throw new errors.BadRequestError({ message: 'missing token' });
  if (!(await forms.knownToken(token))) throw new errors.UnauthorizedError();
  next();
}

module.exports = { verifyFormToken, verifyApiToken };
`;

const APP = `const express = require('express');
const mw = require('./middleware');
const app = express();
app.post('/api/request-login-link', express.json(), mw.verifyFormToken, (req, res) => {
  res.json({ sent: true });
});
app.post('/api/reports', express.json(), mw.verifyApiToken, (req, res) => {
  res.json({ ok: true });
});
module.exports = app;
`;

describe('extract/js/express: bad-request-only checks are no authentication', () => {
  const eps = routes({ 'src/app.js': APP, 'src/middleware.js': MIDDLEWARE });

  it('a token check that only throws a bad-request error leaves the route public', () => {
    assert.equal(eps.get('POST /api/request-login-link')?.auth, 'none', JSON.stringify(eps.get('POST /api/request-login-link')));
  });

  it('a token check that also throws an authentication error is still a guard', () => {
    assert.notEqual(eps.get('POST /api/reports')?.auth, 'none');
  });
});
