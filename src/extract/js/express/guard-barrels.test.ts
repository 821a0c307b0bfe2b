// Guards reached through a barrel of the middleware folder, and API-key middleware that binds no
// caller: a list of imported middleware exported beside re-exports is as strict as its strictest
// element; a middleware admitting whoever a predicate finds in a token store is a service token.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { extractor as authExtractor } from '../auth/index.js';
import { extractor as express } from './index.js';

function routes(files: Record<string, string>): Map<string, EntrypointFact> {
  const extractors = [authExtractor, express];
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, extractors).facts);
  const out = new Map<string, EntrypointFact>();
  for (const f of linkFacts(facts, extractors)) if (f.kind === 'entrypoint') out.set(`${(f as EntrypointFact).method} ${(f as EntrypointFact).path}`, f as EntrypointFact);
  return out;
}

const SESSION_GUARD = `import type { Request, Response, NextFunction } from 'express';
import jwt from 'jsonwebtoken';
export const verifySession = (req: Request, res: Response, next: NextFunction) => {
  const header = req.headers.authorization;
  if (!header) return res.status(401).json({ error: 'missing token' });
  try {
    (req as any).account = jwt.verify(header.replace('Bearer ', ''), process.env.SIGNING_KEY!);
  } catch {
    return res.status(401).json({ error: 'bad token' });
  }
  next();
};`;

const ROLE_CHECK = `import type { Request, Response, NextFunction } from 'express';
export function checkMember(req: Request, res: Response, next: NextFunction) {
  const account = (req as any).account;
  if (!account) return res.status(401).json({ error: 'sign in' });
  if (account.suspended) return res.status(403).json({ error: 'suspended' });
  next();
}`;

describe('guard barrels and service tokens', () => {
  it('judges an exported list of imported middleware in a barrel with no middleware of its own by its elements', () => {
    const r = routes({
      'src/middleware/guards/session.ts': SESSION_GUARD,
      'src/middleware/guards/member.ts': ROLE_CHECK,
      'src/middleware/guards/index.ts': `import { verifySession as authenticate } from './session';
import { checkMember } from './member';
export { softSession } from './soft';
export const guardRequired = [authenticate, checkMember];`,
      'src/routes/notes.ts': `import express from 'express';
import { guardRequired } from '../middleware/guards';
import { listNotes, createNote } from '../controllers/notes';
const router = express.Router();
router.get('/notes', guardRequired, listNotes);
router.post('/notes', guardRequired, createNote);
export default router;`,
      'src/app.ts': `import express from 'express';
import notes from './routes/notes';
const app = express();
app.use('/api', notes);
export default app;`,
    });
    assert.equal(r.get('GET /api/notes')?.auth, 'user');
    assert.equal(r.get('POST /api/notes')?.auth, 'user');
  });

  it('takes a middleware that admits whoever a predicate finds in a token store (Objection query) for a service token', () => {
    const r = routes({
      'src/helpers/integration-key.js': `import IntegrationKey from '../models/integration-key.js';

export const isIntegrationKeyAuthenticated = async (request) => {
  const key = request.headers['x-integration-key'];
  if (key == null) return false;
  try {
    const found = await IntegrationKey.query().findOne({ key });
    return found != null;
  } catch (error) {
    return false;
  }
};

export const authenticateIntegrationKey = async (request, response, next) => {
  if (await isIntegrationKeyAuthenticated(request)) {
    next();
  } else {
    return response.status(401).end();
  }
};`,
      'src/helpers/session.js': `import Session from '../models/session.js';

export const isAuthenticated = async (request) => {
  const token = request.headers['authorization'];
  if (token == null) return false;
  const session = await Session.query().findOne({ token });
  if (!session) return false;
  request.currentUser = await session.$relatedQuery('user');
  return true;
};

export const authenticateSession = async (request, response, next) => {
  if (await isAuthenticated(request)) next();
  else return response.status(401).end();
};`,
      'src/app.js': `import express from 'express';
import { authenticateIntegrationKey } from './helpers/integration-key.js';
import { authenticateSession } from './helpers/session.js';
const app = express();
const external = express.Router();
external.delete('/accounts/:accountId', async (req, res) => { res.status(204).end(); });
const internal = express.Router();
internal.delete('/accounts/:accountId', async (req, res) => { res.status(204).end(); });
app.use('/api/v1', authenticateIntegrationKey, external);
app.use('/internal', authenticateSession, internal);
export default app;`,
    });
    // Worth what the key's issuer requires: no user is bound, so no other user's records to tell apart.
    assert.equal(r.get('DELETE /api/v1/accounts/:accountId')?.auth, 'unknown');
    // ok: a token store whose lookup binds the caller is a user session.
    assert.equal(r.get('DELETE /internal/accounts/:accountId')?.auth, 'user');
  });
});
