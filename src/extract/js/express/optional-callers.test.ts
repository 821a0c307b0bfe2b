// Optional authentication judged by the middleware's whole body: it verifies a token inside a
// try/catch that swallows the failure, attaches the caller when the token holds, and hands every
// request on. The route is public (`none`) and tagged `optional-auth`; a middleware of the same
// shape that answers a refusal, or never attaches a caller, is not one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

function routes(files: Record<string, string>): Map<string, EntrypointFact> {
  const out = new Map<string, EntrypointFact>();
  for (const f of runExtractors([auth, extractor], files).facts) if (f.kind === 'entrypoint') out.set(`${f.method} ${f.path}`, f as EntrypointFact);
  return out;
}

const FILES = {
  'src/auth/tokens.ts': `import jwt from 'jsonwebtoken';
export function readBearer(header) {
  const [scheme, value] = (header || '').split(' ');
  return scheme === 'Bearer' ? value : undefined;
}
export function verifySessionToken(token) {
  return jwt.verify(token, process.env.SESSION_KEY);
}
`,
  'src/auth/maybeUser.ts': `import { readBearer, verifySessionToken } from './tokens';
import { loadAccount } from '../accounts';
export async function maybeUser(req, _res, next) {
  const token = readBearer(req.headers.authorization);
  let claims;
  try {
    claims = verifySessionToken(token);
  } catch (_e) {
    // no or bad token: carry on as a visitor
  }
  if (!claims) return next();
  const account = await loadAccount(claims.sub);
  if (account) req.user = account;
  next();
}
`,
  'src/auth/trace.ts': `import { readBearer, verifySessionToken } from './tokens';
export function traceToken(req, _res, next) {
  let claims;
  try {
    claims = verifySessionToken(readBearer(req.headers.authorization));
  } catch (_e) {
    return next();
  }
  req.traceId = claims && claims.jti;
  next();
}
`,
  'src/routes.ts': `import express from 'express';
import { maybeUser } from './auth/maybeUser';
import { traceToken } from './auth/trace';
import { search, list } from './search';
const router = express.Router();
router.post('/search', maybeUser, search);
router.post('/list', traceToken, list);
export default router;
`,
  'src/search.ts': `export async function search(req, res) {
  res.json({ q: req.body.q, viewer: req.user ? req.user.id : null });
}
export async function list(req, res) {
  res.json([]);
}
`,
  'src/app.ts': `import express from 'express';
import routes from './routes';
const app = express();
app.use('/api', routes);
app.listen(3000);
`,
};

describe('extract/js/express optional callers', () => {
  const eps = routes(FILES);
  it('tags a route behind a middleware that only attaches a verified caller as optional-auth', () => {
    const search = eps.get('POST /api/search');
    assert.equal(search?.auth, 'none');
    assert.ok(search?.tags?.includes('optional-auth'), String(search?.tags));
  });
  it('does not take a middleware that attaches no caller for optional authentication', () => {
    assert.ok(!eps.get('POST /api/list')?.tags?.includes('optional-auth'));
  });
});
