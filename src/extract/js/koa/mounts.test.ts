// Sub-applications composed with koa-mount: `app.use(mount('/api', api))` where `api` is an
// imported `new Koa()` carrying `api.use(router.routes())`, routers attached with
// `router.use('/', users.routes())` whatever their names, and folder indexes that re-export them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as express } from '../express/index.js';
import { extractor } from './index.js';

describe('extract/js/koa: koa-mount sub-applications', () => {
  it('prefixes routes of an imported Koa app mounted at a path, through routers and re-exports', () => {
    // The express extractor reads the re-exports of every module (as in a whole run).
    const eps = runExtractors([auth, express, extractor], {
      'server/services/web.ts': `import Koa from "koa";
import mount from "koa-mount";
import api from "../routes/api";
import oauth from "../routes/oauth";
import routes from "../routes";
export default function init(app: Koa = new Koa()) {
  app.use(mount("/api", api));
  app.use(mount("/oauth", oauth));
  app.use(mount(routes));
  return app;
}
`,
      'server/routes/api/index.ts': `import Koa from "koa";
import Router from "koa-router";
import users from "./users";
const api = new Koa();
const router = new Router();
router.use("/", users.routes());
api.use(router.routes());
export default api;
`,
      'server/routes/api/users/index.ts': `export { default } from "./users";
`,
      'server/routes/api/users/users.ts': `import Router from "koa-router";
const router = new Router();
router.post("users.list", async (ctx) => { ctx.body = []; });
export default router;
`,
      'server/routes/oauth/index.ts': `import Koa from "koa";
import Router from "koa-router";
const app = new Koa();
const router = new Router();
router.post("/token", async (ctx) => { ctx.body = {}; });
app.use(router.routes());
export default app;
`,
      'server/routes/index.ts': `import Koa from "koa";
import Router from "koa-router";
const koa = new Koa();
const router = new Router();
router.get("/robots.txt", async (ctx) => { ctx.body = ""; });
koa.use(router.routes());
export default koa;
`,
    }).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(eps.map((e) => `${e.method} ${e.path}${e.tags?.includes('mount-unresolved') ? ' unresolved' : ''}`).sort(), ['GET /robots.txt', 'POST /api/users.list', 'POST /oauth/token']);
  });

  it('mounts routers handed over through a plugin registry at the loop that uses them', () => {
    const eps = runExtractors([auth, express, extractor], {
      'server/routes/api/index.ts': `import Koa from "koa";
import Router from "koa-router";
import { PluginManager, Hook } from "@server/utils/PluginManager";
const api = new Koa();
const router = new Router();
PluginManager.getHooks(Hook.API).forEach((hook) => router.use("/", hook.value.routes()));
api.use(router.routes());
export default api;
`,
      'server/routes/auth/index.ts': `import Koa from "koa";
import Router from "koa-router";
import authMiddleware from "../../middlewares/authentication";
import AuthenticationHelper from "../../models/helpers/AuthenticationHelper";
const app = new Koa();
const router = new Router();
void (async () => {
  for (const provider of AuthenticationHelper.providers) {
    const resolvedRouter = await provider.value.router;
    if (resolvedRouter) router.use("/", authMiddleware({ optional: true }), resolvedRouter.routes());
  }
})();
app.use(router.routes());
export default app;
`,
      'server/services/web.ts': `import Koa from "koa";
import mount from "koa-mount";
import api from "../routes/api";
import auth from "../routes/auth";
import { verifyCSRFToken } from "../middlewares/csrf";
const app = new Koa();
app.use(verifyCSRFToken());
app.use(mount("/api", api));
app.use(mount("/auth", auth));
`,
      'server/middlewares/csrf.ts': `export function verifyCSRFToken() {
  return async function verifyCSRFTokenMiddleware(ctx, next) {
    const cookieVal = getTokenFromCookie(ctx);
    if (!cookieVal) throw CSRFError("CSRF token missing from cookie");
    await next();
  };
}
`,
      'server/middlewares/authentication.ts': `export default function auth(options = {}) {
  return async (ctx, next) => {
    try {
      ctx.state.auth = await validate(ctx, options);
    } catch (err) {
      if (!options.optional) throw err;
    }
    return next();
  };
}
async function validate(ctx, options) {
  const token = ctx.cookies.get("accessToken");
  if (!token) throw AuthenticationError("Authentication required");
  return { user: await getUserForJWT(token) };
}
`,
      'plugins/github/server/index.ts': `import { PluginManager, Hook } from "@server/utils/PluginManager";
import router from "./api/github";
import GitHubWebhookTask from "./tasks/GitHubWebhookTask";
PluginManager.add([{ type: Hook.API, value: router }, { type: Hook.Task, value: GitHubWebhookTask }]);
`,
      'plugins/github/server/api/github.ts': `import Router from "koa-router";
const router = new Router();
router.post("github.webhooks", async (ctx) => { ctx.body = {}; });
export default router;
`,
      'plugins/google/server/index.ts': `import { PluginManager, Hook } from "@server/utils/PluginManager";
import router from "./auth/google";
PluginManager.add([{ type: Hook.AuthProvider, value: { router, id: "google" } }]);
`,
      'plugins/google/server/auth/google.ts': `import Router from "koa-router";
const router = new Router();
router.get("google.callback", async (ctx) => { ctx.redirect("/home"); });
export default router;
`,
    }).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    // The CSRF check reads a cookie token but guards nobody; the provider routes are optional-auth.
    assert.deepEqual(eps.map((e) => `${e.method} ${e.path} ${e.auth}${e.tags?.includes('optional-auth') ? ' optional' : ''}`).sort(), ['GET /auth/google.callback none optional', 'POST /api/github.webhooks none']);
  });
});
