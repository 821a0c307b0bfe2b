// Next.js API surface from the file layout: pages/api/** (default export handler, methods from
// `req.method` checks), app/**/route.ts (exported GET/POST/...), and middleware.ts (a guard for
// the paths its `config.matcher` covers, applied by link).
import type { FactInput } from '../../../model/types.js';
import {
  functionOf,
  jsIndex,
  literalValue,
  nodesUnder,
  objectProp,
  resolveObject,
  stringValue,
  unwrap,
  type AstNode,
  type FunctionLike,
  type JsIndex,
} from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { classifyGuard } from '../_lib/routes-guards.js';
import { accessFacts, summarizeHandler } from '../_lib/routes-handler.js';
import { linkRoutes } from '../_lib/routes-link.js';
import { authLikeName, isTestFile, routeFact, type MwRef, type RouteMeta } from '../_lib/routes.js';
import type { Extractor } from '../../types.js';
import { helperCalls, ownerOrAdminCheck } from './helper-calls.js';
import { failOpenGuard, handlerAuth, type FailOpenGuard } from './session-check.js';
import { confirmUiShells, uiShell, uiShellFact } from './ui-shell.js';

const PAGES_API = /^(?:(.*)\/)?(?:src\/)?pages\/(api\/.+)\.(?:[cm]?[jt]sx?)$/;
const APP_ROUTE = /^(?:(.*)\/)?(?:src\/)?app\/((?:.*\/)?)route\.(?:[cm]?[jt]sx?)$/;
const MIDDLEWARE = /^(?:(.*)\/)?(?:src\/)?middleware\.(?:[cm]?[jt]s)$/;
/** App Router server-rendered page: `app/(group)/dashboard/[id]/page.tsx`. */
const APP_PAGE = /^(?:(.*)\/)?(?:src\/)?app\/((?:.*\/)?)page\.(?:[jt]sx?)$/;
/** Pages Router page (not api/, not the _app/_document/_error/404/500 specials). */
const PAGES_PAGE = /^(?:(.*)\/)?(?:src\/)?pages\/((?!api\/)(?:.*\/)?(?!_)[^/]+)\.(?:[jt]sx?)$/;
const SPECIAL_PAGE = /(^|\/)(_app|_document|_error|404|500)$/;
/** Auth pages are public by nature: a middleware matcher listing them does not guard them. */
const AUTH_PAGE = /\/(log-?in|sign-?in|sign-?up|register)(\/?|\/:path\*)?$/i;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** `api/users/[id]` → `/api/users/:id`; route groups and parallel slots vanish. */
export function routePath(segments: string): string {
  const parts = segments
    .split('/')
    .filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith('@'))
    .map((s) => s.replace(/^\[\[?\.\.\.(\w+)\]\]?$/, '*$1').replace(/^\[(\w+)\]$/, ':$1'));
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

function entry(index: JsIndex, out: FactInput[], method: string, path: string, fn: FunctionLike | undefined, at: AstNode, wrappers: MwRef[], extraTags?: string[]): void {
  const meta: RouteMeta = { mw: wrappers, local: path };
  const evidence = index.evidence(at);
  let handler: { file: string; line: number; name?: string } | undefined;
  if (fn) {
    const summary = summarizeHandler(fn, index);
    const { inline, session } = handlerAuth(summary.inline, fn, index);
    if (inline) meta.inline = inline;
    const failOpen = !session && (!meta.inline || meta.inline.level === 'unknown') ? failOpenGuard(fn, index) : undefined;
    if (failOpen && (!meta.inline || meta.inline.why.includes(failOpen.helper))) {
      // The only check is a helper that lets callers without a session through: none stands in front.
      delete meta.inline;
      out.push(failOpenFact(failOpen, index, method, path, evidence.line));
    }
    // Imported request helpers and permission predicates whose refusal the handler returns: judged in link.
    meta.mw = [...wrappers, ...helperCalls(fn, index)];
    // Owner-or-admin (`auth.user.id !== userId && !auth.user.isAdmin`): a user on their own record, not admin-only.
    const owner = meta.inline?.level === 'admin' ? ownerOrAdminCheck(fn, index) : undefined;
    if (owner && meta.inline?.why.includes(index.text(owner.test).replace(/\s+/g, ' ').slice(0, 60))) {
      const why = `handler checks: owner (:${owner.param}) or admin: ${index.text(owner.test).replace(/\s+/g, ' ').slice(0, 80)}`;
      delete meta.inline;
      meta.mw.push({ name: '<inline>', role: 'auth-user', ownerParams: [owner.param], terminal: true, why });
    }
    if (summary.tags.length) meta.handlerTags = summary.tags;
    handler = { file: index.file, line: index.line(fn), name: index.functionName(fn) ?? method };
    out.push(...accessFacts(summary, index, { file: index.file, line: evidence.line }));
  }
  out.push(routeFact({ framework: 'nextjs', method, path, evidence, handler, meta, extraTags }));
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
      if (exported !== 'default' && exported !== 'middleware') continue;
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
  const value = index.exports.get('middleware') ?? index.exports.get('default') ?? reexport?.at;
  if (!value) return [];
  let guard: MwRef | undefined = reexport?.guard;
  const v = unwrap(value);
  const resolved = index.resolvedName(v.type === 'CallExpression' ? (v.callee as AstNode) : v) ?? '';
  if (guard) {
    // Re-exported from next-auth: nothing to judge in this file.
  } else if (/^next-auth\/middleware/.test(resolved) || /^@clerk\/nextjs(\/server)?\.authMiddleware$/.test(resolved)) guard = { name: resolved, role: 'auth-user', mechanism: 'session', why: resolved };
  const fn = guard ? undefined : (functionOf(v, index) ?? (v.type === 'CallExpression' ? functionOf(v.arguments[0] as AstNode, index) : undefined));
  if (fn) {
    const verdict = classifyGuard(fn, index);
    const protects = /\.protect\(\)/.test(index.text(fn));
    if (verdict || protects) guard = { name: 'middleware', role: verdict?.level === 'admin' ? 'auth-admin' : 'auth-user', mechanism: verdict?.mechanism ?? 'session', why: `middleware.ts: ${verdict?.why ?? 'auth().protect()'}` };
  }
  if (!guard) return [];
  const record = { framework: 'nextjs', guard, matcher };
  return [{ kind: 'config', setting: 'auth-global-guard', values: { framework: 'nextjs', guard: guard.name, data: JSON.stringify(record) }, summary: `Next.js middleware guard for ${matcher?.join(', ') ?? 'every path'}`, evidence: index.evidence(value), key: `${index.file}#config:auth-global-guard:nextjs` }];
}

/** A server-rendered page answers GET at the path its folders (or file) name. */
function pageEntry(index: JsIndex, path: string): FactInput[] {
  const value = index.exports.get('default');
  if (!value) return [];
  const appPage = APP_PAGE.exec(path);
  let route: string | undefined;
  let fn: FunctionLike | undefined;
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
    fn = functionOf(index.exports.get('getServerSideProps') ?? index.exports.get('getInitialProps'), index);
  }
  fn ??= unwrapExport(value, index).fn;
  const out: FactInput[] = [];
  // An App Router page that only renders (client) components exposes no data itself (ui-shell.ts).
  const shell = appPage ? uiShell(fn, index) : undefined;
  entry(index, out, 'GET', route, fn, value, unwrapExport(value, index).wrappers, ['server-rendered-page', ...(shell ? ['ui-shell', 'page-only'] : [])]);
  if (shell && shell.components.length > 0) out.push(uiShellFact(index, value, shell));
  return out;
}

export const extractor: Extractor = {
  id: 'js/nextjs',
  title: 'Next.js API routes (pages/api, app route handlers), server-rendered pages and middleware guards',
  matches: (path) => isJsFile(path) && !isTestFile(path) && (PAGES_API.test(path) || APP_ROUTE.test(path) || MIDDLEWARE.test(path) || APP_PAGE.test(path) || PAGES_PAGE.test(path)),
  extract(file, ctx) {
    const index = jsIndex(file, ctx);
    const out: FactInput[] = [];
    const pages = PAGES_API.exec(file.path);
    const app = APP_ROUTE.exec(file.path);
    if (MIDDLEWARE.test(file.path)) out.push(...middlewareGuard(index));
    else if (pages) {
      const value = index.exports.get('default');
      if (value) {
        const { fn, wrappers } = unwrapExport(value, index);
        const path = routePath(pages[2]);
        for (const m of fn ? methodsOf(fn) : ['ALL']) entry(index, out, m, path, fn, value, wrappers);
      }
    } else if (app) {
      const path = routePath(app[2]);
      for (const m of METHODS) {
        const value = index.exports.get(m);
        if (!value) continue;
        const { fn, wrappers } = unwrapExport(value, index);
        entry(index, out, m, path, fn, value, wrappers);
      }
    } else out.push(...pageEntry(index, file.path));
    return out.length > 0 ? out : null;
  },
  link: (facts) => confirmUiShells(linkRoutes(facts)),
};
