// Guards a handler calls itself (`check_logged(req, res);`) and auth a handler does itself from
// credentials in the request body: a guard that stops the handler authenticates the route; one
// that only answers (a redirect, a 401) and lets the handler go on leaves it unauthenticated and
// is recorded as a `guard-continues` site. Middleware that runs a library guard it builds counts too.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigFact, EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as express } from './index.js';

function run(files: Record<string, string>): { routes: Map<string, EntrypointFact>; sites: ConfigFact[] } {
  const facts: Fact[] = runExtractors([auth, express], files).facts;
  const routes = new Map<string, EntrypointFact>();
  for (const f of facts) if (f.kind === 'entrypoint') routes.set(`${f.method} ${f.path}`, f as EntrypointFact);
  const sites = facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === 'handler-site' && f.values.site === 'guard-continues');
  return { routes, sites };
}

const REDIRECTS = `function check_logged(req, res) {
  if (req.session.logged == undefined || req.session.logged == false) {
    res.redirect('/login?returnurl=' + req.url);
  }
}
module.exports = check_logged;
`;

const THROWS = `exports.checkLogin = (req) => {
  if (!req.session.userId) throw new Error('You are not logged in.');
};
`;

describe('extract/js/express: guards called inside the handler', () => {
  it('keeps a route unauthenticated when an imported guard only redirects and the handler goes on', () => {
    const { routes, sites } = run({
      'routes/login_check.js': REDIRECTS,
      'routes/auth.js': THROWS,
      'routes/products.js': `const express = require('express');
const check_logged = require('./login_check');
const { checkLogin } = require('./auth');
const db = require('../db');
const router = express.Router();
router.get('/detail', function (req, res) {
  check_logged(req, res);
  db.getProduct(req.query.id).then((p) => res.render('detail', { p }));
});
router.get('/purchased', function (req, res) {
  if (!check_logged(req, res)) return;
  db.getPurchased(req.session.user).then((p) => res.render('purchased', { p }));
});
router.get('/search', async (req, res) => {
  try {
    checkLogin(req);
    res.json(await db.search(req.query.q));
  } catch (e) {
    res.status(500).end();
  }
});
router.get('/about', function (req, res) {
  check_logged(req, res);
  res.render('about');
});
module.exports = router;
`,
      'app.js': `const express = require('express');
const app = express();
app.use('/products', require('./routes/products'));
`,
    });
    const detail = routes.get('GET /products/detail')!;
    assert.equal(detail.auth, 'none');
    assert.ok(detail.tags?.includes('guard-does-not-halt'), detail.tags?.join(','));
    // The caller checks the result: the guard stops the handler.
    assert.equal(routes.get('GET /products/purchased')?.auth, 'user');
    // A guard that throws stops its caller by itself.
    assert.equal(routes.get('GET /products/search')?.auth, 'user');
    assert.deepEqual(
      sites.map((s) => `${s.values.routePath} ${s.evidence.file}:${s.evidence.line} ${s.values.guard} ${s.values.guardFile}:${s.values.guardLine} ${s.values.after}`).sort(),
      ['/products/about routes/products.js:23 check_logged routes/login_check.js:1 answers', '/products/detail routes/products.js:7 check_logged routes/login_check.js:1 data'],
    );
  });

  it('judges same-file guards and handlers exported from another file', () => {
    const { routes, sites } = run({
      'controllers/orders.js': `const { checkLogin } = require('../lib/auth');
function ensureSession(req, res) {
  if (!req.user) {
    res.status(401).json({ error: 'sign in' });
    return false;
  }
  return true;
}
exports.create = (req, res) => {
  ensureSession(req, res);
  Order.create(req.body).then((o) => res.json(o));
};
exports.list = (req, res) => {
  return ensureSession(req, res, () => Order.findAll().then((o) => res.json(o)));
};
exports.remove = async (req, res) => {
  checkLogin(req);
  await Order.destroy({ where: { id: req.params.id } });
  res.end();
};
`,
      'lib/auth.js': THROWS,
      'app.js': `const express = require('express');
const orders = require('./controllers/orders');
const app = express();
app.post('/orders', orders.create);
app.get('/orders', orders.list);
app.delete('/orders/:id', orders.remove);
`,
    });
    assert.equal(routes.get('POST /orders')?.auth, 'none');
    assert.equal(routes.get('GET /orders')?.auth, 'user');
    assert.equal(routes.get('DELETE /orders/:id')?.auth, 'user');
    assert.deepEqual(sites.map((s) => `${s.values.routeMethod} ${s.values.routePath} ${s.evidence.file}:${s.evidence.line} ${s.values.guard} ${s.values.guardLine} ${s.values.after}`), ['POST /orders controllers/orders.js:10 ensureSession 2 data']);
  });

  it('does not take a helper that checks nothing, one of a package, or a lookup for a guard; takes a tested verdict', () => {
    const { routes, sites } = run({
      'lib/validate.js': `module.exports = function validate(req, res) {
  if (!req.body.name) res.status(400).send('name required');
};
`,
      // Throws without a record named by the request: a lookup, whatever the classifier makes of `req.payload`.
      'lib/entity.js': `exports.getCollection = (req) => {
  const collection = req.payload.collections[req.params.slug];
  if (!collection) throw new Error('not found');
  return collection;
};
exports.requireUser = (req, res) => {
  if (!req.session.user) {
    res.status(401).end();
    return false;
  }
  return true;
};
`,
      'app.js': `const express = require('express');
const validate = require('./lib/validate');
const { getCollection, requireUser } = require('./lib/entity');
const audit = require('audit-log');
const app = express();
app.post('/things', (req, res) => {
  validate(req, res);
  audit(req, res);
  Thing.create(req.body).then((t) => res.json(t));
});
app.get('/:slug/items', (req, res) => {
  const collection = getCollection(req);
  if (!collection.upload) throw new Error('no uploads');
  res.json(collection.items);
});
app.get('/me', async (req, res) => {
  const ok = requireUser(req, res);
  if (!ok) return;
  res.json(await User.findByPk(req.session.user));
});
`,
    });
    assert.equal(routes.get('POST /things')?.auth, 'none');
    assert.equal(routes.get('GET /:slug/items')?.auth, 'none');
    assert.equal(routes.get('GET /me')?.auth, 'user');
    assert.ok(!routes.get('POST /things')?.tags?.includes('guard-does-not-halt'));
    assert.deepEqual(sites, []);
  });
});

describe('extract/js/express: guards called after reads', () => {
  it('looks past awaited reads and the log of a refusal, not past a write or a look-up answered before the guard', () => {
    const body = (before: string) => `async (req, res) => {
  const name = String(req.params.name);
  if (!name) {
    await logRefusal(req.url);
    return res.status(400).end();
  }
${before}
  if (!ensureSession(req, res)) return;
  await Note.destroy({ where: { name } });
  res.end();
}`;
    const { routes } = run({
      'app.js': `const express = require('express');
const app = express();
function ensureSession(req, res) {
  if (!req.user) {
    res.status(401).json({ error: 'sign in' });
    return false;
  }
  return true;
}
app.delete('/notes/:name', ${body(`  const note = await Note.findOne({ where: { name } });
  if (!note) return res.status(404).end();`)});
app.delete('/touched/:name', ${body(`  await Note.touch(name);`)});
app.delete('/shared/:name', ${body(`  const note = await Note.findOne({ where: { name } });
  if (note.shared) return res.json(note);`)});
`,
    });
    assert.equal(routes.get('DELETE /notes/:name')?.auth, 'user');
    assert.equal(routes.get('DELETE /touched/:name')?.auth, 'none');
    assert.equal(routes.get('DELETE /shared/:name')?.auth, 'none');
  });
});

describe('extract/js/express: auth the handler does from request-body credentials', () => {
  const files = {
    'app.js': `const express = require('express');
const routes = require('./routes');
const jwt = require('jsonwebtoken');
const app = express();
app.put('/chat', routes.chat.add);
app.delete('/chat', routes.chat.delete);
app.post('/notes', (req, res) => {
  const user = User.findOne({ name: req.body.name });
  if (!user) return res.status(403).end();
  Note.create({ owner: user.id, text: req.body.text });
  res.end();
});
app.post('/session', (req, res) => {
  const user = findUser(req.body.auth || {});
  if (!user) return res.status(401).json({ error: 'bad credentials' });
  res.json({ token: jwt.sign({ sub: user.id }, process.env.SECRET) });
});
`,
    'routes/index.js': `const users = [{ name: 'admin', password: process.env.ADMIN_PASSWORD, canDelete: true }];
let messages = [];
function findUser(auth) {
  return users.find((u) => u.name === auth.name && u.password === auth.password);
}
exports.chat = {
  add(req, res) {
    const user = findUser(req.body.auth || {});
    if (!user) {
      res.status(403).send({ ok: false, error: 'Access denied' });
      return;
    }
    messages.push({ text: req.body.message, userName: user.name });
    res.send({ ok: true });
  },
  delete(req, res) {
    const user = findUser(req.body.auth || {});
    if (!user || !user.canDelete) {
      res.status(403).send({ ok: false, error: 'Access denied' });
      return;
    }
    messages = messages.filter((m) => m.id !== req.body.messageId);
    res.send({ ok: true });
  },
};
`,
  };

  it('counts a caller looked up by body credentials and refused with 403 as a user, with a privilege flag as an admin', () => {
    const { routes } = run(files);
    assert.equal(routes.get('PUT /chat')?.auth, 'user');
    assert.equal(routes.get('DELETE /chat')?.auth, 'admin');
  });

  it('does not count a lookup by a name (no credential) or a login that issues a token', () => {
    const { routes } = run(files);
    assert.equal(routes.get('POST /notes')?.auth, 'none');
    assert.equal(routes.get('POST /session')?.auth, 'none');
  });
});

describe('extract/js/express: middleware that runs a library guard it builds', () => {
  it('counts express-basic-auth built and run inside an imported middleware, and names the switch that turns it off', () => {
    const { routes } = run({
      'server/auth.js': `const basicAuth = require('express-basic-auth');
const jwt = require('express-jwt');
exports.apiAuth = async function (req, res, next) {
  if (!(await Settings.get('disableAuth'))) {
    let middleware;
    if (await Settings.get('apiKeysEnabled')) middleware = basicAuth({ authorizer: apiAuthorizer, authorizeAsync: true });
    else middleware = basicAuth({ authorizer: userAuthorizer, authorizeAsync: true });
    middleware(req, res, next);
  } else {
    next();
  }
};
exports.maybeUser = (req, res, next) => jwt({ secret: process.env.SECRET, algorithms: ['HS256'], credentialsRequired: false })(req, res, next);
`,
      'server/server.js': `const express = require('express');
const { apiAuth, maybeUser } = require('./auth');
const app = express();
app.get('/metrics', apiAuth, (req, res) => res.send(metrics()));
app.get('/feed', maybeUser, (req, res) => res.json(feed()));
`,
    });
    const metrics = routes.get('GET /metrics')!;
    assert.equal(metrics.auth, 'user');
    assert.deepEqual(metrics.authEvidence, ["apiAuth: apiAuth in server/auth.js (off when await Settings.get('disableAuth'))"]);
    assert.equal(routes.get('GET /feed')?.auth, 'none');
  });
});

describe('extract/js/express: middleware that stops behind a guard it calls', () => {
  const CHECK = `export default function checkTicket(req, res) {
  const ticket = sessions.get(req.headers['x-session-token']);
  if (!ticket) {
    res.status(401).send({ error: 'unauthorized' });
    return null;
  }
  return ticket;
}
export function lookupBasket(req) {
  return baskets.get(req.query.basket);
}
`;
  it('gives the middleware the level of the imported guard it calls and stops behind, not of a lookup', () => {
    const { routes } = run({
      'lib/ticket.js': CHECK,
      'lib/gates.js': `import checkTicket, { lookupBasket } from './ticket.js';
export const requireTicket = async (req, res, next) => {
  const session = await checkTicket(req, res);
  if (!session) return;
  res.locals.session = session;
  next();
};
export const loadBasket = (req, res, next) => {
  const basket = lookupBasket(req);
  if (!basket) return;
  res.locals.basket = basket;
  next();
};
export function lateTicket(req, res, next) {
  checkTicket(req, res);
  next();
}
`,
      'lib/routes.js': `import express from 'express';
import { requireTicket, loadBasket, lateTicket } from './gates.js';
const app = express();
app.post('/orders', requireTicket, (req, res) => res.json(place(req.body)));
app.post('/basket', loadBasket, (req, res) => res.json(add(req.body)));
app.post('/late', lateTicket, (req, res) => res.json(place(req.body)));
const inner = express();
inner.use(requireTicket);
inner.delete('/orders/:id', (req, res) => res.json(cancel(req.params.id)));
export { inner };
`,
    });
    assert.equal(routes.get('POST /orders')?.auth, 'user');
    assert.match(String(routes.get('POST /orders')?.authEvidence), /requireTicket: .*checkTicket.*lib\/ticket\.js/);
    assert.equal(routes.get('DELETE /orders/:id')?.auth, 'user');
    // A lookup (no refusal of its own) and a guard whose refusal the middleware does not stop behind guard nothing.
    assert.equal(routes.get('POST /basket')?.auth, 'none');
    assert.equal(routes.get('POST /late')?.auth, 'none');
  });
});

describe('extract/js/express: middleware chains exported as one list', () => {
  it('takes the strictest guard of the list, and a user level when a second way lets non-administrators on', () => {
    const { routes } = run({
      'mw/signed-in.js': `export default function signedIn(req, res, next) {
  if (req.isAuthenticated()) return next();
  return res.status(401).end();
}
`,
      'mw/staff-only.js': `import signedIn from './signed-in.js';
export default [
  signedIn,
  function staffOnly(req, res, next) {
    if (req.user.role === 'admin') return next();
    return res.status(403).end();
  },
];
`,
      'mw/report-reader.js': `import signedIn from './signed-in.js';
export default [
  signedIn,
  async function reportReader(req, res, next) {
    if (req.user.role === 'admin') return next();
    const grant = await grants.find(req.params.reportId, req.user.id);
    if (grant) return next();
    return res.status(403).end();
  },
];
`,
      'routes/reports.js': `import express from 'express';
import staffOnly from '../mw/staff-only.js';
import reportReader from '../mw/report-reader.js';
const router = express.Router();
router.delete('/reports/:reportId', staffOnly, (req, res) => res.json(drop(req.params.reportId)));
router.get('/reports/:reportId', reportReader, (req, res) => res.json(read(req.params.reportId)));
export default router;
`,
    });
    assert.equal(routes.get('DELETE /reports/:reportId')?.auth, 'admin');
    assert.equal(routes.get('GET /reports/:reportId')?.auth, 'user');
  });
});
