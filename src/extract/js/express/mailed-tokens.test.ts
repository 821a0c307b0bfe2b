// A middleware that verifies a token the request body carries (the mailed link of an e-mail
// verification or a password reset) and attaches no caller is a capability check: routes behind
// it are public (`none`) and tagged `capability-token`. A body token whose claims become the
// caller (`req.user = decoded`) still authenticates one.
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
  'src/middleware/resetLink.ts': `import jwt from 'jsonwebtoken';
import db from '../db';
export async function checkResetLink(req, res, next) {
  const { token } = req.body;
  if (!token) return res.status(400).json({ error: 'token missing' });
  try {
    const claims = jwt.verify(token, process.env.MAIL_KEY);
    const row = await db('reset_tokens').where({ token, kind: claims.kind }).first();
    if (!row) return res.status(404).json({ error: 'unknown token' });
    req.resetEmail = row.email;
    next();
  } catch (e) {
    return res.status(401).json({ error: 'expired link' });
  }
}
`,
  'src/middleware/bodySession.ts': `import jwt from 'jsonwebtoken';
export function bodySession(req, res, next) {
  const token = req.body.token;
  try {
    req.user = jwt.verify(token, process.env.SESSION_KEY);
    next();
  } catch (e) {
    return res.status(401).json({ error: 'login required' });
  }
}
`,
  'src/routes.ts': `import express from 'express';
import db from './db';
import { checkResetLink } from './middleware/resetLink';
import { bodySession } from './middleware/bodySession';
const router = express.Router();
router.post('/password/set', checkResetLink, async (req, res) => {
  await db('users').where({ email: req.resetEmail }).update({ password: req.body.password });
  res.json({ ok: true });
});
router.post('/notes', bodySession, async (req, res) => {
  await db('notes').insert({ owner: req.user.id, text: req.body.text });
  res.json({ ok: true });
});
export default router;
`,
  'src/app.ts': `import express from 'express';
import routes from './routes';
const app = express();
app.use('/api', routes);
app.listen(3000);
`,
};

describe('extract/js/express tokens mailed to the user', () => {
  const eps = routes(FILES);
  it('takes a body token checked by middleware that attaches no caller for a capability', () => {
    const set = eps.get('POST /api/password/set');
    assert.equal(set?.auth, 'none');
    assert.ok(set?.tags?.includes('capability-token'), String(set?.tags));
  });
  it('still takes a body token whose claims become the caller for authentication', () => {
    assert.equal(eps.get('POST /api/notes')?.auth, 'user');
  });
});
