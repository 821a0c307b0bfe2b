// Auth-by-default request helpers. A route handler hands its request to a shared helper and returns
// the failure the helper gives back (`const { auth, error } = await parseRequest(request, schema);
// if (error) return error();`). The helper authenticates unless an options flag opts out:
//   if (!options?.skipAuth && !error) {
//     auth = await checkAuth(request);
//     if (!auth) error = () => unauthorized();
//   }
// Judged by body: a value from a call about the request (a session or token check) whose absence
// sets or returns a 401/403, reached on every path except the one an options flag opens.
import { calleeName, isFunctionLike, memberPath, nodesUnder, unwrap, unwrapAwait, type AstNode, type CallLike, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { absentPath } from '../_lib/absence.js';
import { rejects } from '../_lib/routes-guard-signals.js';
import { authLikeName } from '../_lib/routes.js';

export interface RequestHelperVerdict {
  why: string;
  /** The options key that skips the check when `true` (`skipAuth`). */
  optOut?: string;
}

const REQUEST = /^(req|request|nextRequest|httpRequest|incoming)$/;
const SESSION_CALL = /^(getServerSession|getServerAuthSession|getSession|getToken|auth|currentUser|getCurrentUser|getUser|getAuth|getSessionUser|validateRequest|verifySession)$/;
const REFUSAL = /40[13]|nauthori|orbidden/;
/** Names of calls that build a refusal (prefixed or suffixed: `problemUnauthorized`, `notAuthenticatedResponse`). */
const REFUSAL_NAME = /unauthori[sz]ed|forbidden|notAuthori[sz]ed|notAuthenticated|unauthenticated/i;
const MIDDLEWARE_PARAM = /^(res|response|reply|next|h|done|cb|callback)$/;

function paramName(p: AstNode | undefined): string | undefined {
  let n = p;
  if (n && n.type === 'AssignmentPattern') n = n.left as AstNode;
  return n && n.type === 'Identifier' ? n.name : undefined;
}

/** `!x`, `!x?.user`, `x == null`: the local whose absence the test checks. */
function absentLocal(test: AstNode): string | undefined {
  return absentPath(test)?.[0];
}

/** The last call assigned to (or initialising) `name` before `at`, inside `fn`. */
export function callValue(name: string, at: AstNode, fn: FunctionLike, index: JsIndex): CallLike | undefined {
  let found: AstNode | undefined;
  for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
    if (d.id.type === 'Identifier' && d.id.name === name && d.start < at.start && d.init) found = d.init as AstNode;
  }
  for (const a of nodesUnder(fn.body as AstNode, 'AssignmentExpression')) {
    const left = a.left as AstNode;
    if (a.operator === '=' && left.type === 'Identifier' && left.name === name && a.start < at.start && (!found || a.start > found.start)) found = a.right as AstNode;
  }
  const v = unwrapAwait(found);
  return v && v.type === 'CallExpression' && index.enclosingFunction(v) === fn ? v : undefined;
}

/** A call that checks who sends the request: a session getter, an auth-like name, or one given the request or its headers. */
export function identityCall(call: CallLike, request: string): string | undefined {
  const name = calleeName(call) ?? '';
  const last = name.split('.').pop() ?? '';
  const givenRequest = call.arguments.some((a) => {
    const path = memberPath(unwrap(a as AstNode));
    return !!path && path[0] === request && (path.length === 1 || /^(headers|cookies)$/.test(path[1]));
  });
  if (SESSION_CALL.test(last) || authLikeName(last) || (givenRequest && /auth|session|token|user|identity|principal|account|api_?key/i.test(last))) return name;
  return undefined;
}

/**
 * `!options?.skipAuth` / `!skipAuth` (a destructured option): the flag, when `flagOf` names it.
 * `mode !== 'none'` (an option or a parameter compared with a string): `mode=none`, or `@i=none`
 * for the parameter in place `i`, the value that turns the check off.
 */
function optOutFlag(test: AstNode, options: ReadonlySet<string>, flags: ReadonlyMap<string, string>, positions?: ReadonlyMap<string, number>): string | undefined {
  const t = unwrap(test);
  if (t.type === 'BinaryExpression' && (t.operator === '!==' || t.operator === '!=')) {
    const [a, b] = [unwrap(t.left as AstNode), unwrap(t.right as AstNode)];
    const [opt, lit] = b.type === 'Literal' ? [a, b] : [b, a];
    const value = lit.type === 'Literal' ? (lit as { value: unknown }).value : undefined;
    const path = typeof value === 'string' ? memberPath(opt) : undefined;
    if (!path) return undefined;
    if (path.length === 2 && options.has(path[0])) return `${path[1]}=${String(value)}`;
    if (path.length !== 1) return undefined;
    const at = positions?.get(path[0]);
    if (at !== undefined) return `@${at}=${String(value)}`;
    const key = flags.get(path[0]);
    return key ? `${key}=${String(value)}` : undefined;
  }
  if (t.type !== 'UnaryExpression' || t.operator !== '!') return undefined;
  const path = memberPath(unwrap(t.argument as AstNode));
  if (!path) return undefined;
  if (path.length === 2 && options.has(path[0])) return path[1];
  if (path.length === 1) return flags.get(path[0]);
  return undefined;
}

function conjuncts(test: AstNode): AstNode[] {
  const t = unwrap(test);
  if (t.type === 'LogicalExpression' && t.operator === '&&') return [...conjuncts(t.left as AstNode), ...conjuncts(t.right as AstNode)];
  return [t];
}

/**
 * The conditions a statement runs under inside `fn`: undefined when it is conditional on anything
 * but an options flag and earlier failures (`!error`), else the opt-out flag (or '' for none).
 */
function runsUnless(stmt: AstNode, fn: FunctionLike, index: JsIndex, options: ReadonlySet<string>, flags: ReadonlyMap<string, string>, positions?: ReadonlyMap<string, number>): string | undefined {
  let flag = '';
  let child = stmt;
  for (const a of index.ancestors(stmt)) {
    if (a === fn.body) return flag;
    if (a.type === 'IfStatement') {
      if (a.consequent !== child) return undefined;
      for (const c of conjuncts(a.test as AstNode)) {
        const f = optOutFlag(c, options, flags, positions);
        if (f && !flag) flag = f;
        // `!error`: skipped only when the request already failed, which the caller returns too.
        else if (!(c.type === 'UnaryExpression' && c.operator === '!' && unwrap(c.argument as AstNode).type === 'Identifier')) return undefined;
      }
    } else if (a.type !== 'BlockStatement') return undefined;
    child = a;
  }
  return undefined;
}

/** `problemUnauthorized(id)`, `responses.notAuthenticatedResponse()`: a call named after the refusal it builds. */
export function refusalCall(branch: AstNode): string | undefined {
  for (const c of nodesUnder(branch, 'CallExpression')) {
    const name = (calleeName(c) ?? '').split('.').pop() ?? '';
    if (REFUSAL_NAME.test(name)) return name;
  }
  return undefined;
}

/** Result constructors of a failure (neverthrow's `err`, `Err`, `fail`, fp-ts's `left`). */
const FAILURE_CALL = /^(err|Err|fail|failure|left)$/;

/**
 * `return err({ unauthorized: true })`, `return { ok: false, ... }`, `return { success: false }`:
 * the branch hands back a failed result, which the handler tests (`if (!result.ok) return ...`) and
 * answers itself. Only where it ends the branch: a failure built and logged is no answer.
 */
function failureResult(branch: AstNode): string | undefined {
  const last = branch.type === 'BlockStatement' ? (branch.body[branch.body.length - 1] as AstNode | undefined) : branch;
  if (last?.type !== 'ReturnStatement' || !last.argument) return undefined;
  const v = unwrapAwait(last.argument as AstNode);
  if (v?.type === 'CallExpression') {
    const name = (calleeName(v) ?? '').split('.').pop() ?? '';
    return FAILURE_CALL.test(name) ? `returns ${name}(...)` : undefined;
  }
  if (v?.type !== 'ObjectExpression') return undefined;
  for (const p of v.properties) {
    if (p.type !== 'Property' || p.key.type !== 'Identifier' || !/^(ok|success)$/.test(p.key.name)) continue;
    const value = unwrap(p.value as AstNode);
    if (value.type === 'Literal' && (value as { value: unknown }).value === false) return `returns { ${p.key.name}: false }`;
  }
  return undefined;
}

/** Is `fn` an auth-by-default request helper? */
export function requestHelper(fn: FunctionLike, index: JsIndex): RequestHelperVerdict | undefined {
  const request = paramName(fn.params[0] as AstNode | undefined);
  if (!request || !REQUEST.test(request) || !fn.body || unwrap(fn.body as AstNode).type !== 'BlockStatement') return undefined;
  // Middleware answers or passes the request on (js/auth judges it); a helper hands a result back.
  if (fn.params.slice(1).some((p) => MIDDLEWARE_PARAM.test(paramName(p as AstNode) ?? ''))) return undefined;
  // Options read through a parameter (`options?.skipAuth`) or destructured (`{ skipAuth = false } = {}`).
  const options = new Set<string>();
  const flags = new Map<string, string>();
  /** Parameters after the request, by place (`authMode` in `(req, authMode)`): compared with a string, an opt-out. */
  const positions = new Map<string, number>();
  for (const [i, raw] of fn.params.entries()) {
    if (i === 0) continue;
    let p = raw as AstNode;
    if (p.type === 'AssignmentPattern') p = p.left as AstNode;
    if (p.type === 'Identifier') {
      options.add(p.name);
      positions.set(p.name, i);
    }
    else if (p.type === 'ObjectPattern') {
      for (const prop of p.properties) {
        if (prop.type !== 'Property' || prop.key.type !== 'Identifier') continue;
        const local = paramName(prop.value as AstNode);
        if (local) flags.set(local, prop.key.name);
      }
    }
  }
  for (const s of nodesUnder(fn.body as AstNode, 'IfStatement')) {
    if (index.enclosingFunction(s) !== fn) continue;
    // `if (!caller && mode !== 'public')`: the absence, and an opt-out beside it in the same test.
    const parts = conjuncts(s.test as AstNode);
    const absentAt = parts.findIndex((c) => absentLocal(c) !== undefined);
    const local = absentAt >= 0 ? absentLocal(parts[absentAt]) : undefined;
    if (!local) continue;
    const beside = parts.filter((_, i) => i !== absentAt).map((c) => optOutFlag(c, options, flags, positions));
    if (beside.length > 1 || beside.some((f) => f === undefined)) continue;
    const call = callValue(local, s, fn, index);
    const checker = call ? identityCall(call, request) : undefined;
    if (!call || !checker) continue;
    // The absent branch refuses: `error = () => unauthorized()`, `return { error: new Response(null, { status: 401 }) }`.
    const said = rejects(s.consequent as AstNode, index);
    const refusal = said && REFUSAL.test(said) ? said : (refusalCall(s.consequent as AstNode) ?? failureResult(s.consequent as AstNode));
    if (!refusal) continue;
    // The check and the refusal run on every path but the opt-out (same conditions for both).
    const callStmt = index.ancestors(call).find((a) => a.type === 'ExpressionStatement' || a.type === 'VariableDeclaration');
    if (!callStmt) continue;
    const outer = runsUnless(s, fn, index, options, flags, positions);
    const unless = beside[0] !== undefined && outer !== undefined && (outer === '' || outer === beside[0]) ? beside[0] : beside.length > 0 ? undefined : outer;
    const callUnless = runsUnless(callStmt, fn, index, options, flags, positions);
    if (unless === undefined || callUnless === undefined || (callUnless !== '' && callUnless !== unless)) continue;
    if (isFunctionLike(unwrap(call.callee as AstNode))) continue;
    const why = `${checker}() checks the request, ${refusal} without it${unless ? ` (unless ${unless})` : ''}`;
    return unless ? { why, optOut: unless } : { why };
  }
  return undefined;
}
