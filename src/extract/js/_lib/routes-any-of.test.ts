// A permission guard given a list any one of which admits (`{ type: 'or' }`, `hasAnyPermission`)
// is as strong as its weakest permission: a feature permission ordinary users hold makes the route
// `user`, while an all-of list (the default) or a list of administrative permissions stays `admin`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { extractor as authExtractor } from '../auth/index.js';
import { extractor as express } from '../express/index.js';
import { effectiveRole } from './routes.js';

function linkedAuth(files: Record<string, string>): Map<string, string | undefined> {
  const extractors = [authExtractor, express];
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, extractors).facts);
  const out = new Map<string, string | undefined>();
  for (const f of linkFacts(facts, extractors)) if (f.kind === 'entrypoint') out.set(`${(f as EntrypointFact).method} ${(f as EntrypointFact).path}`, (f as EntrypointFact).auth);
  return out;
}

const GUARD = `export const requirePerms = (permissions, options) => (req, res, next) => {
  if (!req.user || !req.user.hasPermission(permissions ?? 0, options)) {
    res.status(403).json({ error: 'forbidden' });
  } else {
    next();
  }
};
`;

describe('any-of permission lists', () => {
  it('rates an or-list with a feature permission user, and all-of or administrative lists admin', () => {
    const routes = linkedAuth({
      'src/middleware/perms.js': GUARD,
      'src/routes/tickets.js': `import { Router } from 'express';
import { requirePerms } from '../middleware/perms';
import { Perm } from '../lib/perm';
const tickets = Router();
tickets.post('/', requirePerms([Perm.MANAGE_TICKETS, Perm.OPEN_TICKETS], { type: 'or' }), (req, res) => res.json({}));
tickets.delete('/:id', requirePerms([Perm.MANAGE_TICKETS, Perm.OPEN_TICKETS]), (req, res) => res.json({}));
tickets.put('/:id', requirePerms([Perm.MANAGE_TICKETS, Perm.MANAGE_USERS], { type: 'or' }), (req, res) => res.json({}));
tickets.get('/', requirePerms(), (req, res) => res.json([]));
export default tickets;
`,
      'src/app.js': `import express from 'express';
import tickets from './routes/tickets';
const app = express();
app.use('/tickets', tickets);
app.listen(3000);
`,
    });
    assert.equal(routes.get('POST /tickets'), 'user');
    assert.equal(routes.get('DELETE /tickets/:id'), 'admin');
    assert.equal(routes.get('PUT /tickets/:id'), 'admin');
    assert.equal(routes.get('GET /tickets'), 'user');
  });

  it('reads any-of guard names and option spellings', () => {
    assert.equal(effectiveRole({ name: "hasAnyPermission('MANAGE_POSTS', 'WRITE_POSTS')", role: 'auth-role', args: 'MANAGE_POSTS,WRITE_POSTS' }), 'auth-user');
    assert.equal(effectiveRole({ name: 'guard([P.MANAGE_POSTS, P.WRITE_POSTS], { mode: "any" })', role: 'auth-role', args: '[P.MANAGE_POSTS, P.WRITE_POSTS],{ mode: "any" }' }), 'auth-user');
    assert.equal(effectiveRole({ name: 'guard([P.MANAGE_POSTS, P.WRITE_POSTS])', role: 'auth-role', args: '[P.MANAGE_POSTS, P.WRITE_POSTS]' }), 'auth-admin');
    assert.equal(effectiveRole({ name: "hasAnyPermission('MANAGE_POSTS', 'ADMIN')", role: 'auth-role', args: 'MANAGE_POSTS,ADMIN' }), 'auth-admin');
  });
});
