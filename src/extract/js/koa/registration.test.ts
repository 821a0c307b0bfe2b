// Routers handed to route-registration functions of other modules (`usersRoutes(router, tenant)`,
// `(...[router, tenant])`, `(...args) => { const [router] = args }`, forwarded with `f(...args)`),
// Koa sub-apps built by a function and mounted (`mount('/api', initApis(tenant))` imported through a
// package.json `#src/` alias, its routers attached in a `for...of` loop), routers of unknown classes
// nested with `parent.use(child.routes())`, schema validators named `*Guard`, and scope checks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as express } from '../express/index.js';
import { extractor } from './index.js';

const files = {
  // Another package's module at the same `src/` path: `#src/` names the importing package's own.
  'packages/aaa/src/routes/init.ts': `import Koa from 'koa';
import Router from 'koa-router';
export default function initApis() {
  const app = new Koa();
  const router = new Router();
  router.get('/elsewhere', async (ctx) => { ctx.body = 1; });
  app.use(router.routes());
  return app;
}
`,
  'packages/core/src/tenant.ts': `import Koa from 'koa';
import mount from 'koa-mount';
import initApis from '#src/routes/init.js';
export function createApp(tenant) {
  const app = new Koa();
  app.use(mount('/api', initApis(tenant)));
  return app;
}
`,
  'packages/core/src/routes/init.ts': `import Koa from 'koa';
import Router from 'koa-router';
import koaAuth from '../middleware/koa-auth.js';
import koaOidcAuth from '../middleware/koa-oidc-auth.js';
import adminUserRoutes from './admin-user/index.js';
import organizationRoutes from './organization/index.js';
import statusRoutes from './status.js';
import accountRoutes from './account.js';

const createRouters = (tenant) => {
  const managementRouter = new Router();
  managementRouter.use(koaAuth(tenant.envSet, tenant.id));
  adminUserRoutes(managementRouter, tenant);
  organizationRoutes(managementRouter, tenant);

  const anonymousRouter = new Router();
  statusRoutes(anonymousRouter, tenant);

  const userRouter = new Router();
  userRouter.use(koaOidcAuth(tenant));
  accountRoutes(userRouter, tenant);
  return [managementRouter, anonymousRouter, userRouter];
};

export default function initApis(tenant) {
  const apisApp = new Koa();
  for (const router of createRouters(tenant)) {
    apisApp.use(router.routes()).use(router.allowedMethods());
  }
  return apisApp;
}
`,
  'packages/core/src/middleware/koa-auth.ts': `import { jwtVerify } from 'jose';
import assertThat from '#src/utils/assert-that.js';
import RequestError from '#src/errors/RequestError.js';
export const verifyBearerToken = async (request, audience) => {
  const { payload } = await jwtVerify(request.headers.authorization, keys, { audience });
  return { sub: payload.sub, scopes: payload.scope.split(' ') };
};
export default function koaAuth(envSet, audience) {
  const authMiddleware = async (ctx, next) => {
    const { sub, scopes } = await verifyBearerToken(ctx.request, audience);
    assertThat(scopes.includes(PredefinedScope.All), new RequestError({ code: 'auth.forbidden', status: 403 }));
    ctx.auth = { id: sub, scopes: new Set(scopes) };
    return next();
  };
  return authMiddleware;
}
`,
  'packages/core/src/middleware/koa-oidc-auth.ts': `import assertThat from '#src/utils/assert-that.js';
import RequestError from '#src/errors/RequestError.js';
export default function koaOidcAuth(tenant) {
  const authMiddleware = async (ctx, next) => {
    const accessToken = await tenant.provider.AccessToken.find(ctx.request.headers.authorization);
    assertThat(accessToken, new RequestError({ code: 'auth.unauthorized', status: 401 }));
    const { accountId, scopes } = accessToken;
    assertThat(scopes.has('openid'), new RequestError({ code: 'auth.forbidden', status: 403 }));
    ctx.auth = { type: 'user', id: accountId };
    return next();
  };
  return authMiddleware;
}
`,
  'packages/core/src/middleware/koa-guard.ts': `export default function koaGuard({ body, query, params, response, status }) {
  return async (ctx, next) => {
    const result = body?.safeParse(ctx.request.body);
    if (result && !result.success) throw new RequestError({ code: 'guard.invalid_input', status: 400 });
    ctx.guard = { body: result?.data, query, params };
    await next();
  };
}
`,
  'packages/core/src/routes/admin-user/index.ts': `import adminUserBasicsRoutes from './basics.js';
export default function adminUserRoutes(...args) {
  adminUserBasicsRoutes(...args);
}
`,
  'packages/core/src/routes/admin-user/basics.ts': `import { object, string } from 'zod';
import koaGuard from '#src/middleware/koa-guard.js';
import { koaQuotaGuard } from '#src/middleware/koa-quota-guard.js';
export default function adminUserBasicsRoutes(...args) {
  const [router, { queries }] = args;
  router.get('/users/:userId', koaGuard({ params: object({ userId: string() }), response: userGuard, status: [200, 404] }), async (ctx, next) => {
    ctx.body = await queries.users.findUserById(ctx.guard.params.userId);
    return next();
  });
  router.delete('/users/:userId', koaQuotaGuard({ key: 'users', quota }), koaGuard({ params: object({ userId: string() }), status: [204] }), async (ctx, next) => {
    const { userId } = ctx.guard.params;
    if (userId === ctx.auth.id) throw new RequestError({ code: 'user.cannot_delete_self', status: 400 });
    await queries.users.deleteUserById(userId);
    ctx.status = 204;
    return next();
  });
}
`,
  'packages/core/src/routes/organization/index.ts': `import SchemaRouter from '#src/utils/SchemaRouter.js';
import koaGuard from '#src/middleware/koa-guard.js';
import userRoutes from './user.js';
export default function organizationRoutes(...[originalRouter, { queries }]) {
  const router = new SchemaRouter(queries.organizations);
  userRoutes(router, queries.organizations);
  originalRouter.use(router.routes());
}
`,
  'packages/core/src/routes/organization/user.ts': `import koaGuard from '#src/middleware/koa-guard.js';
export default function userRoutes(router, organizations) {
  router.post('/:id/users', koaGuard({ body: object({ userIds: string().array() }), status: [201] }), async (ctx, next) => {
    await organizations.relations.users.insert(ctx.guard.params.id, ctx.guard.body.userIds);
    ctx.status = 201;
    return next();
  });
}
`,
  'packages/core/src/routes/status.ts': `import koaGuard from '#src/middleware/koa-guard.js';
export default function statusRoutes(...[router, tenant]) {
  router.get('/status', koaGuard({ status: 204 }), async (ctx, next) => {
    ctx.status = 204;
    return next();
  });
}
`,
  'packages/core/src/routes/account.ts': `import koaGuard from '#src/middleware/koa-guard.js';
export default function accountRoutes(...args) {
  const [router, { queries }] = args;
  router.post('/my-account/password', koaGuard({ body: object({ password: string() }), status: [204] }), async (ctx, next) => {
    await queries.users.updatePassword(ctx.auth.id, ctx.guard.body.password);
    ctx.status = 204;
    return next();
  });
}
`,
};

describe('extract/js/koa: routers handed to registration functions', () => {
  const eps = runExtractors([auth, express, extractor], files).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  const byKey = new Map(eps.map((e) => [`${e.method} ${e.path}`, e]));

  it('carries the caller router middleware and the mount prefix of the sub-app through rest parameters and forwarding', () => {
    assert.deepEqual([...byKey.keys()].sort(), ['DELETE /api/users/:userId', 'GET /api/status', 'GET /api/users/:userId', 'GET /elsewhere', 'POST /api/:id/users', 'POST /api/my-account/password']);
    assert.ok(eps.every((e) => !e.tags?.includes('mount-unresolved')), 'every mount resolved');
  });

  it('judges a middleware asserting the all-granting scope admin, and a self-deletion check does not downgrade it', () => {
    assert.equal(byKey.get('GET /api/users/:userId')?.auth, 'admin');
    assert.equal(byKey.get('DELETE /api/users/:userId')?.auth, 'admin');
    // Nested with `originalRouter.use(router.routes())` from a router of an unknown class.
    assert.equal(byKey.get('POST /api/:id/users')?.auth, 'admin');
  });

  it('takes a standard OpenID scope check for a signed-in user, not a privilege', () => {
    assert.equal(byKey.get('POST /api/my-account/password')?.auth, 'user');
  });

  it('takes request/response schema validators and quota guards for no authentication', () => {
    assert.equal(byKey.get('GET /api/status')?.auth, 'none');
  });
});

describe('extract/js/express: HTTP client calls are no routes', () => {
  it('skips `api.post(url, { json })` on an imported client whatever the path', () => {
    const eps = runExtractors([express, extractor], {
      'packages/experience/src/apis/experience/index.ts': `import api from '../api';
import { experienceApiRoutes } from './const';
export const signInWithPassword = async (payload) => {
  await api.put('/api/experience', { json: { interactionEvent: 'SignIn' } });
  const { verificationId } = await api.post(\`\${experienceApiRoutes.verification}/password\`, { json: payload }).json();
  return api.get('/api/experience/status', { searchParams: { id: verificationId } }).json();
};
`,
    }).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(eps.map((e) => `${e.method} ${e.path}`), []);
  });
});

describe('extract/js/koa: one name, two routers', () => {
  it('keeps apart routers declared under the same name in two functions of a file', () => {
    const eps = runExtractors([auth, express, extractor], {
      'src/app.ts': `import Koa from 'koa';
import mount from 'koa-mount';
import initApis, { initPublicApis } from './routes/init.js';
const app = new Koa();
app.use(mount('/.well-known', initPublicApis()));
app.use(mount('/api', initApis()));
`,
      'src/routes/init.ts': `import Koa from 'koa';
import Router from 'koa-router';
export default function initApis() {
  const apisApp = new Koa();
  const anonymousRouter = new Router();
  anonymousRouter.get('/status', async (ctx) => { ctx.status = 204; });
  apisApp.use(anonymousRouter.routes());
  return apisApp;
}
export function initPublicApis() {
  const publicApp = new Koa();
  const anonymousRouter = new Router();
  anonymousRouter.get('/webauthn', async (ctx) => { ctx.body = {}; });
  publicApp.use(anonymousRouter.routes());
  return publicApp;
}
`,
    }).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(eps.map((e) => `${e.method} ${e.path}`).sort(), ['GET /.well-known/webauthn', 'GET /api/status']);
  });
});
