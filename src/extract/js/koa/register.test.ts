// koa-router `router.register(path, methods[], middleware)` and paths computed at run time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor } from './index.js';

function routes(content: string): string[] {
  return runExtractors([auth, extractor], { 'plugins/oidc/server/auth/oidc.ts': content })
    .facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint')
    .map((f) => `${f.method} ${f.path} ${f.auth}`)
    .sort();
}

describe('extract/js/koa: register and computed paths', () => {
  it('emits one route per method of router.register, with its middleware', () => {
    assert.deepEqual(
      routes(`import Router from "koa-router";
const router = new Router();
router.register("cron.:period", ["get", "post"], [async (ctx) => { ctx.body = {}; }]);
router.register("attachments.redirect", ["get", "post"], async (ctx) => {
  if (!ctx.state.user) ctx.throw(401);
  ctx.redirect("/x");
});
router.register("*", ["get"], (ctx) => { ctx.body = "fallback"; });
router.register("*", ["get", "post"], (ctx) => { ctx.throw(NotFoundError("Endpoint not found")); });
export default router;
`),
      ['GET * none', 'GET /attachments.redirect user', 'GET /cron.:period none', 'POST /attachments.redirect user', 'POST /cron.:period none'],
    );
  });

  it('a path built from a value is a parametrised path, never source text', () => {
    assert.deepEqual(
      routes(`import Router from "koa-router";
import config from "../../plugin.json";
const router = new Router();
router.get(config.id, async (ctx) => { ctx.redirect("/x"); });
router.register(\`\${config.id}.callback\`, ["get", "post"], async (ctx) => { ctx.body = {}; });
router.get(\`\${config.id}.logout\`, async (ctx) => { ctx.body = {}; });
export default router;
`),
      ['GET /:id none', 'GET /:id.callback none', 'GET /:id.logout none', 'POST /:id.callback none'],
    );
  });
});
