// React Router (framework mode) and Remix route modules under `app/routes/`: a `loader` answers GET,
// an `action` answers the other methods, and a module with only a component is a page. Auth comes
// from the function itself (a session read whose absence throws or returns a redirect or a 401),
// and for loaders from a `+` folder's `_layout` loader, applied in link (layout.ts).
import type { FactInput } from '../../../model/types.js';
import { functionOf, jsIndex, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { accessFacts, summarizeHandler } from '../_lib/routes-handler.js';
import { linkRoutes } from '../_lib/routes-link.js';
import { isTestFile, routeFact, type RouteMeta } from '../_lib/routes.js';
import { handlerAuth } from '../nextjs/session-check.js';
import type { Extractor } from '../../types.js';
import { layoutGuardFact, linkLayoutGuards } from './layout.js';
import { routeFile, type RouteFile } from './paths.js';

const ROUTE_MODULE = /(^|\/)app\/routes\//;
/** Route modules import the router (or their generated `./+types/...` route types). */
const ROUTER_MODULES = ['react-router', 'react-router-dom', '@remix-run/*', '@react-router/*'];

function isRouteModule(index: JsIndex): boolean {
  return index.imports(...ROUTER_MODULES) || [...index.modules].some((m) => m.includes('/+types/'));
}

/** Auth decided by the loader or action itself. */
function ownAuth(fn: FunctionLike, index: JsIndex, meta: RouteMeta): ReturnType<typeof summarizeHandler> {
  const summary = summarizeHandler(fn, index);
  const { inline } = handlerAuth(summary.inline, fn, index);
  if (inline) meta.inline = inline;
  if (summary.guardCalls) meta.guardCalls = summary.guardCalls;
  if (summary.tags.length) meta.handlerTags = summary.tags;
  return summary;
}

function entry(index: JsIndex, out: FactInput[], route: RouteFile, method: string, fn: FunctionLike | undefined, at: AstNode, tags: string[]): void {
  const meta: RouteMeta = { mw: [], local: route.path };
  const evidence = index.evidence(at);
  let handler: { file: string; line: number; name?: string } | undefined;
  if (fn) {
    const summary = ownAuth(fn, index, meta);
    handler = { file: index.file, line: index.line(fn), name: index.functionName(fn) ?? (method === 'GET' ? 'loader' : 'action') };
    out.push(...accessFacts(summary, index, { file: index.file, line: evidence.line }));
  }
  out.push(routeFact({ framework: 'react-router', method, path: route.path, evidence, handler, meta, extraTags: tags }));
}

export const extractor: Extractor = {
  id: 'js/react-router',
  title: 'React Router framework mode and Remix route modules: loaders, actions and pages from app/routes, with layout guards',
  matches: (path) => isJsFile(path) && !isTestFile(path) && ROUTE_MODULE.test(path),
  signals: ['loader', 'action', 'export default'],
  extract(file, ctx) {
    const route = routeFile(file.path);
    if (!route) return null;
    const index = jsIndex(file, ctx);
    if (!isRouteModule(index)) return null;
    const out: FactInput[] = [];
    const loader = index.exports.get('loader');
    const action = index.exports.get('action');
    const loaderFn = functionOf(loader, index);
    if (route.layout) {
      // A layout's loader runs before its child pages render: a guard there covers their loaders.
      const guard = loaderFn ? layoutGuardFact(loaderFn, index, route) : undefined;
      if (guard) out.push(guard);
      return out.length > 0 ? out : null;
    }
    if (loader) entry(index, out, route, 'GET', loaderFn, loader, ['server-rendered-page']);
    else if (index.exports.has('default')) entry(index, out, route, 'GET', undefined, index.exports.get('default') as AstNode, ['server-rendered-page', 'ui-shell', 'page-only']);
    // One action answers POST, PUT, PATCH and DELETE form submissions and fetches.
    if (action) entry(index, out, route, 'POST', functionOf(action, index), action, []);
    return out.length > 0 ? out : null;
  },
  link: (facts) => linkLayoutGuards(linkRoutes(facts)),
};
