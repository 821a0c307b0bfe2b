// Sails.js: routes of config/routes.js get their auth from the policies config/policies.js maps
// their action to, each policy judged by its body in api/policies/.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const FILES = {
  'config/routes.js': `module.exports.routes = {
  'POST /api/session': 'session/create',
  'GET /api/notes': 'notes/index',
  'DELETE /api/notes/:id': 'notes/delete',
  'GET /api/settings': 'settings/show',
  'post /api/legacy/:id': 'LegacyController.update',
  'GET /uploads/*': { fn: signedOnly('/uploads') },
  '/api/archive': { action: 'notes/archive' },
};
function signedOnly(prefix) {
  return (req, res, next) => {
    if (!req.session.userId) return res.status(401).send('Unauthorized');
    next();
  };
}
`,
  'config/policies.js': `module.exports.policies = {
  '*': 'is-logged-in',
  'settings/*': ['is-logged-in', 'is-admin'],
  'notes/archive': false,
  'session/create': true,
  LegacyController: { '*': 'is-admin' },
};
`,
  'api/policies/is-logged-in.js': `module.exports = async function (req, res, proceed) {
  if (!req.me) return res.unauthorized();
  return proceed();
};
`,
  'api/policies/is-admin.js': `module.exports = async function (req, res, proceed) {
  if (req.me.role !== 'admin') {
    return res.notFound();
  }
  return proceed();
};
`,
  'api/controllers/notes/delete.js': `module.exports = {
  inputs: { id: { type: 'string' } },
  fn: async function ({ id }) {
    await Note.destroyOne({ id });
  },
};
`,
};

describe('js/sails', () => {
  const routes = runExtractor(extractor, FILES).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  const by = Object.fromEntries(routes.map((r) => [`${r.method} ${r.path}`, r]));

  it('reads every route of the table with its verb (none: any verb)', () => {
    assert.deepEqual(Object.keys(by).sort(), ['ALL /api/archive', 'DELETE /api/notes/:id', 'GET /api/notes', 'GET /api/settings', 'GET /uploads/*', 'POST /api/legacy/:id', 'POST /api/session']);
  });

  it('takes the most specific policy: the action, then controller/*, then *', () => {
    assert.equal(by['GET /api/notes']?.auth, 'user');
    assert.deepEqual(by['GET /api/notes']?.middleware, ['is-logged-in']);
    assert.equal(by['GET /api/settings']?.auth, 'admin');
    assert.equal(by['POST /api/legacy/:id']?.auth, 'admin');
  });

  it('treats true as open on purpose and false as closed', () => {
    assert.equal(by['POST /api/session']?.auth, 'none');
    assert.ok(by['POST /api/session']?.tags?.includes('declared-public'));
    assert.ok(by['ALL /api/archive']?.tags?.includes('deny-all'));
  });

  it('judges an inline function target by its own check and points actions at their fn', () => {
    assert.equal(by['GET /uploads/*']?.auth, 'user');
    assert.deepEqual(by['DELETE /api/notes/:id']?.handler, { file: 'api/controllers/notes/delete.js', line: 3, name: 'notes/delete' });
  });

  it('names an unparseable policy file in a diagnostic and keeps the routes, with the policy unjudged', () => {
    const broken = runExtractor(extractor, { ...FILES, 'api/policies/is-admin.js': 'module.exports = async function (req, res, proceed) {\n  if (req.me.role !== ' });
    assert.deepEqual(broken.diagnostics.map((d) => [d.code, d.file]), [['extractor-error', 'api/policies/is-admin.js']]);
    const eps = broken.facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.equal(eps.length, routes.length);
    // The admin policy can no longer be read: its routes are not taken for admin-only.
    assert.notEqual(eps.find((e) => e.path === '/api/settings')?.auth, 'admin');
    assert.equal(eps.find((e) => e.path === '/api/notes')?.auth, 'user');
  });
});

