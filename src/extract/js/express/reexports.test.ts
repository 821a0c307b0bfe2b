// Guards and handlers imported through a folder's index that re-exports them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

function run(files: Record<string, string>): EntrypointFact[] {
  return runExtractors([auth, extractor], files).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
}

const GUARD = `const jwt = require('jsonwebtoken');
module.exports = function checkToken(req, res, next) {
  try {
    req.user = jwt.verify(req.headers.authorization, process.env.SECRET);
    next();
  } catch (e) {
    res.status(401).end();
  }
};
`;

describe('extract/js/express re-exported guards and handlers', () => {
  it('resolves a guard and a handler re-exported by index files', () => {
    const eps = run({
      'src/middleware/check-token.js': GUARD,
      'src/middleware/index.js': `module.exports = { checkToken: require('./check-token') };
`,
      'src/controllers/index.ts': `export * as notes from './notes';
`,
      'src/controllers/notes.ts': `export function remove(req, res) {
  res.json({ id: req.params.id });
}
`,
      'src/server.js': `const express = require('express');
const { checkToken } = require('./middleware');
const ctrl = require('./controllers');
const app = express();
app.delete('/notes/:id', checkToken, ctrl.notes.remove);
app.get('/open', ctrl.notes.absent);
`,
    });
    const table = eps.map((e) => `${e.method} ${e.path} ${e.auth} ${e.handler?.file}:${e.handler?.line}`).sort();
    assert.deepEqual(table, ['DELETE /notes/:id user src/controllers/notes.ts:1', 'GET /open none src/server.js:6']);
  });
});

describe('extract/js/express routers exported as members through a re-exporting index', () => {
  it('keeps the mount prefix of `app.use(\'/api/v2\', routes.api)` with `routes/index.js` = `module.exports = require(\'./routes\')`', () => {
    const eps = run({
      'server/server.js': `const express = require('express');
const routes = require('./routes');
const app = express();
app.use('/', routes.render);
app.use('/api/v2', routes.api);
app.listen(3000);
`,
      'server/routes/index.js': `module.exports = require('./routes');`,
      'server/routes/routes.js': `const { Router } = require('express');
const link = require('./link.routes');
const renderRouter = Router();
renderRouter.get('/settings', (req, res) => res.render('settings'));
const apiRouter = Router();
apiRouter.use('/links', link);
module.exports = { api: apiRouter, render: renderRouter };
`,
      'server/routes/link.routes.js': `const { Router } = require('express');
const router = Router();
router.delete('/:id', (req, res) => res.json({ id: req.params.id }));
module.exports = router;
`,
    });
    assert.deepEqual(eps.map((e) => `${e.method} ${e.path}`).sort(), ['DELETE /api/v2/links/:id', 'GET /settings']);
  });
});

describe('extract/js/express apps exported under another name', () => {
  it('mounts a sub-app exported as `export { app as web }` and used as a member of a namespace import', () => {
    const eps = run({
      'src/middleware/check-token.js': GUARD,
      'src/ledger.js': `import express from 'express';
import checkToken from './middleware/check-token.js';
const app = express();
export { app as web };
app.use(checkToken);
app.post('/entries', (req, res) => res.json(save(req.body)));
`,
      'src/server.js': `import express from 'express';
import * as ledger from './ledger.js';
const app = express();
app.use('/ledger', ledger.web);
app.listen(3000);
`,
    });
    const entries = eps.find((e) => e.method === 'POST' && e.path === '/ledger/entries');
    assert.ok(entries, eps.map((e) => `${e.method} ${e.path}`).join(', '));
    assert.equal(entries.auth, 'user');
  });
});
