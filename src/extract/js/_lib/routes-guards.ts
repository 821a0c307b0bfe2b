// Decides whether a function is an authentication or authorisation guard from what its body DOES:
// it checks an identity (verifies a JWT, reads req.session / req.user / ctx.state.user, calls
// isAuthenticated(), compares an API-key header) and rejects the request when the check fails
// (401/403, ctx.throw, next(err), throw, redirect to a login page). A role/permission check that
// rejects makes it an admin guard (or a role guard when the role comes from a parameter). Other
// shapes (single-user-mode only, verified credential headers, Origin allow-lists, service-token
// stores) are in routes-guard-shapes.ts; the identity and refusal signals in routes-guard-signals.ts,
// role / owner checks in routes-guard-roles.ts, in-handler credential checks in
// routes-guard-credentials.ts, and passport login-or-guard in routes-guard-passport.ts.
import type { AuthMechanism } from '../../../model/types.js';
import { calleeName, calleeProperty, forwardingCall, isFunctionLike, literalValue, memberPath, nodesUnder, objectProp, resolveObject, someNode, stringValue, unwrap, unwrapAwait, walk, type AstNode, type CallLike, type FunctionLike, type JsIndex } from './ast.js';
import { authLikeName } from './routes.js';
import { optionGatedGuard, optionGuard } from './option-guards.js';
import { caughtCheckRefused, credentialHeaderCheck, multiUserRefused, originTest, serviceTokenPredicate, serviceTokenTable } from './routes-guard-shapes.js';
import { ownerLoaderParams } from './routes-records.js';
import { REQ_NAMES, numberOf, rejects, isJwtVerify, type IdentitySignal, identityIn, requestCredential, rawRequest, negative, statusRejects } from './routes-guard-signals.js';
import { codeExchange, fromCodeExchange } from './oauth-code-exchange.js';
import { roleIn, ownerBypass, refusesOnlySignedIn, privilegeExemption, recordFlagOnly } from './routes-guard-roles.js';
import { bodyCredentialCheck, sharedSecretCheck } from './routes-guard-credentials.js';
import { signatureVerified } from './routes-guard-signatures.js';
import { LOGIN_STRATEGY, strategyMechanism, passportLogin, identityLoading } from './routes-guard-passport.js';
import { callerEscape } from './routes-guard-escapes.js';
import { ownedRecordReturn } from './routes-guard-owned.js';
import { paramName, passesOn, passesWithoutCredential } from './routes-guard-optional.js';
import { passportDefersToData, recordRoleGated } from './routes-handler-authz.js';

export interface GuardVerdict {
  /** `unknown`: rejects with 401/403 after calling an auth-like helper whose body is elsewhere. */
  level: 'user' | 'admin' | 'role' | 'unknown';
  mechanism: AuthMechanism;
  why: string;
  /**
   * Owner-or-admin: a role check the caller also passes when it owns the record the path names
   * (`req.params.userId !== user.id && !isAdmin`). Level is then `user`; `params` are the path
   * parameters compared with the caller's id (record accesses by them are ownership-checked).
   */
  owner?: { params: string[] };
  /** An option-driven factory (`auth({ role })`): the option keys it reads, judged at each use (option-guards.ts). */
  options?: string;
  /** An option-driven factory whose helper is imported: link decides from that helper's guard definition. */
  delegate?: { module: string; export: string };
  /** Route tags the guard gives where it runs (`machine-credential`: it admits a client or key, not a person). */
  tags?: string[];
}

function canActivateLike(fn: FunctionLike, index: JsIndex): boolean {
  const name = index.functionName(fn) ?? '';
  return /(^|\.)canActivate$/.test(name);
}

interface TestBranches {
  test: AstNode;
  /** Every branch the test controls. */
  branches: AstNode[];
  /** The branch taken when the check fails (by the test's polarity), where any redirect rejects. */
  failing: AstNode[];
}

/**
 * The statements after `stmt`: the implicit else of `if (ok) return next(); res.redirect(...)`, up
 * to the first one that leaves or else to the end of the block (`req.flash(...); res.redirect(...)`).
 */
const LOOP = new Set(['ForStatement', 'ForOfStatement', 'ForInStatement', 'WhileStatement', 'DoWhileStatement']);

function following(stmt: AstNode, index: JsIndex, depth = 0): AstNode[] {
  const parent = index.parent(stmt);
  if (!parent || (parent.type !== 'BlockStatement' && parent.type !== 'Program')) return [];
  const body = parent.body as AstNode[];
  // Up to the first statement that leaves (logging before the redirect is common).
  const rest = body.slice(body.indexOf(stmt) + 1);
  const exit = rest.findIndex((s) => s.type === 'ReturnStatement' || s.type === 'ThrowStatement');
  if (exit >= 0) return rest.slice(0, exit + 1);
  // `if (user) { if (user.isOrgAdmin) return next(); if (perms.includes(p)) return next(); } return
  // res.status(403)...`: a block that falls through goes on after the `if` that holds it.
  const holder = index.parent(parent);
  // A loop's body falls through to after the loop when no round passes (`for (p of wanted) if (has(p)) return next()`).
  const fallsOut = holder && ((holder.type === 'IfStatement' && holder.consequent === parent && !holder.alternate) || (LOOP.has(holder.type) && (holder as { body?: unknown }).body === parent));
  if (depth < 3 && fallsOut) return [...rest, ...following(holder, index, depth + 1)];
  return rest;
}

function endsWithExit(node: AstNode, depth = 0): boolean {
  const n = node.type === 'BlockStatement' ? node.body[node.body.length - 1] : node;
  if (!n) return false;
  if (n.type === 'ReturnStatement' || n.type === 'ThrowStatement') return true;
  // `try { ...; return res.json(x) } catch (err) { return next(err) }`: both ways leave.
  if (n.type === 'TryStatement' && depth < 3) {
    const handler = n.handler as { body: AstNode } | null;
    return endsWithExit(n.block as AstNode, depth + 1) && (!handler || endsWithExit(handler.body, depth + 1));
  }
  return false;
}

/**
 * Every refusal sits under a test of the request's path (`else if (isClientApi(req))`,
 * `req.path.startsWith('/api')`): the middleware guards some routes only, decided at run time.
 */
function pathScopedRefusals(fn: FunctionLike, index: JsIndex): boolean {
  const all = nodesUnder(fn.body as AstNode, 'IfStatement');
  const ifs = all.filter((s) => topRejects(s.consequent as AstNode, index) !== undefined);
  if (ifs.length === 0) return false;
  const locals = pathLocals(fn, index);
  const onPath = all.filter((s) => readsPath(s.test as AstNode, fn, index, locals));
  // A refusal nested in a branch taken for some paths only (`if (url.startsWith('/queue')) { if
  // (!token) return 401 }`) guards those paths only, like one whose own test reads the path.
  // Not under a negated test (`if (!url.startsWith('/public')) { ... }`): that guards all but a few.
  const under = (s: AstNode, p: (typeof all)[number]): boolean => s.start >= (p.consequent as AstNode).start && s.end <= (p.consequent as AstNode).end && selectsPaths(p.test as AstNode, index);
  return ifs.every((s) => onPath.includes(s) || onPath.some((p) => p !== s && under(s, p)));
}

/** The request's path as a hook reads it: `req.path`, `request.url`, `request.routeOptions.url`, `request.routerPath`. */
const pathMember = (req: string): string => `\\b${req}\\.(?:routeOptions\\.|raw\\.)?(path|url|originalUrl|baseUrl|routerPath)\\b`;

/** Locals holding the request's path: `const url = decodeURI(request.routeOptions.url ?? '')`. */
function pathLocals(fn: FunctionLike, index: JsIndex): string[] {
  const req = paramName(fn.params[0]) ?? 'req';
  const re = new RegExp(pathMember(req));
  const out: string[] = [];
  for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
    const id = d.id as AstNode;
    if (id.type === 'Identifier' && d.init && re.test(index.text(d.init as AstNode))) out.push(id.name);
  }
  return out;
}

/**
 * A test that picks some paths (`url === '/queue' || url.startsWith('/queue/')`, `/^\/admin/.test(path)`),
 * not a negated one (`!url.startsWith('/public')`: all but a few) nor a mere presence test
 * (`if (path)`: a path of any value).
 */
function selectsPaths(test: AstNode, index: JsIndex): boolean {
  const text = index.text(test);
  return !text.includes('!') && /\.(startsWith|endsWith|includes|match|test)\(|===?/.test(text);
}

/** `node` sits in the branch of a positive test of the request's path (`if (url === '/queue') { node }`). */
function underPathBranch(node: AstNode, fn: FunctionLike, index: JsIndex): boolean {
  let locals: string[] | undefined;
  let child = node;
  for (let n = index.parent(node) as AstNode | undefined; n && n !== (fn as unknown as AstNode); child = n, n = index.parent(n) as AstNode | undefined) {
    if (n.type !== 'IfStatement' || n.consequent !== child) continue;
    const test = n.test as AstNode;
    if (!selectsPaths(test, index)) continue;
    locals ??= pathLocals(fn, index);
    if (readsPath(test, fn, index, locals)) return true;
  }
  return false;
}

/** A test of the request's path: `req.path.startsWith('/api')`, `isClientApi(req)`, a local holding the path. */
function readsPath(test: AstNode, fn: FunctionLike, index: JsIndex, locals: readonly string[] = []): boolean {
  const req = paramName(fn.params[0]) ?? 'req';
  const text = index.text(test);
  if (locals.some((l) => new RegExp(`(^|[^\\w$.])${l.replace(/\$/g, '\\$')}\\b`).test(text))) return true;
  return new RegExp(`${pathMember(req)}|\\w+\\(\\s*${req}\\s*\\)`).test(text);
}

/** A refusal of a branch itself, not one nested under a further test of it. */
function topRejects(branch: AstNode, index: JsIndex): string | undefined {
  const stmts = branch.type === 'BlockStatement' ? (branch.body as AstNode[]) : [branch];
  for (const st of stmts) {
    if (st.type === 'IfStatement' || st.type === 'SwitchStatement' || st.type === 'TryStatement') continue;
    const r = rejects(st, index, true);
    if (r !== undefined) return r;
  }
  return undefined;
}

/** `return true` (alone or ending a block): the branch lets the request through. */
function grantsHere(branch: AstNode): boolean {
  const n = branch.type === 'BlockStatement' && branch.body.length > 0 ? (branch.body[branch.body.length - 1] as AstNode) : branch;
  return n.type === 'ReturnStatement' && !!n.argument && literalValue(n.argument as AstNode) === true;
}

/**
 * Another `return` of the guard itself, outside `branch`, that can let the request through (any
 * value but a literal `false`: `return true`, `return record.ownerId === user.id`,
 * `return super.canActivate(ctx)`).
 */
function grantsElsewhere(fn: FunctionLike, branch: AstNode, index: JsIndex): boolean {
  const body = fn.body as AstNode | null;
  if (!body) return false;
  return nodesUnder(body, 'ReturnStatement').some((ret) => {
    if (ret.start >= branch.start && ret.end <= branch.end) return false;
    if (!ret.argument || literalValue(ret.argument as AstNode) === false) return false;
    return index.enclosingFunction(ret) === fn;
  });
}

/** Tests with the branches they control: if/else (or the rest of the block), `?:`, `a || reject()`. */
function testsWithBranches(fn: FunctionLike, index: JsIndex): TestBranches[] {
  const out: TestBranches[] = [];
  const body = fn.body as AstNode | null;
  if (!body) return out;
  for (const s of nodesUnder(body, 'IfStatement')) {
    const cons = s.consequent as AstNode;
    const neg = negative(s.test, index);
    // `if (!user) return ...; <rest of the handler>`: the rest is the success path, so a throw
    // there (`throw new Error('Invalid ID')`) says nothing about this test.
    // `if (req.user) return res.redirect('/')` turns signed-in users away (a login or reset page):
    // the rest of the handler is then the anonymous path, not the failing one.
    // A rest that ends by calling `next()` lets the request through when no inner test refuses
    // (`if (req.user) return next(); <attach a token's user, 401 only on some paths>; next()`):
    // decorating middleware, not a failing path.
    const rest = s.alternate ? [] : endsWithExit(cons) && !neg && rejects(cons, index, true) === undefined ? following(s, index) : [];
    const alt = s.alternate ? [s.alternate as AstNode] : passesOn(rest, fn) ? [] : rest;
    out.push({ test: s.test, branches: [cons, ...alt], failing: neg ? [cons] : alt });
  }
  for (const c of nodesUnder(body, 'ConditionalExpression')) {
    const ce = c as unknown as { test: AstNode; consequent: AstNode; alternate: AstNode };
    const neg = negative(ce.test, index);
    out.push({ test: ce.test, branches: [ce.consequent, ce.alternate], failing: [neg ? ce.consequent : ce.alternate] });
  }
  for (const l of nodesUnder(body, 'LogicalExpression')) {
    if (l.operator === '??') continue;
    out.push({ test: l.left as AstNode, branches: [l.right], failing: l.operator === '||' ? [l.right] : [] });
  }
  for (const call of nodesUnder(body, 'CallExpression')) {
    const prop = calleeProperty(call);
    if (prop === 'assert' && call.arguments.length >= 2) out.push({ test: call.arguments[0] as AstNode, branches: [call], failing: [call] });
    // `assertThat(cond, new RequestError({ status: 403 }))`, `invariant(cond, err)`: the error is the failing branch.
    else if (call.arguments.length >= 2 && unwrap(call.callee as AstNode).type === 'Identifier' && /^(assert\w+|invariant)$/.test(prop ?? '')) out.push({ test: call.arguments[0] as AstNode, branches: [call.arguments[1] as AstNode], failing: [call.arguments[1] as AstNode] });
  }
  return out;
}

/** `(err, decoded) => { if (err) return res.status(401)... }`: the error branch rejects. */
function callbackRejects(cb: FunctionLike, index: JsIndex): boolean {
  const err = cb.params[0] as AstNode | undefined;
  const name = err && err.type === 'Identifier' ? err.name : undefined;
  if (!name || !cb.body) return false;
  return testsWithBranches(cb, index).some(({ test, branches }) => nodesUnder(test, 'Identifier').some((i) => i.name === name) && branches.some((b) => rejects(b, index, true) !== undefined));
}

const ROLE_PARAM = /^(roles?|allowedRoles|requiredRoles|permissions?|requiredPermissions|rights|requiredRights|scopes?|requiredScopes|allowed|groups?|levels?|access)$/i;


/** The function a factory returns (`function requireRole(r) { return (req, res, next) => ... }`, `() => handler`). */
export function returnedFunction(fn: FunctionLike, index: JsIndex): FunctionLike | undefined {
  const body = unwrap(fn.body as AstNode | null);
  if (!body) return undefined;
  if (isFunctionLike(body)) return body;
  // `export default () => retrieveUserList`: a function of the file, returned by name.
  if (body.type === 'Identifier') {
    const named = index.functionByName(body.name);
    return named && named !== fn ? named : undefined;
  }
  if (body.type !== 'BlockStatement') return undefined;
  for (const stmt of body.body) {
    if (stmt.type !== 'ReturnStatement' || !stmt.argument) continue;
    const arg = unwrap(stmt.argument as AstNode);
    if (isFunctionLike(arg)) return arg;
    if (arg.type === 'Identifier') {
      const named = index.functionByName(arg.name);
      if (named && named !== fn) return named;
    }
  }
  return undefined;
}

/**
 * Classifies a guard function. Factories are looked through (their returned function is judged,
 * and a role compared with a factory parameter makes a `role` guard).
 */
export function classifyGuard(fn: FunctionLike, index: JsIndex, asHandler = false): GuardVerdict | undefined {
  const target = asHandler ? undefined : delegatedTo(fn, index);
  if (target && !judging.has(target)) {
    judging.add(target);
    try {
      const v = classifyGuard(target, index);
      return v && { ...v, why: `${index.functionName(target) ?? 'delegate'}: ${v.why}` };
    } finally {
      judging.delete(target);
    }
  }
  const inner = returnedFunction(fn, index);
  // A CSRF check reads a token from a cookie too, but it refuses forgeries, not strangers.
  if (csrfOnly(inner ?? fn, index)) return undefined;
  if (passesWithoutCredential(inner ?? fn)) return undefined;
  if (inner) {
    // `route({ authentication: 'never' })`: checks its options switch on, decided at each use.
    const gated = asHandler ? undefined : optionGatedGuard(fn, inner, index);
    if (gated) return gated;
    const verdict = classifyBody(inner, index, canActivateLike(fn, index), asHandler);
    // `authorize(roles) => (req, res, next) => ...`: the roles given at the use site decide.
    const roleParam = fn.params.map(paramName).find((n) => n && ROLE_PARAM.test(n));
    if (verdict && verdict.level === 'user' && !verdict.owner && roleParam && nodesUnder(inner.body as AstNode, 'Identifier').some((i) => i.name === roleParam)) {
      return { ...verdict, level: 'role', why: `${verdict.why}, checks ${roleParam}` };
    }
    if (verdict) return verdict;
    const byOptions = optionGuard(fn, inner, index, classifyGuard);
    if (byOptions) return byOptions;
    // A factory (`login()` returning the handler) is judged by the function it returns, not by
    // helpers declared beside it; a middleware that returns a function is still judged itself.
    if (!REQ_NAMES.has((fn.params[0] ? paramName(fn.params[0]) : undefined) ?? '')) return undefined;
  }
  const verdict = classifyBody(fn, index, canActivateLike(fn, index), asHandler) ?? (asHandler ? undefined : dispatchVerdict(fn, index)) ?? recordOwnerGuard(fn, index);
  return asHandler ? verdict : adminCredential(verdict, fn);
}

const LEVEL_RANK: Record<string, number> = { user: 0, role: 1, admin: 2 };

/**
 * `if (scheme === 'Bearer' && isJwt(value)) return withJwt(req, res, next); return withApiKey(req,
 * res, next, value)`: middleware that picks one of several guards of its file by the credential's
 * kind and hands the request to it. Every way on goes through a guard, so it guards at the
 * weakest of their levels.
 */
function dispatchVerdict(fn: FunctionLike, index: JsIndex): GuardVerdict | undefined {
  const body = fn.body as AstNode | null;
  const names = fn.params.slice(0, 3).map((p) => paramName(p));
  if (!body || body.type !== 'BlockStatement' || names.length < 3 || names.some((n) => !n)) return undefined;
  const stmts = body.body as AstNode[];
  const last = stmts[stmts.length - 1];
  const returns = nodesUnder(body, 'ReturnStatement').filter((r) => index.enclosingFunction(r) === fn);
  const targets: FunctionLike[] = [];
  const dispatching = new Set<AstNode>();
  for (const r of returns) {
    const call = unwrapAwait(r.argument as AstNode | null);
    if (call?.type !== 'CallExpression') continue;
    const callee = unwrap(call.callee as AstNode);
    const args = call.arguments.slice(0, 3).map((a) => unwrap(a as AstNode));
    if (callee.type !== 'Identifier' || args.length < 3 || !args.every((a, i) => a.type === 'Identifier' && a.name === names[i])) continue;
    const target = index.functionByName(callee.name);
    if (!target || target === fn) continue;
    dispatching.add(r);
    if (!targets.includes(target)) targets.push(target);
  }
  if (targets.length < 2 || !last || !dispatching.has(last)) return undefined;
  const verdicts: GuardVerdict[] = [];
  for (const t of targets) {
    if (judging.has(t)) return undefined;
    judging.add(t);
    try {
      const v = classifyGuard(t, index);
      if (!v || LEVEL_RANK[v.level] === undefined) return undefined;
      verdicts.push({ ...v, why: `${index.functionName(t) ?? 'delegate'}: ${v.why}` });
    } finally {
      judging.delete(t);
    }
  }
  return verdicts.sort((a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level])[0];
}

/**
 * `auth.user.id !== userId`, `session.user.id === post.authorId`: the signed-in user's id compared
 * with something, however the handler got hold of the user (a helper's result, not the request).
 */
function comparesCallerId(test: AstNode): boolean {
  let found = false;
  // Not inside callbacks: `members.some((m) => m.id === user.id)` is a membership, the exemption's own case.
  walk(test, (n) => {
    if (found || isFunctionLike(n)) return false;
    if (n.type !== 'BinaryExpression' || !['===', '==', '!==', '!='].includes(n.operator)) return undefined;
    found = [n.left, n.right].some((side) => {
      const path = memberPath(unwrap(side as AstNode));
      return !!path && path.length >= 2 && /^(id|_id|uid|userId|user_id)$/.test(path[path.length - 1]) && path.slice(0, -1).some((p) => /^(user|currentUser|me|account|caller|sessionUser)$/.test(p));
    });
    return undefined;
  });
  return found;
}

/**
 * A test with a part that is not a role check yet reads the caller (compares a record or a member
 * list with them), or tests the caller's own permission on a record, looked up for them.
 */
function ownerLike(test: AstNode, index: JsIndex): boolean {
  const t = unwrap(test);
  const sides = t.type === 'LogicalExpression' ? [t.left as AstNode, t.right as AstNode] : [t];
  return sides.some((s) => roleIn(s, index) === undefined && ((identityIn(s, index) !== undefined && someNode(s, (n) => n.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(n.operator))) || callerRecordGrant(s, index)));
}

/**
 * `granted === 0` where `const { granted } = permissionFor(fileId, req.user.id) || { granted: 0 }`:
 * a value looked up with the caller's id and another (the record's), so it is the caller's own
 * right on that record.
 */
function callerRecordGrant(side: AstNode, index: JsIndex): boolean {
  const fn = index.enclosingFunction(side);
  const declarators = fn?.body ? nodesUnder(fn.body as AstNode, 'VariableDeclarator') : [];
  // `const granted = ...` or `const { granted } = ...`.
  const initOf = (name: string) => declarators.find((d) => nodesUnder(d.id as AstNode, 'Identifier').some((i) => i.name === name))?.init as AstNode | null | undefined;
  return nodesUnder(side, 'Identifier').some((id) => {
    const init = initOf(id.name);
    if (!init) return false;
    return nodesUnder(init, 'CallExpression').some((c) => {
      const args = c.arguments.map((a) => unwrap(a as AstNode));
      return args.length >= 2 && args.some((a) => identityIn(a, index) !== undefined) && args.some((a) => identityIn(a, index) === undefined);
    });
  });
}

/** Functions being judged through an alias, so that two aliases of each other end instead of looping. */
const judging = new Set<FunctionLike>();

/**
 * `const restrict = (req, res, next) => { checkLogin(req, res, next); }`: a middleware whose whole
 * body hands its own request, response and `next` to another function of the file is that function
 * under another name, so the callee's body decides who gets through.
 */
function delegatedTo(fn: FunctionLike, index: JsIndex): FunctionLike | undefined {
  if (fn.params.length < 3) return undefined;
  const call = forwardingCall(fn);
  const callee = call ? unwrap(call.callee as AstNode) : undefined;
  const target = callee?.type === 'Identifier' ? index.functionByName(callee.name) : undefined;
  return target && target !== fn ? target : undefined;
}

/** Middleware that loads the path's record scoped to the caller and refuses otherwise (routes-records.ts). */
function recordOwnerGuard(fn: FunctionLike, index: JsIndex): GuardVerdict | undefined {
  const params = ownerLoaderParams(fn, index);
  return params ? { level: 'user', mechanism: 'custom', why: `loads :${params.join(', :')} scoped to the caller, refuses otherwise`, owner: { params } } : undefined;
}

/** Every refusal names CSRF (`throw CSRFError(...)`, `ctx.throw(403, 'invalid csrf token')`). */
function csrfOnly(fn: FunctionLike, index: JsIndex): boolean {
  if (!fn.body) return false;
  const refusals = [...nodesUnder(fn.body as AstNode, 'ThrowStatement').map((t) => t.argument as AstNode), ...nodesUnder(fn.body as AstNode, 'CallExpression').filter((c) => calleeProperty(c) === 'throw')];
  return refusals.length > 0 && refusals.every((r) => /csrf|xsrf/i.test(index.text(r)));
}

/**
 * `req.checkPermissions = (perm) => { if (!allowed(perm)) throw ... }`: a helper the middleware
 * hangs on the request or response for handlers to call later. Its refusals run only where a
 * handler calls it, so they say nothing about who the middleware itself lets through.
 */
function attachedHelper(node: AstNode, fn: FunctionLike, index: JsIndex): boolean {
  const owners = new Set(fn.params.slice(0, 2).map((p) => paramName(p)).filter((n): n is string => !!n));
  for (let n: AstNode | undefined = node; n && n !== (fn as unknown as AstNode); n = index.parent(n) as AstNode | undefined) {
    if (!isFunctionLike(n)) continue;
    const p = index.parent(n) as (AstNode & { left?: AstNode; right?: AstNode }) | undefined;
    if (p?.type !== 'AssignmentExpression' || p.right !== n) continue;
    const target = memberPath(unwrap(p.left as AstNode));
    if (target && target.length >= 2 && owners.has(target[0])) return true;
  }
  return false;
}

function classifyBody(fn: FunctionLike, index: JsIndex, booleanGuard: boolean, asHandler = false): GuardVerdict | undefined {
  const body = fn.body as AstNode | null;
  if (!body) return undefined;
  let identity: IdentitySignal | undefined;
  let role: 'admin' | 'role' | undefined;
  let roleWhy = '';
  const ownerParams: string[] = [];
  let ownerWhy = '';
  let singleUser: string | undefined;
  // A check the deployment can switch off (`|| isElectron() || config.noAuthentication`): still a guard, tagged.
  let escapeWhy: string | undefined;
  // Middleware that ends by calling `next()` only gates where a test's failing side refuses at once
  // (`if (!req.user) return res.sendStatus(401)`); refusing a credential that is present but of the
  // wrong kind, or only on some paths, decorates the request instead.
  const decorates = !booleanGuard && body.type === 'BlockStatement' && passesOn(body.body as AstNode[], fn);
  for (const { test, branches, failing } of testsWithBranches(fn, index)) {
    if (attachedHelper(test, fn, index)) continue;
    const rejection = booleanGuard
      ? 'return false'
      : decorates
        ? readsPath(test, fn, index)
          ? undefined
          : [...failing, ...branches.slice(0, 1)].map((b) => topRejects(b, index)).find((r) => r !== undefined)
        : (branches.map((b) => rejects(b, index)).find((r) => r !== undefined) ?? failing.map((b) => rejects(b, index, true)).find((r) => r !== undefined));
    if (!rejection) continue;
    // Checked on some paths only (`if (url.startsWith('/queue')) { if (!token) return 401 }` in a
    // hook every route runs): the other routes pass unchecked, so it guards none of them by itself.
    if (!booleanGuard && !asHandler && underPathBranch(test, fn, index)) continue;
    // A handler comparing the caller's role with a record's minimum (`role > view.min_role`, and the
    // login redirect under it) decides per record, not per route: its own authorisation
    // (routes-handler-authz.ts), no guard. A guard doing so in front of a handler still counts.
    if (asHandler && recordRoleGated(test, fn, index)) continue;
    // A handler's check guards the route only where every call meets it: not one nested under a
    // test of something else, nor one after a branch that already answered (`if (shareId) { ...;
    // return }` serving a public share, then `if (!user) throw AuthenticationError()`).
    if (asHandler && !everyCallMeets(test, fn, index)) continue;
    // A test that decides on the caller only in part (routes-guard-escapes.ts): a pre-setup gate on
    // stored state, or a refusal that needs a flag on, checks nobody; one a setting turns off still does.
    const escape = booleanGuard ? undefined : callerEscape(test, branches[0] !== undefined && rejects(branches[0], index, true) !== undefined, fn, index);
    if (escape && escape.kind !== 'opt-out') continue;
    if (escape) escapeWhy ??= escape.text;
    // The test's own branch refuses (`if (multiUserMode) return res.sendStatus(401)`), not what follows it.
    // Unconditionally: `if (multiUserMode) { if (!user) return 403 }` only checks the user in that mode.
    if (!booleanGuard && branches[0] && !someNode(branches[0], (n) => n.type === 'IfStatement' || n.type === 'ConditionalExpression') && statusRejects(branches[0], index)) singleUser ??= multiUserRefused(test, index);
    const owner = ownerBypass(test, index);
    if (owner) {
      ownerParams.push(...owner.filter((p) => !ownerParams.includes(p)));
      ownerWhy ||= index.text(test).slice(0, 80);
      identity ??= identityIn(test, index);
      continue;
    }
    // A privilege that only excuses its holder from another condition (`suspended && !isSuperAdmin`) gates nobody by role.
    // `auth.user.id !== userId && !auth.user.isAdmin`: the caller's id against the path's, or an admin: owner-or-admin, read below.
    const exempts = !booleanGuard && !comparesCallerId(test) && privilegeExemption(test, branches[0] !== undefined && rejects(branches[0], index, true) !== undefined, (fn.params[0] && paramName(fn.params[0])) ?? 'req', index, fn.body as AstNode);
    // `record.ownerEmail !== req.session.user && !isAdmin`, `!isAdmin && !members.some((m) => m.id === req.userId)`:
    // the condition the privilege excuses from asks about the caller, so it is an owner-or-role check.
    if (exempts && ownerLike(test, index)) {
      ownerWhy ||= index.text(test).slice(0, 80);
      identity ??= identityIn(test, index);
      continue;
    }
    // `if (!canRead && !board.display) 403` in a handler: a record's own flag (public, published)
    // lets everyone through, signed in or not; the permission only excuses its holder. No identity
    // is required by this test (an earlier `if (!req.user) 401` still counts on its own).
    if (exempts && asHandler && recordFlagOnly(test, index)) continue;
    // `if (user.isAdmin) return true; ... return share.ownerId === user.id`: in a canActivate a role
    // test that grants, with another way through after it, only lets its holders skip the rest.
    const bypass = booleanGuard && !!branches[0] && grantsHere(branches[0]) && grantsElsewhere(fn, branches[0], index);
    const r = exempts || bypass ? undefined : roleIn(test, index);
    if (r && (role === undefined || r === 'admin')) {
      role = r;
      roleWhy = index.text(test).slice(0, 80);
    }
    if (!booleanGuard && refusesOnlySignedIn(test, branches, failing, index)) continue;
    identity ??= identityIn(test, index);
  }
  if (booleanGuard) {
    for (const ret of nodesUnder(body, 'ReturnStatement')) {
      if (!ret.argument) continue;
      const r = roleIn(ret.argument as AstNode, index);
      if (r && (role === undefined || r === 'admin')) {
        role = r;
        roleWhy = index.text(ret.argument as AstNode).slice(0, 80);
      }
      identity ??= identityIn(ret.argument as AstNode, index);
    }
  }
  if (role) return { level: role, mechanism: identity?.mechanism ?? 'custom', why: `checks ${roleWhy.replace(/\s+/g, ' ')}` };
  // `return share.creatorId == request.user.id` after loading the record the path names: the owner only.
  const owned = booleanGuard && !ownerWhy ? ownedRecordReturn(fn, index) : undefined;
  if (owned) {
    ownerParams.push(...owned.params);
    ownerWhy = owned.why;
  }
  // Refused in multi-user mode: in single-user mode the one user is the instance owner.
  if (singleUser) return { level: 'admin', mechanism: identity?.mechanism ?? 'custom', why: `refuses when ${singleUser} (single-user mode only: the instance owner)` };
  // Owner-or-admin: every signed-in owner passes, so it requires a user (and the ownership).
  if (ownerWhy) return { level: 'user', mechanism: identity?.mechanism ?? 'custom', why: `${ownerNote(ownerParams)}: ${ownerWhy.replace(/\s+/g, ' ')}`, owner: { params: ownerParams } };
  // A JWT verification throws on a bad token, so the call alone rejects; with a callback the
  // callback must reject on its error argument.
  for (const c of nodesUnder(body, 'CallExpression')) {
    const verify = isJwtVerify(c, index);
    // `verifyIdToken({ idToken: tokens.id_token })` of what an OAuth code exchange returned: the sign-in itself.
    if (!verify || c.arguments.some((a) => fromCodeExchange(a as AstNode, index))) continue;
    const cb = c.arguments.map((a) => unwrap(a as AstNode)).find((a) => isFunctionLike(a)) as FunctionLike | undefined;
    if (cb && !callbackRejects(cb, index)) continue;
    // `try { req.user = jwt.verify(...) } catch { req.user = undefined } next()`: optional auth.
    if (swallowedInTry(c, body, index, booleanGuard)) continue;
    return { level: 'user', mechanism: /jwt|token|jose/i.test(verify) ? 'jwt' : 'custom', why: `${verify}()` };
  }
  const passport = nodesUnder(body, 'CallExpression').find((c) => (index.resolvedCallee(c) ?? '').endsWith('passport.authenticate') || calleeName(c) === 'passport.authenticate');
  // A custom callback that admits whoever a record's role allows, user or not, is the handler's own authorisation.
  if (passport && !passportLogin(passport, index) && !identityLoading(passport, index) && !passportDefersToData(passport, index)) {
    const strategy = stringValue(passport.arguments[0] as AstNode, index) ?? '';
    if (strategy && !LOGIN_STRATEGY.test(strategy)) {
      const why = `passport.authenticate('${strategy}')`;
      // The custom callback (`passport.authenticate('jwt', opts, verify(req, resolve, reject))`)
      // decides what happens after the token: a role or owner-or-role check there is the guard's.
      const checked = passportCallbackVerdict(passport, fn, index);
      if (checked && (checked.level === 'admin' || checked.level === 'role')) return { ...checked, mechanism: strategyMechanism(strategy), why: `${why}, ${checked.why}` };
      if (checked?.owner) return { ...checked, mechanism: strategyMechanism(strategy), why: `${checked.why} after ${why}` };
      return { level: 'user', mechanism: strategyMechanism(strategy), why };
    }
  }
  // A canActivate that only finds the bearer token in a token store, binding no user: a service token.
  const table = identity && booleanGuard && /header/.test(identity.why) ? serviceTokenTable(fn) : undefined;
  if (table) return { level: 'unknown', mechanism: 'api-key', why: `${identity!.why} looked up in ${table}, no user bound: a service token, worth what its issuer requires` };
  const predicate = identity && !booleanGuard ? serviceTokenPredicate(fn, index, identity.why) : undefined;
  if (predicate) return { level: 'unknown', mechanism: 'api-key', why: `${identity!.why} finds the request's token in ${predicate}, no user bound: a service token, worth what its issuer requires` };
  if (identity) return { level: 'user', mechanism: identity.mechanism, why: escapeWhy ? `${identity.why} unless ${escapeWhy}` : identity.why, ...(escapeWhy ? { tags: ['auth-deployment-escape'] } : {}) };
  const library = libraryGuardInvoked(fn, index);
  if (library) return library;
  const credential = bodyCredentialCheck(fn, index);
  if (credential) return { level: 'user', mechanism: 'custom', why: credential };
  const shared = sharedSecretCheck(fn, index);
  if (shared) return { level: 'user', mechanism: 'api-key', why: shared };
  const signed = signatureVerified(fn, index);
  if (signed) return { level: 'user', mechanism: 'custom', why: `${signed} (service-to-service signature)`, tags: ['deployment-secret'] };
  const header = credentialHeaderCheck(fn, index);
  if (header) return { level: 'user', mechanism: header.signature ? 'custom' : 'api-key', why: header.signature ? `${header.why} (service-to-service signature)` : header.why };
  const caught = caughtCheckRefused(fn, index, (a) => requestCredential(a, index) || rawRequest(a));
  if (caught) return { level: 'user', mechanism: caught.machine ? 'api-key' : 'custom', why: caught.why, ...(caught.machine ? { tags: ['machine-credential'] } : {}) };
  const helper = helperCheck(fn, index, asHandler);
  if (helper) return { level: 'unknown', mechanism: 'custom', why: `${helper}() decides, then 401/403` };
  // Middleware that answers 401 somewhere and otherwise calls next(): 401 means "not authenticated".
  const params = fn.params.map((p) => (p as AstNode).type === 'Identifier' ? (p as unknown as { name: string }).name : '');
  const next = params.length >= 3 ? params[2] : params[0] === 'ctx' ? params[1] : undefined;
  // `next(err)` alone is error passing (a handler), not letting the request through.
  // A 401 only for a foreign Origin (an embed widget's host allow-list) is a CORS-like check.
  if (next && nodesUnder(body, 'CallExpression').some((c) => calleeName(c) === next && c.arguments.length === 0) && unauthorizedIn(body, index) && !originOnly(fn, index) && !(decorates && pathScopedRefusals(fn, index))) {
    return { level: 'user', mechanism: 'custom', why: 'responds 401 Unauthorized' };
  }
  return undefined;
}

/** Auth middleware of libraries, as the factory that builds it resolves. */
const LIBRARY_GUARD: { re: RegExp; mechanism: AuthMechanism }[] = [
  { re: /^(express-basic-auth|basic-auth-connect)$/, mechanism: 'basic' },
  { re: /^(express-jwt(\.(expressjwt|expressJwt|default))?|restify-jwt(-community)?(\.default)?|koa-jwt(\.default)?|express-oauth2-jwt-bearer\.auth)$/, mechanism: 'jwt' },
  { re: /^(connect-ensure-login\.(ensureLoggedIn|ensureAuthenticated)|express-openid-connect\.requiresAuth)$/, mechanism: 'session' },
];

/**
 * A middleware that builds a library guard and runs it on the request itself (`const mw =
 * basicAuth({ authorizer }); mw(req, res, next)`, `expressJwt({...})(req, res, next)`), often to
 * pick its options at request time. Credentials made optional (`credentialsRequired: false`) do not count.
 */
function libraryGuardInvoked(fn: FunctionLike, index: JsIndex): GuardVerdict | undefined {
  const req = fn.params[0] ? paramName(fn.params[0]) : undefined;
  if (!req || !fn.body) return undefined;
  const built = new Map<string, { call: CallLike; mechanism: AuthMechanism }>();
  const libraryCall = (node: AstNode | null | undefined): { call: CallLike; mechanism: AuthMechanism } | undefined => {
    const n = unwrapAwait(node);
    if (!n || n.type !== 'CallExpression') return undefined;
    const resolved = index.resolvedCallee(n) ?? '';
    const lib = LIBRARY_GUARD.find((l) => l.re.test(resolved));
    if (!lib) return undefined;
    const opts = resolveObject(n.arguments[0] as AstNode | undefined, index);
    if (literalValue(objectProp(opts, 'credentialsRequired'), index) === false || literalValue(objectProp(opts, 'authRequired'), index) === false) return undefined;
    return { call: n, mechanism: lib.mechanism };
  };
  for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
    const lib = d.id.type === 'Identifier' ? libraryCall(d.init as AstNode | null) : undefined;
    if (lib && d.id.type === 'Identifier') built.set(d.id.name, lib);
  }
  for (const a of nodesUnder(fn.body as AstNode, 'AssignmentExpression')) {
    const lib = a.left.type === 'Identifier' ? libraryCall(a.right as AstNode) : undefined;
    if (lib && a.left.type === 'Identifier') built.set(a.left.name, lib);
  }
  for (const c of nodesUnder(fn.body as AstNode, 'CallExpression')) {
    if (!c.arguments.some((x) => { const u = unwrap(x as AstNode); return u.type === 'Identifier' && u.name === req; })) continue;
    const callee = unwrap(c.callee as AstNode);
    const lib = callee.type === 'Identifier' ? built.get(callee.name) : libraryCall(callee);
    if (!lib) continue;
    const name = calleeName(lib.call) ?? index.text(lib.call.callee as AstNode);
    // `if (await Settings.get('disableAuth')) return next()`: a switch that turns the guard off.
    const bypass = configBypass(c, fn, index);
    return { level: 'user', mechanism: lib.mechanism, why: `runs ${name}(…)${bypass ? ` unless ${bypass}` : ''}` };
  }
  return undefined;
}

/**
 * The condition under which an `if` around `call` lets the request through instead (`else next()`):
 * a switch that turns the guard off (`if (!(await Settings.get('disableAuth'))) {...} else next()`).
 */
function configBypass(call: AstNode, fn: FunctionLike, index: JsIndex): string | undefined {
  const passes = (branch: AstNode | null | undefined): boolean => !!branch && nodesUnder(branch, 'CallExpression').some((c) => c.arguments.length === 0 && unwrap(c.callee as AstNode).type === 'Identifier');
  for (const a of index.ancestors(call)) {
    if (a === fn.body) return undefined;
    if (a.type !== 'IfStatement') continue;
    const test = index.text(a.test as AstNode).replace(/\s+/g, ' ');
    const inConsequent = someNode(a.consequent as AstNode, (n) => n === call);
    if (inConsequent && passes(a.alternate as AstNode | null)) return (test.startsWith('!') ? test.slice(1).replace(/^\((.*)\)$/, '$1') : `not ${test}`).slice(0, 60);
    if (!inConsequent && passes(a.consequent as AstNode)) return test.slice(0, 60);
  }
  return undefined;
}

/**
 * Does the guard stop its caller by itself when the check fails? Only when every refusal throws
 * (`if (!socket.userID) throw new Error(...)`); a helper that writes a 401 or a redirect returns
 * to a caller that carries on unless it returns too.
 */
export function guardHalts(fn: FunctionLike, index: JsIndex): boolean {
  let threw = false;
  let answered = false;
  for (const { branches, failing } of testsWithBranches(fn, index)) {
    for (const b of failing.length > 0 ? failing : branches) {
      const why = rejects(b, index, true);
      if (why === undefined) continue;
      if (why === 'throw' || /^(throw|assert)\(/.test(why)) threw = true;
      else answered = true;
    }
  }
  return threw && !answered;
}

/**
 * The verdict of the callback given to `passport.authenticate(strategy, [opts,] cb)`: an inline
 * function, a same-file function, or a same-file factory call (`verifyCallback(req, resolve,
 * reject, rights)`) whose returned function is the callback. Not the guard itself (no recursion).
 */
function passportCallbackVerdict(call: CallLike, guard: FunctionLike, index: JsIndex): GuardVerdict | undefined {
  const last = unwrap(call.arguments[call.arguments.length - 1] as AstNode | undefined);
  if (!last || call.arguments.length < 2) return undefined;
  let cb: FunctionLike | undefined;
  if (isFunctionLike(last)) cb = last;
  else if (last.type === 'Identifier') cb = index.functionByName(last.name);
  else if (last.type === 'CallExpression') {
    const callee = unwrap(last.callee as AstNode);
    const factory = callee.type === 'Identifier' ? index.functionByName(callee.name) : undefined;
    cb = factory ? returnedFunction(factory, index) : undefined;
  }
  if (!cb || cb === guard) return undefined;
  return classifyBody(cb, index, false);
}

/** How an owner-or-role guard explains itself in authEvidence (its parameters travel as `ownerParams`). */
export function ownerNote(params: readonly string[]): string {
  return params.length > 0 ? `owner (${params.map((p) => `:${p}`).join(',')}) or role` : 'owner of the record or role';
}

/** A call inside a `try` (within `body`) whose `catch` lets the request go on instead of rejecting. */
function swallowedInTry(call: AstNode, body: AstNode, index: JsIndex, booleanGuard = false): boolean {
  for (const a of index.ancestors(call)) {
    if (a === body) return false;
    if (a.type !== 'TryStatement' || !a.handler) continue;
    if (!someNode(a.block as AstNode, (n) => n === call)) continue;
    const handler = a.handler.body as AstNode;
    if (rejects(handler, index) !== undefined) return false;
    // A Nest guard's catch that answers `return false` (or closes the socket) refuses the caller.
    if (booleanGuard && someNode(handler, (n) => (n.type === 'ReturnStatement' && !!n.argument && literalValue(n.argument as AstNode) === false) || (n.type === 'CallExpression' && calleeProperty(n) === 'disconnect'))) return false;
    // Answering from the catch (`reply.send(err)`, `res.json(...)`) also ends the request.
    const param = a.handler.param && a.handler.param.type === 'Identifier' ? a.handler.param.name : undefined;
    return !nodesUnder(handler, 'CallExpression').some(
      (c) => RESPONDS.test(calleeProperty(c) ?? '') || (param !== undefined && c.arguments.some((x) => unwrap(x as AstNode).type === 'Identifier' && (unwrap(x as AstNode) as { name: string }).name === param)),
    );
  }
  return false;
}

const RESPONDS = /^(send|json|end|status|sendStatus|code|redirect|render|writeHead|throw)$/;


/**
 * Can this middleware refuse a request by itself? Not when it hands the request on as soon as no
 * caller is found (`if (!user) return next()`, `if (!token) return next()`, also inside a lookup's
 * callback): an optional-user loader (`tryAuth`, `authUser`) only attaches whoever is signed in, and
 * its other refusals (a blocked account) concern callers that are there.
 */
export function canRefuse(fn: FunctionLike, index: JsIndex): boolean {
  return !!fn.body && rejects(fn.body as AstNode, index) !== undefined && !passesWhenAbsent(fn, index) && !passesWithoutCredential(fn) && !refusesOnlyMalformed(fn.body as AstNode, index);
}

/** An error for a malformed request (400/422), not for an unknown caller: `BadRequestError`, `ValidationError`. */
const MALFORMED_ERROR = /(?:^|\.)(?:BadRequest|Validation|InvalidInput|InvalidRequest|Unprocessable\w*)(?:Error|Exception)?$/;

/**
 * A middleware whose only refusal is a thrown bad-request error (`throw new errors.BadRequestError()`
 * when an anti-bot integrity token or a body field is missing) checks the request's shape, not
 * who sends it: whatever its name (`verifyIntegrityToken`), it is no authentication step.
 */
function refusesOnlyMalformed(body: AstNode, index: JsIndex): boolean {
  const throws = nodesUnder(body, 'ThrowStatement');
  if (throws.length === 0 || statusRejects(body, index)) return false;
  return throws.every((t) => {
    const arg = unwrap(t.argument as AstNode | null);
    return !!arg && (arg.type === 'NewExpression' || arg.type === 'CallExpression') && MALFORMED_ERROR.test(index.text(arg.callee as AstNode));
  }) && !nonThrowRefusal(body, index);
}

/** A refusal other than a throw (`res.status(401)`, `ctx.throw(403)`, `res.sendStatus(400)`)? */
function nonThrowRefusal(body: AstNode, index: JsIndex): boolean {
  return someNode(body, (n) => n.type !== 'ThrowStatement' && n !== body && (n.type === 'CallExpression' || n.type === 'AssignmentExpression' || n.type === 'Property') && rejects(n, index) !== undefined && nodesUnder(n, 'ThrowStatement').length === 0);
}

const ABSENT_CALLER = /user|account|member|principal|identity|session|token|auth|credential|cookie|jwt|bearer/i;

function passesWhenAbsent(fn: FunctionLike, index: JsIndex): boolean {
  const next = fn.params[2] ? paramName(fn.params[2]) : undefined;
  if (!next || !fn.body) return false;
  return nodesUnder(fn.body as AstNode, 'IfStatement').some((s) => {
    const t = unwrap(s.test as AstNode);
    if (t.type !== 'UnaryExpression' || t.operator !== '!') return false;
    const path = memberPath(unwrap(t.argument as AstNode));
    if (!path || (!ABSENT_CALLER.test(path[path.length - 1]) && !identityIn(t.argument as AstNode, index))) return false;
    const cons = s.consequent as AstNode;
    const stmts = cons.type === 'BlockStatement' ? (cons.body as AstNode[]) : [cons];
    return stmts.length > 0 && stmts.length <= 2 && endsWithExit(cons) && passesOn(stmts.filter((x) => !(x.type === 'ReturnStatement' && !x.argument)), fn);
  });
}

/** A call that refuses a bad credential by throwing (`verifyUploadSignature(sig, key)`, `validateApiKey(k)`). */
const VERIFIES = /^(?:verify|validate|check|assert)\w*(?:signature|token|credential|key|secret|hmac|jwt|auth\w*|access|permission\w*)$/i;

/** An error that turns a stranger away (`AuthenticationError`, `ForbiddenError`, `new Unauthorized()`). */
const STRANGER_ERROR = /(?:Unauthori[sz]ed|Forbidden|Authentication|Authorization|Permission|AccessDenied|AuthRequired)\w*$/;

/** Does a branch turn a stranger away itself: a 401/403 answer, an auth error, a credential verified? */
function refusesStranger(branch: AstNode, index: JsIndex): boolean {
  if (statusRejects(branch, index)) return true;
  return someNode(branch, (n) => (n.type === 'CallExpression' || n.type === 'NewExpression') && (STRANGER_ERROR.test(calleeName(n) ?? '') || (VERIFIES.test(calleeProperty(n) ?? calleeName(n) ?? '') && !codeExchange(n, index))));
}

const BRANCHING = new Set(['IfStatement', 'ConditionalExpression', 'SwitchCase', 'ForStatement', 'ForOfStatement', 'ForInStatement', 'WhileStatement', 'DoWhileStatement']);

/**
 * Does every call of the handler meet this test? No enclosing branch decided by another test (an
 * identity test's own branch is fine: `if (req.user) { if (!req.user.active) 403 }`), and no
 * statement before it on the way up leaves without refusing (an early public answer).
 */
function everyCallMeets(test: AstNode, fn: FunctionLike, index: JsIndex): boolean {
  let node: AstNode = test;
  for (let parent = index.parent(node); parent && node !== fn.body; node = parent, parent = index.parent(node)) {
    // A callback the handler hands its work to (`Topic.get(id, (err, topic) => { check })`) is walked through.
    if (parent === fn) return true;
    if (BRANCHING.has(parent.type) && (parent as { test?: AstNode }).test !== node) {
      const guardTest = (parent as { test?: AstNode | null }).test;
      // `if (req.method === 'POST') { check; ... }`, `case 'DELETE':`: a branch per HTTP method is
      // the route's own dispatch (each method is its own entry point), not a condition some calls skip.
      if (guardTest && methodTest(guardTest) || (parent.type === 'SwitchCase' && methodTest((index.parent(parent) as { discriminant?: AstNode } | undefined)?.discriminant))) continue;
      const other = parent.type === 'IfStatement' ? ((parent.consequent === node ? parent.alternate : parent.consequent) as AstNode | null) : null;
      // `if (v) { check history access } else { check source access }`, `if (sig) verifySignature() else if (!user) throw`: every way checks.
      const checkedEitherWay = !!other && refusesStranger(other, index);
      // `if (req.body.url !== undefined) { check; work } res.redirect('/profile')`: the calls that skip
      // the branch only get an answer, so every call that does the work meets the check.
      const skipsToAnswer = parent.type === 'IfStatement' && !parent.alternate && parent.consequent === node && onlyAnswersAfter(parent, index);
      if (!(parent.type === 'IfStatement' && guardTest && identityIn(guardTest, index)) && !checkedEitherWay && !skipsToAnswer) return false;
    }
    if (parent.type === 'BlockStatement' || parent.type === 'Program') {
      const body = parent.body as AstNode[];
      for (const before of body.slice(0, body.indexOf(node))) if (answersEarly(before, index)) return false;
    }
  }
  return true;
}

/** What follows `stmt` in its block only answers (`res.location(...)`, `return res.redirect(...)`): no work, no data. */
function onlyAnswersAfter(stmt: AstNode, index: JsIndex): boolean {
  const block = index.parent(stmt);
  if (!block || block.type !== 'BlockStatement') return false;
  const body = block.body as AstNode[];
  return body.slice(body.indexOf(stmt) + 1).every((after) => {
    if (after.type !== 'ExpressionStatement' && after.type !== 'ReturnStatement') return false;
    const calls = nodesUnder(after, 'CallExpression');
    return !someNode(after, (n) => n.type === 'AwaitExpression' || n.type === 'AssignmentExpression') && calls.every((c) => /^(res|response|reply|ctx)$/.test(memberPath(unwrap(c.callee as AstNode))?.[0] ?? ''));
  });
}

/** A test of the request's HTTP method (`req.method === 'POST'`, `switch (request.method)`). */
function methodTest(test: AstNode | undefined): boolean {
  if (!test) return false;
  let found = false;
  walk(test, (n) => {
    if (found || isFunctionLike(n)) return false;
    if (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier' && n.property.name === 'method' && REQ_NAMES.has(memberPath(n)?.[0] ?? '')) found = true;
    return undefined;
  });
  return found;
}

/** An error answer: a 4xx/5xx status, an error handed on or thrown, a redirect. */
const ERROR_ANSWER = /\.status\(\s*[45]\d\d|\bsendStatus\(\s*[45]\d\d|\bstatus\s*=\s*[45]\d\d|\bthrow\b|\bnext\(\s*\w|Error\b|\bredirect\w*\(|\bfail\w*\(|\berror\b/i;

/**
 * A statement that may end the call with an answer of its own before the check: a `return` under
 * one of its branches whose block answers no error (a public share served, not a 400).
 */
function answersEarly(stmt: AstNode, index: JsIndex): boolean {
  if (stmt.type !== 'IfStatement' && stmt.type !== 'SwitchStatement') return false;
  if (stmt.type === 'IfStatement' && identityIn(stmt.test as AstNode, index)) return false;
  let found = false;
  walk(stmt, (n) => {
    if (found || isFunctionLike(n)) return false;
    if (n.type === 'ReturnStatement' && !rejects(n, index, true)) {
      const block = index.parent(n);
      found = !ERROR_ANSWER.test(index.text(block && block.type === 'BlockStatement' ? block : n));
      return false;
    }
    return true;
  });
  return found;
}

/** `if (!(await canAccessPost(id))) return new Response(null, { status: 403 })`: an auth-like helper decides. */
function helperCheck(fn: FunctionLike, index: JsIndex, asHandler = false): string | undefined {
  for (const { test, branches } of testsWithBranches(fn, index)) {
    if (!branches.some((b) => statusRejects(b, index))) continue;
    // `role <= view.min_role || (await view.authorize(user, ...))` in a handler: a per-record decision.
    if (asHandler && recordRoleGated(test, fn, index)) continue;
    const calls = nodesUnder(test, 'CallExpression');
    for (const id of nodesUnder(test, 'Identifier')) {
      const init = unwrapAwait(index.initAt(id.name, id));
      if (init && init.type === 'CallExpression') calls.push(init);
    }
    // `isMultiUserMode()` asks how the instance is set up, not who the caller is.
    // `if (!(await provider.validateAuthorizationCode(code))) 401`: an OAuth callback's exchange, no caller checked.
    const name = calls.filter((c) => !codeExchange(c, index)).map((c) => calleeName(c) ?? calleeProperty(c) ?? '').find((n) => n && authLikeName(n.split('.').pop() ?? n) && !/multi_?user/i.test(n));
    if (name) return name;
  }
  return undefined;
}

/**
 * A Fastify hook without `done` (`addHook('preHandler', async (request, reply) => ...)`) lets the
 * request on by returning, where middleware calls `next()`: one that answers 401 somewhere is the
 * same "not authenticated" refusal as the `next()` middleware answering 401 in classifyBody.
 */
export function hookAnswers401(fn: FunctionLike, index: JsIndex): GuardVerdict | undefined {
  const body = fn.body as AstNode | null;
  if (fn.params.length > 2 || !body || body.type !== 'BlockStatement' || !unauthorizedIn(body, index)) return undefined;
  if (originOnly(fn, index) || pathScopedRefusals(fn, index) || csrfOnly(fn, index) || passesWithoutCredential(fn)) return undefined;
  return adminCredential({ level: 'user', mechanism: 'custom', why: 'hook responds 401 Unauthorized' }, fn);
}

/** A check of an administrator's own credential: `verifyAdminToken`, `authenticateAdminApiKey`. */
const ADMIN_CREDENTIAL = /^(authenticate|verify|validate|check)_?admin_?(api_?)?(key|token|secret|credentials?)/i;

/**
 * A guard that signs callers in by verifying an administrator's credential (`if (!(await
 * authenticateAdminApiKey({ key }))) return reply.status(401)`) lets only administrators through.
 */
function adminCredential(v: GuardVerdict | undefined, fn: FunctionLike): GuardVerdict | undefined {
  if (!v || v.level !== 'user' || v.owner || !fn.body) return v;
  const admin = nodesUnder(fn.body as AstNode, 'CallExpression').map((c) => calleeName(c)?.split('.').pop() ?? '').find((n) => ADMIN_CREDENTIAL.test(n));
  return admin ? { ...v, level: 'admin', why: `${v.why}; verifies ${admin}()` } : v;
}

/** Every test whose branch answers 401 is about the request's Origin / host allow-list. */
function originOnly(fn: FunctionLike, index: JsIndex): boolean {
  const tests = testsWithBranches(fn, index).filter(({ branches }) => branches.some((b) => unauthorizedIn(b, index)));
  return tests.length > 0 && tests.every(({ test }) => originTest(test, index));
}

function unauthorizedIn(body: AstNode, index: JsIndex): boolean {
  return someNode(body, (node) => {
    if (node.type !== 'CallExpression') return false;
    const prop = calleeProperty(node);
    if (!prop || !['status', 'sendStatus', 'code', 'throw', 'writeHead'].includes(prop)) return false;
    return numberOf(node.arguments[0] as AstNode | undefined, index) === 401;
  });
}

