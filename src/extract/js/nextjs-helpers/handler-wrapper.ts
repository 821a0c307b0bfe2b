// Handler wrappers: a shared function route files hand their callback to, which authenticates the
// request before it runs the callback (js/nextjs wrapped-handler.ts records the uses):
//   export const withApi = ({ handler, auth = 'both' }) => async (req, props) => {
//     const result = await authenticate(req, auth);          // a check of who sends the request
//     if (!result.ok) return unauthorized();                 // leaves before the callback runs
//     return handler({ req, props, authentication: result.data });
//   };
//   export const apiClient = async ({ request, handler }) => innerWrapper({ request, handler });
// Judged by body: the function that receives the request (the wrapper itself when its options
// carry the request, else the function it returns) leaves, on every path but an options opt-out,
// before the callback is called or handed on, when a call about the request found no caller. A
// wrapper that only hands the callback to another imported wrapper is judged by that one (link).
// A refusal that also depends on something else (`if (!auth && routeType !== 'client')`) is no guard.
// The options may also stay one object, the callback reached through it, and the check may refuse
// by throwing, answered in a `catch` that leaves:
//   export const createRoute = (config) => async (req, res) => {
//     let auth;
//     try { auth = await verifyAuth(req, config.allowAdminKey); } catch (e) { res.status(401).json(...); return; }
//     return config.fn({ req, res, auth });
//   };
import { calleeName, isFunctionLike, memberPath, nodesUnder, topLevelReturn, unwrap, unwrapAwait, type AstNode, type CallLike, type FunctionLike, type JsIndex, type NodeOfType } from '../_lib/ast.js';
import { roleIn } from '../_lib/routes-guard-roles.js';
import { rejects } from '../_lib/routes-guard-signals.js';
import { returnedFunction } from '../_lib/routes-guards.js';
import { authLikeName } from '../_lib/routes.js';
import { HANDLER_KEY } from '../nextjs/wrapped-handler.js';
import { refusalCall, requestHelper } from './request-helper.js';

export interface HandlerWrapperVerdict {
  why: string;
  /** The use-site option that turns the check off (`auth=none`, `public`). */
  optOut?: string;
  /** The wrapper only hands the callback on to this one (`module#export`): its level decides. */
  calls?: string;
  /** It also refuses callers who are not administrators before the callback runs. */
  admin?: string;
  /** The check is a machine caller's request signature (a queue or scheduler with the deployment's key). */
  machine?: boolean;
}

const REQUEST = /^(req|request|nextRequest|httpRequest)$/;
const SESSION_CALL = /^(getServerSession|getServerAuthSession|getSession|getToken|auth|currentUser|getCurrentUser|getUser|getAuth|getSessionUser|validateRequest|verifySession)$/;
/** A result that carries the refusal itself: `if (result.response) return result.response`. */
const CARRIED_REFUSAL = /^(response|error|errorResponse|failure)$/;

function identName(n: AstNode | undefined): string | undefined {
  let p = n;
  if (p && p.type === 'AssignmentPattern') p = p.left as AstNode;
  return p && p.type === 'Identifier' ? p.name : undefined;
}

/** Locals an object pattern binds, by the key they come from. */
function patternLocals(p: AstNode | undefined): Map<string, string> {
  const out = new Map<string, string>();
  let pat = p;
  if (pat && pat.type === 'AssignmentPattern') pat = pat.left as AstNode;
  if (!pat || pat.type !== 'ObjectPattern') return out;
  for (const prop of pat.properties as AstNode[]) {
    if (prop.type !== 'Property' || prop.computed || prop.key.type !== 'Identifier') continue;
    const local = identName(prop.value as AstNode);
    if (local) out.set(local, prop.key.name);
  }
  return out;
}

/** The wrapper's options by local name (`{ handler, auth = 'both' }`, or `const { handler } = params` at its top). */
function optionLocals(fn: FunctionLike): Map<string, string> {
  const out = patternLocals(fn.params[0] as AstNode | undefined);
  const param = identName(fn.params[0] as AstNode | undefined);
  const body = unwrap(fn.body as AstNode | null);
  if (param && body?.type === 'BlockStatement') {
    for (const s of body.body as AstNode[]) {
      if (s.type !== 'VariableDeclaration') continue;
      for (const d of s.declarations) {
        const init = unwrap(d.init as AstNode | null);
        if (init?.type === 'Identifier' && init.name === param) for (const [l, k] of patternLocals(d.id as AstNode)) out.set(l, k);
      }
    }
  }
  return out;
}

/** The callback: a local (`handler`, destructured or a parameter) or a member of the options object (`config.fn`). */
type CallbackRef = { local: string } | { config: string };

/** Nodes naming the callback: the local, or `config.<handler key>`. */
function callbackNodes(runner: FunctionLike, ref: CallbackRef): AstNode[] {
  if ('local' in ref) return nodesUnder(runner.body as AstNode, 'Identifier').filter((id) => id.name === ref.local);
  return nodesUnder(runner.body as AstNode, 'MemberExpression').filter((m) => {
    const path = memberPath(m);
    return !!path && path.length === 2 && path[0] === ref.config && HANDLER_KEY.test(path[1]);
  });
}

/** Uses of the callback inside `runner`: called, or handed to another call. */
function callbackUses(runner: FunctionLike, ref: CallbackRef, index: JsIndex): { first?: AstNode; handedTo: CallLike[] } {
  let first: AstNode | undefined;
  const handedTo: CallLike[] = [];
  for (const id of callbackNodes(runner, ref)) {
    const parent = index.parent(id);
    if (!parent) continue;
    if (parent.type === 'CallExpression' && parent.callee === id) {
      first ??= id;
      continue;
    }
    // Handed on: `executeHandler(handler, req)`, `inner({ request, handler })`.
    let node: AstNode = id;
    let up: AstNode | undefined = parent;
    if (up.type === 'Property') [node, up] = [up, index.parent(up)];
    if (up?.type === 'ObjectExpression') [node, up] = [up, index.parent(up)];
    if (up?.type === 'CallExpression' && up.callee !== node) {
      first ??= id;
      handedTo.push(up);
    }
  }
  return { first, handedTo };
}

function conjuncts(test: AstNode): AstNode[] {
  const t = unwrap(test);
  if (t.type === 'LogicalExpression' && t.operator === '&&') return [...conjuncts(t.left as AstNode), ...conjuncts(t.right as AstNode)];
  return [t];
}

/** `!x`, `!x.ok`, `!x?.user`, `x == null`: the local tested for absence; `x.response`, `x.error`: a carried refusal. */
function testedLocal(c: AstNode): { local: string; carried: boolean } | undefined {
  let inner: AstNode | undefined;
  let carried = false;
  if (c.type === 'UnaryExpression' && c.operator === '!') inner = unwrap(c.argument as AstNode);
  else if (c.type === 'BinaryExpression' && (c.operator === '==' || c.operator === '===')) {
    const r = unwrap(c.right as AstNode);
    if ((r.type === 'Literal' && (r as { value: unknown }).value === null) || (r.type === 'Identifier' && r.name === 'undefined')) inner = unwrap(c.left as AstNode);
  } else if (c.type === 'MemberExpression' || c.type === 'Identifier') {
    inner = c;
    carried = true;
  }
  const path = inner ? memberPath(inner) : undefined;
  if (!path) return undefined;
  if (carried && !(path.length === 2 && CARRIED_REFUSAL.test(path[1])) && !(path.length === 1 && CARRIED_REFUSAL.test(path[0]))) return undefined;
  return { local: path[0], carried };
}

/**
 * The call a local of `runner` is bound to before `at` (`const result = await authenticate(req)`),
 * or last assigned before it (`let session; ... session = await getSession()`).
 */
function boundCall(name: string, at: AstNode, runner: FunctionLike, index: JsIndex): CallLike | undefined {
  for (const d of nodesUnder(runner.body as AstNode, 'VariableDeclarator')) {
    if (d.start > at.start || index.enclosingFunction(d) !== runner) continue;
    const id = d.id as AstNode;
    const binds = id.type === 'Identifier' ? id.name === name : [...patternLocals(id).keys()].includes(name);
    const init = withoutFallback(unwrapAwait(d.init as AstNode | null));
    if (binds && init?.type === 'CallExpression') return init;
  }
  let last: CallLike | undefined;
  for (const a of nodesUnder(runner.body as AstNode, 'AssignmentExpression')) {
    if (a.start > at.start || a.operator !== '=' || identName(a.left as AstNode) !== name || index.enclosingFunction(a) !== runner) continue;
    const value = unwrapAwait(a.right as AstNode);
    if (value?.type === 'CallExpression' && (!last || a.start > last.start)) last = value;
  }
  return last;
}

/** `(await store.get(token)) ?? {}`, `(await find(key)) || {}`: the call behind an empty default to destructure from. */
function withoutFallback(init: AstNode | undefined): AstNode | undefined {
  const u = init ? unwrap(init) : undefined;
  if (u?.type !== 'LogicalExpression' || (u.operator !== '??' && u.operator !== '||')) return init;
  const fallback = unwrap(u.right as AstNode);
  const empty = (fallback.type === 'ObjectExpression' && fallback.properties.length === 0) || (fallback.type === 'Literal' && (fallback as { value: unknown }).value === null);
  return empty ? unwrapAwait(u.left as AstNode) : init;
}

/** A header that carries the caller's credential: `Authorization`, an API-key header. */
const CREDENTIAL_HEADER = /(?:\.get\(\s*|\.headers\s*\[\s*|\.headers\??\.)['"`]?(?:authorization|x-api-key|api-key|x-auth-token|x-access-token)\b/i;
/** Calls that only reshape a credential, checking nothing (`jwt.decode(token)`, `token.split(' ')`). */
const NO_CHECK = /^(decode|parse|split|slice|substring|trim|replace|toString|toLowerCase|log|info|warn|debug|error|limit)$/;

/**
 * `const token = requestHeaders.get('Authorization')?.split(' ')[1]`: the value is the request's
 * credential header, read directly or through one more `const` (`const header = ...; const token = header.split(' ')[1]`).
 */
function credentialRead(n: AstNode, index: JsIndex, depth = 0): boolean {
  const u = unwrap(n);
  if (CREDENTIAL_HEADER.test(index.text(u))) return true;
  if (depth >= 1 || u.type !== 'Identifier') return false;
  const init = index.initAt(u.name, u);
  if (!init) return false;
  if (CREDENTIAL_HEADER.test(index.text(init))) return true;
  return nodesUnder(init, 'Identifier').some((id) => id.name !== u.name && credentialRead(id, index, depth + 1));
}

/** The option key a value reads: a destructured local (`skip`) or a member of the options object (`config.skip`). */
type OptionKey = (n: AstNode | undefined) => string | undefined;

/** `mode !== 'none'` / `!skip` on an option of the wrapper: the opt-out it names. */
function optionOptOut(c: AstNode, optionKey: OptionKey): string | undefined {
  if (c.type === 'UnaryExpression' && c.operator === '!') return optionKey(unwrap(c.argument as AstNode));
  if (c.type !== 'BinaryExpression' || (c.operator !== '!==' && c.operator !== '!=')) return undefined;
  const [a, b] = [unwrap(c.left as AstNode), unwrap(c.right as AstNode)];
  const [opt, lit] = b.type === 'Literal' ? [a, b] : [b, a];
  const value = lit.type === 'Literal' ? (lit as { value: unknown }).value : undefined;
  const key = optionKey(opt);
  return typeof value === 'string' && key ? `${key}=${value}` : undefined;
}

/**
 * Who the call that fills the tested local checks: a session getter or an auth-like name given the
 * request, or a same-file request helper (its opt-out, by place, mapped to the wrapper's option).
 */
function checker(call: CallLike, request: string, optionKey: OptionKey, index: JsIndex): { name: string; optOut?: string; credential?: boolean } | 'off' | undefined {
  const name = calleeName(call) ?? '';
  const last = name.split('.').pop() ?? '';
  // `check(req)`, `check(req.headers)`, or `check({ req, rawBody })`.
  const givenRequest = call.arguments.some((a) => {
    const u = unwrap(a as AstNode);
    return memberPath(u)?.[0] === request || (u.type === 'ObjectExpression' && u.properties.some((p) => p.type === 'Property' && identName(p.value as AstNode) === request));
  });
  // `await tokens.get(token)`, `await db.apiKey.findUnique({ where: { token } })` with the token
  // the request's `Authorization` header carries: the caller looked up by the credential it sent.
  if (!givenRequest && !NO_CHECK.test(last) && call.arguments.some((a) => credentialRead(a as AstNode, index))) return { name, credential: true };
  // App Router: `await getSession()` / `getServerSession(authOptions)` reads the request's cookies itself.
  if (!givenRequest) return AMBIENT_SESSION.test(last) && call.arguments.every((a) => ambientArgument(a as AstNode, index)) ? { name } : undefined;
  const local = !name.includes('.') ? index.functionByName(name) : undefined;
  const verdict = local ? requestHelper(local, index) : undefined;
  if (verdict) {
    const place = verdict.optOut ? /^@(\d+)=(.*)$/.exec(verdict.optOut) : undefined;
    if (!place) return { name, ...(verdict.optOut ? { optOut: verdict.optOut } : {}) };
    // The helper's check is off for one value of a parameter: what the wrapper passes there decides.
    const arg = unwrap(call.arguments[Number(place[1])] as AstNode | undefined);
    if (!arg) return { name };
    if (arg.type === 'Literal') return (arg as { value: unknown }).value === place[2] ? 'off' : { name };
    const key = optionKey(arg);
    return key ? { name, optOut: `${key}=${place[2]}` } : undefined;
  }
  return SESSION_CALL.test(last) || authLikeName(last) || SIGNATURE_VERIFIER.test(last) ? { name } : undefined;
}

/** Session getters that find the caller from the request's cookies or headers themselves (App Router). */
const AMBIENT_SESSION = /^(getServerSession|getServerAuthSession|getSession|auth|currentUser|getCurrentUser|getSessionUser|verifySession)$/;

/** What a session getter may be given and still be about the current request: its settings, or the headers/cookies. */
function ambientArgument(a: AstNode, index: JsIndex): boolean {
  const u = unwrapAwait(a);
  if (!u) return false;
  if (u.type === 'Identifier') return /options|config|settings/i.test(u.name);
  return /\b(headers|cookies)\b/.test(index.text(u)) && !/\b(id|userId|email)\b/.test(index.text(u));
}

/** What an identity refusal says: 401/403 or an unauthorised/forbidden error. */
const IDENTITY_REFUSAL = /nauthori[sz]|nauthent|\b40[13]\b|orbidden/i;

/**
 * `if (apiKey) { ...; if (!token) throw unauthorized } else { session = await getSession(); if (!session) throw ... }`:
 * the other branch of an `if`/`else` also refuses a request without a caller (a test of absence
 * answered by an unauthorised throw or 401/403), so either way the callback has a caller.
 */
function refusesCaller(branch: AstNode, index: JsIndex): boolean {
  const fn = index.enclosingFunction(branch);
  return nodesUnder(branch, 'IfStatement').some((s) => {
    const refusal = s.consequent as AstNode;
    return exitsBranch(refusal) && IDENTITY_REFUSAL.test(index.text(refusal)) && /!|==\s*null|==\s*undefined/.test(index.text(s.test as AstNode)) && index.enclosingFunction(s) === fn;
  });
}

/**
 * Does the statement run on every path of `runner` (only blocks and `try` blocks around it), or,
 * with `covered`, within an `if`/`else` whose other branch also refuses callers without one?
 */
function unconditionalOrCovered(stmt: AstNode, runner: FunctionLike, index: JsIndex): boolean {
  let child = stmt;
  for (const a of index.ancestors(stmt)) {
    if (a === runner.body) return true;
    if (a.type === 'IfStatement' && a.alternate) {
      const other = child === a.consequent ? (a.alternate as AstNode) : child === a.alternate ? (a.consequent as AstNode) : undefined;
      if (!other || !refusesCaller(other, index)) return false;
    } else if (a.type !== 'BlockStatement' && a.type !== 'TryStatement') return false;
    child = a;
  }
  return false;
}

/** Does the statement run on every path of `runner` (only blocks and `try` blocks around it)? */
function unconditional(stmt: AstNode, runner: FunctionLike, index: JsIndex): boolean {
  for (const a of index.ancestors(stmt)) {
    if (a === runner.body) return true;
    if (a.type !== 'BlockStatement' && a.type !== 'TryStatement') return false;
  }
  return false;
}

function exitsBranch(branch: AstNode): boolean {
  const last = branch.type === 'BlockStatement' ? (branch.body[branch.body.length - 1] as AstNode | undefined) : branch;
  return !!last && (last.type === 'ReturnStatement' || last.type === 'ThrowStatement');
}

/** The refusal before the callback: why, and the opt-out it has, or undefined. */
function refusalBefore(runner: FunctionLike, request: string, before: AstNode, optionKey: OptionKey, index: JsIndex): { why: string; optOut?: string } | undefined {
  for (const s of nodesUnder(runner.body as AstNode, 'IfStatement')) {
    if (s.start > before.start || index.enclosingFunction(s) !== runner || !exitsBranch(s.consequent as AstNode) || !unconditionalOrCovered(s, runner, index)) continue;
    // `if (!boardId || !memberId) throw ...`: any one way in refuses, so one disjunct that is a check suffices.
    for (const test of disjuncts(s.test as AstNode)) {
      const verdict = refusalOn(s, test, request, optionKey, index);
      if (verdict) return verdict;
    }
  }
  return undefined;
}

function disjuncts(test: AstNode): AstNode[] {
  const t = unwrap(test);
  if (t.type === 'LogicalExpression' && t.operator === '||') return [...disjuncts(t.left as AstNode), ...disjuncts(t.right as AstNode)];
  return [t];
}

/** Does `if (test) <refusal>` refuse a request the check found no caller for? */
function refusalOn(s: NodeOfType<'IfStatement'>, test: AstNode, request: string, optionKey: OptionKey, index: JsIndex): { why: string; optOut?: string } | undefined {
  const runner = index.enclosingFunction(s)!;
  let found: { name: string; optOut?: string; credential?: boolean } | undefined;
  let optOut: string | undefined;
  let other = false;
  const tested = new Set<string>();
  for (const c of conjuncts(test)) {
    const local = testedLocal(c);
    const call = local ? boundCall(local.local, s, runner, index) : undefined;
    const judged = call ? checker(call, request, optionKey, index) : undefined;
    if (judged === 'off') {
      other = true;
      break;
    }
    // A carried refusal (`result.response`) only from a helper that builds one.
    if (judged && (!local!.carried || index.functionByName(judged.name))) {
      found ??= judged;
      tested.add(local!.local);
      continue;
    }
    const opt = optionOptOut(c, optionKey);
    if (opt && !optOut) optOut = opt;
    else other = true;
  }
  if (!found || other) return undefined;
  // An identity call's failure must be answered as one (a carried refusal already is).
  // `return problemUnauthorized()`, or what the check handed back (`return result.response`, `handleError(result.error)`).
  const said = rejects(s.consequent as AstNode, index) ?? refusalCall(s.consequent as AstNode);
  const answered = !!said || nodesUnder(s.consequent as AstNode, 'Identifier').some((i) => tested.has(i.name));
  if (!answered) return undefined;
  // A lookup of the sent token refuses as unauthorised (a rate limit keyed by it is no check of who sends it).
  if (found.credential && !IDENTITY_REFUSAL.test(index.text(s.consequent as AstNode))) return undefined;
  const off = found.optOut ?? optOut;
  if (found.optOut && optOut && found.optOut !== optOut) return undefined;
  return { why: `${found.name}() checks the request${found.credential ? "'s bearer credential" : ''} before the handler runs${off ? ` (unless ${off})` : ''}`, ...(off ? { optOut: off } : {}) };
}

/**
 * A `try` before the callback whose block fills a local from a check of the request
 * (`auth = await verifyAuth(req)`, `await requireUser(req)`) and whose `catch` leaves: the check
 * refuses by throwing, and the callback runs only for a request it let through. A same-file check
 * must throw (itself or in a function of the file it calls); one that hands back nothing would let
 * the callback run without a caller.
 */
function caughtRefusal(runner: FunctionLike, request: string, before: AstNode, optionKey: OptionKey, index: JsIndex): { why: string; optOut?: string; machine?: boolean } | undefined {
  for (const t of nodesUnder(runner.body as AstNode, 'TryStatement')) {
    // The callback after the `try`, or inside its block after the check (`try { const p = await
    // validateKey(req); return await handler(req) } catch (e) { log(e); throw e }`): a throwing
    // check leaves through the `catch` before the callback runs.
    const inBlock = before.start >= t.block.start && before.end <= t.block.end;
    if ((t.end > before.start && !inBlock) || index.enclosingFunction(t) !== runner || !t.handler || !unconditional(t, runner, index)) continue;
    if (!exitsBranch(t.handler.body as AstNode)) continue;
    for (const stmt of (t.block as AstNode & { body: AstNode[] }).body) {
      if (stmt.end > before.start) break;
      const judged = thrownCheck(stmt, request, optionKey, index) ?? everyBranchChecks(stmt, request, optionKey, index);
      if (!judged) continue;
      const machine = SIGNATURE_VERIFIER.test(judged.name.split('.').pop() ?? '');
      return { why: `${judged.name}() checks the request before the handler runs, its failure caught and answered${judged.optOut ? ` (unless ${judged.optOut})` : ''}`, ...(judged.optOut ? { optOut: judged.optOut } : {}), ...(machine ? { machine } : {}) };
    }
  }
  return undefined;
}

/** `await verifyAuth(req)`, `const key = await validateKey(req)`: a statement running a check of the request that throws on failure. */
function thrownCheck(stmt: AstNode, request: string, optionKey: OptionKey, index: JsIndex): { name: string; optOut?: string } | undefined {
  const expr = stmt.type === 'ExpressionStatement' ? unwrap(stmt.expression as AstNode) : stmt.type === 'VariableDeclaration' && stmt.declarations.length === 1 ? unwrap(stmt.declarations[0].init as AstNode | null) : undefined;
  const value = expr?.type === 'AssignmentExpression' ? (expr.right as AstNode) : expr;
  const call = unwrapAwait(value);
  if (call?.type !== 'CallExpression') return undefined;
  const judged = checker(call, request, optionKey, index);
  if (!judged || judged === 'off') return undefined;
  const name = calleeName(call) ?? '';
  const last = name.split('.').pop() ?? '';
  const local = !name.includes('.') ? index.functionByName(name) : undefined;
  if (local ? !throwsWithin(local, index, 2) : !authLikeName(last) && !SIGNATURE_VERIFIER.test(last)) return undefined;
  return judged;
}

/**
 * `if (req.method === 'GET') await verifyCronSecret(req); else if (req.method === 'POST') await
 * verifyQueueSignature({ req, body }); else throw new Error('Unsupported')`: each way on checks the
 * request (a throwing check among the branch's statements) or leaves by throwing.
 */
function everyBranchChecks(stmt: AstNode, request: string, optionKey: OptionKey, index: JsIndex): { name: string; optOut?: string } | undefined {
  let found: { name: string; optOut?: string } | undefined;
  let s: AstNode | undefined = stmt;
  while (s?.type === 'IfStatement') {
    const branch = s.consequent as AstNode;
    const stmts = branch.type === 'BlockStatement' ? (branch.body as AstNode[]) : [branch];
    const judged = stmts.map((x) => thrownCheck(x, request, optionKey, index)).find((j) => j !== undefined);
    if (!judged) return undefined;
    found ??= judged;
    s = (s.alternate as AstNode | null) ?? undefined;
  }
  if (!s || !found) return undefined;
  const rest = s.type === 'BlockStatement' ? (s.body as AstNode[]) : [s];
  const last = rest[rest.length - 1];
  return last?.type === 'ThrowStatement' || rest.some((x) => thrownCheck(x, request, optionKey, index)) ? found : undefined;
}

/** A verifier of a machine caller's request signature (`verifyQstashSignature`, `verifyWebhookSignature`). */
const SIGNATURE_VERIFIER = /^verify\w*Signature$/i;

/** Does `fn` throw, itself or through a function of the same file it calls (up to `depth` calls away)? */
function throwsWithin(fn: FunctionLike, index: JsIndex, depth: number): boolean {
  if (!fn.body) return false;
  if (nodesUnder(fn.body as AstNode, 'ThrowStatement').length > 0) return true;
  if (depth === 0) return false;
  return nodesUnder(fn.body as AstNode, 'CallExpression').some((c) => {
    const callee = unwrap(c.callee as AstNode);
    const next = callee.type === 'Identifier' ? index.functionByName(callee.name) : undefined;
    return !!next && next !== fn && throwsWithin(next, index, depth - 1);
  });
}

/**
 * `return withErrors(scope, async (request, context) => { ... })`: the function the wrapper hands
 * to another (an error or logging wrapper) and returns what that makes of it; it receives the request.
 */
function handedRunner(fn: FunctionLike): FunctionLike | undefined {
  const top = unwrapAwait(topLevelReturn(fn) ?? (fn.body && fn.body.type !== 'BlockStatement' ? (fn.body as AstNode) : null));
  if (!top || top.type !== 'CallExpression') return undefined;
  for (const a of top.arguments as AstNode[]) {
    const u = unwrap(a);
    if (isFunctionLike(u) && REQUEST.test(identName(u.params[0] as AstNode | undefined) ?? '')) return u;
  }
  return undefined;
}

/** `if (!adminRole) return 401`, `if (!user.isAdmin) throw ...`: an administrator check on every path before the callback. */
function adminRefusalBefore(runner: FunctionLike, before: AstNode, index: JsIndex): string | undefined {
  for (const s of nodesUnder(runner.body as AstNode, 'IfStatement')) {
    if (s.start > before.start || index.enclosingFunction(s) !== runner || !exitsBranch(s.consequent as AstNode) || !unconditional(s, runner, index)) continue;
    if (!rejects(s.consequent as AstNode, index) || roleIn(s.test as AstNode, index) !== 'admin') continue;
    return index.text(s.test as AstNode).replace(/\s+/g, ' ').slice(0, 80);
  }
  return undefined;
}

/** `new URL(req.url).pathname === '/api/uploads'`, `['/links'].includes(req.nextUrl.pathname)`: a test naming request paths. */
function namesRequestPath(test: AstNode, index: JsIndex): boolean {
  return /\b(pathname|nextUrl)\b/.test(index.text(test)) && nodesUnder(test, 'Literal').some((l) => /^\//.test(String((l as { value: unknown }).value)));
}

/**
 * The first use of the callback past early calls that only some paths reach (`if (guestHeader &&
 * pathname === '/api/uploads') return handler(...)`): such a carve-out opens those paths only, not
 * the wrapper's other routes, so the check before the main call still decides. A carve-out
 * that depends on a wrapper option or on no path (a header alone) opens every route: no skip.
 */
function pastPathCarveOuts(runner: FunctionLike, ref: CallbackRef, first: AstNode, optionKey: OptionKey, index: JsIndex): { use: AstNode; carveOut?: string } {
  let carveOut: string | undefined;
  for (const id of callbackNodes(runner, ref).sort((a, b) => a.start - b.start)) {
    if (id.start < first.start || index.enclosingFunction(id) !== runner) continue;
    const tests: AstNode[] = [];
    for (const a of index.ancestors(id)) {
      if (a === runner.body) break;
      if (a.type === 'IfStatement' || a.type === 'ConditionalExpression') tests.push(a.test as AstNode);
    }
    if (tests.length === 0) return { use: id, carveOut };
    const scoped = tests.find((t) => namesRequestPath(t, index));
    const optioned = tests.some((t) => nodesUnder(t, 'Identifier').some((i) => optionKey(i) !== undefined));
    if (!scoped || optioned) return { use: first };
    carveOut ??= index.text(scoped).replace(/\s+/g, ' ').slice(0, 100);
  }
  return { use: first };
}

/** Is `fn` a handler wrapper? */
/**
 * `(routeConfig) => createAuthedRoute({ ...routeConfig, errorContract })`: the settings handed whole
 * to another wrapper of the repository, which runs the callback and decides (link).
 */
function forwardedSettings(fn: FunctionLike, config: string, index: JsIndex): HandlerWrapperVerdict | undefined {
  const top = unwrap(topLevelReturn(fn));
  if (!top || top.type !== 'CallExpression') return undefined;
  const callee = unwrap(top.callee as AstNode);
  const b = callee.type === 'Identifier' ? index.bindings.get(callee.name) : undefined;
  if (!b || b.imported === '*' || !/^(\.|[@~#]\/)/.test(b.module)) return undefined;
  const first = unwrap(top.arguments[0] as AstNode | undefined);
  const whole = !!first && ((first.type === 'Identifier' && first.name === config) || (first.type === 'ObjectExpression' && first.properties.some((p) => p.type === 'SpreadElement' && identName(unwrap(p.argument as AstNode)) === config)));
  return whole ? { why: `hands its settings to ${(callee as { name: string }).name}`, calls: `${b.module}#${b.imported}` } : undefined;
}

export function handlerWrapper(fn: FunctionLike, index: JsIndex): HandlerWrapperVerdict | undefined {
  if (!fn.body) return undefined;
  const options = optionLocals(fn);
  const local = [...options].find(([, key]) => HANDLER_KEY.test(key))?.[0] ?? fn.params.map((p) => identName(p as AstNode)).find((n) => !!n && HANDLER_KEY.test(n));
  // `(config) => ...config.fn(...)`: the options kept as one object, the callback a member of it.
  const config = local ? undefined : identName(fn.params[0] as AstNode | undefined);
  if (!local && (!config || REQUEST.test(config))) return undefined;
  const forwarded = config ? forwardedSettings(fn, config, index) : undefined;
  if (forwarded) return forwarded;
  const requestOption = [...options].find(([, key]) => REQUEST.test(key))?.[0];
  const returned = requestOption ? undefined : (returnedFunction(fn, index) ?? handedRunner(fn));
  const runner = requestOption ? fn : returned;
  const request = requestOption ?? (returned ? identName(returned.params[0] as AstNode | undefined) : undefined);
  if (!runner || !runner.body || !request || !REQUEST.test(request) || !isFunctionLike(runner)) return undefined;
  const ref: CallbackRef = local ? { local } : { config: config! };
  const optionKey: OptionKey = (n) => {
    const u = n ? unwrap(n) : undefined;
    const name = identName(u);
    if (name && options.has(name)) return options.get(name);
    const path = u && config ? memberPath(u) : undefined;
    return path && path.length === 2 && path[0] === config ? path[1] : undefined;
  };
  const uses = callbackUses(runner, ref, index);
  if (!uses.first) return undefined;
  const before = pastPathCarveOuts(runner, ref, uses.first, optionKey, index);
  const refusal = refusalBefore(runner, request, before.use, optionKey, index) ?? caughtRefusal(runner, request, before.use, optionKey, index);
  if (refusal) {
    const admin = adminRefusalBefore(runner, before.use, index);
    const why = `${refusal.why}${admin ? `, then refuses non-administrators (${admin})` : ''}${before.carveOut ? `; the callback also runs without a caller where ${before.carveOut}` : ''}`;
    return { ...refusal, why, ...(admin ? { admin } : {}) };
  }
  // Handed to another wrapper of the repository with the request: that one decides (link).
  for (const call of uses.handedTo) {
    const callee = unwrap(call.callee as AstNode);
    const b = callee.type === 'Identifier' ? index.bindings.get(callee.name) : undefined;
    const givesRequest = nodesUnder(call as AstNode, 'Identifier').some((i) => i.name === request);
    if (b && b.imported !== '*' && /^(\.|[@~#]\/)/.test(b.module) && givesRequest && uses.first.start >= call.start) return { why: `hands the handler to ${callee.type === 'Identifier' ? callee.name : 'another wrapper'}`, calls: `${b.module}#${b.imported}` };
  }
  return undefined;
}
