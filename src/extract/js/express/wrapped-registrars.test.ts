// Route-registration wrappers (`_lib/routes-registrars.ts`) of the shapes apps write by hand:
// a function registering on the module's own router (`router[method](path, ...middleware, h)`),
// wrappers calling wrappers with fixed middleware (`apiRoute(m, p, h) { route(m, p, [auth, csrf], h) }`),
// handlers run from an inline wrapper (`(req, res, next) => run(req, res, handler)`), helpers of
// another module given the router (`eu.route(router, 'get', '/x', h)`) and options-object helpers
// (`configRoute({ router, path, ... })`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { extractFile } from '../../engine.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

const FILES = {
  'src/app.js': `const express = require('express');
const app = express();
require('./routes/routes').register(app);
app.listen(8080);
`,
  'src/routes/routes.js': `const express = require('express');
const router = express.Router();
const auth = require('../services/auth.js');
const csurf = require('csurf');
const notes = require('./api/notes.js');
const etapiNotes = require('../etapi/notes.js');
const csrfMiddleware = csurf({ cookie: true });
const GET = 'get', PST = 'post', DEL = 'delete';

function register(app) {
  route(GET, '/', [auth.checkAuth], (req, res) => res.render('index'));
  route(PST, '/login', [], (req, res) => res.redirect('/'));
  apiRoute(GET, '/api/notes/:noteId', notes.getNote);
  apiRoute(DEL, '/api/notes/:noteId', notes.deleteNote);
  route(PST, '/api/sync/update', [auth.checkApiAuth], notes.sync, apiResultHandler);
  const clipperMiddleware = isDesktop() ? [] : [auth.checkApiAuth];
  route(PST, '/api/clipper/notes', clipperMiddleware, notes.sync, apiResultHandler);
  etapiNotes.register(router);
  app.use('', router);
}

function apiResultHandler(req, res, result) {
  res.status(200).send(result);
}

function apiRoute(method, path, routeHandler) {
  route(method, path, [auth.checkApiAuth, csrfMiddleware], routeHandler, apiResultHandler);
}

function route(method, path, middleware, routeHandler, resultHandler = null) {
  router[method](path, ...middleware, (req, res, next) => {
    try {
      const result = routeHandler(req, res, next);
      if (resultHandler) resultHandler(req, res, result);
    } catch (e) {
      console.log(method, path, e);
      res.sendStatus(500);
    }
  });
}

module.exports = { register };
`,
  'src/services/auth.js': `function checkAuth(req, res, next) {
  if (!req.session.loggedIn) res.redirect('login');
  else next();
}
function checkApiAuth(req, res, next) {
  if (!req.session.loggedIn) res.setHeader('Content-Type', 'text/plain').status(401).send('Logged in session not found');
  else next();
}
module.exports = { checkAuth, checkApiAuth };
`,
  'src/routes/api/notes.js': `function getNote(req) { return { id: req.params.noteId }; }
function deleteNote(req) { return { deleted: req.params.noteId }; }
function sync(req) { return req.body; }
module.exports = { getNote, deleteNote, sync };
`,
  'src/etapi/etapi_utils.js': `const tokens = require('../services/tokens.js');
function checkEtapiAuth(req, res, next) {
  if (tokens.isValidAuthHeader(req.headers.authorization)) next();
  else res.status(401).send('Not authenticated');
}
function processRequest(req, res, routeHandler, next, method, path) {
  try {
    routeHandler(req, res, next);
  } catch (e) {
    res.status(500).send(method + path);
  }
}
function route(router, method, path, routeHandler) {
  router[method](path, checkEtapiAuth, (req, res, next) => processRequest(req, res, routeHandler, next, method, path));
}
function NOT_AUTHENTICATED_ROUTE(router, method, path, middleware, routeHandler) {
  router[method](path, ...middleware, (req, res, next) => processRequest(req, res, routeHandler, next, method, path));
}
module.exports = { route, NOT_AUTHENTICATED_ROUTE };
`,
  'src/etapi/notes.js': `const eu = require('./etapi_utils.js');
function register(router) {
  eu.route(router, 'get', '/etapi/notes/:noteId', (req, res) => {
    res.json({ id: req.params.noteId });
  });
  eu.NOT_AUTHENTICATED_ROUTE(router, 'post', '/etapi/auth/login', [], (req, res) => {
    res.json({ token: 'x' });
  });
}
module.exports = { register };
`,
};

describe('extract/js/express: wrappers around the module router', () => {
  const routes = runExtractors([auth, extractor], FILES).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  const find = (m: string, p: string) => routes.find((r) => r.method === m && r.path === p);

  it('expands every call of a wrapper registering on a router of its module, wrappers of wrappers too', () => {
    assert.deepEqual(
      routes.map((r) => `${r.method} ${r.path}`).sort(),
      ['DELETE /api/notes/:noteId', 'GET /', 'GET /api/notes/:noteId', 'GET /etapi/notes/:noteId', 'POST /api/clipper/notes', 'POST /api/sync/update', 'POST /etapi/auth/login', 'POST /login'],
    );
  });

  it('passes the middleware of the call and of the wrappers to the guard classifier', () => {
    assert.deepEqual(find('GET', '/api/notes/:noteId')?.middleware, ['auth.checkApiAuth', 'csrfMiddleware']);
    assert.equal(find('GET', '/api/notes/:noteId')?.auth, 'user');
    assert.equal(find('DELETE', '/api/notes/:noteId')?.auth, 'user');
    assert.equal(find('GET', '/')?.auth, 'user');
    assert.equal(find('POST', '/api/sync/update')?.auth, 'user');
    assert.equal(find('POST', '/login')?.auth, 'none');
    // A list chosen by deployment (`isDesktop() ? [] : [guard]`): the server's.
    assert.equal(find('POST', '/api/clipper/notes')?.auth, 'user');
  });

  it('takes the handler the inline wrapper runs, not the wrapper itself', () => {
    assert.equal(find('GET', '/api/notes/:noteId')?.handler?.file, 'src/routes/api/notes.js');
    assert.equal(find('GET', '/etapi/notes/:noteId')?.handler?.file, 'src/etapi/notes.js');
  });

  it('keeps the helper guard of a module given the router, and none for its public twin', () => {
    assert.equal(find('GET', '/etapi/notes/:noteId')?.auth, 'user');
    assert.equal(find('POST', '/etapi/auth/login')?.auth, 'none');
  });

  it('mounts the module router on the app parameter it is used on (`app.use(\'\', router)` in `register(app)`)', () => {
    assert.deepEqual(routes.filter((r) => r.tags?.includes('mount-unresolved')).map((r) => r.path), []);
  });

  it('emits no route for the generic registration inside a wrapper', () => {
    assert.equal(routes.some((r) => r.path?.includes('{') || r.path === '/path'), false);
  });
});

describe('extract/js/express: client calls and desktop events are no routes', () => {
  it('skips verb calls with a URL relative to a client base and app events of an exported function', () => {
    const files = {
      'src/services/date_notes.js': `import server from './server.js';
export async function getDayNote(date) { return await server.get(\`special-notes/days/\${date}\`, 'date-note'); }
export async function save(name, value) { await server.put('options', { [name]: value }); }
`,
      'src/services/window.js': `const { ipcMain } = require('electron');
async function createMainWindow(app) {
  app.on('second-instance', () => { console.log('focus'); });
}
module.exports = { createMainWindow };
`,
      'electron.js': `const { app, globalShortcut } = require('electron');
const windowService = require('./src/services/window.js');
app.on('ready', async () => {
  if (isDbInitialized()) {
    await windowService.createMainWindow(app);
  }
});
app.on('will-quit', () => {
  globalShortcut.unregisterAll();
});
`,
      'src/setup.js': `const windowService = require('./services/window.js');
function setupPage(req, res) {
  const { app } = require('electron');
  windowService.createMainWindow(app);
}
module.exports = { setupPage };
`,
      'src/main.js': `const express = require('express');
const app = express();
const routes = require('./routes');
app.use('/api', routes);
app.listen(1);
`,
      'src/routes.js': `const router = require('express').Router();
router.get('/notes/:id', (req, res) => res.json({ id: req.params.id }));
module.exports = router;
`,
    };
    const eps = runExtractors([auth, extractor], files).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(eps.map((e) => `${e.method} ${e.path}`), ['GET /api/notes/:id']);
    // Not even before link, where a caller handing over Electron's `app` would place it.
    const raw = extractFile({ path: 'src/services/window.js', content: files['src/services/window.js'] }, [extractor]).facts;
    assert.deepEqual(raw.filter((f) => f.kind === 'entrypoint'), []);
  });
});

describe('extract/js/express: helpers given an options object', () => {
  it('expands helper({ router, path }) with the helper\'s own guard and handler, under the router mount', () => {
    const files = {
      'routes/index.ts': `import admin from './admin';
export default function mountRoutes(app) {
  app.use('/admin', admin);
}
`,
      'routes/admin.ts': `import { Router } from 'express';
import { config_route } from './utils';
const router = Router();
export default router;
config_route({ router, path: '/email', super_path: '/admin', field_names: ['smtp_host'] });
`,
      'routes/utils.ts': `const isAdmin = (req, res, next) => {
  if (req.user && req.user.role === 'admin') next();
  else res.status(403).send('forbidden');
};
const error_catcher = (fn) => (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next);
const config_route = ({ router, path, super_path = '', field_names }) => {
  router.get(path, isAdmin, error_catcher(async (req, res) => { res.render('form', { field_names }); }));
  router.post(path, isAdmin, error_catcher(async (req, res) => { await saveConfig(req.body); res.redirect(super_path + path); }));
};
export { config_route, isAdmin };
`,
      'app.ts': `import express from 'express';
import mountRoutes from './routes';
const app = express();
mountRoutes(app);
app.listen(3000);
`,
    };
    const eps = runExtractors([auth, extractor], files).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(eps.map((e) => `${e.method} ${e.path} ${e.auth} ${e.handler?.file}`).sort(), ['GET /admin/email admin routes/utils.ts', 'POST /admin/email admin routes/utils.ts']);
  });
});
