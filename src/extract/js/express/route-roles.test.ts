// Express route argument roles: the handler is the function that answers, not always the last
// argument; a guard configured after it never runs (dvws `.get(validateToken, controller.x, guard.check([...]))`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

function routes(files: Record<string, string>): EntrypointFact[] {
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, [auth, extractor]).facts);
  return linkFacts(facts, [auth, extractor]).filter((f): f is EntrypointFact => f.kind === 'entrypoint');
}

describe('extract/js/express: route argument roles', () => {
  const eps = routes({
    'utils.js': `const jwt = require('jsonwebtoken');
module.exports = {
  validateToken: (req, res, next) => {
    if (!req.headers.authorization) return res.status(401).send({ error: 'Token required' });
    req.decoded = jwt.verify(req.headers.authorization.split(' ')[1], process.env.JWT_SECRET);
    next();
  },
};
`,
    'controllers/notebook.js': `module.exports = {
  list_all_notes: async (req, res) => { res.json(await Note.find({ user: req.decoded.user })); },
  read_a_note: async (req, res) => { res.json(await Note.findOne({ no: req.params.noteId })); },
};
`,
    'routes/notebook.js': `const controller = require('../controllers/notebook');
const validateToken = require('../utils').validateToken;
const guard = require('express-jwt-permissions')({ requestProperty: 'identity', permissionsProperty: 'permissions' });
module.exports = (router) => {
  router.route('/v2/notes').get(validateToken, controller.list_all_notes, guard.check(['user:read']));
  router.route('/v2/notes/:noteId').get(controller.read_a_note, guard.check(['admin']));
};
`,
    'app.js': `const express = require('express');
const app = express();
const router = express.Router();
require('./routes/notebook')(router);
app.use('/api', router);
`,
  });
  const ep = (m: string, p: string) => eps.find((e) => e.method === m && e.path === p)!;

  it('takes the plain handler before a trailing configured guard as the handler', () => {
    assert.deepEqual(ep('GET', '/api/v2/notes').handler, { file: 'controllers/notebook.js', line: 2, name: 'controller.list_all_notes' });
    assert.equal(ep('GET', '/api/v2/notes').auth, 'user');
    assert.ok(ep('GET', '/api/v2/notes').tags?.includes('guard-after-handler'));
  });

  it('does not count the guard after the handler: it never runs', () => {
    assert.equal(ep('GET', '/api/v2/notes/:noteId').auth, 'none');
    assert.equal(ep('GET', '/api/v2/notes/:noteId').handler?.line, 3);
  });
});
