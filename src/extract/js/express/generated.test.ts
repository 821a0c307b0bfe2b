import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

function run(files: Record<string, string>): EntrypointFact[] {
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, [auth, extractor]).facts);
  return linkFacts(facts, [auth, extractor]).filter((f): f is EntrypointFact => f.kind === 'entrypoint');
}

const table = (eps: EntrypointFact[]) => eps.map((e) => `${e.method} ${e.path} ${e.auth} :${e.evidence.line}`).sort();

describe('extract/js/express generated and use() endpoints', () => {
  it('expands finale resources with their auth milestones', () => {
    const eps = run({
      'api.js': `const finale = require('finale-rest');
const express = require('express');
const app = express();
finale.initialize({ app, sequelize, base: '/api' });
const users = finale.resource({ model: User, endpoints: ['/users', '/users/:id'], actions: ['list', 'read', 'delete'] });
users.delete.auth(function (req, res, context) { return context.error(403, 'no'); });
`,
    });
    assert.deepEqual(table(eps), ['DELETE /api/users/:id unknown :5', 'GET /api/users none :5', 'GET /api/users/:id none :5']);
    assert.ok(eps.every((e) => e.tags?.includes('crud-generated') && e.tags.includes('crud-model:User')));
  });

  it('expands resources generated in a loop and joins the guards registered for their paths', () => {
    const eps = run({
      'guards.js': `const { expressjwt } = require('express-jwt');
exports.isAuthorized = () => expressjwt({ secret: process.env.KEY, algorithms: ['RS256'] });
`,
      'server.js': `const express = require('express');
const finale = require('finale-rest');
const security = require('./guards');
const app = express();
app.use('/api/Notes/:id', security.isAuthorized());
app.get('/api/Users', security.isAuthorized());
app.get('/api/Users/:id', (req, res) => res.json({ id: req.params.id }));
finale.initialize({ app, sequelize });
const models = [
  { name: 'User', model: UserModel },
  { name: 'Note', model: NoteModel },
];
for (const { name, model } of models) {
  finale.resource({ model, endpoints: [\`/api/\${name}s\`, \`/api/\${name}s/:id\`] });
}
`,
    });
    const t = table(eps);
    // The guard-only registration and the generated route are one endpoint at the guard's line.
    assert.ok(t.includes('GET /api/Users user :6'), t.join('\n'));
    // A handler that answers shadows the generated route.
    assert.ok(t.includes('GET /api/Users/:id none :7'), t.join('\n'));
    assert.equal(t.filter((x) => x.startsWith('GET /api/Users/:id')).length, 1);
    // Path-scoped use() guards apply to the generated item routes, which are cited at that use().
    assert.ok(t.includes('PUT /api/Notes/:id user :5') && t.includes('DELETE /api/Notes/:id user :5'), t.join('\n'));
    assert.ok(t.includes('GET /api/Notes none :14') && t.includes('POST /api/Users none :14'), t.join('\n'));
    assert.ok(!t.some((x) => x.includes('{')), 'no templated paths remain');
  });

  it('lists use(path, handler) mounts that answer requests, not middleware', () => {
    const eps = run({
      'files.js': `exports.serveFile = () => (req, res, next) => {
  if (req.params.file.includes('/')) return next(new Error('no'));
  res.sendFile(require('path').resolve('public/', req.params.file));
};
exports.audit = () => (req, res, next) => { console.log(req.path); next(); };
`,
      'server.js': `const express = require('express');
const serveIndex = require('serve-index');
const swaggerUi = require('swagger-ui-express');
const files = require('./files');
const app = express();
app.use('/pub', serveIndex('pub', { icons: true }));
app.use('/pub/:file', files.serveFile());
app.use('/pub/:file', files.audit());
app.use('/docs', swaggerUi.serve, swaggerUi.setup({}));
app.use('/api', express.json());
app.use('/old', (req, res) => res.redirect('/new'));
`,
    });
    // swagger-ui pages are a GET entry point tagged api-docs (see served.test.ts).
    assert.deepEqual(table(eps), ['ALL /old none :11', 'ALL /pub/:file none :7', 'GET /docs none :9', 'GET /pub none :6']);
  });

  it('reads guards defined on this in a constructor function and used through an alias', () => {
    const eps = run({
      'session.js': `function SessionHandler(db) {
  this.isLoggedIn = (req, res, next) => {
    if (req.session.userId) return next();
    console.log('not logged in');
    return res.redirect('/login');
  };
  this.show = (req, res) => res.render('home');
}
module.exports = SessionHandler;
`,
      'routes.js': `const SessionHandler = require('./session');
module.exports = (app, db) => {
  const sessionHandler = new SessionHandler(db);
  const isLoggedIn = sessionHandler.isLoggedIn;
  app.get('/home', isLoggedIn, sessionHandler.show);
  app.get('/about', sessionHandler.show);
};
`,
    });
    assert.deepEqual(table(eps), ['GET /about none :6', 'GET /home user :5']);
  });

  it('does not take optional authentication or a login check for a guard', () => {
    const eps = run({
      'app.js': `const express = require('express');
const jwt = require('jsonwebtoken');
const app = express();
function optionalAuth(req, res, next) {
  const token = req.get('authorization');
  if (!token) return next();
  try { req.user = jwt.verify(token, process.env.KEY, { algorithms: ['HS256'] }); } catch (err) { req.user = undefined; }
  return next();
}
app.get('/products/:id', optionalAuth, (req, res) => res.json({}));
app.post('/login', async (req, res, next) => {
  try {
    const user = await findUser(req.body.email);
    if (!user) return res.status(401).json({ error: 'invalid' });
    res.json({ token: 't' });
  } catch (err) { next(err); }
});
app.get('/orders', (req, res, next) => {
  const user = sessions.get(req.cookies.token);
  if (!user) return next(new Error('Blocked illegal activity'));
  res.json([]);
});
`,
    });
    assert.deepEqual(table(eps), ['GET /orders user :18', 'GET /products/:id none :10', 'POST /login none :11']);
  });
  it('expands resourcejs resources on the router they are handed, behind guards from a middleware registry', () => {
    const eps = run({
      'server.js': `const express = require('express');
const router = express.Router();
router.tools = {};
router.tools.middleware = require('./middleware/registry')(router);
router.get('/status', (req, res) => res.send('ok'));
router.use(router.tools.middleware.accessChecker);
require('./resources/note')(router);
require('./resources/comment')(router);
module.exports = router;
`,
      'middleware/registry.js': `module.exports = function (router) {
  return { accessChecker: require('./accessChecker')(router) };
};
`,
      'middleware/accessChecker.js': `module.exports = function (router) {
  return function accessChecker(req, res, next) {
    if (!req.user) return res.sendStatus(401);
    next();
  };
};
`,
      'resources/note.js': `const Resource = require('resourcejs');
module.exports = function (router) {
  const scope = (req, res, next) => { req.query.owner = req.user.id; next(); };
  return Resource(router, '/api', 'Note', router.models.note).rest({ before: [scope] });
};
`,
      'resources/comment.js': `const ResourceFactory = require('resourcejs');
const Base = ResourceFactory.Resource;
class CommentResource extends Base {}
module.exports = (router, hooks) => {
  const Wrapped = hooks.alter('CommentResource', CommentResource);
  new Wrapped(router, '/api/note/:noteId', 'comment', router.models.comment).index().post({ beforePost: [router.validate] });
};
`,
    });
    assert.deepEqual(table(eps), [
      'DELETE /api/note/:noteId user :4',
      'GET /api/note user :4',
      'GET /api/note/:noteId user :4',
      'GET /api/note/:noteId/comment user :6',
      'GET /status none :5',
      'PATCH /api/note/:noteId user :4',
      'POST /api/note user :4',
      'POST /api/note/:noteId/comment user :6',
      'PUT /api/note/:noteId user :4',
    ]);
  });
});
