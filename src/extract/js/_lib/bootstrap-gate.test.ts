import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as express } from '../express/index.js';

function routes(files: Record<string, string>): EntrypointFact[] {
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, [auth, express]).facts);
  return linkFacts(facts, [auth, express]).filter((f): f is EntrypointFact => f.kind === 'entrypoint');
}

const GATES = `const setup = require('./setup');
function reject(req, res, message) { res.status(401).send(message); }
function checkAppNotInitialized(req, res, next) {
  if (setup.isDbInitialized()) reject(req, res, 'App already initialized.');
  else next();
}
function checkPasswordNotSet(req, res, next) {
  if (!isDesktop() && setup.isPasswordSet()) res.redirect('login');
  else next();
}
function checkAppInitialized(req, res, next) {
  if (!setup.isDbInitialized()) res.redirect('setup');
  else next();
}
module.exports = { checkAppNotInitialized, checkPasswordNotSet, checkAppInitialized };
`;

const APP = `const express = require('express');
const gates = require('./gates');
const app = express();
app.post('/api/setup/new-document', gates.checkAppNotInitialized, (req, res) => { createDocument(req.body); res.send('ok'); });
app.post('/set-password', gates.checkPasswordNotSet, (req, res) => { savePassword(req.body.password); res.redirect('/'); });
app.post('/notes', gates.checkAppInitialized, (req, res) => { saveNote(req.body); res.send('ok'); });
app.listen(3000);
`;

describe('bootstrap gates: middleware that refuses once the application is set up', () => {
  it('tags the routes behind it bootstrap-once, and not those behind the opposite gate', () => {
    const eps = routes({ 'src/gates.js': GATES, 'src/app.js': APP });
    const tags = (path: string) => eps.find((e) => e.path === path)?.tags ?? [];
    assert.ok(tags('/api/setup/new-document').includes('bootstrap-once'));
    assert.ok(tags('/set-password').includes('bootstrap-once'));
    assert.ok(!tags('/notes').includes('bootstrap-once'));
    for (const e of eps) assert.equal(e.auth, 'none', e.path);
  });

  it('tags handlers that refuse once the application is set up, in either branch shape', () => {
    const eps = routes({
      'src/auth.js': `const express = require('express');
const router = express.Router();
router.post('/create_from_restore', async (req, res) => {
  const hasUsers = await User.nonEmpty();
  if (hasUsers) {
    req.flash('danger', 'Users already present');
    return res.redirect('/auth/login');
  }
  await restore(req.files.file);
  res.redirect('/');
});
router.post('/create_first_user', async (req, res) => {
  const hasUsers = await User.nonEmpty();
  if (!hasUsers) {
    await User.create({ email: req.body.email, password: req.body.password, role_id: 1 });
    res.redirect('/');
  } else {
    req.flash('danger', 'Users already present');
    res.redirect('/auth/login');
  }
});
router.post('/feedback', async (req, res) => {
  const count = await Feedback.count();
  if (count > 1000) return res.status(429).send('full');
  await Feedback.create(req.body);
  res.send('ok');
});
module.exports = router;
`,
      'src/app.js': "const app = require('express')();\napp.use('/auth', require('./auth'));\napp.listen(3000);\n",
    });
    const tags = (path: string) => eps.find((e) => e.path === path)?.tags ?? [];
    assert.ok(tags('/auth/create_from_restore').includes('bootstrap-once'));
    assert.ok(tags('/auth/create_first_user').includes('bootstrap-once'));
    assert.ok(!tags('/auth/feedback').includes('bootstrap-once'));
  });
});

describe('bootstrap gates: a handler refusing on a set-up flag of the state it loaded', () => {
  it('tags `const cfg = await getServerConfig(); if (cfg.initialized) throw` bootstrap-once, not a flag of the request', async () => {
    const { extractor: fastify } = await import('../fastify/index.js');
    const files = {
      'src/routes/admin.ts': `import type { FastifyInstance } from 'fastify';
import { getServerConfig } from '../config';
export const adminRoutes = async (server: FastifyInstance) => {
  server.route({
    method: 'POST',
    url: '/admin/signup',
    handler: async (req) => {
      const serverCfg = await getServerConfig();
      if (serverCfg.initialized)
        throw new ForbiddenError('An administrator exists already');
      return server.services.admin.signUp(req.body);
    },
  });
  server.post('/admin/restore', async (req) => {
    const settings = await loadSettings(req.body.site);
    if (settings.installed) throw new ForbiddenError('installed');
    return restore(req.body);
  });
};
`,
      'src/app.ts': `import Fastify from 'fastify';
import { adminRoutes } from './routes/admin';
const app = Fastify();
await app.register(adminRoutes, { prefix: '/api' });
`,
    };
    const facts: Fact[] = [];
    for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, [auth, fastify]).facts);
    const eps = linkFacts(facts, [auth, fastify]).filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    const tags = (path: string) => eps.find((e) => e.path === path)?.tags ?? [];
    assert.ok(tags('/api/admin/signup').includes('bootstrap-once'), JSON.stringify(eps.map((e) => [e.path, e.tags])));
    // The state was looked up from the request's own input: not a first-run gate.
    assert.ok(!tags('/api/admin/restore').includes('bootstrap-once'));
  });
});
