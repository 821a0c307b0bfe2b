// Permission constants handed to a guard factory at the route: an installation-wide privilege
// (`GLOBAL_BUILDER`, `SUPER_ADMIN`) makes the route an administrator's even where the guard's own
// check is out of sight, while ordinary permissions (`PermissionType.TABLE, PermissionLevel.READ`)
// only need a signed-in user granted them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

/** The permission check is an imported helper's: the guard itself only shows a sign-in check. */
const GUARD = `import { grants } from './grants';
const gate = (permType, mode, opts = {}) => async (ctx, next) => {
  if (!ctx.user) return ctx.throw(401, 'Sign in first');
  await grants.enforce(ctx, permType, mode, opts);
  return next();
};
export const allow = (permType, mode) => gate(permType, mode);
`;

/** A factory whose parameter is a level: judged a role guard, its arguments decide. */
const ROLE_GUARD = `export const needs = (kind, level) => async (ctx, next) => {
  if (!ctx.state.user) ctx.throw(401);
  if (!ctx.state.user.grants.some((g) => g.kind === kind && g.level >= level)) ctx.throw(403);
  await next();
};
`;

const ROUTES = `import Router from '@koa/router';
import { allow } from './guard';
import { needs } from './role-guard';
import { permissions, PermissionKind, PermissionLevel, Roles } from './constants';
const router = new Router();
router
  .post('/api/plugins', allow(permissions.GLOBAL_BUILDER), async (ctx) => { ctx.body = {}; })
  .delete('/api/tenants/:id', allow(Roles.SUPER_ADMIN), async (ctx) => { ctx.status = 204; })
  .get('/api/notes/:id', allow(PermissionKind.NOTE, PermissionLevel.READ), async (ctx) => { ctx.body = {}; })
  .get('/api/sheets/:id', needs(PermissionKind.SHEET, PermissionLevel.READ), async (ctx) => { ctx.body = {}; })
  .put('/api/settings', needs(PermissionKind.SETTINGS, PermissionLevel.ADMIN), async (ctx) => { ctx.body = {}; })
  .post('/api/reviews', needs(Roles.Reviewer), async (ctx) => { ctx.body = {}; });
export default router;
`;

describe('extract/js/koa: permission constants given to guard factories', () => {
  it('makes installation-wide privileges admin and keeps ordinary permissions user', () => {
    const { facts } = runExtractors([auth, extractor], { 'src/guard.js': GUARD, 'src/role-guard.js': ROLE_GUARD, 'src/routes.js': ROUTES });
    const got = Object.fromEntries(facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint').map((e) => [`${e.method} ${e.path}`, e.auth]));
    assert.deepEqual(got, {
      'POST /api/plugins': 'admin',
      'DELETE /api/tenants/:id': 'admin',
      'GET /api/notes/:id': 'user',
      'GET /api/sheets/:id': 'user',
      'PUT /api/settings': 'admin',
      'POST /api/reviews': 'admin',
    });
  });
});
