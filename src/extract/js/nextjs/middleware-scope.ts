// Which paths a Next.js middleware (middleware.ts, Next 16's proxy.ts) really guards: besides its
// `config.matcher`, the function itself lets paths through before or instead of its session check
// (`if (path.startsWith('/api/auth')) return NextResponse.next()`, `publicPaths.some((p) =>
// path.startsWith(p))`, `if (!isAuthPage) return NextResponse.redirect(signIn)`). The function's
// statements become ordered steps `{ when, outcome }` over the request path, evaluated by link
// (../_lib/middleware-scope-eval.ts `scopeGuards`) for each route: the first step whose path condition holds decides.
import type { MiddlewareScope, PathCond, ScopeStep } from '../_lib/middleware-scope-eval.js';
import { calleeProperty, isFunctionLike, memberPath, nodesUnder, stringValue, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';

/** A negative test of a credential: `!session`, `!token?.sub`, `user == null`. */
const NO_CREDENTIAL = /!\s*\(?\s*(?:await\s+)?[\w$.?]*(session|token|cookie|user|auth|jwt|logged|signed)|(session|token|cookie|user|auth|jwt)\w*\s*={2,3}\s*(null|undefined)/i;
const REFUSAL_STATUS = /status\s*:\s*40[13]\b/;

interface Ctx {
  index: JsIndex;
  fn: FunctionLike;
  /** Names holding the request path, and the params of local predicates under analysis. */
  pathNames: Set<string>;
  depth: number;
  dialect?: ScopeDialect;
}

/**
 * Another framework's app-wide hook read the same way (SvelteKit's `handle`): calls that hand the
 * request on (`resolve(event)`), and refusals that throw (`throw redirect(303, '/login')`,
 * `error(401)`).
 */
export interface ScopeDialect {
  pass: RegExp;
  throwing: boolean;
}

function isPathExpr(n: AstNode, ctx: Ctx): boolean {
  const v = unwrap(n);
  if (v.type === 'Identifier') {
    if (ctx.pathNames.has(v.name)) return true;
    const init = ctx.index.initAt(v.name, v);
    // `const { pathname } = req.nextUrl`: destructured, so no init of its own.
    if (!init) return v.name === 'pathname';
    return unwrap(init) !== v && memberPath(unwrap(init))?.at(-1) === 'pathname';
  }
  return memberPath(v)?.at(-1) === 'pathname';
}

/** String elements of a literal array, or of a const naming one. */
function listValues(n: AstNode, ctx: Ctx): string[] | undefined {
  let v = unwrap(n);
  if (v.type === 'Identifier') v = unwrap(ctx.index.initAt(v.name, v) ?? v);
  if (v.type !== 'ArrayExpression') return undefined;
  const out = v.elements.map((e) => (e ? stringValue(e as AstNode, ctx.index) : undefined));
  return out.every((s): s is string => typeof s === 'string') ? out : undefined;
}

/** `path.startsWith(x)`-like test of one element `x` in a `.some` callback: which comparison it makes. */
function elementOps(cb: FunctionLike, el: string, ctx: Ctx): ('prefix' | 'exact' | 'includes')[] {
  const inner: Ctx = { ...ctx, pathNames: new Set(ctx.pathNames) };
  const ops = new Set<'prefix' | 'exact' | 'includes'>();
  for (const call of nodesUnder(cb.body as AstNode, 'CallExpression')) {
    const prop = calleeProperty(call);
    const obj = unwrap((unwrap(call.callee as AstNode) as { object?: AstNode }).object ?? call);
    const arg = call.arguments[0] as AstNode | undefined;
    const argIsEl = !!arg && unwrap(arg).type === 'Identifier' && (unwrap(arg) as { name: string }).name === el;
    if (prop === 'startsWith' && argIsEl && isPathExpr(obj, inner)) ops.add('prefix');
    if (prop === 'includes' && argIsEl && isPathExpr(obj, inner)) ops.add('includes');
    // `pubPath.endsWith('*') && path.startsWith(pubPath.slice(0, -1))`: a prefix written with a star.
    if (prop === 'startsWith' && arg && isPathExpr(obj, inner) && ctx.index.text(arg).startsWith(`${el}.`)) ops.add('prefix');
  }
  for (const b of nodesUnder(cb.body as AstNode, 'BinaryExpression')) {
    if (b.operator !== '===' && b.operator !== '==') continue;
    const [l, r] = [unwrap(b.left as AstNode), unwrap(b.right as AstNode)];
    const isEl = (x: AstNode) => x.type === 'Identifier' && x.name === el;
    if ((isEl(l) && isPathExpr(r, inner)) || (isEl(r) && isPathExpr(l, inner))) ops.add('exact');
  }
  return [...ops];
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
  if (v.type === 'BinaryExpression' && (v.operator === '===' || v.operator === '==' || v.operator === '!==' || v.operator === '!=')) {
    const [l, r] = [v.left as AstNode, v.right as AstNode];
    const lit = isPathExpr(l, ctx) ? stringValue(r, ctx.index) : isPathExpr(r, ctx) ? stringValue(l, ctx.index) : undefined;
    if (lit === undefined) return undefined;
    const c: PathCond = { op: 'exact', values: [lit] };
    return v.operator.startsWith('!') ? { not: c } : c;
  }
  if (v.type === 'Identifier') {
    // `const isApiPath = url.pathname.startsWith('/api/')`
    const init = ctx.index.initAt(v.name, v);
    return init && unwrap(init) !== v && ctx.depth < 4 ? pathCond(init, { ...ctx, depth: ctx.depth + 1 }) : undefined;
  }
  if (v.type !== 'CallExpression') return undefined;
  const prop = calleeProperty(v);
  const callee = unwrap(v.callee as AstNode);
  const obj = callee.type === 'MemberExpression' ? (callee.object as AstNode) : undefined;
  const arg = v.arguments[0] as AstNode | undefined;
  if (obj && arg && (prop === 'startsWith' || prop === 'includes') && isPathExpr(obj, ctx)) {
    const lit = stringValue(arg, ctx.index);
    return lit === undefined ? undefined : { op: prop === 'startsWith' ? 'prefix' : 'includes', values: [lit] };
  }
  // `/^\/ingest\//.test(path)`
  if (obj && arg && prop === 'test' && isPathExpr(arg, ctx)) {
    const re = unwrap(obj);
    const regex = re.type === 'Literal' ? (re as { regex?: { pattern: string } }).regex?.pattern : undefined;
    return regex ? { op: 'regex', values: [regex] } : undefined;
  }
  // `publicPaths.includes(path)`, `publicPaths.some((p) => path.startsWith(p))`
  if (obj && arg && (prop === 'includes' || prop === 'some' || prop === 'find')) {
    const values = listValues(obj, ctx);
    if (!values) return undefined;
    if (prop === 'includes') return isPathExpr(arg, ctx) ? { op: 'exact', values } : undefined;
    const cb = unwrap(arg);
    if (!isFunctionLike(cb)) return undefined;
    const first = (cb as FunctionLike).params[0] as AstNode | undefined;
    if (first?.type !== 'Identifier') return undefined;
    const ops = elementOps(cb as FunctionLike, first.name, ctx);
    if (ops.length === 0) return undefined;
    return ops.length === 1 ? { op: ops[0], values } : { any: ops.map((op) => ({ op, values })) };
  }
  // `isPublicPath(url.pathname)`: a predicate of this file over the path.
  if (callee.type === 'Identifier' && arg && isPathExpr(arg, ctx) && ctx.depth < 4) {
    let target: AstNode | undefined = ctx.index.functionByName(callee.name) as AstNode | undefined;
    target ??= ctx.index.initAt(callee.name, callee);
    const fn = target && isFunctionLike(unwrap(target)) ? (unwrap(target) as FunctionLike) : undefined;
    const param = fn?.params[0] as AstNode | undefined;
    if (!fn || param?.type !== 'Identifier') return undefined;
    const inner: Ctx = { ...ctx, pathNames: new Set([...ctx.pathNames, param.name]), depth: ctx.depth + 1 };
    const body = unwrap(fn.body as AstNode);
    const returned = body.type === 'BlockStatement' ? (body.body as AstNode[]).find((s) => s.type === 'ReturnStatement')?.argument : body;
    return returned ? pathCond(returned as AstNode, inner) : undefined;
  }
  return undefined;
}

type Outcome = 'pass' | 'refuse' | 'other';

/** The init of the declaration of `name` nearest to `at` in its blocks (a block may shadow an outer `response`). */
function nearestInit(name: string, at: AstNode, index: JsIndex): AstNode | undefined {
  for (let n: AstNode | undefined = index.parent(at); n && !isFunctionLike(n); n = index.parent(n)) {
    if (n.type !== 'BlockStatement') continue;
    for (const st of n.body as AstNode[]) {
      if (st.type !== 'VariableDeclaration') continue;
      for (const d of st.declarations) if (d.id.type === 'Identifier' && d.id.name === name) return (d.init as AstNode | null) ?? undefined;
    }
  }
  return index.initAt(name, at);
}

/** `a && b && c` → `[a, b, c]`. */
function conjuncts(n: AstNode): AstNode[] {
  const v = unwrap(n);
  return v.type === 'LogicalExpression' && v.operator === '&&' ? [...conjuncts(v.left as AstNode), ...conjuncts(v.right as AstNode)] : [v];
}
type Step = { when: PathCond[]; outcome: 'pass' | 'guard' | 'other' };

/** What a returned value does: let the request on, refuse it, or something this cannot tell. */
function outcomeOf(n: AstNode | null | undefined, index: JsIndex, depth = 0, dialect?: ScopeDialect): Outcome {
  if (!n) return 'pass';
  const v = unwrapAwait(unwrap(n)) ?? unwrap(n);
  const text = index.text(v);
  if (v.type === 'CallExpression' || v.type === 'NewExpression') {
    const path = memberPath(unwrap(v.callee as AstNode)) ?? [];
    const last = path.at(-1);
    if (last === 'redirect' || REFUSAL_STATUS.test(text)) return 'refuse';
    // `NextResponse.next()`, and Astro's `next()` (the middleware's second parameter).
    if (last === 'next' && path.length <= 2) return 'pass';
    if (dialect && last && dialect.pass.test(last) && path.length === 1) return 'pass';
    if (dialect && last === 'error' && /^error\(\s*40[13]\b/.test(text)) return 'refuse';
    return 'other';
  }
  if (v.type === 'Identifier' && v.name === 'undefined') return 'pass';
  // `const res = NextResponse.next({ request })` ... `return res`
  if (v.type === 'Identifier' && depth < 2) {
    const init = nearestInit(v.name, v, index);
    if (init && unwrap(init) !== v) return outcomeOf(init, index, depth + 1, dialect);
  }
  if (v.type === 'Literal' && (v as { value?: unknown }).value === null) return 'pass';
  return 'other';
}

interface Walk {
  steps: Step[];
  guards: number;
}

/**
 * Statements in order, under the path conditions of the `if`s around them and whether a non-path
 * condition stands too (`credential`: only negative credential tests; `other`: anything else).
 */
function walk(stmts: readonly AstNode[], when: PathCond[], cond: 'none' | 'credential' | 'other', ctx: Ctx, out: Walk): void {
  for (const s of stmts) {
    if (s.type === 'BlockStatement') walk(s.body as AstNode[], when, cond, ctx, out);
    else if (s.type === 'TryStatement') {
      walk((s.block as AstNode & { body: AstNode[] }).body, when, cond, ctx, out);
      // The error path: not the way an ordinary request goes.
    } else if (s.type === 'IfStatement') {
      const test = s.test as AstNode;
      const pc = pathCond(test, ctx);
      // `path.startsWith('/modal/') && !authCookie`: the path parts scope, the rest is the check.
      const parts = pc ? [] : conjuncts(test);
      const paths = parts.map((x) => pathCond(x, ctx));
      const rest = parts.filter((_, i) => !paths[i]);
      const scoped = paths.filter((x): x is PathCond => !!x);
      const credential = rest.length > 0 && rest.every((x) => NO_CREDENTIAL.test(ctx.index.text(x)));
      const innerCond = pc ? cond : credential && cond !== 'other' ? 'credential' : 'other';
      const branch = (n: AstNode | null | undefined, w: PathCond[], c: typeof cond) => {
        if (!n) return;
        walk(n.type === 'BlockStatement' ? (n.body as AstNode[]) : [n], w, c, ctx, out);
      };
      branch(s.consequent as AstNode, pc ? [...when, pc] : [...when, ...scoped], innerCond);
      branch(s.alternate as AstNode | null, pc ? [...when, { not: pc }] : when, pc ? cond : 'other');
    } else if (s.type === 'ReturnStatement' || (ctx.dialect?.throwing && (s.type === 'ThrowStatement' || thrownCall(s)))) {
      const arg = s.type === 'ExpressionStatement' ? thrownCall(s) : (s as AstNode & { argument: AstNode | null }).argument;
      const o = outcomeOf(arg, ctx.index, 0, ctx.dialect);
      if (o === 'refuse' && cond === 'credential') {
        out.steps.push({ when, outcome: 'guard' });
        out.guards++;
      } else if (o === 'pass' && cond !== 'other') out.steps.push({ when, outcome: 'pass' });
      // A request handed to something this cannot see (`intlMiddleware(req)`), or refused for another
      // reason: under path conditions only, no later step is reached for these paths.
      else if (cond === 'none') out.steps.push({ when, outcome: o === 'other' ? 'other' : 'pass' });
      if (when.length === 0 && cond === 'none') return;
    } else if (s.type === 'ExpressionStatement' && cond !== 'other') {
      // Clerk's `await auth.protect()`: refuses here unless signed in.
      const e = unwrapAwait(unwrap(s.expression as AstNode)) ?? unwrap(s.expression as AstNode);
      if (e.type === 'CallExpression' && calleeProperty(e) === 'protect') {
        out.steps.push({ when, outcome: 'guard' });
        out.guards++;
      }
    }
  }
}

/** `redirect(303, '/login')` / `error(401)` as a statement: SvelteKit 2's helpers throw. */
function thrownCall(s: AstNode): AstNode | undefined {
  if (s.type !== 'ExpressionStatement') return undefined;
  const e = unwrapAwait(unwrap(s.expression as AstNode)) ?? unwrap(s.expression as AstNode);
  if (e.type !== 'CallExpression') return undefined;
  const callee = unwrap(e.callee as AstNode);
  return callee.type === 'Identifier' && (callee.name === 'redirect' || callee.name === 'error') ? e : undefined;
}

/**
 * The scope of a middleware function's own checks, or `undefined` when it shows none of the path
 * tests read here (the matcher alone then decides, as before).
 */
export function middlewareScope(fn: FunctionLike, index: JsIndex, dialect?: ScopeDialect): MiddlewareScope | undefined {
  const body = unwrap(fn.body as AstNode | null);
  if (!body || body.type !== 'BlockStatement') return undefined;
  const ctx: Ctx = { index, fn, pathNames: new Set(), depth: 0, ...(dialect ? { dialect } : {}) };
  const out: Walk = { steps: [], guards: 0 };
  walk(body.body as AstNode[], [], 'none', ctx, out);
  if (!out.steps.some((s) => s.when.length > 0)) return undefined;
  // Its own refusals are the guard: a path none of them reaches passes. Otherwise the guard is
  // somewhere this cannot see (a helper), and only the paths let through first are exempt.
  // A request handed on unrefused (`return intlMiddleware(req)`) passed these checks.
  if (out.guards > 0) return { steps: out.steps.map((s): ScopeStep => ({ when: s.when, outcome: s.outcome === 'guard' ? 'guard' : 'pass' })), fallback: 'pass' };
  const firstOther = out.steps.findIndex((s) => s.outcome !== 'pass');
  const passes = out.steps.slice(0, firstOther < 0 ? undefined : firstOther).filter((s): s is ScopeStep => s.outcome === 'pass' && s.when.length > 0);
  return passes.length > 0 ? { steps: passes, fallback: 'guard' } : undefined;
}

