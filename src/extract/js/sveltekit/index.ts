// SvelteKit server routes from the file layout under src/routes: endpoints (`+server.ts` exporting
// GET/POST/.../fallback), page server modules (`+page.server.ts`: `load` answers the page's GET,
// `actions` its form POSTs, `?/name` for named ones), layout loads that refuse callers without a
// session (guarding the page loads below them) and `hooks.server.ts` handles (the app-wide guard).
import type { FactInput } from '../../../model/types.js';
import { jsIndex, nodesUnder, propertyKey, resolveObject, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { accessFacts, summarizeHandler } from '../_lib/routes-handler.js';
import { linkRoutes } from '../_lib/routes-link.js';
import { isTestFile, routeFact, type RouteMeta } from '../_lib/routes.js';
import { gateCalls, helperCalls } from '../nextjs/helper-calls.js';
import type { Extractor } from '../../types.js';
import { linkBackendChecks, localsTags } from './backend.js';
import { kitCsrfFact, KIT_CONFIG_FILE } from './config.js';
import { hookGuardFacts } from './hooks.js';
import { layoutGuardFact, linkKitLayouts } from './layouts.js';
import { linkRouteIdGuards } from './route-groups.js';
import { endpointMethod, KIT_HOOKS_FILE, KIT_ROUTE_FILE, kitPath, kitRouteDir } from './paths.js';
import { handlerOfExport, kitAuth } from './handler.js';

const KIT_MODULE = /from\s+['"](@sveltejs\/kit[^'"]*|\$app\/[^'"]+|\.\/\$types)['"]|\$types/;
const ENDPOINT_EXPORTS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'fallback'];

function emit(index: JsIndex, out: FactInput[], method: string, path: string, value: AstNode, name: string, routeTags: string[]): void {
  let tags = routeTags;
  const { fn, wrappers } = handlerOfExport(value, index);
  const meta: RouteMeta = { mw: wrappers, local: path };
  const evidence = index.evidence(value);
  let handler: { file: string; line: number; name?: string } | undefined;
  if (fn) {
    const summary = summarizeHandler(fn, index);
    const inline = kitAuth(fn, index, summary.inline);
    if (inline) meta.inline = inline;
    // Imported request helpers and gates whose refusal the handler returns or awaits: judged in link.
    meta.mw = [...wrappers, ...helperCalls(fn, index)];
    meta.mw.push(...gateCalls(fn, index).filter((g) => !meta.mw.some((r) => r.name === g.name)));
    if (summary.guardCalls) meta.guardCalls = summary.guardCalls;
    if (summary.tags.length) meta.handlerTags = summary.tags;
    handler = { file: index.file, line: index.line(fn), name };
    tags = [...tags, ...localsTags(fn, index)];
    out.push(...accessFacts(summary, index, { file: index.file, line: evidence.line }));
  }
  out.push(routeFact({ framework: 'sveltekit', method, path, evidence, handler, meta, extraTags: tags }));
}

/** A `load` worth listing: it reads the request (params, url, cookies, body) or fetches server data. */
function loadServes(fn: FunctionLike, index: JsIndex): boolean {
  if (fn.params.length > 0) return true;
  return nodesUnder(fn.body as AstNode, 'AwaitExpression').length > 0 || nodesUnder(fn.body as AstNode, 'CallExpression').some((c) => /\b(db|prisma|sql|query|find|select|fetch)\b/i.test(index.text(c.callee as AstNode)));
}

function pageServer(index: JsIndex, path: string, out: FactInput[], prerendered: boolean): void {
  const load = prerendered ? undefined : index.exports.get('load');
  const loadFn = load ? handlerOfExport(load, index).fn : undefined;
  if (load && (!loadFn || loadServes(loadFn, index))) emit(index, out, 'GET', path, load, 'load', ['server-rendered-page', 'sveltekit-load']);
  const actions = resolveObject(index.exports.get('actions'), index);
  if (!actions || actions.type !== 'ObjectExpression') return;
  for (const p of actions.properties as AstNode[]) {
    if (p.type !== 'Property' || p.computed) continue;
    const key = propertyKey(p);
    if (!key) continue;
    const route = key === 'default' ? path : `${path === '/' ? '' : path}?/${key}`;
    // A method-shorthand action (`async login({ request }) {}`) is the property's value.
    emit(index, out, 'POST', route, p.value as AstNode, key, ['form-action']);
  }
}

export const extractor: Extractor = {
  id: 'js/sveltekit',
  title: 'SvelteKit endpoints, page loads and form actions, layout guards and hooks.server guards',
  // Below the routes folder a folder is a URL segment (`/docs/spec`), not a test folder.
  matches: (path) => (KIT_ROUTE_FILE.test(path) || KIT_HOOKS_FILE.test(path) || KIT_CONFIG_FILE.test(path)) && !isTestFile(path.replace(/\/routes\/.*$/, '/routes/+server.ts')),
  signals: ['export'],
  extract(file, ctx) {
    if (KIT_CONFIG_FILE.test(file.path)) {
      const csrf = kitCsrfFact(file.path, file.content);
      return csrf ? [csrf] : null;
    }
    const index = jsIndex(file, ctx);
    const out: FactInput[] = [];
    if (KIT_HOOKS_FILE.test(file.path)) {
      if (!file.content.includes('handle')) return null;
      out.push(...hookGuardFacts(index));
      return out.length > 0 ? out : null;
    }
    const at = kitRouteDir(file.path);
    if (!at) return null;
    // Outside `src/routes` only files that show they are SvelteKit's (`./$types`, `@sveltejs/kit`).
    if (!at.root.endsWith('src/routes') && at.root !== 'routes' && !KIT_MODULE.test(file.content)) return null;
    const path = kitPath(at.dir);
    // Prerendered at build time: its GET and load answer no request (actions still do).
    const prerendered = /export\s+const\s+prerender\s*=\s*true/.test(file.content);
    if (at.kind === 'server') {
      for (const name of ENDPOINT_EXPORTS) {
        const value = index.exports.get(name);
        const method = endpointMethod(name);
        if (value && method && !(prerendered && method === 'GET')) emit(index, out, method, path, value, name, ['server-route']);
      }
    } else if (at.kind === 'page.server') pageServer(index, path, out, prerendered);
    else {
      const fact = layoutGuardFact(index, path);
      if (fact) out.push(fact);
    }
    return out.length > 0 ? out : null;
  },
  link: (facts) => linkBackendChecks(linkRouteIdGuards(linkKitLayouts(linkRoutes(facts)))),
};
