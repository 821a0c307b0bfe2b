// Guards a handler calls itself, as a statement among its first ones: `check_logged(req, res);`,
// `if (!requireUser(req, res)) return;`, `return ensureAuth(req, res, () => {...})`. A helper that
// refuses by writing a response (a redirect, a 401) returns to its caller, so the handler stops
// only when the call site returns or the helper throws; otherwise the rest of the handler runs for
// everyone and the guard protects nothing (CWE-698, execution after redirect).
import type { Evidence } from '../../../model/types.js';
import {
  calleeProperty,
  isFunctionLike,
  memberPath,
  nodesUnder,
  paramNames,
  someNode,
  unwrap,
  unwrapAwait,
  type AstNode,
  type CallLike,
  type FunctionLike,
  type JsIndex,
} from './ast.js';
import { logCall, readOnlyCall } from './read-only-calls.js';
import { classifyGuard, guardHalts, type GuardVerdict } from './routes-guards.js';
import { rejects } from './routes-guard-signals.js';

const REQUEST_PARAMS = new Set(['req', 'request', 'ctx', 'context']);
/** Calls that only log or read: they may come before the guard without doing work for the caller. */
const HARMLESS_ROOT = /^(console|log|logger|debug|url|querystring|qs|JSON|Object|String|Number|Math|Date|path|util)$/;
/** Names of what a guard answers: a verdict or the signed-in caller. */
const VERDICT_NAME = /^(ok|allowed|permitted|valid|authori[sz]ed|authenticated|auth\w*|logged\w*|signed\w*|(is|has|can)[A-Z]\w*|user|currentUser|me|account|principal|session|identity)$/;
/** Statements looked at from the top of the handler before giving up. */
const MAX_LEADING = 6;

/** A guard-looking call: the helper, whether the call site stops the handler, what runs after it. */
export interface GuardCall {
  /** Name as called (`check_logged`, `auth.requireUser`). */
  name: string;
  /** An imported helper, for link to judge against guard definitions. */
  ref?: { module: string; from: string; export: string };
  /** The call site stops the handler when the helper refuses. */
  halts: boolean;
  /** Its result is kept, never tested (`const { userId } = await authorizeOrThrow(id, req)`): a guard only if the helper throws. */
  ifThrows?: boolean;
  /** `data`: the handler goes on to call other code (queries, writes); `answers`: it only answers. */
  after: 'data' | 'answers';
  evidence: Evidence;
}

/** A same-file helper judged here: its verdict, where it is, whether it throws when it refuses. */
export interface LocalGuardCall extends GuardCall {
  verdict: GuardVerdict;
  helperHalts: boolean;
  helperLine: number;
  call: AstNode;
}

function argNamed(call: CallLike, name: string): boolean {
  return call.arguments.some((a) => {
    const u = unwrap(a as AstNode);
    return u.type === 'Identifier' && u.name === name;
  });
}

/** `guard(req, res)` / `await auth.check(req)`: a call of a helper that is given the request. */
function helperCall(node: AstNode | null | undefined, req: string, res: string | undefined): CallLike | undefined {
  const n = unwrapAwait(node);
  if (!n || n.type !== 'CallExpression' || !argNamed(n, req)) return undefined;
  const path = memberPath(n.callee as AstNode);
  if (!path || path[0] === req || path[0] === res || path[0] === 'next' || HARMLESS_ROOT.test(path[0])) return undefined;
  return n;
}

/**
 * The request parameter and the one after it (the response): first in Express and Koa handlers
 * (`(req, res)`, `(ctx)`), later in home-grown route registries (`(path, ctx)`) and error handlers.
 */
function requestParams(fn: FunctionLike): [string | undefined, string | undefined] {
  const names = paramNames(fn);
  const at = names.findIndex((n) => REQUEST_PARAMS.has(n));
  return at < 0 ? [names[0], names[1]] : [names[at], names[at + 1]];
}

/**
 * Work for the caller before any guard: awaited calls, callbacks, promise chains. Awaited reads
 * (`await getSession(req)`, `await Post.findById(id)`: read-only-calls.ts) are not work, nor the log
 * of a refusal in a branch that leaves.
 */
/** Reading the request's own body (`await req.json()`, `await request.formData()`): input, not work for the caller. */
const BODY_READ = /^(json|text|formData|arrayBuffer|blob)$/;

function busy(stmt: AstNode, req: string): boolean {
  const refusal = stmt.type === 'IfStatement' && !stmt.alternate && leaves(stmt.consequent as AstNode) ? (stmt.consequent as AstNode) : undefined;
  const logged = new Set<AstNode>(refusal ? nodesUnder(refusal, 'CallExpression').filter((c) => logCall(c)) : []);
  const quiet = (n: AstNode) => {
    const v = unwrapAwait(n);
    if (v?.type !== 'CallExpression') return false;
    const path = memberPath(v.callee as AstNode);
    if (path && path.length === 2 && path[0] === req && BODY_READ.test(path[1])) return true;
    return (readOnlyCall(v) || logged.has(v)) && !v.arguments.some((a) => isFunctionLike(unwrap(a as AstNode)));
  };
  return someNode(stmt, (n) => (n.type === 'AwaitExpression' && !quiet(n)) || (n.type === 'CallExpression' && (calleeProperty(n) === 'then' || n.arguments.some((a) => isFunctionLike(unwrap(a as AstNode))))));
}

function leaves(branch: AstNode): boolean {
  const last = branch.type === 'BlockStatement' ? (branch.body[branch.body.length - 1] as AstNode | undefined) : branch;
  return last?.type === 'ReturnStatement' || last?.type === 'ThrowStatement';
}

/** Did the statement await a read (a record looked up before the guard)? */
function looksUp(stmt: AstNode): boolean {
  return nodesUnder(stmt, 'AwaitExpression').some((a) => {
    const v = unwrapAwait(a as AstNode);
    return v?.type === 'CallExpression' && readOnlyCall(v);
  });
}

/** Does what runs after the call do more than answer (`res.render`, `console.log`)? */
function afterWork(rest: readonly AstNode[], req: string, res: string | undefined): GuardCall['after'] {
  const calls = rest.flatMap((s) => nodesUnder(s, 'CallExpression'));
  const work = calls.some((c) => {
    let callee: AstNode = unwrap(c.callee as AstNode);
    while (callee.type === 'MemberExpression' || callee.type === 'CallExpression') callee = unwrap(callee.type === 'MemberExpression' ? callee.object : (callee.callee as AstNode));
    const root = callee.type === 'Identifier' ? callee.name : '';
    return root !== res && root !== req && !HARMLESS_ROOT.test(root) && root !== 'next';
  });
  return work ? 'data' : 'answers';
}

/** `if (res.headersSent) return;` right after the call: the handler checks for itself. */
function checksAnswered(stmt: AstNode | undefined): boolean {
  return !!stmt && stmt.type === 'IfStatement' && /headersSent|writableEnded|finished/.test(memberPath(unwrap(stmt.test as AstNode))?.join('.') ?? '');
}

/** An `if` among `rest` that tests `name` and leaves (`if (!ok) return`). */
function testedThenLeaves(name: string, rest: readonly AstNode[]): boolean {
  return rest.some((s) => s.type === 'IfStatement' && nodesUnder(s.test as AstNode, 'Identifier').some((i) => i.name === name) && someNode(s.consequent as AstNode, (n) => n.type === 'ReturnStatement' || n.type === 'ThrowStatement'));
}

interface Candidate {
  call: CallLike;
  halts: boolean;
  ifThrows?: boolean;
  rest: AstNode[];
  /** Only the call's value is kept (`req.user = parseToken(req)`): it guards only by throwing. */
  valueOnly?: boolean;
}

/**
 * `res.locals.auth = { userId: readToken(req) }`, `req.user = await loadCaller(req)`: a helper given
 * the request whose value is stored (directly or as a property of a literal object), not tested.
 */
function assignedHelperCall(expr: AstNode, req: string, res: string | undefined): CallLike | undefined {
  const e = unwrap(expr);
  if (e.type !== 'AssignmentExpression' || e.operator !== '=') return undefined;
  const value = unwrapAwait(e.right as AstNode);
  if (value?.type !== 'ObjectExpression') return helperCall(value, req, res);
  for (const p of value.properties) {
    if (p.type !== 'Property') continue;
    const call = helperCall(p.value as AstNode, req, res);
    if (call) return call;
  }
  return undefined;
}

/** Names of a helper that refuses by throwing: `authorizeRequestOrThrow`, `requireSession`, `assertMember`. */
const THROWING_GUARD = /OrThrow$|^(?:require|ensure|assert)[A-Z]/;

/** The guard-looking calls among the first statements of a handler (and of a leading `try`). */
function candidates(fn: FunctionLike, index: JsIndex): Candidate[] {
  const body = fn.body as AstNode | null;
  const [req, res] = requestParams(fn);
  if (!body || body.type !== 'BlockStatement' || !req || !REQUEST_PARAMS.has(req)) return [];
  const out: Candidate[] = [];
  let looked = false;
  const visit = (stmts: readonly AstNode[], tail: readonly AstNode[]): boolean => {
    for (let i = 0; i < Math.min(stmts.length, MAX_LEADING); i++) {
      const s = stmts[i];
      const rest = [...stmts.slice(i + 1), ...tail];
      if (s.type === 'TryStatement') return visit((s.block as AstNode & { body: AstNode[] }).body, rest);
      let call: CallLike | undefined;
      let halts = false;
      let valueOnly = false;
      let ifThrows = false;
      if (s.type === 'ExpressionStatement') {
        call = helperCall(s.expression as AstNode, req, res);
        // A continuation handed to the helper (`guard(req, res, () => {...})`) runs only if it lets the request through.
        halts = !!call && (call.arguments.some((a) => isFunctionLike(unwrap(a as AstNode))) || checksAnswered(rest[0]));
        if (!call) valueOnly = !!(call = assignedHelperCall(s.expression as AstNode, req, res));
      } else if (s.type === 'ReturnStatement') {
        call = helperCall(s.argument as AstNode | null, req, res);
        halts = true;
      } else if (s.type === 'IfStatement') {
        call = nodesUnder(s.test as AstNode, 'CallExpression').map((c) => helperCall(c, req, res)).find((c) => c !== undefined);
        halts = true;
      } else if (s.type === 'VariableDeclaration' && s.declarations.length === 1) {
        const d = s.declarations[0];
        // `const ok = await guard(req, res); if (!ok) return`: a verdict or the caller, tested. A
        // value nobody tests, or a looked-up thing (`const collection = getCollection(req)`), says nothing.
        // `const { uid, ok } = await check(req, res); if (!ok) return`: a verdict destructured from the result, tested.
        const names = d.id.type === 'Identifier' ? [d.id.name] : d.id.type === 'ObjectPattern' ? nodesUnder(d.id as AstNode, 'Identifier').map((i) => i.name) : [];
        const bound = names.find((n) => VERDICT_NAME.test(n) && testedThenLeaves(n, rest));
        call = bound ? helperCall(d.init as AstNode | null, req, res) : undefined;
        halts = !!call;
        // `const { org } = await authContext(req, res)`: a helper given the response whose value is
        // used, not tested. It stops the handler only if it throws when it refuses (judged by the
        // helper's own `halts`, at the call's judging).
        // A controller whose answer is only sent on (`const r = await postUser(req, res); return res.status(r.status).json(r)`)
        // is the handler's whole work, not a check in front of it.
        const onlyAnswers = rest.length <= 1 && rest.every((r) => r.type === 'ReturnStatement' || r.type === 'ExpressionStatement');
        if (!call && !onlyAnswers && res && unwrapAwait(d.init as AstNode | null)?.type === 'CallExpression' && argNamed(unwrapAwait(d.init as AstNode) as CallLike, res)) call = helperCall(d.init as AstNode | null, req, res);
        // `const { userId } = await authorizeRequestOrThrow(body.projectId, req)`: named for a throwing
        // guard, its result used: it stops the handler if the helper is found to throw (link).
        if (!call && !bound) {
          const named = helperCall(d.init as AstNode | null, req, res);
          const last = named ? (memberPath(named.callee as AstNode) ?? []).pop() ?? '' : '';
          if (named && THROWING_GUARD.test(last)) {
            call = named;
            ifThrows = true;
          }
        }
      }
      if (call) out.push({ call, halts, rest, ...(valueOnly ? { valueOnly } : {}), ...(ifThrows ? { ifThrows } : {}) });
      else if (busy(s, req)) return true;
      // `const post = await Post.findById(id); if (post.public) return res.json(post)`: what was
      // looked up is answered before any guard further down.
      else if (looked && s.type === 'IfStatement' && leaves(s.consequent as AstNode) && rejects(s.consequent as AstNode, index) === undefined && !/\.status\(\s*[45]\d\d|sendStatus\(\s*[45]\d\d/.test(index.text(s.consequent as AstNode))) return true;
      looked ||= !call && looksUp(s);
    }
    return true;
  };
  visit(body.body as AstNode[], []);
  return out.slice(0, 3);
}

/**
 * Guard-looking calls of a handler: same-file helpers judged now (`local`), imported ones left for
 * link (`imported`).
 */
export function guardCalls(fn: FunctionLike, index: JsIndex): { local: LocalGuardCall[]; imported: GuardCall[] } {
  const local: LocalGuardCall[] = [];
  const imported: GuardCall[] = [];
  const [req, res] = requestParams(fn);
  for (const { call, halts, ifThrows, rest, valueOnly } of candidates(fn, index)) {
    // Nothing runs after a call that does not stop the handler: it guards nothing.
    if (!halts && rest.length === 0) continue;
    // Judged only against a definition that says it throws (link): not a same-file helper here.
    if (ifThrows && memberPath(call.callee as AstNode)?.length === 1 && index.functionByName(memberPath(call.callee as AstNode)![0])) continue;
    const path = memberPath(call.callee as AstNode)!;
    const name = path.join('.');
    const after = afterWork(rest, req ?? '', res);
    const evidence = index.evidence(call);
    const helper = path.length === 1 ? index.functionByName(path[0]) : undefined;
    // A stored value guards only when the helper of this file throws on refusal (judged here).
    if (valueOnly && (!helper || helper === fn || !guardHalts(helper, index))) continue;
    if (helper && helper !== fn) {
      const verdict = classifyGuard(helper, index);
      if (verdict && verdict.level !== 'unknown') local.push({ name, halts, after, evidence, verdict, helperHalts: guardHalts(helper, index), helperLine: index.line(helper), call });
      continue;
    }
    const b = index.bindings.get(path[0]);
    // Only the application's own helpers: a package's function is not judged by name.
    if (!b || !(b.module.startsWith('.') || b.module.startsWith('@/') || b.module.startsWith('~/'))) continue;
    let exp = b.imported;
    if (exp === '*' || exp === 'default') exp = path.length > 1 ? path[path.length - 1] : 'default';
    else if (path.length > 1) exp = `${exp}.${path.slice(1).join('.')}`;
    imported.push({ name, ref: { module: b.module, from: index.file, export: exp }, halts, after, evidence, ...(ifThrows ? { ifThrows } : {}) });
  }
  return { local, imported };
}

/** A guard definition as link sees it (an `auth` fact with role `guard-definition`). */
export interface GuardDefinition {
  name?: string;
  details?: Record<string, unknown>;
  evidence: Evidence;
}

export interface JudgedGuardCalls {
  /** A call that stops the handler: the route's inline auth. */
  inline?: { level: 'user' | 'admin' | 'role'; why: string };
  /** Calls of guards that answer and let the handler go on. */
  continues: { call: GuardCall; guard: GuardDefinition }[];
}

/**
 * Judges imported guard-looking calls against the guard definitions of their modules (`find`
 * answers for one call): a guard that stops the handler (at the call site or by throwing) gives
 * the route its level; one that does not is listed in `continues`.
 */
export function judgeGuardCalls(calls: readonly GuardCall[] | undefined, find: (call: GuardCall) => GuardDefinition | undefined): JudgedGuardCalls {
  const out: JudgedGuardCalls = { continues: [] };
  for (const call of calls ?? []) {
    const def = find(call);
    const level = String(def?.details?.level ?? '');
    if (!def || (level !== 'user' && level !== 'admin' && level !== 'role')) continue;
    // A kept result of a helper that does not throw: no refusal stops the handler, and nothing says one was meant to.
    if (call.ifThrows && def.details?.halts !== true) continue;
    if (call.halts || def.details?.halts === true) {
      out.inline ??= { level, why: `handler calls ${call.name}: ${def.name ?? 'guard'} in ${def.evidence.file}` };
      continue;
    }
    out.continues.push({ call, guard: def });
  }
  return out;
}
