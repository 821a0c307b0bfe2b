// Chained router construction (`Router().use(a).use(b)`, `express().use(...)`,
// `module.exports = Router().get(...)`) and imported routers whose names sound like auth middleware.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact, EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import type { Extractor } from '../../types.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

function run(files: Record<string, string>, extractors: Extractor[] = [auth, extractor]): Fact[] {
  return runExtractors(extractors, files).facts;
}

function routes(facts: Fact[]): EntrypointFact[] {
  return facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
}

function listed(facts: Fact[]): string {
  return routes(facts)
    .map((x) => `${x.method} ${x.path}`)
    .join(', ');
}

function find(facts: Fact[], method: string, path: string): EntrypointFact {
  const r = routes(facts).find((f) => f.method === method && f.path === path);
  assert.ok(r, `no route ${method} ${path} in ${listed(facts)}`);
  return r;
}

function noUnresolved(facts: Fact[]): void {
  const bad = routes(facts).filter((r) => r.tags?.includes('mount-unresolved'));
  assert.deepEqual(bad.map((r) => `${r.method} ${r.path}`), []);
}

/** A token check the auth extractor recognises as a guard definition. */
const GUARD = `import jwt from 'jsonwebtoken';
export default function auth(req, res, next) {
  const token = req.headers.authorization;
  if (!token) return res.status(401).json({ error: 'unauthorized' });
  try { req.user = jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['HS256'] }); next(); }
  catch (e) { return res.status(401).end(); }
}
`;

describe('extract/js/express: chained routers', () => {
  it('follows Router().use(a).use(b) and an exported Router().use(prefix, api)', () => {
    const facts = run({
      'src/main.ts': `import express from 'express';
import routes from './app/routes/routes';
const app = express();
app.use(routes);
app.get('/', (req, res) => res.json({ ok: true }));
`,
      'src/app/routes/routes.ts': `import { Router } from 'express';
import tags from './tag/tag.controller';
import notes from './note/note.controller';
const api = Router()
  .use(tags)
  .use(notes);
export default Router().use('/api', api);
`,
      'src/app/routes/tag/tag.controller.ts': `import { Router } from 'express';
const router = Router();
router.get('/tags', (req, res) => res.json([]));
export default router;
`,
      'src/app/routes/note/note.controller.ts': `import { Router } from 'express';
import guard from '../../guard';
const router = Router();
router.get('/notes/:id', guard, (req, res) => res.json({}));
router.delete('/notes/:id', guard, (req, res) => res.status(204).end());
export default router;
`,
      'src/app/guard.ts': GUARD,
    });
    assert.equal(find(facts, 'GET', '/api/tags').auth, 'none');
    assert.equal(find(facts, 'GET', '/api/notes/:id').auth, 'user');
    assert.equal(find(facts, 'DELETE', '/api/notes/:id').auth, 'user');
    assert.equal(find(facts, 'GET', '/').auth, 'none');
    assert.ok(!routes(facts).some((r) => r.path === '/tags' || r.path === '/notes/:id'), listed(facts));
    noUnresolved(facts);
  });

  it('applies middleware chained on express() and Router() in source order', () => {
    const facts = run({
      'server.js': `const express = require('express');
const helmet = require('helmet');
const auth = require('./guard');
const app = express()
  .use(helmet())
  .get('/health', (req, res) => res.send('ok'))
  .use(auth)
  .get('/me', (req, res) => res.json(req.user));
app.use('/v1', express.Router().get('/open', (req, res) => res.end()).use(auth).post('/items', (req, res) => res.end()));
app.listen(3000);
`,
      'guard.js': `const jwt = require('jsonwebtoken');
module.exports = function auth(req, res, next) {
  const token = req.headers.authorization;
  if (!token) return res.status(401).json({ error: 'unauthorized' });
  try { req.user = jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['HS256'] }); next(); }
  catch (e) { return res.status(401).end(); }
};
`,
    });
    assert.equal(find(facts, 'GET', '/health').auth, 'none');
    assert.equal(find(facts, 'GET', '/me').auth, 'user');
    assert.equal(find(facts, 'GET', '/v1/open').auth, 'user', 'app-level auth was used before the mount');
    assert.equal(find(facts, 'POST', '/v1/items').auth, 'user');
    assert.ok(facts.some((f) => f.kind === 'config' && f.setting === 'server-app' && f.values.name === 'app'));
    noUnresolved(facts);
  });

  it('mounts an anonymous express() chain exported as the app and registers its routes', () => {
    const facts = run({
      'app.js': `const express = require('express');
const users = require('./routes/users');
module.exports = express().use(express.json()).use('/users', users).get('/ping', (req, res) => res.send('pong'));
`,
      'routes/users.js': `const { Router } = require('express');
module.exports = Router().get('/', (req, res) => res.json([])).post('/:id/reset', (req, res) => res.end());
`,
    });
    find(facts, 'GET', '/ping');
    find(facts, 'GET', '/users');
    find(facts, 'POST', '/users/:id/reset');
    noUnresolved(facts);
  });

  it('follows module.exports = Router().get(...) chains with their guards', () => {
    const facts = run({
      'src/index.js': `const express = require('express');
const app = express();
app.use('/items', require('./routes/items'));
`,
      'src/routes/items.js': `const express = require('express');
const auth = require('../guard');
module.exports = express.Router()
  .get('/', (req, res) => res.json([]))
  .post('/', auth, (req, res) => res.status(201).end())
  .use(auth)
  .delete('/:id', (req, res) => res.status(204).end());
`,
      'src/guard.js': `const jwt = require('jsonwebtoken');
module.exports = (req, res, next) => {
  if (!req.headers.authorization) return res.sendStatus(401);
  req.user = jwt.verify(req.headers.authorization, process.env.SECRET, { algorithms: ['HS256'] });
  next();
};
`,
    });
    assert.equal(find(facts, 'GET', '/items').auth, 'none');
    assert.equal(find(facts, 'POST', '/items').auth, 'user');
    assert.equal(find(facts, 'DELETE', '/items/:id').auth, 'user');
    noUnresolved(facts);
  });

  it('registers router.get(...).post(...) chains on a named router and factories returning a chain', () => {
    const facts = run({
      'app.js': `const express = require('express');
const makeApi = require('./routes/api');
const app = express();
const router = express.Router();
router.get('/a', (req, res) => res.end()).post('/b', (req, res) => res.end());
app.use('/r', router);
app.use('/api', makeApi());
`,
      'routes/api.js': `const { Router } = require('express');
module.exports = function () {
  return Router().get('/list', (req, res) => res.json([]));
};
`,
    });
    find(facts, 'GET', '/r/a');
    find(facts, 'POST', '/r/b');
    find(facts, 'GET', '/api/list');
    noUnresolved(facts);
  });

  it('registers every verb of route(path) chained on a router made in place', () => {
    const facts = run({
      'app.js': `const express = require('express');
const app = express();
const api = express.Router().use(express.json());
api.route('/a').get((req, res) => res.end()).post((req, res) => res.end());
app.use('/api', api);
`,
    });
    find(facts, 'GET', '/api/a');
    find(facts, 'POST', '/api/a');
    noUnresolved(facts);
  });
});

describe('extract/js/express: imported routers with auth-like names', () => {
  const notes = `import { Router } from 'express';
const router = Router();
router.get('/notes', (req, res) => res.json([]));
router.post('/notes', (req, res) => res.status(201).end());
export default router;
`;

  it('mounts authController and authRouter before other routers without hiding their auth', () => {
    const facts = run({
      'src/app.ts': `import express from 'express';
import authController from './auth/auth.controller';
import authRouter from './session';
import notesRouter from './notes';
import guard from './guard';
const app = express();
app.use('/api', authController);
app.use('/api', authRouter);
app.use('/api', notesRouter);
app.get('/api/me', guard, (req, res) => res.json(req.user));
`,
      'src/auth/auth.controller.ts': `import { Router } from 'express';
const router = Router();
router.post('/users/login', (req, res) => res.json({}));
router.post('/users', (req, res) => res.status(201).json({}));
export default router;
`,
      'src/session.ts': `import { Router } from 'express';
const router = Router();
router.post('/logout', (req, res) => res.end());
export default router;
`,
      'src/notes.ts': notes,
      'src/guard.ts': GUARD,
    });
    assert.equal(find(facts, 'POST', '/api/users/login').auth, 'none');
    assert.equal(find(facts, 'POST', '/api/users').auth, 'none');
    assert.equal(find(facts, 'POST', '/api/logout').auth, 'none');
    assert.equal(find(facts, 'POST', '/api/notes').auth, 'none', 'an auth router is not a guard');
    assert.equal(find(facts, 'GET', '/api/notes').auth, 'none');
    assert.equal(find(facts, 'GET', '/api/me').auth, 'user');
    for (const r of routes(facts)) assert.ok(!r.middleware?.some((m) => /auth/i.test(m)), `${r.method} ${r.path}: ${r.middleware?.join(', ')}`);
    noUnresolved(facts);
  });

  it('takes a module that exports a router for a mount whatever its name', () => {
    const facts = run({
      'src/app.js': `const express = require('express');
const auth = require('./auth');
const notes = require('./notes');
const app = express();
app.use(auth);
app.use(require('./oauth'));
app.use('/n', notes);
`,
      'src/auth.js': `const router = require('express').Router();
router.post('/login', (req, res) => res.json({}));
module.exports = router;
`,
      'src/oauth.js': `const express = require('express');
module.exports = express.Router().get('/oauth/callback', (req, res) => res.redirect('/'));
`,
      'src/notes.js': `const router = require('express').Router();
router.delete('/:id', (req, res) => res.end());
module.exports = router;
`,
    });
    assert.equal(find(facts, 'POST', '/login').auth, 'none');
    assert.equal(find(facts, 'GET', '/oauth/callback').auth, 'none');
    assert.equal(find(facts, 'DELETE', '/n/:id').auth, 'none');
    noUnresolved(facts);
  });

  it('still treats an imported auth middleware as a guard (seen, unseen, and in a routes-looking folder)', () => {
    const facts = run({
      'src/app.ts': `import express from 'express';
import auth from './middleware/auth';
import { requireUser } from './modules/session';
import verifyToken from './lib/verify-token';
import notesRouter from './notes';
const app = express();
app.get('/open', (req, res) => res.end());
app.use('/a', auth);
app.get('/a/x', (req, res) => res.end());
app.use('/b', requireUser);
app.get('/b/x', (req, res) => res.end());
app.use('/c', verifyToken, notesRouter);
`,
      'src/middleware/auth.ts': GUARD,
      'src/modules/session.ts': `export function requireUser(req, res, next) {
  if (!req.session.userId) return res.status(401).json({ error: 'login required' });
  next();
}
`,
      'src/notes.ts': notes,
    });
    assert.equal(find(facts, 'GET', '/open').auth, 'none');
    assert.equal(find(facts, 'GET', '/a/x').auth, 'user');
    assert.equal(find(facts, 'GET', '/b/x').auth, 'user', 'a guard from a modules/ folder is not a router');
    // ./lib/verify-token was not scanned: judged by its name.
    assert.equal(find(facts, 'GET', '/c/notes').auth, 'unknown');
    assert.ok(!facts.some((f): f is ConfigFact => f.kind === 'config' && f.setting.startsWith('js-')));
  });
});
