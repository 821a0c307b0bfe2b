// Route collectors of the application's own code: groups made by `collector.group(mw)` record
// routes in any module, and the collector is applied to a koa-router in a loop
// (`for (const e of collector.all()) e.apply(router)`); routers listed in an exported array are
// mounted by position where another module loops over it (`for (const r of routers) app.use(r.routes())`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as auth } from '../auth/index.js';
import { extractor as express } from '../express/index.js';
import { extractor } from './index.js';

const FILES: Record<string, string> = {
  'src/server.ts': `import Koa from "koa";
import Router from "@koa/router";
import { routers } from "./routes";
const app = new Koa();
const api = new Router();
api.use(async (ctx, next) => {
  if (!ctx.session || !ctx.session.userId) ctx.throw(401, "login required");
  await next();
});
for (const r of routers) {
  api.use(r.routes());
}
app.use(api.routes());
export default app;
`,
  'src/routes/index.ts': `import Router from "@koa/router";
import { collector } from "./groups";
import statusRouter from "./status";
import "./projects";
import "./notes";
const grouped = new Router();
for (const endpoint of collector.allEndpoints()) {
  endpoint.apply(grouped);
}
export const routers: Router[] = [grouped, statusRouter];
`,
  'src/routes/groups/index.ts': `export * from "./defs";
`,
  'src/routes/groups/defs.ts': `import { RouteCollector } from "../../lib/collector";
import { requireRole } from "../../middleware/roles";
export const collector = new RouteCollector();
export const ownerRoutes = collector.group(requireRole("owner"));
export const memberRoutes = collector.group();
`,
  'src/middleware/roles.ts': `export function requireRole(role: string) {
  return async (ctx: any, next: any) => {
    if (!ctx.state.user || !ctx.state.user.roles.includes(role)) ctx.throw(403, "forbidden");
    await next();
  };
}
`,
  'src/routes/projects.ts': `import * as projects from "../controllers/projects";
import { memberRoutes, ownerRoutes } from "./groups";
memberRoutes.get("/v1/projects", projects.list).get("/v1/projects/:id", projects.show);
ownerRoutes.post("/v1/projects", projects.create).delete("/v1/projects/:id", projects.remove);
`,
  'src/routes/notes.ts': `import * as notes from "../controllers/notes";
import { collector } from "./groups";
const noteRoutes = collector.group({ middleware: archived, first: false });
function archived(ctx: any, next: any) { return next(); }
noteRoutes.put("/v1/notes/:id", notes.update);
`,
  'src/routes/status.ts': `import Router from "@koa/router";
const router = new Router();
router.get("/v1/status", async (ctx) => { ctx.body = { ok: true }; });
export default router;
`,
  'src/controllers/projects.ts': `export async function list(ctx: any) { ctx.body = []; }
export async function show(ctx: any) { ctx.body = {}; }
export async function create(ctx: any) { ctx.body = ctx.request.body; }
export async function remove(ctx: any) { ctx.status = 204; }
`,
  'src/controllers/notes.ts': `export async function update(ctx: any) { ctx.body = ctx.request.body; }
`,
};

describe('extract/js/koa: route collectors and groups', () => {
  const eps = runExtractors([auth, express, extractor], FILES).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  const find = (method: string, path: string) => eps.find((e) => e.method === method && e.path === path);

  it('reads the routes of groups a collector makes, in every module that imports a group', () => {
    for (const [m, p] of [
      ['GET', '/v1/projects'],
      ['GET', '/v1/projects/:id'],
      ['POST', '/v1/projects'],
      ['DELETE', '/v1/projects/:id'],
      ['PUT', '/v1/notes/:id'],
    ]) {
      assert.ok(find(m, p), `${m} ${p} missing: ${eps.map((e) => `${e.method} ${e.path}`).join(', ')}`);
    }
  });

  it("gives group routes the group's middleware and the router chain the collector is applied to", () => {
    // requireRole on the owner group, the session check of the router the collector reaches.
    assert.ok(find('POST', '/v1/projects')?.middleware?.some((m) => m.startsWith('requireRole')), JSON.stringify(find('POST', '/v1/projects')));
    assert.equal(find('GET', '/v1/projects')?.auth, 'user');
    assert.equal(find('PUT', '/v1/notes/:id')?.auth, 'user');
  });

  it('mounts routers of an exported array by position where another module loops over it', () => {
    assert.equal(find('GET', '/v1/status')?.auth, 'user');
  });
});
