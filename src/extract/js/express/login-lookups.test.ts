// A login route whose middleware looks the account up by the posted e-mail and leaves it on
// `req.user`: the handler's refusals of that account (disabled, wrong password) concern the account
// being signed in, not a signed-in caller. The route is public (`none`) and tagged `login`; a
// route behind a real guard keeps it.
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
  'src/middleware/accountByEmail.ts': `import db from '../db';
export async function accountByEmail(req, res, next) {
  const email = String(req.body.email || '').toLowerCase();
  const account = await db('accounts').where({ email }).first();
  if (!account) return res.status(404).json({ error: 'no such account' });
  req.user = account;
  next();
}
`,
  'src/middleware/requireLogin.ts': `import jwt from 'jsonwebtoken';
export function requireLogin(req, res, next) {
  try {
    req.user = jwt.verify(req.headers.authorization, process.env.KEY);
    next();
  } catch (e) {
    res.status(401).end();
  }
}
`,
  'src/controllers/session.ts': `import bcrypt from 'bcryptjs';
import jwt from 'jsonwebtoken';
export async function login(req, res) {
  const account = req.user;
  if (account.disabled) return res.status(403).json({ error: 'account disabled' });
  const ok = await bcrypt.compare(req.body.password, account.passwordHash);
  if (!ok) return res.status(403).json({ error: 'wrong password' });
  res.json({ token: jwt.sign({ sub: account.id }, process.env.KEY) });
}
export async function profile(req, res) {
  const account = req.user;
  if (account.disabled) return res.status(403).json({ error: 'account disabled' });
  res.json({ id: account.id });
}
`,
  'src/routes.ts': `import express from 'express';
import { accountByEmail } from './middleware/accountByEmail';
import { requireLogin } from './middleware/requireLogin';
import * as session from './controllers/session';
const router = express.Router();
router.post('/auth/login', accountByEmail, session.login);
router.post('/auth/profile', requireLogin, session.profile);
export default router;
`,
  'src/app.ts': `import express from 'express';
import routes from './routes';
const app = express();
app.use('/api', routes);
app.listen(3000);
`,
};

describe('extract/js/express login routes with an account looked up by e-mail', () => {
  const eps = routes(FILES);
  it('keeps the login public', () => {
    const login = eps.get('POST /api/auth/login');
    assert.equal(login?.auth, 'none');
    assert.ok(login?.tags?.includes('login'));
  });
  it('keeps a guarded route behind its guard', () => {
    assert.equal(eps.get('POST /api/auth/profile')?.auth, 'user');
  });
});
