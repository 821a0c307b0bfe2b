// tRPC v11 routers loaded on first call (`lazy(() => import('./x').then((m) => m.xRouter))`), builder
// factories kept as methods of an object (`permissionRequired.requiresPermission('admin')`), a
// router handed on by `import { appRouter } ...; export { appRouter }`, and routers served only
// through an OpenAPI adapter or called in-process (`mcpRouter.createCaller(ctx)`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractors } from '../../testing.js';
import { extractor as packageJson } from '../package-json/index.js';
import { extractor } from './index.js';

const files = {
  'packages/api/src/trpc.ts': `import { initTRPC, TRPCError } from '@trpc/server';
const t = initTRPC.context<Ctx>().create();
export const createTRPCRouter = t.router;
export const publicProcedure = t.procedure;
export const protectedProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.session?.user) throw new TRPCError({ code: 'UNAUTHORIZED' });
  return next({ ctx });
});
export const permissionRequiredProcedure = {
  requiresPermission: (permission: string) => {
    return protectedProcedure.use(({ ctx, next }) => {
      if (!ctx.session.user.permissions.includes(permission)) throw new TRPCError({ code: 'FORBIDDEN' });
      return next({ ctx });
    });
  },
};
`,
  'packages/api/src/router/keys.ts': `import { createTRPCRouter, permissionRequiredProcedure } from '../trpc';
export const keysRouter = createTRPCRouter({
  getAll: permissionRequiredProcedure.requiresPermission('admin').query(() => db.keys.findMany()),
});
`,
  'packages/api/src/router/widgets/weather.ts': `import { createTRPCRouter, publicProcedure } from '../../trpc';
export const weatherRouter = createTRPCRouter({
  atLocation: publicProcedure.query(({ input }) => fetchWeather(input)),
});
`,
  'packages/api/src/router/widgets/index.ts': `import { lazy } from '@trpc/server';
import { createTRPCRouter } from '../../trpc';
export const widgetRouter = createTRPCRouter({
  weather: lazy(() => import('./weather').then((mod) => mod.weatherRouter)),
});
`,
  'packages/api/src/root.ts': `import { lazy } from '@trpc/server';
import { createTRPCRouter } from './trpc';
export const appRouter = createTRPCRouter({
  keys: lazy(() => import('./router/keys').then((mod) => mod.keysRouter)),
  widget: lazy(async () => { return (await import('./router/widgets')).widgetRouter; }),
});
`,
  'packages/api/src/index.ts': `import { appRouter } from './root';
import { createCallerFactory } from './trpc';
const createCaller = createCallerFactory(appRouter);
export { appRouter, createCaller };
`,
  'packages/api/src/open-api.ts': `import { keysRouter } from './router/keys';
import { createTRPCRouter } from './trpc';
export const openApiRouter = createTRPCRouter({ keysRouter });
`,
  'packages/api/src/mcp.ts': `import { weatherRouter } from './router/widgets/weather';
import { createTRPCRouter } from './trpc';
export const mcpRouter = createTRPCRouter({ weather: weatherRouter });
`,
  'packages/api/package.json': '{ "name": "@acme/api", "dependencies": { "@trpc/server": "11.0.0" } }',
  'apps/web/package.json': '{ "name": "web", "dependencies": { "@acme/api": "workspace:*", "next": "15.0.0" } }',
  'apps/web/src/app/api/trpc/[trpc]/route.ts': `import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@acme/api';
const handler = (req: Request) => fetchRequestHandler({ endpoint: '/api/trpc', router: appRouter, req, createContext: () => ({}) });
export { handler as GET, handler as POST };
`,
  'apps/web/src/app/api/[...openapi]/route.ts': `import { createOpenApiFetchHandler } from 'trpc-to-openapi';
import { openApiRouter } from '@acme/api/open-api';
const handler = (req: Request) => createOpenApiFetchHandler({ endpoint: '/api', router: openApiRouter, req, createContext: () => ({}) });
export { handler as GET, handler as POST };
`,
};

describe('extract/js/trpc: lazy routers, factory methods and routers not served over tRPC', () => {
  const eps = runExtractors([packageJson, extractor], files).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint' && f.framework === 'trpc');
  const byPath = Object.fromEntries(eps.map((e) => [`${e.method} ${e.path}`, e.auth]));

  it('names procedures of lazily loaded routers by their place in the served router', () => {
    assert.equal(byPath['GET /api/trpc/widget.weather.atLocation'], 'none', JSON.stringify(byPath));
  });

  it('reads a builder made by a factory method of an object', () => {
    // The session check of the builder it extends, and the permission named at the call (an
    // administrator's here) that the factory's middleware tests (factory-args.test.ts).
    assert.equal(byPath['GET /api/trpc/keys.getAll'], 'admin', JSON.stringify(byPath));
  });

  it('serves no tRPC paths for a router only an OpenAPI adapter serves, nor for one called in-process', () => {
    const trpcPaths = Object.keys(byPath).filter((k) => k.includes('/trpc/'));
    assert.deepEqual(trpcPaths.sort(), ['GET /api/trpc/keys.getAll', 'GET /api/trpc/widget.weather.atLocation']);
  });

  it('merges an inline router handed to mergeRouters', () => {
    const merged = runExtractors([extractor], {
      'src/trpc.ts': `import { initTRPC } from '@trpc/server';
const t = initTRPC.create();
export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const publicProcedure = t.procedure;
`,
      'src/routers/polls.ts': `import { router, publicProcedure } from '../trpc';
export const polls = router({ get: publicProcedure.query(() => db.poll.findMany()) });
`,
      'src/routers/index.ts': `import { mergeRouters, router } from '../trpc';
import { polls } from './polls';
export const appRouter = mergeRouters(router({ polls }));
`,
      'src/app/api/trpc/[trpc]/route.ts': `import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '../../../../routers';
const handler = (req: Request) => fetchRequestHandler({ endpoint: '/api/trpc', router: appRouter, req, createContext: () => ({}) });
export { handler as GET, handler as POST };
`,
    }).facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
    assert.deepEqual(merged.map((e) => `${e.method} ${e.path}`), ['GET /api/trpc/polls.get']);
  });
});
