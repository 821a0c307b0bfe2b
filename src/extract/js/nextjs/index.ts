// Next.js API surface from the file layout: pages/api/** (default export handler, methods from
// `req.method` checks), app/**/route.ts (exported GET/POST/...), and middleware.ts (a guard for
// the paths its `config.matcher` covers, applied by link).
import type { FactInput } from '../../../model/types.js';
import {
  functionOf,
  jsIndex,
  literalValue,
  memberPath,
  nodesUnder,
  objectProp,
  resolveObject,
  stringValue,
  unwrap,
  unwrapAwait,
  type AstNode,
  type FunctionLike,
  type JsIndex,
} from '../_lib/ast.js';
import { publicCommentReader } from '../_lib/declared-public-comment.js';
import { isJsFile } from '../_lib/parse.js';
import { SIGNED_EVENT_SERVE } from '../_lib/webhook-input.js';
import { classifyGuard } from '../_lib/routes-guards.js';
import { accessFacts, summarizeHandler } from '../_lib/routes-handler.js';
import { linkRoutes } from '../_lib/routes-link.js';
import { authLikeName, isTestFile, routeFact, type HandlerRef, type MwRef, type ReceiverRef, type RouteMeta } from '../_lib/routes.js';
import type { Extractor } from '../../types.js';
import { delegatedHandler } from './delegated.js';
import { gateCalls, helperCalls, ownerOrAdminCheck } from './helper-calls.js';
import { methodViews } from './method-branches.js';
import { failOpenGuard, handlerAuth, type FailOpenGuard } from './session-check.js';
import { middlewareScope } from './middleware-scope.js';
import { layoutGuardFact, linkLayoutGuards } from './layout-guard.js';
import { confirmUiShells, pagesRouterShell, uiShell, uiShellFact, type UiShell } from './ui-shell.js';
import { providedIdentityCheck, wrappedRoute } from './wrapped-handler.js';
import { applyNextConfig, NEXT_CONFIG_FILE, nextConfigFact } from './next-config.js';
import { MODULE_ROUTE_TAGS, moduleReceiver, mountFact, reexportedMethods, ROUTE_MODULE_EXPORT } from './reexports.js';

/** Below the Pages Router's `pages/` folder: `api/users/[id].ts`. */
const PAGES_API_REST = /^()(api\/.+)\.(?:[cm]?[jt]sx?)$/;
const APP_ROUTE = /^(?:(.*)\/)?(?:src\/)?app\/((?:.*\/)?)route\.(?:[cm]?[jt]sx?)$/;
const MIDDLEWARE = /^(?:(.*)\/)?(?:src\/)?middleware\.(?:[cm]?[jt]s)$/;
/** Next.js 16 renamed middleware.ts to proxy.ts (same role, `export function proxy`): read when it shows it is Next's. */
const PROXY = /^(?:(.*)\/)?(?:src\/)?proxy\.(?:[cm]?[jt]s)$/;
const isMiddlewareFile = (path: string, content: string): boolean => MIDDLEWARE.test(path) || (PROXY.test(path) && /from\s+['"](next\/server|next-auth[^'"]*|@clerk\/nextjs[^'"]*)['"]/.test(content));
/** App Router server-rendered page: `app/(group)/dashboard/[id]/page.tsx`. */
const APP_PAGE = /^(?:(.*)\/)?(?:src\/)?app\/((?:.*\/)?)page\.(?:[jt]sx?)$/;
/** App Router layout: renders around every page below its folder (layout-guard.ts). */
const APP_LAYOUT = /^(?:(.*)\/)?(?:src\/)?app\/((?:.*\/)?)layout\.(?:[jt]sx?)$/;
/** A layout guards only by leaving (`redirect()`) or by awaiting a gate that does (`await requireUser()`). */
const LAYOUT_EXIT = /\b(redirect|permanentRedirect|notFound|unauthorized|forbidden)\s*\(|\bawait\b/;
/**
 * Parallel-route slots (`@modal`) and intercepting routes (`(.)photo`, `(..)`, `(...)`) render
 * inside another URL's page: they answer no URL of their own.
 */
const NOT_A_URL = /(^|\/)(@[^/]+|\((\.{1,3}|\.\.\)\(\.\.)\)[^/]*)\//;
/**
 * Modules of frameworks a route handler can hand every request to (`export const GET = handle(app)`
 * from hono/vercel, tRPC's fetch adapter): the inner app's routes are the entry points, read by
 * js/hono and js/trpc with their own base path.
 */
const ADAPTER_MODULE = /^(hono(\/.*)?|@hono\/.+|@trpc\/server(\/.*)?|elysia|@elysiajs\/.+|itty-router|h3|graphql-yoga|@as-integrations\/next|@whatwg-node\/server)$/;
/** Pages Router page (not api/, not the _app/_document/_error/404/500 specials). */
const PAGES_PAGE_REST = /^()((?!api\/)(?:.*\/)?(?!_)[^/]+)\.(?:[jt]sx?)$/;

/**
 * The part of a path below the Pages Router's `pages/` folder, which sits at an app's root or in its
 * `src/` (`web/src/pages/x.tsx`, `apps/site/pages/x.tsx`, a monorepo's `src/frontend/pages/x.tsx`).
 * A `pages/` folder inside a feature or component folder (`src/features/billing/pages/Plans.tsx`)
 * holds components that real pages import: no URLs.
 */
function belowPagesRoot(path: string): string | undefined {
  if (!path.includes('pages/')) return undefined;
  const segs = path.split('/');
  const at = segs.indexOf('pages');
  if (at < 0) return undefined;
  return segs.slice(0, at).some((s) => FEATURE_FOLDER.test(s)) ? undefined : segs.slice(at + 1).join('/');
}

/** Folders that group a front end's code by feature or kind, never an app's root. */
const FEATURE_FOLDER = /^(features?|components?|modules|views|containers|widgets|domains|ui)$/;

const PAGES_API = { exec: (path: string) => { const rest = belowPagesRoot(path); return rest === undefined ? null : PAGES_API_REST.exec(rest); }, test: (path: string) => PAGES_API.exec(path) !== null };
const PAGES_PAGE = { exec: (path: string) => { const rest = belowPagesRoot(path); return rest === undefined ? null : PAGES_PAGE_REST.exec(rest); }, test: (path: string) => PAGES_PAGE.exec(path) !== null };
const SPECIAL_PAGE = /(^|\/)(_app|_document|_error|404|500)$/;
/** Auth pages are public by nature: a middleware matcher listing them does not guard them. */
const AUTH_PAGE = /\/(log-?in|sign-?in|sign-?up|register)(\/?|\/:path\*)?$/i;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** `api/users/[id]` → `/api/users/:id`; route groups and parallel slots vanish. */
export function routePath(segments: string): string {
  const parts = segments
    .split('/')
    .filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith('@'))
    .map((s) => s.replace(/^\[\[?\.\.\.([^\]/]+)\]\]?$/, '*$1').replace(/^\[([^\]./]+)\]$/, ':$1'));
  if (parts[parts.length - 1] === 'index') parts.pop();
  return `/${parts.join('/')}`;
}

/** Methods a pages/api handler accepts, from `req.method === 'POST'` / `switch (req.method)`. */
function methodsOf(fn: FunctionLike): string[] {
  const found = new Set<string>();
  for (const lit of nodesUnder(fn.body as AstNode, 'Literal')) {
    const v = literalValue(lit);
    if (typeof v === 'string' && METHODS.includes(v)) found.add(v);
  }
  return found.size > 0 ? [...found].sort() : ['ALL'];
}

/** `export default withApiAuthRequired(handler)` style wrappers around the handler. */
function unwrapExport(value: AstNode, index: JsIndex): { fn?: FunctionLike; wrappers: MwRef[] } {
  const wrappers: MwRef[] = [];
  let v = unwrap(value);
  if (v.type === 'Identifier' && !index.functionByName(v.name)) v = unwrap(index.constInit(v.name)) ?? v;
  for (let i = 0; i < 3 && v.type === 'CallExpression'; i++) {
    const name = index.text(v.callee as AstNode);
    // NextAuth's catch-all is the sign-in endpoint itself.
    if (/^NextAuth$/.test(name)) {
      wrappers.push({ name: 'NextAuth', role: 'login' });
      break;
    }
    const known = /withApiAuthRequired|withPageAuthRequired|withAuth|requireAuth|withIronSessionApiRoute|withSessionRoute/.test(name);
    if (known || authLikeName(name)) wrappers.push({ name, role: /withIronSession|withSession/.test(name) ? 'other' : known ? 'auth-user' : 'auth-unknown', why: name, mechanism: 'session' });
    v = unwrap(v.arguments[0] as AstNode);
  }
  return { fn: functionOf(v, index), wrappers };
}

/**
 * One entry point. `view`: what this method of a handler that dispatches on `req.method` runs
 * (method-branches.ts): its auth and state tags are judged on that; record accesses stay the
 * whole handler's (link attaches them by the route's file and line).
 */
interface EntryOptions {
  extraTags?: string[];
  view?: FunctionLike;
  delegate?: HandlerRef;
  wrapped?: boolean;
  /** A route module's handler (reexports.ts): placed by link where a route file mounts this receiver. */
  recv?: ReceiverRef;
  /** A route file's entry for a handler re-exported from this module's receiver (reexports.ts). */
  standsFor?: ReceiverRef;
}

function entry(index: JsIndex, out: FactInput[], method: string, path: string, whole: FunctionLike | undefined, at: AstNode, wrappers: MwRef[], options: EntryOptions = {}): void {
  const { extraTags, view, delegate, wrapped, recv, standsFor } = options;
  const meta: RouteMeta = { mw: wrappers, local: path, ...(delegate ? { handler: delegate } : {}), ...(recv ? { recv } : {}), ...(standsFor ? { standsFor } : {}) };
  const evidence = index.evidence(at);
  let handler: { file: string; line: number; name?: string } | undefined;
  if (whole) {
    const fn = view ?? whole;
    const summary = summarizeHandler(fn, index);
    const judged = handlerAuth(summary.inline, fn, index);
    let { inline } = judged;
    const { session } = judged;
    // The callback of a handler wrapper refuses when the wrapper hands it no caller (wrapped-handler.ts).
    const provided = wrapped && !session && (!inline || inline.level === 'unknown') ? providedIdentityCheck(fn, index) : undefined;
    if (provided) inline = { level: 'user', why: provided };
    if (inline) meta.inline = inline;
    const failOpen = !session && (!meta.inline || meta.inline.level === 'unknown') ? failOpenGuard(fn, index) : undefined;
    if (failOpen && (!meta.inline || meta.inline.why.includes(failOpen.helper))) {
      // The only check is a helper that lets callers without a session through: none stands in front.
      delete meta.inline;
      out.push(failOpenFact(failOpen, index, method, path, evidence.line));
    }
    // Imported request helpers and permission predicates whose refusal the handler returns: judged in link.
    meta.mw = [...wrappers, ...helperCalls(fn, index)];
    // A server-rendered page awaiting a gate that navigates away without a caller (`await requireUser()`),
    // or a route handler awaiting one that throws (`await requireRole(['admin'])`, in a `try` whose `catch` answers 401/403).
    meta.mw.push(...gateCalls(fn, index).filter((g) => !meta.mw.some((r) => r.name === g.name)));
    // Owner-or-admin (`auth.user.id !== userId && !auth.user.isAdmin`): a user on their own record, not admin-only.
    const owner = meta.inline?.level === 'admin' ? ownerOrAdminCheck(fn, index) : undefined;
    if (owner && meta.inline?.why.includes(index.text(owner.test).replace(/\s+/g, ' ').slice(0, 60))) {
      const why = `handler checks: owner (:${owner.param}) or admin: ${index.text(owner.test).replace(/\s+/g, ' ').slice(0, 80)}`;
      delete meta.inline;
      meta.mw.push({ name: '<inline>', role: 'auth-user', ownerParams: [owner.param], terminal: true, why });
    }
    if (summary.guardCalls) meta.guardCalls = summary.guardCalls;
    if (summary.tags.length) meta.handlerTags = summary.tags;
    handler = { file: index.file, line: index.line(whole), name: index.functionName(whole) ?? method };
    out.push(...accessFacts(view ? summarizeHandler(whole, index) : summary, index, { file: index.file, line: evidence.line }));
  }
  // `// This endpoint is intentionally unauthenticated` right above the export: public by the authors' word.
  const declared = publicComment(index)?.([evidence.line]) ? ['declared-public'] : [];
  out.push(routeFact({ framework: 'nextjs', method, path, evidence, handler, meta, extraTags: declared.length > 0 ? [...(extraTags ?? []), ...declared] : extraTags }));
}

const publicComments = new WeakMap<JsIndex, ReturnType<typeof publicCommentReader> | null>();

/** The file's reader of comments declaring a route public on purpose (one per file). */
function publicComment(index: JsIndex): ReturnType<typeof publicCommentReader> {
  let reader = publicComments.get(index);
  if (reader === undefined) {
    reader = publicCommentReader(index.content) ?? null;
    publicComments.set(index, reader);
  }
  return reader ?? undefined;
}

/** The fail-open check for the `authorization-fails-open` rule, cited at the helper's optional session read. */
function failOpenFact(guard: FailOpenGuard, index: JsIndex, method: string, path: string, routeLine: number): FactInput {
  return {
    kind: 'config',
    setting: 'authz-fails-open',
    values: { helper: guard.helper, read: index.text(guard.read), routeFile: index.file, routeLine, routeMethod: method, routePath: path },
    summary: `${guard.helper} passes without a session (${index.text(guard.read)} in a query filter)`,
    evidence: index.evidence(guard.read),
    key: `${index.file}#config:authz-fails-open:${guard.helper}:${method} ${path}`,
  };
}

/** next-auth middlewares that redirect to sign-in unless the request carries a session. */
const SESSION_MIDDLEWARE_MODULE = /^next-auth\/middleware$/;

/**
 * `export { default } from 'next-auth/middleware'` (the one-line setup from the next-auth docs) and
 * `export { auth as middleware } from './auth'` (Auth.js v5): the middleware is re-exported, so the
 * file's own exports never see it.
 */
function reexportedMiddleware(index: JsIndex): { at: AstNode; guard: MwRef } | undefined {
  for (const stmt of index.program.body) {
    const s = stmt as AstNode;
    if (s.type !== 'ExportNamedDeclaration' || !s.source) continue;
    const from = String(s.source.value);
    for (const spec of s.specifiers) {
      const local = spec.local.type === 'Identifier' ? spec.local.name : String(spec.local.value);
      const exported = spec.exported.type === 'Identifier' ? spec.exported.name : String(spec.exported.value);
      if (exported !== 'default' && exported !== 'middleware' && exported !== 'proxy') continue;
      const nextAuth = SESSION_MIDDLEWARE_MODULE.test(from) && (local === 'default' || local === 'withAuth');
      // Auth.js v5 exports `auth` from the project's own auth.ts (`NextAuth(config)`), a session check.
      const authJs = local === 'auth' && /^[./@~]/.test(from);
      if (!nextAuth && !authJs) continue;
      const name = nextAuth ? from : `auth from ${from}`;
      return { at: s, guard: { name, role: 'auth-user', mechanism: 'session', why: `middleware.ts re-exports ${name}` } };
    }
  }
  return undefined;
}

function middlewareGuard(index: JsIndex): FactInput[] {
  const config = resolveObject(index.exports.get('config'), index);
  const matcherNode = unwrap(objectProp(config, 'matcher'));
  const listed = matcherNode ? (matcherNode.type === 'ArrayExpression' ? matcherNode.elements.map((e) => stringValue(e as AstNode, index) ?? '') : [stringValue(matcherNode, index) ?? '']) : undefined;
  const matcher = listed?.filter((m) => !AUTH_PAGE.test(m));
  if (listed && listed.length > 0 && matcher?.length === 0) return [];
  const reexport = reexportedMiddleware(index);
  const value = index.exports.get('middleware') ?? index.exports.get('proxy') ?? index.exports.get('default') ?? reexport?.at;
  if (!value) return [];
  let guard: MwRef | undefined = reexport?.guard;
  const v = unwrap(value);
  const resolved = index.resolvedName(v.type === 'CallExpression' ? (v.callee as AstNode) : v) ?? '';
  if (guard) {
    // Re-exported from next-auth: nothing to judge in this file.
  } else if (/^next-auth\/middleware/.test(resolved) || /^@clerk\/nextjs(\/server)?\.authMiddleware$/.test(resolved)) guard = { name: resolved, role: 'auth-user', mechanism: 'session', why: resolved };
  const fn = guard ? undefined : (functionOf(v, index) ?? (v.type === 'CallExpression' ? functionOf(v.arguments[0] as AstNode, index) : undefined));
  // The paths the function itself lets through before (or instead of) its check (middleware-scope.ts).
  const scope = fn ? middlewareScope(fn, index) : undefined;
  if (fn) {
    const verdict = classifyGuard(fn, index);
    const protects = /\.protect\(\)/.test(index.text(fn));
    const own = scope?.fallback === 'pass';
    if (verdict || protects || own) guard = { name: 'middleware', role: verdict?.level === 'admin' ? 'auth-admin' : 'auth-user', mechanism: verdict?.mechanism ?? 'session', why: `${index.file.split('/').pop()}: ${verdict?.why ?? (protects ? 'auth().protect()' : 'redirects or refuses requests without a session')}` };
  }
  if (!guard) return [];
  const record = { framework: 'nextjs', guard, matcher, ...(scope ? { scope } : {}) };
  return [{ kind: 'config', setting: 'auth-global-guard', values: { framework: 'nextjs', guard: guard.name, data: JSON.stringify(record) }, summary: `Next.js middleware guard for ${matcher?.join(', ') ?? 'every path'}`, evidence: index.evidence(value), key: `${index.file}#config:auth-global-guard:nextjs` }];
}

/** A server-rendered page answers GET at the path its folders (or file) name. */
function pageEntry(index: JsIndex, path: string): FactInput[] {
  const value = index.exports.get('default');
  if (!value) return [];
  const appPage = APP_PAGE.exec(path);
  let route: string | undefined;
  let fn: FunctionLike | undefined;
  const loaderWrappers: MwRef[] = [];
  if (appPage) {
    // A `page.js` under some other framework's app/ folder is not a Next.js page.
    if (!/\.[jt]sx$/.test(path) && !index.imports('next', 'next/*', 'react', 'next-auth', 'next-auth/*')) return [];
    route = routePath(appPage[2]);
  } else {
    const page = PAGES_PAGE.exec(path);
    // Plain React projects have pages/ folders too: only files that show they are Next.js pages.
    const next = index.imports('next', 'next/*', 'next-auth', 'next-auth/*') || ['getServerSideProps', 'getStaticProps', 'getInitialProps'].some((e) => index.exports.has(e));
    if (!page || SPECIAL_PAGE.test(page[2]) || !next) return [];
    route = routePath(page[2]);
    // Data and auth live in getServerSideProps when the page has one.
    const loader = index.exports.get('getServerSideProps') ?? index.exports.get('getInitialProps');
    fn = functionOf(loader, index);
    // `getServerSideProps = withSession(async (ctx) => ...)`: a wrapper of the repository around the
    // loader, judged by its body in link (js/nextjs-helpers props-wrapper.ts).
    const wrapped = !fn && loader ? wrappedRoute(loader, index) : undefined;
    if (wrapped?.fn) {
      fn = wrapped.fn;
      loaderWrappers.push(...(wrapped.outer ?? []), wrapped.ref);
    }
  }
  fn ??= unwrapExport(value, index).fn;
  const out: FactInput[] = [];
  // An App Router page that only renders (client) components exposes no data itself; a Pages Router
  // page whose getServerSideProps hands it only translations or a redirect is rendered in the browser (ui-shell.ts).
  const shell: (Partial<UiShell> & { props?: string }) | undefined = appPage ? uiShell(fn, index) : pagesRouterShell(index);
  entry(index, out, 'GET', route, fn, value, [...unwrapExport(value, index).wrappers, ...loaderWrappers], { extraTags: ['server-rendered-page', ...(shell ? ['ui-shell', 'page-only'] : [])] });
  if (shell && ((shell.components?.length ?? 0) > 0 || shell.props)) out.push(uiShellFact(index, value, { ...shell, components: shell.components ?? [] }));
  return out;
}

/** `(request) => wrap({ request, handler })`: a function whose body is one call (see wrapped-handler.ts). */
function onlyForwards(fn: FunctionLike): boolean {
  const body = unwrap(fn.body as AstNode | null);
  return !!body && (body.type !== 'BlockStatement' || body.body.length === 1);
}

/**
 * `handle(app)` (hono/vercel), `(req) => fetchRequestHandler({ ... })`, `(req) => app.fetch(req)`
 * with `app = new Hono()`: the handler passes the request to another framework's app.
 */
function handsOff(value: AstNode, index: JsIndex): boolean {
  let v = unwrap(value);
  if (v.type === 'Identifier') v = unwrap(index.constInit(v.name)) ?? v;
  const fn = functionOf(v, index);
  if (fn) {
    const body = unwrap(fn.body as AstNode | null);
    const stmts = body?.type === 'BlockStatement' ? (body.body as AstNode[]) : body ? [body] : [];
    if (stmts.length !== 1) return false;
    const s = stmts[0];
    v = unwrap(unwrapAwait((s.type === 'ReturnStatement' ? s.argument : s.type === 'ExpressionStatement' ? s.expression : s) as AstNode) ?? s);
  }
  if (v.type !== 'CallExpression') return false;
  const callee = unwrap(v.callee as AstNode);
  const path = memberPath(callee);
  if (!path) return false;
  const binding = index.bindings.get(path[0]);
  if (binding && ADAPTER_MODULE.test(binding.module)) return true;
  // `app.fetch(req)` on `new Hono()`: the app answers.
  if (path.length === 2 && /^(fetch|handle|handler)$/.test(path[1])) {
    let app = unwrap(index.constInit(path[0]) ?? callee);
    while (app.type === 'CallExpression' && unwrap(app.callee as AstNode).type === 'MemberExpression') app = unwrap((unwrap(app.callee as AstNode) as { object: AstNode }).object);
    if (app.type === 'NewExpression') {
      const cls = unwrap(app.callee as AstNode);
      const b = cls.type === 'Identifier' ? index.bindings.get(cls.name) : undefined;
      return !!b && ADAPTER_MODULE.test(b.module);
    }
  }
  return false;
}

/** `createQueueRoute({ ... })`: a call of a function of the repository, given no function, as the route. */
function projectFactory(value: AstNode, index: JsIndex): MwRef | undefined {
  const v = unwrap(value);
  if (v.type !== 'CallExpression' || (v.arguments as AstNode[]).some((a) => functionOf(a, index))) return undefined;
  const callee = unwrap(v.callee as AstNode);
  const b = callee.type === 'Identifier' ? index.bindings.get(callee.name) : undefined;
  if (!b || b.imported === '*' || !(b.module.startsWith('.') || /^[@~#]\//.test(b.module))) return undefined;
  return { name: callee.type === 'Identifier' ? callee.name : b.imported, module: b.module, from: index.file, export: b.imported, terminal: true };
}

/**
 * `export const POST = REST_POST(config)` (a CMS's REST handler from `@payloadcms/next/routes`): the
 * handler is built by a package from configuration, so its checks are the package's and cannot be
 * read here. Not `none`: the route's access is decided where this repository does not show it.
 */
function libraryHandler(value: AstNode, index: JsIndex): MwRef | undefined {
  const v = unwrap(value);
  if (v.type !== 'CallExpression') return undefined;
  const path = memberPath(unwrap(v.callee as AstNode));
  const binding = path ? index.bindings.get(path[0]) : undefined;
  if (!binding || binding.module.startsWith('.') || /^[@~#]\//.test(binding.module)) return undefined;
  if ((v.arguments as AstNode[]).some((a) => functionOf(a, index))) return undefined;
  const name = index.text(v.callee as AstNode);
  return { name, role: 'auth-unknown', why: `${name} from ${binding.module} builds the handler; its access checks are the package's` };
}

/**
 * The entries of an App Router route file (or a route module it re-exports) for its exported
 * `GET`/`POST`/...: nothing when every method hands the request to another framework's app.
 */
function methodEntries(index: JsIndex, path: string, options: (method: string) => EntryOptions): FactInput[] {
  const out: FactInput[] = [];
  const handlers = METHODS.map((m) => index.exports.get(m)).filter((v): v is AstNode => !!v);
  // A mount point of another framework's app: no entry point of its own.
  if (handlers.length > 0 && handlers.every((v) => handsOff(v, index))) return out;
  for (const m of METHODS) {
    const value = index.exports.get(m);
    if (value) methodEntry(index, out, m, path, value, options(m));
  }
  return out;
}

/** One method's handler value (`export const GET = ...`, or `{ GET: ... }` of a method map). */
function methodEntry(index: JsIndex, out: FactInput[], m: string, path: string, value: AstNode, own: EntryOptions, outer: MwRef[] = []): void {
  const { fn, wrappers: inner } = unwrapExport(value, index);
  const wrappers = [...outer, ...inner];
  // `withApiWrapper({ handler })`: the callback runs, the repository's wrapper is judged in link.
  // `withSignedIn(async (req) => ...)`: a callback in place 0 is `fn`; unless a known wrapper already
  // decides, the repository's wrapper is judged by its body in link.
  const decided = inner.some((w) => w.role !== 'auth-unknown');
  // `export const PUT = PATCH` (`const handler = withTeam(...)`, exported under two methods): the call it names.
  const wrapped = fn && !onlyForwards(fn) && (decided || aliasedValue(value, index).type !== 'CallExpression') ? undefined : wrappedRoute(value, index);
  const library = fn || wrapped ? undefined : libraryHandler(value, index);
  // `export const POST = importedHandler`: that handler's body decides (its `js-handler` record, in link).
  const delegate = fn || wrapped || library || own.recv || own.standsFor ? undefined : delegatedHandler(value, index);
  // `createQueueRoute({ ... })`: a route factory of the repository given only options, judged by its body in link.
  const factory = fn || wrapped || library || delegate ? undefined : projectFactory(value, index);
  if (factory) wrappers.push(factory);
  if (wrapped?.delegate) entry(index, out, m, path, undefined, value, [...wrappers, ...(wrapped.outer ?? []), wrapped.ref], { ...own, delegate: wrapped.delegate });
  else if (wrapped) entry(index, out, m, path, wrapped.fn, value, [...wrappers, ...(wrapped.outer ?? []), wrapped.ref], { ...own, wrapped: true });
  else if (library) entry(index, out, m, path, fn, value, [...wrappers, library], { ...own, extraTags: [...(own.extraTags ?? []), 'library-handler'] });
  else if (delegate) entry(index, out, m, path, undefined, value, wrappers, { ...own, delegate });
  // A route module's export that is no function of this file judges nothing: the route file's own entry stays.
  else if (fn || !own.recv) entry(index, out, m, path, fn, value, wrappers, own);
}

/** One method of `export const { GET, POST } = source`: the object it is taken from. */
interface DestructuredMethod {
  method: string;
  source: AstNode;
  at: AstNode;
}

/** `export const { GET, POST } = handlers;`: methods destructured from one object (not in `index.exports`). */
function destructuredMethods(index: JsIndex): DestructuredMethod[] {
  const out: DestructuredMethod[] = [];
  for (const stmt of index.program.body) {
    const s = stmt as AstNode;
    if (s.type !== 'ExportNamedDeclaration' || s.declaration?.type !== 'VariableDeclaration') continue;
    for (const d of s.declaration.declarations) {
      if (d.id.type !== 'ObjectPattern' || !d.init) continue;
      for (const p of d.id.properties as AstNode[]) {
        if (p.type !== 'Property' || p.computed || p.key.type !== 'Identifier' || !METHODS.includes(p.key.name)) continue;
        out.push({ method: p.key.name, source: unwrap(d.init as AstNode), at: p });
      }
    }
  }
  return out;
}

/**
 * The entry of a destructured method. The object's maker answers the request: a package's factory
 * (`serve(workflow)` from a workflow SDK, `toNextJsHandler(auth)`) or handlers another module
 * exports (`handlers` of an Auth.js setup). Their checks are not in this file, and the function a
 * factory is given is a step it runs, not the request handler: `unknown`, the maker named.
 */
function destructuredEntry(index: JsIndex, path: string, d: DestructuredMethod): FactInput[] {
  const v = d.source;
  const callee = v.type === 'CallExpression' ? unwrap(v.callee as AstNode) : v;
  const root = memberPath(callee)?.[0];
  const binding = root ? index.bindings.get(root) : undefined;
  if (!binding) return [];
  const name = index.text(callee);
  const project = binding.module.startsWith('.') || /^[@~#]\//.test(binding.module);
  // `export const { POST } = serve(workflow)` from an event SDK that verifies its service's request
  // signature (`inngest/next`, `@upstash/workflow/nextjs`): only the signer gets through.
  if (v.type === 'CallExpression' && SIGNED_EVENT_SERVE.test(index.resolvedCallee(v) ?? '')) {
    const signed: FactInput[] = [];
    entry(index, signed, d.method, path, undefined, d.at, [], { extraTags: ['webhook-signature'] });
    return signed;
  }
  const ref: MwRef = { name, role: 'auth-unknown', why: `${d.method} comes from ${name}${v.type === 'CallExpression' ? '(…)' : ''} of ${binding.module}; ${project ? 'that module decides its checks' : 'its access checks are the package\'s'}` };
  const out: FactInput[] = [];
  entry(index, out, d.method, path, undefined, d.at, [ref], { extraTags: project ? [] : ['library-handler'] });
  return out;
}

/** What an exported name stands for when it names a same-file constant that is no function (`export const PUT = PATCH`). */
function aliasedValue(value: AstNode, index: JsIndex): AstNode {
  const v = unwrap(value);
  return v.type === 'Identifier' && !index.functionByName(v.name) ? (unwrap(index.constInit(v.name)) ?? v) : v;
}

/**
 * `export default withMiddlewares({ GET: withAuth({ fn }), POST: handlePost })`: a Pages Router
 * default export that hands a dispatcher one handler per HTTP method (keys `GET`, `POST`...). Each
 * method is an entry judged on its own value; the dispatcher is kept as a wrapper reference.
 */
function methodMap(value: AstNode, index: JsIndex): { handlers: Map<string, AstNode>; outer: MwRef[] } | undefined {
  let v = unwrap(value);
  if (v.type === 'Identifier' && !index.functionByName(v.name)) v = unwrap(index.constInit(v.name)) ?? v;
  if (v.type !== 'CallExpression') return undefined;
  for (const a of v.arguments as AstNode[]) {
    const obj = resolveObject(unwrap(a), index);
    if (!obj || obj.type !== 'ObjectExpression') continue;
    const handlers = new Map<string, AstNode>();
    for (const m of METHODS) {
      const h = objectProp(obj, m);
      if (h) handlers.set(m, h);
    }
    if (handlers.size === 0) continue;
    const name = index.text(v.callee as AstNode);
    // A dispatcher named for auth (`withAuth({ GET })`) is judged like any wrapper of the handler.
    const outer: MwRef[] = authLikeName(name) ? [{ name, role: 'auth-unknown', why: name, mechanism: 'session' }] : [];
    return { handlers, outer };
  }
  return undefined;
}

export const extractor: Extractor = {
  id: 'js/nextjs',
  title: 'Next.js API routes (pages/api, app route handlers), server-rendered pages and middleware guards',
  // Every source file: besides the layout's files, modules whose route handlers a route file re-exports (reexports.ts).
  matches: (path) => isJsFile(path) && !isTestFile(path),
  extract(file, ctx) {
    if (NEXT_CONFIG_FILE.test(file.path)) {
      if (!file.content.includes('basePath') && !file.content.includes('pageExtensions')) return null;
      const fact = nextConfigFact(jsIndex(file, ctx));
      return fact ? [fact] : null;
    }
    // A layout guards only by leaving (`redirect()`, `notFound()`): one that never does is not read.
    if (APP_LAYOUT.test(file.path) && !LAYOUT_EXIT.test(file.content)) return null;
    const layoutFile = PAGES_API.test(file.path) || APP_ROUTE.test(file.path) || isMiddlewareFile(file.path, file.content) || APP_PAGE.test(file.path) || APP_LAYOUT.test(file.path) || PAGES_PAGE.test(file.path);
    if (!layoutFile && !ROUTE_MODULE_EXPORT.test(file.content)) return null;
    const index = jsIndex(file, ctx);
    const out: FactInput[] = [];
    const pages = PAGES_API.exec(file.path);
    const app = APP_ROUTE.exec(file.path);
    if (isMiddlewareFile(file.path, file.content)) out.push(...middlewareGuard(index));
    else if (pages) {
      const value = index.exports.get('default');
      let wrapped: ReturnType<typeof wrappedRoute>;
      const map = value ? methodMap(value, index) : undefined;
      if (map) {
        for (const [m, h] of map.handlers) methodEntry(index, out, m, routePath(pages[2]), h, {}, map.outer);
      } else if (value && (wrapped = wrappedRoute(value, index))) {
        // `export default withKey({ handler })`: the wrapper is judged in link; a callback that
        // switches on `req.method` answers each of those methods, else every method.
        const methods = wrapped.fn ? methodsOf(wrapped.fn) : ['ALL'];
        const views = wrapped.fn ? methodViews(wrapped.fn, methods, index) : undefined;
        for (const m of methods) methodEntry(index, out, m, routePath(pages[2]), value, { view: views?.get(m) });
      } else if (value) {
        // A file that only hands the request to an imported handler: that handler is judged (in link).
        const delegate = delegatedHandler(value, index);
        const { fn: own, wrappers } = unwrapExport(value, index);
        const fn = delegate ? undefined : own;
        const path = routePath(pages[2]);
        const methods = fn ? methodsOf(fn) : ['ALL'];
        // `if (req.method === 'GET') ... else if (req.method === 'POST') ...`: each method judged on its branch.
        const views = fn ? methodViews(fn, methods, index) : undefined;
        for (const m of methods) entry(index, out, m, path, fn, value, wrappers, { view: views?.get(m), delegate });
      }
    } else if (app) {
      const path = routePath(app[2]);
      // `export { GET, POST }` of another module's handlers: that module's routes, mounted here.
      const reexported = reexportedMethods(index, METHODS);
      for (const [m, r] of reexported) out.push(mountFact(index, m, r, path));
      out.push(...methodEntries(index, path, (m) => {
        const standsFor = reexported.get(m)?.ref;
        return standsFor ? { standsFor } : {};
      }));
      // `export const { GET, POST } = handlers` / `= serve(workflow)`: methods of an object another module builds.
      if (file.content.includes('export const {')) for (const d of destructuredMethods(index)) out.push(...destructuredEntry(index, path, d));
      if (out.length === 0) return null;
    } else if (APP_LAYOUT.test(file.path)) {
      // A layout that refuses callers without a session guards the pages below it (layout-guard.ts).
      const fn = functionOf(index.exports.get('default'), index);
      const guard = fn && (/\.[jt]sx$/.test(file.path) || index.imports('next', 'next/*', 'react')) ? layoutGuardFact(fn, index) : undefined;
      if (guard) out.push(guard);
    } else if (APP_PAGE.test(file.path) || PAGES_PAGE.test(file.path)) {
      if (!NOT_A_URL.test(`/${APP_PAGE.exec(file.path)?.[2] ?? ''}`)) out.push(...pageEntry(index, file.path));
    } else if (ROUTE_MODULE_EXPORT.test(file.content)) {
      // A module whose method handlers a route file re-exports: placed at that route's path by link.
      out.push(...methodEntries(index, '/', (m) => ({ recv: moduleReceiver(index, m), extraTags: MODULE_ROUTE_TAGS })));
    }
    return out.length > 0 ? out : null;
  },
  link: (facts) => applyNextConfig(linkLayoutGuards(confirmUiShells(linkRoutes(facts)))),
};
