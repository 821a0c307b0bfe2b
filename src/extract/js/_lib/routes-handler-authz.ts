// Authorisation a handler does itself, against data, on a route no guard stands in front of: it
// works out the caller's role or id (`const role = req.user ? req.user.role_id : 100`) and compares
// it with a field of a record it loaded or a stored setting (`role > view.min_role`, `role <=
// file.min_role_read`), or asks a predicate given the caller (`table.is_owner(req.user, row)`,
// `privileges.global.can('upload:post:image', req.uid)`), and that test decides whether the work
// runs. The route stays `auth: none` (whoever the record's role admits gets through, the anonymous
// role included) and is tagged `handler-authz`: rules about unauthenticated access rate it as a
// check to confirm, not an open door. Same-file helpers given the request are followed (the check
// sits in `uploadAsImage(req, file)` or `accessAllowed(req, user, trigger)`), two calls deep.
import { calleeName, calleeProperty, isFunctionLike, memberPath, nodesUnder, unwrap, unwrapAwait, type AstNode, type CallLike, type FunctionLike, type JsIndex } from './ast.js';
import { REQ_NAMES, identityPath, numberOf, rejects } from './routes-guard-signals.js';

const MAX_DEPTH = 2;
const COMPARE = new Set(['===', '==', '!==', '!=', '<', '<=', '>', '>=']);
const RELATIONAL = new Set(['<', '<=', '>', '>=']);
/** Fields of the caller that rank it: `req.user.role_id`, `user.accessLevel`. */
const ROLE_FIELD = /^(role_?id|roleId|roles?|role_?level|roleLevel|access_?level|accessLevel|level|rank)$/i;
/** Fields of the caller that name it: `req.user.id`, `req.session.userId`. */
const ID_FIELD = /^(id|_id|userId|user_id|uid|sub|accountId|account_id)$/;
const OWNER_FIELD = /^(user|user_?id|userId|owner|owner_?id|ownerId|author|author_?id|authorId|created_?by|createdBy|creator|creator_?id|creatorId|account_?id|accountId|uid)$/i;
const CALLER_NAME = /^(user|currentUser|current_user|authUser|loggedInUser|account|principal|me|member)$/;
/** Request data the client chooses: never a stored threshold. */
const CLIENT_DATA = new Set(['body', 'query', 'params', 'headers', 'cookies', 'files', 'file']);
/** Calls on a branch that are bookkeeping, not the route's work. */
const NOT_WORK = /^(log|debug|info|warn|error|trace|flash|__|t|translate)$/;

type CallerKind = 'role' | 'id';

/** Why the handler authorises the caller against data itself, when it does (see the file comment). */
export function handlerAuthz(fn: FunctionLike, index: JsIndex, depth = 0, seen = new Set<FunctionLike>()): string | undefined {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return undefined;
  seen.add(fn);
  // Cheap text tests first: no `if`, no test to find; the request never handed on, no helper to follow.
  const text = index.text(body);
  if (/\bif\s*\(/.test(text)) {
    for (const s of nodesUnder(body, 'IfStatement')) {
      const found = authzTest(s.test as AstNode, index, depth, seen);
      // A predicate's verdict counts only where its `false` refuses: `if (posts.shouldQueue(req.uid))
      // return queue(...)` asks about the caller too, and refuses nobody.
      if (found && (found.predicate ? refusesWhenFalse(s, index) : gates(s, index))) return found.why;
    }
  }
  if (depth >= MAX_DEPTH || !/[(,]\s*(req|request|ctx)\s*[,)]/.test(text)) return undefined;
  for (const c of nodesUnder(body, 'CallExpression')) {
    const callee = unwrap(c.callee as AstNode);
    if (callee.type !== 'Identifier' || !givenRequest(c)) continue;
    const helper = index.functionByName(callee.name);
    if (!helper || seen.has(helper)) continue;
    const why = handlerAuthz(helper, index, depth + 1, seen);
    if (why) return `${callee.name}(): ${why}`;
  }
  return undefined;
}

/** `helper(req, ...)`: the request itself handed on, with the caller it carries. */
function givenRequest(call: CallLike): boolean {
  return call.arguments.some((a) => {
    const u = unwrap(a as AstNode);
    return u.type === 'Identifier' && REQ_NAMES.has(u.name) && u.name !== 'res' && u.name !== 'reply';
  });
}

/**
 * A test that authorises the caller against data: a comparison of the caller's role or id with a
 * stored value, a predicate given the caller, or a local holding either (`const ok = await can(...)`).
 */
function authzTest(test: AstNode, index: JsIndex, depth: number, seen: Set<FunctionLike>): Found | undefined {
  const direct = testWhy(test, index, depth, seen);
  if (direct) return direct;
  // Only a local the test itself stands on (`if (!canUpload)`, `ok && row`), not every name inside it.
  for (const id of leaves(test).map(notless)) {
    if (id.type !== 'Identifier') continue;
    const init = unwrapAwait(index.initAt(id.name, id));
    if (!init || isFunctionLike(init) || (init.type !== 'BinaryExpression' && init.type !== 'LogicalExpression' && init.type !== 'CallExpression')) continue;
    // A lookup kept for its fields (`const user = await User.findById(req.user.id)`) is a record, not a verdict.
    if (init.type === 'CallExpression' && fieldsRead(id.name, id, index)) continue;
    const why = testWhy(init, index, depth, seen);
    if (why) return why;
  }
  return undefined;
}

interface Found {
  why: string;
  /** Decided by a call whose body is elsewhere, not by a comparison seen here. */
  predicate: boolean;
}

function testWhy(test: AstNode, index: JsIndex, depth: number, seen: Set<FunctionLike>): Found | undefined {
  for (const b of nodesUnder(test, 'BinaryExpression')) {
    if (!COMPARE.has(b.operator)) continue;
    const l = b.left as AstNode;
    const r = b.right as AstNode;
    for (const [caller, other] of [[l, r], [r, l]] as const) {
      const kind = callerKind(caller, index);
      if (!kind || (kind === 'id' && (RELATIONAL.has(b.operator) || !ownerField(other))) || !storedValue(other, index)) continue;
      return { why: `compares ${index.text(b).replace(/\s+/g, ' ').slice(0, 60)}`, predicate: false };
    }
  }
  const calls = test.type === 'CallExpression' ? [test as CallLike, ...nodesUnder(test, 'CallExpression')] : nodesUnder(test, 'CallExpression');
  for (const c of calls) {
    const found = predicate(c, index, depth, seen);
    if (found) return found;
  }
  return undefined;
}

/**
 * A call that judges the caller: a same-file function whose body compares the caller with stored
 * data (followed to a bounded depth), or any call given the caller and something to judge it by
 * (a record, a permission name): `table.is_owner(req.user, row)`, `can('upload:post', req.uid)`.
 */
function predicate(call: CallLike, index: JsIndex, depth: number, seen: Set<FunctionLike>): Found | undefined {
  const callee = unwrap(call.callee as AstNode);
  const local = callee.type === 'Identifier' ? index.functionByName(callee.name) : undefined;
  if (local) {
    // Bounded by depth, not by `seen`: two tests may ask the same helper.
    if (depth >= MAX_DEPTH) return undefined;
    const why = bodyCompares(local, index, depth + 1, seen);
    return why ? { why: `${callee.type === 'Identifier' ? callee.name : 'helper'}(): ${why}`, predicate: false } : undefined;
  }
  const args = call.arguments.map((a) => unwrap(a as AstNode));
  if (!args.some((a) => callerKind(a, index))) return undefined;
  // Something to judge the caller by besides the caller: a record, a permission, an action.
  if (!args.some((a) => !callerKind(a, index) && !clientData(a, index) && !(a.type === 'Identifier' && REQ_NAMES.has(a.name)))) return undefined;
  return { why: `asks ${calleeName(call) ?? calleeProperty(call) ?? 'a predicate'}(…) about the caller`, predicate: true };
}

/** A helper's own tests and returned values compare the caller with stored data. */
function bodyCompares(fn: FunctionLike, index: JsIndex, depth: number, seen: Set<FunctionLike>): string | undefined {
  const body = fn.body as AstNode | null;
  if (!body) return undefined;
  const tests = body.type !== 'BlockStatement' ? [body] : [...nodesUnder(body, 'IfStatement').map((s) => s.test as AstNode), ...nodesUnder(body, 'ReturnStatement').flatMap((r) => (r.argument ? [r.argument as AstNode] : []))];
  for (const t of tests) {
    const found = testWhy(t, index, depth, seen);
    if (found) return found.why;
  }
  return undefined;
}

function notless(node: AstNode): AstNode {
  let n = unwrap(node);
  while (n.type === 'UnaryExpression' && n.operator === '!') n = unwrap(n.argument as AstNode);
  return n;
}

/** The values an expression may take: both sides of `a ? b : c`, `a && b`, `a || b`. */
function leaves(node: AstNode): AstNode[] {
  const n = unwrap(node);
  if (n.type === 'ConditionalExpression') return [...leaves(n.consequent as AstNode), ...leaves(n.alternate as AstNode)];
  if (n.type === 'LogicalExpression') return [...leaves(n.left as AstNode), ...leaves(n.right as AstNode)];
  if (n.type === 'UnaryExpression' && n.operator === '+') return leaves(n.argument as AstNode);
  return [n];
}

/**
 * The caller's role (`req.user.role_id`) or id (`req.user.id`, `req.uid`, `req.user` itself),
 * directly or through a local computed from it (`const role = req.user ? req.user.role_id : 100`).
 */
function callerKind(node: AstNode, index: JsIndex, depth = 0): CallerKind | undefined {
  let kind: CallerKind | undefined;
  for (const leaf of leaves(node)) {
    const path = memberPath(leaf);
    if (!path) continue;
    let k: CallerKind | undefined;
    if (REQ_NAMES.has(path[0])) k = callerPath(path);
    else if (depth < 2) {
      const init = index.initAt(path[0], leaf);
      const holder = init && !isFunctionLike(unwrap(init)) ? callerKind(init, index, depth + 1) : undefined;
      // `const user = req.user; user.role_id`, or `const role = ...; role`.
      if (holder && path.length === 1) k = holder;
      else if (holder === 'id' && path.length === 2) k = fieldKind(path[1]);
    }
    if (k === 'role') return 'role';
    kind ??= k;
  }
  return kind;
}

function callerPath(path: string[]): CallerKind | undefined {
  if (path.length < 2 || path[0] === 'res' || path[0] === 'reply' || !identityPath(path)) return undefined;
  // `req.user.role_id`, `req.session.userId`: a field of the caller; `req.user`, `req.uid`: the caller.
  if (path.length > 2 && !identityPath(path.slice(0, -1))) return undefined;
  const last = path[path.length - 1];
  return ROLE_FIELD.test(last) ? 'role' : ID_FIELD.test(last) || CALLER_NAME.test(last) ? 'id' : undefined;
}

function fieldKind(field: string): CallerKind | undefined {
  return ROLE_FIELD.test(field) ? 'role' : ID_FIELD.test(field) ? 'id' : undefined;
}

/**
 * A value the application stored: a field of a record or object that is not the request
 * (`view.min_role`, `table.min_role_read`, `file.user_id`), or a local read from a call or
 * a record (`const min_role_upload = getState().getConfig('min_role_upload', 1)`).
 */
function storedValue(node: AstNode, index: JsIndex): boolean {
  let n = unwrap(node);
  if (n.type === 'UnaryExpression' && n.operator === '+') n = unwrap(n.argument as AstNode);
  if (n.type === 'CallExpression' && /^(Number|parseInt|parseFloat)$/.test(calleeName(n) ?? '') && n.arguments[0]) n = unwrap(n.arguments[0] as AstNode);
  const path = memberPath(n);
  if (!path || REQ_NAMES.has(path[0]) || callerKind(n, index) || clientData(n, index)) return false;
  if (path.length >= 2) return true;
  const init = unwrapAwait(index.initAt(path[0], n));
  return !!init && (init.type === 'CallExpression' || init.type === 'MemberExpression') && !clientData(init, index);
}

/** Data the client sent: `req.body.x`, `req.query`, or a local read from them. */
function clientData(node: AstNode, index: JsIndex): boolean {
  const fromRequest = (x: AstNode) => {
    const p = memberPath(x);
    return !!p && p.length >= 2 && REQ_NAMES.has(p[0]) && CLIENT_DATA.has(p[1]);
  };
  if (leaves(node).some(fromRequest)) return true;
  // A local holding them (`const { min } = req.body`, `const n = req.query.n || 1`); a record
  // loaded by a client's id (`await Post.findById(req.params.id)`) is stored data all the same.
  const root = memberPath(unwrap(node))?.[0];
  const init = root && !REQ_NAMES.has(root) ? index.initAt(root, node) : undefined;
  return !!init && leaves(init).some(fromRequest);
}

/** `name.field` somewhere in the function: the value is a record whose fields are used. */
function fieldsRead(name: string, at: AstNode, index: JsIndex): boolean {
  const fn = index.enclosingFunction(at);
  return !!fn?.body && nodesUnder(fn.body as AstNode, 'MemberExpression').some((m) => {
    const o = unwrap(m.object as AstNode);
    return o.type === 'Identifier' && o.name === name;
  });
}

/**
 * The test decides whether the work runs: one side refuses or leaves (401/403/404, a redirect, a
 * throw, a return), or only one side does any work (`if (role <= page.min_role) { run } else 404`).
 */
function gates(s: AstNode & { type: 'IfStatement' }, index: JsIndex): boolean {
  const cons = s.consequent as AstNode;
  const alt = s.alternate as AstNode | null;
  if (refuses(cons, index) || (alt && refuses(alt, index))) return true;
  if (works(cons) !== (alt ? works(alt) : false)) return true;
  // A cascade of checks (`if (role <= t.min_role_write) del() else if (owns(row)) del() else
  // flash('Not allowed')`): the work runs only where one passes, and the last `else` does none.
  let last: AstNode | null = alt;
  while (last && last.type === 'IfStatement') last = (last.alternate as AstNode | null) ?? null;
  return works(cons) && alt !== null && (!last || !works(last) || refuses(last, index));
}

function refuses(branch: AstNode, index: JsIndex): boolean {
  const last = branch.type === 'BlockStatement' ? (branch.body as AstNode[])[(branch.body as AstNode[]).length - 1] : branch;
  if (last && (last.type === 'ReturnStatement' || last.type === 'ThrowStatement')) return true;
  if (rejects(branch, index, true) !== undefined) return true;
  return clientError(branch, index);
}

/** `res.status(404)`, `res.sendStatus(403)`: a 4xx answer. */
function clientError(branch: AstNode, index: JsIndex): boolean {
  return nodesUnder(branch, 'CallExpression').some((c) => {
    if (!/^(status|sendStatus|writeHead|code)$/.test(calleeProperty(c) ?? '')) return false;
    const n = numberOf(c.arguments[0] as AstNode | undefined, index) ?? 0;
    return n >= 400 && n < 500;
  });
}

/** The branch taken when the test is false refuses: `if (!canUpload) throw ...`, `if (ok) {...} else 401`. */
function refusesWhenFalse(s: AstNode & { type: 'IfStatement' }, index: JsIndex): boolean {
  const t = unwrap(s.test as AstNode);
  const branch = t.type === 'UnaryExpression' && t.operator === '!' ? (s.consequent as AstNode) : (s.alternate as AstNode | null);
  if (!branch) return false;
  const last = branch.type === 'BlockStatement' ? (branch.body as AstNode[])[(branch.body as AstNode[]).length - 1] : branch;
  return last?.type === 'ThrowStatement' || rejects(branch, index, true) !== undefined || clientError(branch, index);
}

/** The record's owner, not the record itself: `file.user_id`, `post.authorId` (never `user.id`). */
function ownerField(node: AstNode): boolean {
  const path = memberPath(unwrap(node));
  return !!path && path.length >= 2 && OWNER_FIELD.test(path[path.length - 1]);
}

/** A call that is neither an answer to the caller nor bookkeeping (a log line, a flash message). */
function works(branch: AstNode): boolean {
  return nodesUnder(branch, 'CallExpression').some((c) => {
    const root = memberPath(c.callee as AstNode)?.[0] ?? '';
    return !REQ_NAMES.has(root) && root !== 'console' && root !== 'next' && !NOT_WORK.test(calleeProperty(c) ?? '');
  });
}

/**
 * `passport.authenticate('api-bearer', { session: false }, (err, user) => { if (await
 * accessAllowed(req, user, trigger)) ... else 401 })(req, res, next)` inside a handler: with its own
 * callback passport refuses nobody, and this callback never turns away a request for lacking a user;
 * it lets through whoever the record's role admits. No guard: handler authorisation.
 */
export function passportDefersToData(call: CallLike, index: JsIndex): boolean {
  const last = unwrap(call.arguments[call.arguments.length - 1] as AstNode | undefined);
  const cb = last && isFunctionLike(last) ? last : last?.type === 'Identifier' ? index.functionByName(last.name) : undefined;
  const user = cb?.params[1] && unwrap(cb.params[1] as AstNode).type === 'Identifier' ? (unwrap(cb.params[1] as AstNode) as { name: string }).name : undefined;
  if (!cb?.body || !user || call.arguments.length < 2) return false;
  // `if (err || !user) return res.status(401)...`: refused without a user, a guard.
  const absent = new RegExp(`!\\s*${user}\\b|\\b${user}\\s*===?\\s*(false|null|undefined)\\b`);
  if (nodesUnder(cb.body as AstNode, 'IfStatement').some((s) => absent.test(index.text(s.test as AstNode)) && refuses(s.consequent as AstNode, index))) return false;
  return handlerAuthz(cb, index) !== undefined;
}

/**
 * The test, or an `if` of `fn` around it, compares the caller's role with a field of a record
 * (`role > view.min_role && !(await view.authorize(req.user, ...))`): a per-record decision.
 */
export function recordRoleGated(test: AstNode, fn: FunctionLike, index: JsIndex): boolean {
  if (recordRoleTest(test, index)) return true;
  for (const a of index.ancestors(test)) {
    if (a === fn.body) return false;
    if (a.type === 'IfStatement' && a.test !== test && recordRoleTest(a.test as AstNode, index)) return true;
  }
  return false;
}

function recordRoleTest(test: AstNode, index: JsIndex): boolean {
  return nodesUnder(test, 'BinaryExpression').some((b) => {
    if (!COMPARE.has(b.operator)) return false;
    const l = b.left as AstNode;
    const r = b.right as AstNode;
    return (callerKind(l, index) === 'role' && recordField(r, index)) || (callerKind(r, index) === 'role' && recordField(l, index));
  });
}

/** `view.min_role`, `+table.min_role_write`: a field of an object that is neither the request nor the caller. */
function recordField(node: AstNode, index: JsIndex): boolean {
  let n = unwrap(node);
  if (n.type === 'UnaryExpression' && n.operator === '+') n = unwrap(n.argument as AstNode);
  const path = memberPath(n);
  return !!path && path.length >= 2 && !REQ_NAMES.has(path[0]) && !callerKind(n, index) && !clientData(n, index);
}
