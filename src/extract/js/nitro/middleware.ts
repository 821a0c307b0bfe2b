// Nitro server middleware (`server/middleware/*.ts`) runs before every route. One that refuses a
// request without a caller guards the paths it checks: `if (event.path.startsWith('/api/admin')
// && !session) throw createError({ statusCode: 401 })`, `if (!event.path.startsWith('/api'))
// return` before `await requireUserSession(event)`. Its statements become ordered steps over the
// request path (../_lib/middleware-scope-eval.ts), evaluated by link for each route.
import type { MiddlewareScope, PathCond, ScopeStep } from '../_lib/middleware-scope-eval.js';
import { calleeName, calleeProperty, isFunctionLike, memberPath, nodesUnder, stringValue, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { rejects } from '../_lib/routes-guard-signals.js';
import { authLikeName } from '../_lib/routes.js';

/** The request path as h3 gives it: `event.path`, `getRequestURL(event).pathname`, `event.node.req.url`. */
const PATH_TEXT = /(?:^|[\s(.])(?:event|e|evt)\.(?:path|_path)$|\.pathname$|\.node\.req\.(?:url|originalUrl)$|^getRequestPath\(|^getRequestURL\([^)]*\)\.pathname$/;
/** A test that names the caller's credential: its absence, or a comparison with a secret. */
const CREDENTIAL = /session|token|cookie|user|auth|jwt|logged|signed|apikey|api_key|secret|password|bearer|authorization/i;
/** Session-reading calls of the auth modules Nuxt apps use that throw 401 themselves. */
export const THROWING_SESSION_CALL = /^(requireUserSession|requireAuth|requireUser|requireSession|requireLogin|requireLoggedIn|requireAuthentication|ensureAuth|ensureAuthenticated|ensureUser|ensureLoggedIn)$/;

interface Ctx {
  index: JsIndex;
  depth: number;
}

function isPathExpr(n: AstNode, ctx: Ctx): boolean {
  const v = unwrap(n);
  if (v.type === 'Identifier') {
    const init = ctx.index.initAt(v.name, v);
    // `const { pathname } = getRequestURL(event)`: destructured, so no init of its own.
    if (!init) return v.name === 'pathname';
    return unwrap(init) !== v && ctx.depth < 3 && isPathExpr(init, { ...ctx, depth: ctx.depth + 1 });
  }
  if (v.type === 'CallExpression') {
    // `event.path.split('?')[0]`, `withoutTrailingSlash(event.path)`, `getRequestURL(event).pathname.toLowerCase()`.
    const callee = unwrap(v.callee as AstNode);
    if (callee.type === 'MemberExpression') return /^(split|toLowerCase|replace|trim)$/.test(calleeProperty(v) ?? '') && isPathExpr(callee.object as AstNode, ctx);
    return /^getRequestPath$/.test(calleeName(v) ?? '') || (v.arguments.length === 1 && isPathExpr(v.arguments[0] as AstNode, ctx));
  }
  if (v.type === 'MemberExpression' && v.computed && unwrap(v.object as AstNode).type === 'CallExpression') return isPathExpr(v.object as AstNode, ctx);
  if (v.type !== 'MemberExpression') return false;
  return PATH_TEXT.test(ctx.index.text(v).replace(/\?\./g, '.'));
}

function listValues(n: AstNode, ctx: Ctx): string[] | undefined {
  let v = unwrap(n);
  if (v.type === 'Identifier') v = unwrap(ctx.index.initAt(v.name, v) ?? v);
  if (v.type !== 'ArrayExpression') return undefined;
  const out = v.elements.map((e) => (e ? stringValue(e as AstNode, ctx.index) : undefined));
  return out.every((s): s is string => typeof s === 'string') ? out : undefined;
}

/** The path condition an expression tests, `undefined` when it tests something else too. */
export function pathCond(n: AstNode, ctx: Ctx): PathCond | undefined {
  const v = unwrap(n);
  if (v.type === 'UnaryExpression' && v.operator === '!') {
    const c = pathCond(v.argument as AstNode, ctx);
    return c && { not: c };
  }
  if (v.type === 'LogicalExpression' && (v.operator === '&&' || v.operator === '||')) {
    const l = pathCond(v.left as AstNode, ctx);
    const r = pathCond(v.right as AstNode, ctx);
    return l && r ? (v.operator === '&&' ? { all: [l, r] } : { any: [l, r] }) : undefined;
  }
  if (v.type === 'BinaryExpression' && /^[!=]==?$/.test(v.operator)) {
    const [l, r] = [v.left as AstNode, v.right as AstNode];
    const lit = isPathExpr(l, ctx) ? stringValue(r, ctx.index) : isPathExpr(r, ctx) ? stringValue(l, ctx.index) : undefined;
    if (lit === undefined) return undefined;
    const c: PathCond = { op: 'exact', values: [lit] };
    return v.operator.startsWith('!') ? { not: c } : c;
  }
  if (v.type === 'Identifier' && ctx.depth < 3) {
    const init = ctx.index.initAt(v.name, v);
    return init && unwrap(init) !== v ? pathCond(init, { ...ctx, depth: ctx.depth + 1 }) : undefined;
  }
  if (v.type !== 'CallExpression') return undefined;
  const prop = calleeProperty(v);
  const callee = unwrap(v.callee as AstNode);
  const obj = callee.type === 'MemberExpression' ? (callee.object as AstNode) : undefined;
  const arg = v.arguments[0] as AstNode | undefined;
  if (!obj || !arg) return undefined;
  if ((prop === 'startsWith' || prop === 'includes') && isPathExpr(obj, ctx)) {
    const lit = stringValue(arg, ctx.index);
    return lit === undefined ? undefined : { op: prop === 'startsWith' ? 'prefix' : 'includes', values: [lit] };
  }
  if (prop === 'test' && isPathExpr(arg, ctx)) {
    const re = unwrap(obj);
    const regex = re.type === 'Literal' ? (re as { regex?: { pattern: string } }).regex?.pattern : undefined;
    return regex ? { op: 'regex', values: [regex] } : undefined;
  }
  // `PUBLIC.includes(event.path)`, `PUBLIC.some((p) => event.path.startsWith(p))`.
  if (prop === 'includes' && isPathExpr(arg, ctx)) {
    const values = listValues(obj, ctx);
    return values ? { op: 'exact', values } : undefined;
  }
  if (prop === 'some' || prop === 'find') {
    const values = listValues(obj, ctx);
    const cb = unwrap(arg);
    if (!values || !isFunctionLike(cb)) return undefined;
    const el = (cb as FunctionLike).params[0] as AstNode | undefined;
    if (el?.type !== 'Identifier') return undefined;
    const starts = nodesUnder((cb as FunctionLike).body as AstNode, 'CallExpression').some((c) => calleeProperty(c) === 'startsWith' && isPathExpr(unwrap(c.callee as AstNode).type === 'MemberExpression' ? ((unwrap(c.callee as AstNode) as { object: AstNode }).object) : c, ctx));
    return starts ? { op: 'prefix', values } : { op: 'exact', values };
  }
  return undefined;
}

/**
 * A part of a test that fails for a caller without the credential: `!session`, `!user?.id`,
 * `token !== config.siteToken`, `user.role !== 'admin'`, `session == null`. A bare presence test
 * (`token && token.length < 8`) refuses callers who sent one.
 */
function checksCredential(x: AstNode, index: JsIndex): boolean {
  const v = unwrap(x);
  if (!CREDENTIAL.test(index.text(v))) return false;
  if (v.type === 'UnaryExpression') return v.operator === '!';
  if (v.type === 'BinaryExpression') return /^[!=]==?$/.test(v.operator);
  if (v.type === 'LogicalExpression' && v.operator === '||') return checksCredential(v.left as AstNode, index) || checksCredential(v.right as AstNode, index);
  return false;
}

function conjuncts(n: AstNode): AstNode[] {
  const v = unwrap(n);
  return v.type === 'LogicalExpression' && v.operator === '&&' ? [...conjuncts(v.left as AstNode), ...conjuncts(v.right as AstNode)] : [v];
}

/** Does the branch end the request refusing it: a 401/403 error thrown or sent, a redirect to sign-in? */
function refuses(branch: AstNode, index: JsIndex): boolean {
  const stmts = branch.type === 'BlockStatement' ? (branch.body as AstNode[]) : [branch];
  const last = stmts[stmts.length - 1];
  if (!last) return false;
  if (last.type === 'ThrowStatement') return true;
  if (last.type !== 'ReturnStatement' && last.type !== 'ExpressionStatement') return false;
  const e = unwrapAwait((last.type === 'ReturnStatement' ? last.argument : last.expression) as AstNode | null);
  if (!e || e.type !== 'CallExpression') return false;
  const name = calleeName(e) ?? '';
  if (/(^|\.)(sendRedirect|navigateTo)$/.test(name)) return true;
  if (/(^|\.)(sendError|setResponseStatus|send|sendNoContent)$/.test(name)) return rejects(branch, index) !== undefined;
  return rejects(branch, index) !== undefined;
}

/** An awaited call that refuses by itself without a caller (`await requireUserSession(event)`). */
function throwingGuardCall(s: AstNode): string | undefined {
  const e = s.type === 'ExpressionStatement' ? unwrapAwait(s.expression as AstNode) : s.type === 'VariableDeclaration' ? unwrapAwait(s.declarations[0]?.init as AstNode | null) : undefined;
  if (!e || e.type !== 'CallExpression') return undefined;
  const name = (calleeName(e) ?? '').split('.').pop() ?? '';
  return THROWING_SESSION_CALL.test(name) || (authLikeName(name) && /^(require|ensure|assert|verify|check)/.test(name)) ? name : undefined;
}

type Step = { when: PathCond[]; outcome: 'pass' | 'guard' };

function branchStmts(n: AstNode): AstNode[] {
  return n.type === 'BlockStatement' ? (n.body as AstNode[]) : [n];
}

/** Steps of a statement list in order; true when the list always leaves (a `return` or `throw` at its level). */
function walk(stmts: readonly AstNode[], when: PathCond[], ctx: Ctx, out: Step[], whys: string[]): boolean {
  for (const s of stmts) {
    if (s.type === 'BlockStatement') {
      if (walk(s.body as AstNode[], when, ctx, out, whys)) return true;
      continue;
    }
    if (s.type === 'TryStatement') {
      // The error path is not the way an ordinary request goes.
      if (walk((s.block as AstNode & { body: AstNode[] }).body, when, ctx, out, whys)) return true;
      continue;
    }
    const guardCall = throwingGuardCall(s);
    if (guardCall) {
      out.push({ when, outcome: 'guard' });
      whys.push(`await ${guardCall}(event)`);
      continue;
    }
    if (s.type === 'ReturnStatement') {
      // Returning nothing hands the request on; a value answers it (a redirect, a page) for these paths.
      out.push({ when, outcome: 'pass' });
      return true;
    }
    if (s.type === 'ThrowStatement') return true;
    if (s.type !== 'IfStatement') continue;
    const test = s.test as AstNode;
    const whole = pathCond(test, ctx);
    if (whole) {
      // `if (!event.path.startsWith('/api')) return`: those paths pass; the rest go on.
      const leaves = walk(branchStmts(s.consequent as AstNode), [...when, whole], ctx, out, whys);
      if (s.alternate) walk(branchStmts(s.alternate as AstNode), [...when, { not: whole }], ctx, out, whys);
      else if (leaves) when = [...when, { not: whole }];
      continue;
    }
    // `if (isApi && !session) throw createError(401)`: the path parts scope, the rest is the check.
    const parts = conjuncts(test);
    const paths = parts.map((x) => pathCond(x, ctx));
    const scoped = paths.filter((x): x is PathCond => !!x);
    const rest = parts.filter((_, i) => !paths[i]);
    if (rest.length > 0 && rest.every((x) => checksCredential(x, ctx.index)) && refuses(s.consequent as AstNode, ctx.index)) {
      out.push({ when: [...when, ...scoped], outcome: 'guard' });
      whys.push(`refuses when ${ctx.index.text(rest[0]).replace(/\s+/g, ' ').slice(0, 80)}`);
    } else if (scoped.length > 0 && !s.alternate) {
      // `if (event.path.startsWith('/api/admin') && x) { ... }`: its own checks, under its paths.
      walk(branchStmts(s.consequent as AstNode), [...when, ...scoped], ctx, out, whys);
    }
  }
  return false;
}

export interface MiddlewareGuard {
  why: string;
  scope?: MiddlewareScope;
}

const toScope = (s: Step): ScopeStep => ({ when: s.when, outcome: s.outcome });

/**
 * The paths a middleware refuses without a caller, or undefined when it refuses nobody. A scope of
 * steps when it tests the path; none when it guards every request.
 */
export function middlewareGuard(fn: FunctionLike, index: JsIndex): MiddlewareGuard | undefined {
  const body = unwrap(fn.body as AstNode | null);
  if (!body || body.type !== 'BlockStatement') return undefined;
  const steps: Step[] = [];
  const whys: string[] = [];
  walk(body.body as AstNode[], [], { index, depth: 0 }, steps, whys);
  if (!steps.some((s) => s.outcome === 'guard')) return undefined;
  const why = `${index.file.split('/').pop()}: ${whys[0]}`;
  // A check every request meets: the paths let through before it are the exceptions.
  const all = steps.findIndex((s) => s.outcome === 'guard' && s.when.length === 0);
  if (all >= 0) {
    const before = steps.slice(0, all).filter((s) => s.when.length > 0);
    return before.length > 0 ? { why, scope: { steps: before.map(toScope), fallback: 'guard' } } : { why };
  }
  return { why, scope: { steps: steps.filter((s) => s.when.length > 0).map(toScope), fallback: 'pass' } };
}

/** `memberPath` of `event.context.user`-like reads, for callers that judge middleware setting the caller. */
export function setsContextUser(fn: FunctionLike): boolean {
  return nodesUnder(fn.body as AstNode, 'AssignmentExpression').some((a) => {
    const p = memberPath(a.left as AstNode);
    return !!p && p.length === 3 && p[1] === 'context' && /^(user|auth|session|account)$/.test(p[2]);
  });
}
