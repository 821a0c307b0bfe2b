// What a Nitro / h3 route file's default export runs: the handler function inside
// `defineEventHandler(fn)` (or its object form `{ handler, onRequest: [...] }`, the cached and
// lazy variants, a websocket's `upgrade` hook), and the project's own wrappers around it
// (`export default defineAuthedHandler(async (event) => ...)`), kept as middleware references
// link judges by their bodies. Nuxt auto-imports the project's `server/utils` exports, so a
// wrapper or guard called without an import is referred to by name.
import { calleeName, functionOf, isFunctionLike, memberPath, nodesUnder, objectProp, unwrap, unwrapAwait, type AstNode, type CallLike, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { rejects } from '../_lib/routes-guard-signals.js';
import { roleIn } from '../_lib/routes-guard-roles.js';
import { argsText, mwRef } from '../_lib/routes-refs.js';
import { authLikeName, type MwRef, type RouteMeta } from '../_lib/routes.js';
import { THROWING_SESSION_CALL } from './middleware.js';

/** h3 / Nitro handler factories. */
export const H3_DEFINE = /^(defineEventHandler|eventHandler|defineCachedEventHandler|cachedEventHandler|defineWebSocketHandler|defineLazyEventHandler|lazyEventHandler|defineHandler|toEventHandler|fromNodeMiddleware|defineNodeMiddleware|defineNodeListener)$/;
/** nuxt-auth-utils' OAuth sign-in handlers (`defineOAuthGitHubEventHandler`, `defineOAuthGoogleEventHandler`, ...). */
export const OAUTH_DEFINE = /^defineOAuth\w+EventHandler$/;
const LAZY = /^(defineLazyEventHandler|lazyEventHandler)$/;
const WEBSOCKET = /^defineWebSocketHandler$/;
/** Modules a handler factory comes from (Nuxt and Nitro auto-import them too). */
export const H3_MODULES = /^(h3|h3-nightly|nitropack(\/.*)?|nitro(\/.*)?|#imports|#app|nuxt\/app|@nuxt\/kit)$/;

/** Modules of the repository itself: relative, or a Nuxt alias (`~/`, `~~/`, `@/`, `#server/`), not `#imports`. */
export const PROJECT_MODULE = /^(\.|~~?\/|@@?\/|#(?!imports$|app$)[\w-]*\/?)/;

export interface ResolvedNitroHandler {
  fn?: FunctionLike;
  /** Hooks and wrappers that run before the handler. */
  mw: MwRef[];
  websocket?: boolean;
  /** An OAuth sign-in route of nuxt-auth-utils. */
  oauth?: boolean;
}

function lastName(call: CallLike): string {
  return (calleeName(call) ?? '').split('.').pop() ?? '';
}

/** The value a lazy factory's function returns (`lazyEventHandler(() => { ...; return eventHandler(fn) })`). */
function returned(fn: FunctionLike): AstNode | undefined {
  const body = unwrap(fn.body as AstNode | null);
  if (!body) return undefined;
  if (body.type !== 'BlockStatement') return body;
  const ret = (body.body as AstNode[]).filter((s) => s.type === 'ReturnStatement').pop();
  return ret && ret.type === 'ReturnStatement' ? (ret.argument as AstNode | null) ?? undefined : undefined;
}

/** `onRequest: [requireAuth, rateLimit]` (or one function): hooks run before the handler. */
function hookRefs(node: AstNode | undefined, index: JsIndex): MwRef[] {
  const n = unwrap(node);
  if (!n) return [];
  const list = n.type === 'ArrayExpression' ? n.elements.filter((e): e is NonNullable<typeof e> => !!e && e.type !== 'SpreadElement') : [n];
  return list.map((e) => nameRef(e as AstNode, index));
}

/** A middleware reference to a function used by name: imported, auto-imported (by name), or of this file. */
function nameRef(expr: AstNode, index: JsIndex): MwRef {
  const e = unwrap(expr);
  const root = e.type === 'CallExpression' ? unwrap(e.callee as AstNode) : e;
  const path = memberPath(root);
  if (path && !index.bindings.has(path[0]) && !index.functionByName(path[0]) && !index.constInit(path[0])) {
    const name = path.join('.');
    return { name, byName: path[path.length - 1], ...(e.type === 'CallExpression' && e.arguments.length > 0 ? { args: argsText(e, index) } : {}) };
  }
  return mwRef(e, index);
}

/** The project's wrapper around a handler: a reference link judges, with the literal arguments of this use. */
function wrapperRef(call: CallLike, index: JsIndex): MwRef {
  const callee = unwrap(call.callee as AstNode);
  const path = memberPath(callee) ?? [];
  const b = path[0] ? index.bindings.get(path[0]) : undefined;
  // `definePermissionEventHandler('admin', 'any', fn)`: the first argument names what the wrapper
  // requires (a role, or the resource of a permission check); the ones after it qualify it.
  const first = unwrap(call.arguments[0] as AstNode | undefined);
  const args = first && !isFunctionLike(first) && first.type !== 'ObjectExpression' && first.type !== 'CallExpression' ? index.text(first) : undefined;
  const name = path.join('.') || lastName(call);
  const base: MwRef = { name, terminal: true, ...(args ? { args } : {}) };
  if (b) {
    const exp = b.imported === '*' ? path[1] : b.imported;
    return exp ? { ...base, module: b.module, from: index.file, export: exp } : base;
  }
  if (path.length === 1 && !index.functionByName(path[0])) return { ...base, byName: path[0] };
  const local = path.length === 1 ? index.functionByName(path[0]) : undefined;
  return local ? { ...mwRef(callee, index), terminal: true, ...(args ? { args } : {}) } : base;
}

/** The handler of a route file's default export, and what runs before it. */
export function resolveNitroHandler(value: AstNode | undefined, index: JsIndex, depth = 0): ResolvedNitroHandler {
  let v = unwrap(value);
  if (!v || depth > 4) return { mw: [] };
  if (v.type === 'Identifier') {
    const fn = index.functionByName(v.name);
    if (fn) return { fn, mw: [] };
    const init = index.constInit(v.name);
    if (!init) return { mw: [] };
    v = unwrap(init);
  }
  if (isFunctionLike(v)) return { fn: v, mw: [] };
  if (v.type !== 'CallExpression') return { mw: [] };
  const name = lastName(v);
  const first = unwrap(v.arguments[0] as AstNode | undefined);
  // nuxt-auth-utils' `defineOAuthGitHubEventHandler({ config, onSuccess, onError })`: a public
  // sign-in route whose `onSuccess` hook runs the project's code (it sets the session).
  if (OAUTH_DEFINE.test(name)) return { fn: first?.type === 'ObjectExpression' ? functionOf(objectProp(first, 'onSuccess'), index) : undefined, mw: [], oauth: true };
  if (H3_DEFINE.test(name)) {
    if (LAZY.test(name)) {
      const factory = functionOf(first, index);
      return factory ? resolveNitroHandler(returned(factory), index, depth + 1) : { mw: [] };
    }
    if (first?.type === 'ObjectExpression') {
      if (WEBSOCKET.test(name)) {
        // The upgrade hook decides who may open the socket; without one, the messages are what it serves.
        const fn = functionOf(objectProp(first, 'upgrade'), index) ?? functionOf(objectProp(first, 'open'), index) ?? functionOf(objectProp(first, 'message'), index);
        return { fn, mw: [], websocket: true };
      }
      const inner = resolveNitroHandler(objectProp(first, 'handler'), index, depth + 1);
      return { ...inner, mw: [...hookRefs(objectProp(first, 'onRequest'), index), ...inner.mw] };
    }
    return resolveNitroHandler(first, index, depth + 1);
  }
  // `defineAuthedHandler('admin', async (event) => ...)`: the project's wrapper around the handler.
  for (const a of v.arguments) {
    const arg = unwrap(a as AstNode);
    const inner = isFunctionLike(arg) || arg.type === 'CallExpression' ? resolveNitroHandler(arg, index, depth + 1) : arg.type === 'ObjectExpression' && objectProp(arg, 'handler') ? resolveNitroHandler(objectProp(arg, 'handler'), index, depth + 1) : undefined;
    if (inner?.fn) return { ...inner, mw: [wrapperRef(v, index), ...inner.mw] };
  }
  return { mw: [] };
}

/** The statements a handler runs first: its own, and those of a `try` around them. */
function leading(fn: FunctionLike): AstNode[] {
  const body = unwrap(fn.body as AstNode | null);
  if (!body || body.type !== 'BlockStatement') return [];
  return (body.body as AstNode[]).flatMap((s) => (s.type === 'TryStatement' ? ((s.block as AstNode & { body: AstNode[] }).body) : [s]));
}

function awaitedCall(s: AstNode): CallLike | undefined {
  const e = s.type === 'ExpressionStatement' ? unwrapAwait(s.expression as AstNode) : s.type === 'VariableDeclaration' ? unwrapAwait(s.declarations[0]?.init as AstNode | null) : undefined;
  return e && e.type === 'CallExpression' ? e : undefined;
}

/** Does a branch refuse: a thrown error, a 401/403 answered, a redirect? */
function refuses(branch: AstNode, index: JsIndex): boolean {
  const stmts = branch.type === 'BlockStatement' ? (branch.body as AstNode[]) : [branch];
  const last = stmts[stmts.length - 1];
  if (!last) return false;
  if (last.type === 'ThrowStatement') return true;
  return rejects(branch, index) !== undefined;
}

/**
 * Checks of h3 handlers the shared classifier does not know: a session helper of the auth modules
 * that throws 401 itself (`await requireUserSession(event)`, nuxt-auth-utils), then a role test
 * that refuses (`if (user.role !== 'admin') throw createError({ statusCode: 403 })`).
 */
export function nitroInlineAuth(fn: FunctionLike, index: JsIndex): RouteMeta['inline'] | undefined {
  let user: string | undefined;
  for (const s of leading(fn)) {
    const call = awaitedCall(s);
    const name = call ? lastName(call) : '';
    if (call && THROWING_SESSION_CALL.test(name) && !index.functionByName(name)) {
      const b = index.bindings.get(name);
      // A library's helper (nuxt-auth-utils) or Nuxt's auto-import of it; the project's own is judged by link.
      if (!b || !PROJECT_MODULE.test(b.module)) {
        user = `${name}(event) throws 401 without a session`;
        break;
      }
    }
  }
  const admin = adminRefusal(fn, index);
  if (admin && (user || /session|context|user|auth/i.test(admin))) return { level: 'admin', why: `handler checks: ${admin}` };
  return user ? { level: 'user', why: `handler checks: ${user}` } : undefined;
}

/** `if (user.role !== 'admin') throw createError({ statusCode: 403 })`: the role test the handler refuses on. */
function adminRefusal(fn: FunctionLike, index: JsIndex): string | undefined {
  if (!fn.body) return undefined;
  for (const s of nodesUnder(fn.body as AstNode, 'IfStatement')) {
    if (index.enclosingFunction(s) !== fn) continue;
    const test = s.test as AstNode;
    if (roleIn(test, index) !== 'admin' || !refuses(s.consequent as AstNode, index)) continue;
    return index.text(test).replace(/\s+/g, ' ').slice(0, 80);
  }
  return undefined;
}

/**
 * Guards a handler awaits by name that this file cannot judge: the project's own (imported, or
 * auto-imported from `server/utils`), judged by link from their definitions.
 */
export function awaitedGuards(fn: FunctionLike, index: JsIndex): MwRef[] {
  const out: MwRef[] = [];
  for (const s of leading(fn)) {
    const call = awaitedCall(s);
    if (!call) continue;
    const callee = unwrap(call.callee as AstNode);
    if (callee.type !== 'Identifier' || index.functionByName(callee.name)) continue;
    const name = callee.name;
    if (!authLikeName(name) || out.some((r) => r.name === name)) continue;
    const b = index.bindings.get(name);
    if (b && !PROJECT_MODULE.test(b.module)) continue;
    const args = call.arguments.length > 1 ? argsText(call, index) : undefined;
    const base: MwRef = { name, terminal: true, ...(args ? { args } : {}) };
    out.push(b ? { ...base, module: b.module, from: index.file, export: b.imported } : { ...base, byName: name });
  }
  return out;
}
