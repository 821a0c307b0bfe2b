// Auth-middleware factories driven by an options object (`auth()`, `auth({ optional: true })`,
// `auth({ role: UserRole.Admin })`), imported through a tsconfig `paths` alias.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

const MIDDLEWARE = `import httpErrors from "http-errors";
import { AuthenticationError, AuthorizationError } from "../errors";
export default function auth(options = {}) {
  return async function authMiddleware(ctx, next) {
    try {
      const { user } = await validateAuthentication(ctx, options);
      ctx.state.auth = { user };
    } catch (err) {
      if (options.optional && !(err instanceof httpErrors.Forbidden)) ctx.state.auth = {};
      else throw err;
    }
    return next();
  };
}
async function validateAuthentication(ctx, options) {
  const token = ctx.cookies.get("accessToken");
  if (!token) throw AuthenticationError("Authentication required");
  const user = await getUserForJWT(token);
  if (options.role && isRoleLower(user.role, options.role)) throw AuthorizationError("role required");
  if (options.type && user.type !== options.type) throw AuthorizationError("type");
  return { user };
}
`;

function routes(files: Record<string, string>): string[] {
  return runExtractors([auth, extractor], files)
    .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
    .map((f) => `${f.method} ${f.path} ${f.auth}`)
    .sort();
}

describe('extract/js/koa: option-driven auth factories', () => {
  it('evaluates the options at each use: {} user, optional none, Admin admin, other role or type user', () => {
    assert.deepEqual(
      routes({
        'server/middlewares/authentication.ts': MIDDLEWARE,
        'server/routes/users.ts': `import Router from "koa-router";
import auth from "@server/middlewares/authentication";
import { UserRole, AuthenticationType } from "@shared/types";
const router = new Router();
router.post("users.list", auth(), async (ctx) => { ctx.body = []; });
router.post("users.info", auth({ optional: true }), async (ctx) => { ctx.body = {}; });
router.post("users.promote", auth({ role: UserRole.Admin }), async (ctx) => { ctx.body = {}; });
router.post("users.invite", auth({ role: UserRole.Member }), async (ctx) => { ctx.body = {}; });
router.post("apiKeys.create", auth({ type: AuthenticationType.APP }), async (ctx) => { ctx.body = {}; });
router.post("teams.demote", auth({ role: "admin" }), async (ctx) => { ctx.body = {}; });
export default router;
`,
      }),
      ['POST /apiKeys.create user', 'POST /teams.demote admin', 'POST /users.info none', 'POST /users.invite user', 'POST /users.list user', 'POST /users.promote admin'],
    );
  });

  it('a factory used in its own file; a factory whose helper checks no identity is no guard', () => {
    assert.deepEqual(
      routes({
        'src/app.js': `const Router = require('@koa/router');
${MIDDLEWARE.replace(/^import.*$/gm, '').replace('export default function', 'function')}
function validate(options = {}) {
  return async (ctx, next) => {
    await check(ctx, options);
    return next();
  };
}
async function check(ctx, options) {
  if (options.strict && !ctx.request.body) throw new Error('body required');
}
const router = new Router();
router.get('/me', auth(), async (ctx) => { ctx.body = ctx.state.auth.user; });
router.get('/admin/stats', auth({ role: 'admin' }), async (ctx) => { ctx.body = {}; });
router.get('/public', auth({ optional: true }), async (ctx) => { ctx.body = {}; });
router.post('/search', validate({ strict: true }), async (ctx) => { ctx.body = {}; });
module.exports = router;
`,
      }),
      ['GET /admin/stats admin', 'GET /me user', 'GET /public none', 'POST /search none'],
    );
  });

  it('follows the helper into another module: a guard there decides, nothing known leaves unknown', () => {
    const factory = (helper: string) => `import { ${helper} } from "@server/utils/authentication";
export default function auth(options = {}) {
  return async (ctx, next) => {
    try {
      ctx.state.auth = await ${helper}(ctx, options);
    } catch (err) {
      if (!options.optional) throw err;
    }
    return next();
  };
}
`;
    const route = `import Router from "koa-router";
import auth from "@server/middlewares/authentication";
const router = new Router();
router.post("users.list", auth(), async (ctx) => { ctx.body = []; });
router.post("users.info", auth({ optional: true }), async (ctx) => { ctx.body = {}; });
router.post("users.promote", auth({ role: "admin" }), async (ctx) => { ctx.body = {}; });
export default router;
`;
    const helper = `export async function validateAuthentication(ctx, options) {
  const token = ctx.cookies.get("accessToken");
  if (!token) throw AuthenticationError("Authentication required");
  const user = await getUserForJWT(token);
  if (options.role && user.role !== options.role) throw AuthorizationError("role required");
  return { user };
}
`;
    assert.deepEqual(
      routes({ 'server/middlewares/authentication.ts': factory('validateAuthentication'), 'server/utils/authentication.ts': helper, 'server/routes/users.ts': route }),
      ['POST /users.info none', 'POST /users.list user', 'POST /users.promote admin'],
    );
    assert.deepEqual(
      routes({ 'server/middlewares/authentication.ts': factory('somethingElse'), 'server/utils/authentication.ts': helper, 'server/routes/users.ts': route }),
      ['POST /users.info unknown', 'POST /users.list unknown', 'POST /users.promote unknown'],
    );
  });
});
