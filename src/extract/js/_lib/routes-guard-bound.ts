// Guards built by calling a local factory with literal arguments: `const jwt = authenticate('jwt',
// msg, true)` / `const jwtLoose = authenticate('jwt', msg, false)` where the factory returns
// `(req, res, next) => passport.authenticate(type, (err, user) => { if (!user && isStrict) throw
// ...; next() })(req, res, next)`. The factory's body is judged once (classifyGuard); the bound
// arguments then decide what each product does: whether an anonymous request still meets a
// refusal (required vs optional authentication) and which passport strategy it runs (a login
// strategy logs in and guards nothing; the session strategy only loads an identity).
import type { AuthMechanism } from '../../../model/types.js';
import { calleeName, isFunctionLike, literalValue, memberPath, nodesUnder, someNode, unwrap, type AstNode, type CallLike, type FunctionLike, type JsIndex, type Primitive } from './ast.js';
import { classifyGuard, returnedFunction, type GuardVerdict } from './routes-guards.js';
import { LOGIN_STRATEGY, strategyMechanism } from './routes-guard-passport.js';
import { identityPath, rejects } from './routes-guard-signals.js';

export type BoundGuard =
  | { kind: 'guard'; verdict: GuardVerdict }
  /** An anonymous request passes every refusal with these arguments: optional authentication. */
  | { kind: 'optional'; mechanism: AuthMechanism; why: string }
  /** The bound strategy logs a user in (local, OAuth): no guard. */
  | { kind: 'login'; strategy: string }
  /** The bound strategy only restores a session's user (`'session'`). */
  | { kind: 'identity' };

/** Names that hold the caller (or its absence) in a guard's callback: falsy for an anonymous request. */
const CALLER = /^(user|currentUser|account|member|principal|identity|authUser)$/;
/** A strategy's error argument: a request without credentials makes no error, it finds no user. */
const ERROR = /^(err|error|e)$/;

type Tri = boolean | undefined;

/** The test's truth for an anonymous request, given the factory's bound parameters (undefined: unknown). */
function evaluate(node: AstNode, bound: ReadonlyMap<string, Primitive>, index: JsIndex, anonymous: boolean): Tri {
  const n = unwrap(node);
  if (n.type === 'Literal') {
    const v = literalValue(n);
    return v === undefined ? undefined : !!v;
  }
  if (n.type === 'Identifier') {
    if (bound.has(n.name)) return !!bound.get(n.name);
    if (anonymous && (CALLER.test(n.name) || ERROR.test(n.name))) return false;
    return undefined;
  }
  if (n.type === 'MemberExpression') {
    const path = memberPath(n);
    // `user.banned`, `req.user`: nothing of an absent caller is truthy.
    if (anonymous && path && (CALLER.test(path[0]) || identityPath(path) === 'user')) return false;
    return undefined;
  }
  if (n.type === 'UnaryExpression' && n.operator === '!') {
    const v = evaluate(n.argument as AstNode, bound, index, anonymous);
    return v === undefined ? undefined : !v;
  }
  if (n.type === 'LogicalExpression' && (n.operator === '&&' || n.operator === '||')) {
    const l = evaluate(n.left as AstNode, bound, index, anonymous);
    const r = evaluate(n.right as AstNode, bound, index, anonymous);
    if (n.operator === '&&') return l === false || r === false ? false : l === true && r === true ? true : undefined;
    return l === true || r === true ? true : l === false && r === false ? false : undefined;
  }
  if (n.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(n.operator)) {
    const value = (x: AstNode): Primitive | undefined => {
      const u = unwrap(x);
      return u.type === 'Identifier' && bound.has(u.name) ? bound.get(u.name) : u.type === 'Literal' ? literalValue(u) : undefined;
    };
    const l = value(n.left as AstNode);
    const r = value(n.right as AstNode);
    if (l === undefined || r === undefined) return undefined;
    return n.operator.startsWith('=') ? l === r : l !== r;
  }
  return undefined;
}

/** A branch whose last statement leaves (`return`, `throw`). */
function holdsExit(stmt: AstNode): boolean {
  const s = stmt.type === 'BlockStatement' ? (stmt.body as AstNode[])[(stmt.body as AstNode[]).length - 1] : stmt;
  return !!s && (s.type === 'ReturnStatement' || s.type === 'ThrowStatement');
}

/**
 * Can this refusal be reached? Every `if` above it (and every earlier `if (x) return ...` of the
 * blocks it sits in) must be able to lead to it; `false` when one test's value rules it out.
 */
function reachable(stmt: AstNode, top: AstNode, bound: ReadonlyMap<string, Primitive>, index: JsIndex, anonymous: boolean): boolean {
  let child = stmt;
  for (const a of index.ancestors(stmt)) {
    if (a.type === 'IfStatement') {
      const v = evaluate(a.test as AstNode, bound, index, anonymous);
      if (a.consequent === child && v === false) return false;
      if (a.alternate === child && v === true) return false;
    } else if (a.type === 'BlockStatement') {
      for (const s of a.body as AstNode[]) {
        if (s === child) break;
        // `if (x) return next()`: what follows runs only when x is false.
        if (s.type === 'IfStatement' && !s.alternate && holdsExit(s.consequent as AstNode) && evaluate(s.test as AstNode, bound, index, anonymous) === true) return false;
      }
    }
    if (a === top) break;
    child = a;
  }
  return true;
}

/** The refusals of a guard body: statements that throw, answer 401/403, redirect or pass an error on. */
function refusals(fn: FunctionLike, index: JsIndex): AstNode[] {
  const body = fn.body as AstNode | null;
  if (!body) return [];
  const out: AstNode[] = [];
  for (const type of ['ThrowStatement', 'ReturnStatement', 'ExpressionStatement'] as const) {
    for (const s of nodesUnder(body, type)) {
      // A statement holding a callback (`passport.authenticate(type, (err, user) => ...)(req, res, next)`)
      // is judged by the refusals inside it, one by one.
      if (someNode(s, (n) => isFunctionLike(n))) continue;
      if (rejects(s, index, true) !== undefined) out.push(s);
    }
  }
  return out;
}

/** The `passport.authenticate(param, ...)` inside a factory's middleware: the parameter naming the strategy. */
function strategyParam(inner: FunctionLike, factory: FunctionLike): number {
  const names = factory.params.map((p) => (unwrap(p as AstNode).type === 'Identifier' ? (unwrap(p as AstNode) as { name: string }).name : ''));
  for (const c of nodesUnder(inner.body as AstNode, 'CallExpression')) {
    if (!/(^|\.)passport\.authenticate$/.test(calleeName(c) ?? '')) continue;
    const first = unwrap(c.arguments[0] as AstNode | undefined);
    if (first && first.type === 'Identifier') return names.indexOf(first.name);
  }
  return -1;
}

/**
 * Judges `factory(literal args…)` for a local guard factory whose middleware reads its parameters.
 * Undefined when the callee is no such factory or no argument is a literal it tests.
 */
export function boundGuard(call: CallLike, index: JsIndex): BoundGuard | undefined {
  const callee = unwrap(call.callee as AstNode);
  const factory = callee.type === 'Identifier' ? index.functionByName(callee.name) : undefined;
  if (!factory || factory.params.length === 0) return undefined;
  const inner = returnedFunction(factory, index);
  if (!inner || inner === factory) return undefined;
  const bound = new Map<string, Primitive>();
  factory.params.forEach((p, i) => {
    const id = unwrap(p as AstNode);
    const arg = call.arguments[i] as AstNode | undefined;
    const v = arg ? literalValue(arg, index) : undefined;
    if (id.type === 'Identifier' && v !== undefined) bound.set(id.name, v);
  });
  if (bound.size === 0) return undefined;
  const sp = strategyParam(inner, factory);
  const strategy = sp >= 0 ? bound.get((unwrap(factory.params[sp] as AstNode) as { name: string }).name) : undefined;
  if (typeof strategy === 'string') {
    if (strategy === 'session') return { kind: 'identity' };
    if (LOGIN_STRATEGY.test(strategy)) return { kind: 'login', strategy };
  }
  const verdict = classifyGuard(factory, index);
  if (!verdict) return undefined;
  const mechanism = typeof strategy === 'string' ? strategyMechanism(strategy) : verdict.mechanism;
  const why = typeof strategy === 'string' ? `passport.authenticate('${strategy}') via ${index.functionName(factory) ?? 'factory'}(…)` : verdict.why;
  // Refusals an anonymous request can meet, with the bound values and without them.
  const all = refusals(inner, index);
  const top = inner.body as AstNode;
  const none = new Map<string, Primitive>();
  const openWithout = all.some((s) => reachable(s, top, none, index, true));
  const openWith = all.some((s) => reachable(s, top, bound, index, true));
  if (openWithout && !openWith) return { kind: 'optional', mechanism, why: `${why}: an anonymous request passes with these arguments` };
  return { kind: 'guard', verdict: { ...verdict, mechanism, why } };
}
