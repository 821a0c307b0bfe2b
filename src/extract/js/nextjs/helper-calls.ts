// Calls a route handler makes to imported request helpers and permission predicates, kept as
// middleware references for link to judge by the helper's body (js/nextjs-helpers):
//   const { auth, error } = await parseRequest(request, schema, { skipAuth: true });
//   if (error) return error();
//   if (!(await canViewUser(auth, userId))) return unauthorized();
// A call counts only when its outcome ends the handler early: a test of what the helper returned
// (or of the predicate's answer) whose branch returns or throws, among the handler's own top-level
// statements and before it awaits anything but reads (the request, a record it looks up) and the
// log of a refusal: never past a write. Nothing about the helper is
// guessed here: one that turns out not to check anything resolves to no guard at all.
import {
  calleeProperty,
  memberPath,
  nodesUnder,
  unwrap,
  unwrapAwait,
  type AstNode,
  type CallLike,
  type FunctionLike,
  type JsIndex,
} from '../_lib/ast.js';
import { absentPaths } from '../_lib/absence.js';
import { logCall, readOnlyCall } from '../_lib/read-only-calls.js';
import { rejects } from '../_lib/routes-guard-signals.js';
import { authLikeName, words, type MwRef } from '../_lib/routes.js';
import { argsText } from '../_lib/routes-refs.js';
import { responseHelper } from '../nextjs-helpers/response-helper.js';
import { exits } from './session-check.js';
import { literalOptions } from './wrapped-handler.js';

/** Awaits a handler may do before its checks without having touched data yet. */
const PREAMBLE_AWAIT = /^(params|searchParams|json|formData|text|headers|cookies)$/;
const REFUSAL = /40[13]|nauthori|orbidden/;

function paramName(p: AstNode | undefined): string | undefined {
  let n = p;
  if (n && n.type === 'AssignmentPattern') n = n.left as AstNode;
  return n && n.type === 'Identifier' ? n.name : undefined;
}

/** The imported function a call names: `parseRequest(...)`, `perms.canViewUser(...)` (namespace import). */
function importedCallee(call: CallLike, index: JsIndex): { name: string; module: string; export: string } | undefined {
  const callee = unwrap(call.callee as AstNode);
  if (callee.type === 'Identifier') {
    const b = index.bindings.get(callee.name);
    return b && b.imported !== '*' ? { name: callee.name, module: b.module, export: b.imported } : undefined;
  }
  const path = memberPath(callee);
  if (!path || path.length !== 2) return undefined;
  const b = index.bindings.get(path[0]);
  return b && b.imported === '*' ? { name: path.join('.'), module: b.module, export: path[1] } : undefined;
}

/** Names a declarator binds (`const { auth, error } = ...`, `const result = ...`). */
function boundNames(id: AstNode): string[] {
  if (id.type === 'Identifier') return [id.name];
  if (id.type !== 'ObjectPattern') return [];
  const out: string[] = [];
  for (const p of id.properties) {
    let v = (p.type === 'Property' ? p.value : p) as AstNode;
    if (v.type === 'RestElement') v = v.argument as AstNode;
    if (v.type === 'AssignmentPattern') v = v.left as AstNode;
    if (v.type === 'Identifier') out.push(v.name);
  }
  return out;
}

/** The call is handed the request first: `parseRequest(request, ...)`, or the Pages Router's `verifyUser({ req, res })`. */
function givesRequest(call: CallLike, request: string): boolean {
  const first = unwrap(call.arguments[0] as AstNode | undefined);
  if (!first) return false;
  if (first.type === 'Identifier') return first.name === request;
  if (first.type !== 'ObjectExpression') return false;
  return first.properties.some((p) => {
    const v = p.type === 'Property' ? unwrap(p.value as AstNode) : undefined;
    return !!v && v.type === 'Identifier' && v.name === request;
  });
}

/** The request handed in any place: `authorizeOrThrow(body.projectId, request)`. */
function givesRequestAnywhere(call: CallLike, request: string): boolean {
  return call.arguments.some((a) => {
    const u = unwrap(a as AstNode);
    return u.type === 'Identifier' && u.name === request;
  });
}

/** A call of a same-file function that writes the 401 itself and returns nothing (nextjs-helpers/response-helper.ts). */
function localResponseHelper(call: CallLike, index: JsIndex): MwRef | undefined {
  const callee = unwrap(call.callee as AstNode);
  const fn = callee.type === 'Identifier' ? index.functionByName(callee.name) : undefined;
  const why = fn ? responseHelper(fn, index) : undefined;
  return why && callee.type === 'Identifier' ? { name: callee.name, role: 'auth-user', terminal: true, why: `${callee.name}: ${why}` } : undefined;
}

/**
 * `const auth = new AuthService(req, res)`: locals holding an imported class of the repository built
 * from the request, mapped to the module and export of the class (its guard methods are judged
 * by js/nextjs-helpers service-guard.ts, exported as `Class.method`).
 */
function requestScopedInstances(stmts: readonly AstNode[], request: string, index: JsIndex): Map<string, { module: string; export: string }> {
  const out = new Map<string, { module: string; export: string }>();
  for (const stmt of stmts) {
    if (stmt.type !== 'VariableDeclaration') continue;
    for (const d of stmt.declarations) {
      const init = unwrap(d.init as AstNode | null);
      if (d.id.type !== 'Identifier' || !init || init.type !== 'NewExpression') continue;
      const callee = unwrap(init.callee as AstNode);
      const b = callee.type === 'Identifier' ? index.bindings.get(callee.name) : undefined;
      if (!b || b.imported === '*' || !PROJECT_MODULE.test(b.module)) continue;
      if (init.arguments.some((a) => { const u = unwrap(a as AstNode); return u.type === 'Identifier' && u.name === request; })) out.set(d.id.name, { module: b.module, export: b.imported });
    }
  }
  return out;
}

/** `auth.authGuard()` on such an instance: a reference to `AuthService.authGuard`. */
function instanceGuard(call: AstNode | undefined, instances: ReadonlyMap<string, { module: string; export: string }>, index: JsIndex): MwRef | undefined {
  if (!call || call.type !== 'CallExpression' || instances.size === 0) return undefined;
  const path = memberPath(unwrap(call.callee as AstNode));
  const cls = path?.length === 2 ? instances.get(path[0]) : undefined;
  return cls && path ? { name: path.join('.'), module: cls.module, from: index.file, export: `${cls.export}.${path[1]}`, terminal: true } : undefined;
}

/**
 * The Pages Router path parameter a value carries: `req.query.id`, a local bound to it, or one
 * destructured from `req.query` (`const { projectId } = req.query as {...}`).
 */
function pagesQueryParam(node: AstNode, fn: FunctionLike, request: string): string | undefined {
  const path = memberPath(unwrap(node));
  if (path?.length === 3 && path[0] === request && path[1] === 'query') return path[2];
  if (path?.length !== 1) return undefined;
  for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
    const init = memberPath(unwrap(d.init as AstNode | null));
    if (d.id.type === 'Identifier' && d.id.name === path[0] && init?.length === 3 && init[0] === request && init[1] === 'query') return init[2];
    if (d.id.type !== 'ObjectPattern' || init?.length !== 2 || init[0] !== request || init[1] !== 'query') continue;
    for (const p of d.id.properties) {
      if (p.type === 'Property' && p.key.type === 'Identifier' && boundNames(p.value as AstNode).includes(path[0])) return p.key.name;
    }
  }
  return undefined;
}

/** The values a look-up's argument holds: itself, or those of its criteria (`{ where: { id: boardId } }`). */
function criteriaValues(node: AstNode, depth = 0): AstNode[] {
  const u = unwrap(node);
  if (u.type !== 'ObjectExpression' || depth > 3) return [u];
  return (u.properties as AstNode[]).flatMap((p) => (p.type === 'Property' ? criteriaValues(p.value as AstNode, depth + 1) : []));
}

/**
 * Path parameters an object handed to a guard stands for: the parameter itself, or the record a
 * local holds that was looked up by it (`const project = await projects.get(projectId)`).
 */
function objectParams(call: CallLike, fn: FunctionLike, request: string | undefined, index: JsIndex): string[] {
  const carried = (n: AstNode): string | undefined => nextParamOf(n, fn) ?? (request ? pagesQueryParam(n, fn, request) : undefined);
  const out = new Set<string>();
  for (const a of call.arguments as AstNode[]) {
    const u = unwrap(a);
    const direct = carried(u);
    if (direct) out.add(direct);
    else if (u.type === 'Identifier') {
      const lookup = unwrapAwait(index.initAt(u.name, u) ?? null);
      if (lookup?.type === 'CallExpression') for (const arg of (lookup.arguments as AstNode[]).flatMap((x) => criteriaValues(x))) {
        const p = carried(arg);
        if (p) out.add(p);
      }
    }
  }
  return [...out];
}

/** Top-level statements of a handler, with those of a `try` block that wraps the whole body. */
function topStatements(fn: FunctionLike): AstNode[] {
  const body = unwrap(fn.body as AstNode | null);
  if (!body || body.type !== 'BlockStatement') return [];
  const out: AstNode[] = [];
  for (const s of body.body as AstNode[]) {
    if (s.type === 'TryStatement') out.push(...((s.block as AstNode & { body: AstNode[] }).body));
    else out.push(s);
  }
  return out;
}

/**
 * Path parameters of a Next.js handler a value carries: `userId` from `const { userId } = await
 * params` (where `params` is the context's), `params.userId`, `context.params.userId`.
 */
export function nextParamOf(node: AstNode, fn: FunctionLike): string | undefined {
  // A route handler's context is its second parameter, a page's props its first.
  const holders = (fn.params.slice(0, 2) as AstNode[]).map((p) => (p.type === 'AssignmentPattern' ? (p.left as AstNode) : p));
  const names = new Set(holders.map((p) => paramName(p)).filter((n): n is string => !!n));
  const destructured = holders.some((p) => p.type === 'ObjectPattern' && p.properties.some((q) => q.type === 'Property' && q.key.type === 'Identifier' && q.key.name === 'params'));
  /** `params` (destructured from the context or props) or `context.params`. */
  const isParams = (path: string[] | undefined): boolean => !!path && ((path.length === 1 && path[0] === 'params' && destructured) || (path.length === 2 && names.has(path[0]) && path[1] === 'params'));
  const path = memberPath(unwrap(node));
  if (!path) return undefined;
  if (path.length >= 2 && isParams(path.slice(0, -1))) return path[path.length - 1];
  if (path.length !== 1) return undefined;
  for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
    if (d.id.type !== 'ObjectPattern' || !isParams(memberPath(unwrapAwait(d.init as AstNode | null)))) continue;
    for (const p of d.id.properties) {
      if (p.type === 'Property' && p.key.type === 'Identifier' && boundNames(p.value as AstNode).includes(path[0])) return p.key.name;
    }
  }
  return undefined;
}

/**
 * `await x(...)` calls in a statement other than the ones allowed before the checks, the request
 * reads and record look-ups (read-only-calls.ts), and the log of a refusal in a branch that leaves.
 */
function touchesData(stmt: AstNode, allowed: ReadonlySet<AstNode>, index: JsIndex): boolean {
  const refusal = stmt.type === 'IfStatement' && !stmt.alternate && exits(stmt.consequent as AstNode, index) ? (stmt.consequent as AstNode) : undefined;
  const logged = new Set<AstNode>(refusal ? nodesUnder(refusal, 'CallExpression').filter((c) => logCall(c)) : []);
  return nodesUnder(stmt, 'AwaitExpression').some((a) => {
    const v = unwrapAwait(a as AstNode);
    if (!v) return false;
    if (v.type === 'CallExpression') return !allowed.has(v) && !PREAMBLE_AWAIT.test(calleeProperty(v) ?? '') && !readOnlyCall(v) && !logged.has(v);
    const path = memberPath(v);
    return !path || !PREAMBLE_AWAIT.test(path[path.length - 1]);
  });
}

/** The references to imported helpers and predicates whose refusal the handler returns early. */
export function helperCalls(fn: FunctionLike, index: JsIndex): MwRef[] {
  const request = paramName(fn.params[0] as AstNode | undefined);
  const refs: MwRef[] = [];
  const pending = new Map<string, MwRef>();
  const allowed = new Set<AstNode>();
  let looked = false;
  const stmts = topStatements(fn);
  // Cheap text test first: a handler that builds no object with `new` has no such instance.
  const instances = request && index.content.includes('new ') ? requestScopedInstances(stmts, request, index) : new Map<string, { module: string; export: string }>();
  for (const stmt of stmts) {
    if (stmt.type === 'VariableDeclaration') {
      for (const d of stmt.declarations) {
        const call = unwrapAwait(d.init as AstNode | null);
        // `const user = await auth.authGuard(); if (!user) return`: the guard method wrote the refusal.
        const method = instanceGuard(call, instances, index);
        if (method) {
          for (const name of boundNames(d.id as AstNode)) pending.set(name, method);
          allowed.add(call!);
          continue;
        }
        if (!call || call.type !== 'CallExpression' || !request) continue;
        // `const { userId } = await authorizeOrThrow(body.projectId, request)`: the request handed
        // after the object it checks; the result kept, not tested. It guards by throwing, or not at all.
        if (!givesRequest(call, request)) {
          const target = givesRequestAnywhere(call, request) ? importedCallee(call, index) : undefined;
          if (target && !refs.some((r) => r.name === target.name)) {
            refs.push({ name: target.name, module: target.module, from: index.file, export: target.export, terminal: true, throwsOnly: true });
            allowed.add(call);
          }
          continue;
        }
        const target = importedCallee(call, index);
        // A same-file `verifyUser({ req, res })` that answers the refusal itself: judged here.
        const local = !target ? localResponseHelper(call, index) : undefined;
        if (!target && !local) continue;
        const ref: MwRef = target ? { name: target.name, module: target.module, from: index.file, export: target.export, terminal: true } : local!;
        // `{ skipAuth: true }`, `{ auth: 'none' }`, `'none'` in place: what may switch the helper's check off.
        const optOut = literalOptions(call);
        if (optOut.length > 0) ref.optOut = optOut;
        for (const name of boundNames(d.id as AstNode)) pending.set(name, ref);
        allowed.add(call);
      }
      // `const ok = await canX(auth, id)`: judged where it is tested.
      for (const d of stmt.declarations) {
        const call = unwrapAwait(d.init as AstNode | null);
        if (call && call.type === 'CallExpression' && importedCallee(call, index)) allowed.add(call);
      }
    }
    // `await verifyHook({ req, rawBody })`: an imported helper handed the request that can only refuse by throwing.
    if (stmt.type === 'ExpressionStatement' && request) {
      const call = unwrapAwait(stmt.expression as AstNode);
      const target = call && call.type === 'CallExpression' && (givesRequest(call, request) || givesRequestAnywhere(call, request)) ? importedCallee(call, index) : undefined;
      if (target) {
        refs.push({ name: target.name, module: target.module, from: index.file, export: target.export, terminal: true, throwsOnly: true });
        allowed.add(call!);
      }
    }
    if (stmt.type === 'IfStatement' && exits(stmt.consequent as AstNode, index)) {
      const test = stmt.test as AstNode;
      // `if (error) return error();`, `if (!auth) return unauthorized();`, `if (result.error) ...`
      for (const id of nodesUnder(test, 'Identifier')) {
        const ref = pending.get(id.name);
        if (ref && !refs.includes(ref)) refs.push(ref);
      }
      // `if (!(await auth.ownerGuard(item))) return`: the method writes the refusal, a bare return ends the handler.
      for (const call of predicateCalls(test, index)) {
        const method = instanceGuard(call, instances, index);
        if (method && !refs.some((r) => r.name === method.name)) {
          const params = objectParams(call, fn, request, index);
          refs.push(params.length > 0 ? { ...method, argParams: params } : method);
          allowed.add(call);
        }
      }
      const refusal = rejects(stmt.consequent as AstNode, index);
      if (refusal && REFUSAL.test(refusal)) {
        // `const { auth } = await parseRequest(request); if (!auth) return unauthorized();`: the
        // handler itself refuses a request the helper found no caller for.
        const absent = identityAbsence(test);
        const from = absent ? pending.get(absent) : undefined;
        if (absent && from && !refs.some((r) => r.name === '<inline>')) refs.push({ name: '<inline>', role: 'auth-user', terminal: true, why: `handler refuses (${refusal}) when ${from.name}() returns no ${absent}` });
        for (const call of predicateCalls(test, index)) {
          const target = importedCallee(call, index);
          if (!target || pending.has(target.name)) continue;
          const ref: MwRef = { name: target.name, module: target.module, from: index.file, export: target.export, terminal: true };
          const params = call.arguments.slice(1).map((a) => nextParamOf(a as AstNode, fn)).filter((p): p is string => !!p);
          if (params.length > 0) ref.argParams = [...new Set(params)];
          refs.push(ref);
          allowed.add(call);
        }
      }
    }
    if (touchesData(stmt, allowed, index)) break;
    // `const doc = await getDoc(id); if (doc.isPublic) return Response.json(doc)`: what was read
    // is answered before the check, so the check does not stand in front of the whole handler.
    if (looked && stmt.type === 'IfStatement' && exits(stmt.consequent as AstNode, index) && !refuses(stmt.consequent as AstNode, index)) break;
    looked ||= nodesUnder(stmt, 'AwaitExpression').some((a) => {
      const v = unwrapAwait(a as AstNode);
      return v?.type === 'CallExpression' && !(request && givesRequest(v, request)) && readOnlyCall(v);
    });
  }
  return refs;
}

const ERROR_WORD = /^(bad|not|error|errors|unauthori[sz]ed|forbidden|invalid|fail|failed|failure|deny|denied|conflict|gone|reject|refuse|too)$/;

/** A branch that answers a refusal or an error (`return notFoundResponse(...)`, a 4xx status, a throw), or nothing. */
function refuses(branch: AstNode, index: JsIndex): boolean {
  if (rejects(branch, index) !== undefined || /\bstatus\s*:\s*[45]\d\d\b|\.status\(\s*[45]\d\d\s*\)/.test(index.text(branch))) return true;
  const last = branch.type === 'BlockStatement' ? (branch.body[branch.body.length - 1] as AstNode | undefined) : branch;
  if (last?.type !== 'ReturnStatement') return last?.type === 'ThrowStatement';
  const arg = unwrapAwait(last.argument as AstNode | null);
  if (!arg || (arg.type === 'Literal' && (arg as { value: unknown }).value === null)) return true;
  return nodesUnder(arg, 'CallExpression').some((c) => words(calleeProperty(c) ?? '').some((w) => ERROR_WORD.test(w)));
}

const IDENTITY = /^(auth|user|session|currentUser|account|identity|principal|caller)$/;

/** `!auth`, `!auth?.user`, `auth == null`, either side of `||`: the identity-named local whose absence is tested. */
function identityAbsence(test: AstNode): string | undefined {
  return absentPaths(test).find((path) => IDENTITY.test(path[0]) && (path.length === 1 || IDENTITY.test(path[path.length - 1])))?.[0];
}

/** `!(await canX(...))`, `!allowed` (bound to such a call), each side of `||`. */
function predicateCalls(test: AstNode, index: JsIndex): CallLike[] {
  const t = unwrap(test);
  if (t.type === 'LogicalExpression' && t.operator === '||') return [...predicateCalls(t.left as AstNode, index), ...predicateCalls(t.right as AstNode, index)];
  if (t.type !== 'UnaryExpression' || t.operator !== '!') return [];
  let v = unwrapAwait(t.argument as AstNode);
  if (v && v.type === 'Identifier') v = unwrapAwait(index.initAt(v.name, v));
  return v && v.type === 'CallExpression' ? [v] : [];
}

const CALLER_ROOT = /^(auth|session|user|currentUser|me|viewer|principal|account)$/;
const CALLER_ID = /^(id|_id|uid|sub|userId|user_id)$/;
const ADMIN_FLAG = /^(isAdmin|is_admin|admin|isSuperAdmin|isSuperuser|superuser|isStaff)$/;

/**
 * `if (auth.user.id !== userId && !auth.user.isAdmin) return unauthorized()`: the caller passes
 * when the path parameter names them or they are an administrator. The handler requires a user
 * and owns what `:userId` selects; it is not an administrator-only route.
 */
export function ownerOrAdminCheck(fn: FunctionLike, index: JsIndex): { param: string; test: AstNode } | undefined {
  for (const stmt of topStatements(fn)) {
    if (stmt.type !== 'IfStatement' || !exits(stmt.consequent as AstNode, index)) continue;
    const t = unwrap(stmt.test as AstNode);
    if (t.type !== 'LogicalExpression' || t.operator !== '&&') continue;
    const sides = [unwrap(t.left as AstNode), unwrap(t.right as AstNode)];
    let param: string | undefined;
    let admin = false;
    for (const side of sides) {
      if (side.type === 'BinaryExpression' && (side.operator === '!==' || side.operator === '!=')) {
        for (const [mine, other] of [[side.left, side.right], [side.right, side.left]] as AstNode[][]) {
          const path = memberPath(unwrap(mine));
          if (path && path.length >= 2 && CALLER_ROOT.test(path[0]) && CALLER_ID.test(path[path.length - 1])) param ??= nextParamOf(other, fn);
        }
      } else if (side.type === 'UnaryExpression' && side.operator === '!') {
        const path = memberPath(unwrap(side.argument as AstNode));
        if (path && CALLER_ROOT.test(path[0]) && ADMIN_FLAG.test(path[path.length - 1])) admin = true;
      }
    }
    if (param && admin) return { param, test: stmt.test as AstNode };
  }
  return undefined;
}

/** Modules of the repository itself (relative, a tsconfig alias, or SvelteKit's `$lib`). */
const PROJECT_MODULE = /^(\.|[@~#]\/|\$lib\/)/;

/** `await requireUser()`, `const user = await requireAdmin()`, `await Promise.all([getLocale(), requireAdmin()])`. */
function awaitedCalls(stmt: AstNode, unwrapped?: Set<AstNode>, index?: JsIndex): CallLike[] {
  const expr = stmt.type === 'ExpressionStatement' ? unwrap(stmt.expression as AstNode) : undefined;
  // `user = await requireUser()` (declared before a `try`) as well as `await requireUser()`.
  const exprs = expr ? [expr.type === 'AssignmentExpression' ? (expr.right as AstNode) : expr] : stmt.type === 'VariableDeclaration' ? stmt.declarations.map((d) => d.init as AstNode | null) : [];
  const out: CallLike[] = [];
  for (const e of exprs) {
    const u = e ? unwrap(e) : undefined;
    // `const user = requireLogin()`: a gate called without `await` (link counts it only when the gate is synchronous).
    if (u?.type === 'CallExpression' && unwrapped && authLikeName(calleeProperty(u) ?? index?.text(u.callee as AstNode) ?? '')) {
      unwrapped.add(u);
      out.push(u);
      continue;
    }
    if (!u || u.type !== 'AwaitExpression') continue;
    const call = unwrapAwait(u);
    if (!call || call.type !== 'CallExpression') continue;
    const all = calleeProperty(call) === 'all' && memberPath(unwrap(call.callee as AstNode))?.[0] === 'Promise';
    const arr = all ? unwrap(call.arguments[0] as AstNode | undefined) : undefined;
    if (arr?.type === 'ArrayExpression') for (const el of arr.elements) {
      const c = el && el.type !== 'SpreadElement' ? unwrap(el as AstNode) : undefined;
      if (c?.type === 'CallExpression') out.push(c);
    }
    else if (!all) out.push(call);
  }
  return out;
}

/**
 * Statements a handler runs first, for gates: its own, and those of a `try` whose `catch` leaves
 * on every path (`catch (e) { if (e instanceof AuthError) return unauthorized(); throw e; }`, or a
 * `redirect()`): a gate's throw inside it still ends the handler. A `catch` that carries on swallows
 * the refusal. With `throwOnly`, only a `catch` that ends by throwing (or a `finally` alone) counts.
 */
function gateStatements(fn: FunctionLike, index: JsIndex, throwOnly: boolean): AstNode[] {
  const body = unwrap(fn.body as AstNode | null);
  if (!body || body.type !== 'BlockStatement') return [];
  const out: AstNode[] = [];
  for (const s of body.body as AstNode[]) {
    if (s.type !== 'TryStatement') {
      out.push(s);
      continue;
    }
    const handler = s.handler as (AstNode & { body: AstNode & { body: AstNode[] } }) | null;
    const caught = handler ? handler.body.body : [];
    const last = caught[caught.length - 1];
    const leaves = !handler || (throwOnly ? last?.type === 'ThrowStatement' : exits(handler.body, index));
    if (leaves) out.push(...((s.block as AstNode & { body: AstNode[] }).body));
  }
  return out;
}

/**
 * A same-file helper awaited for its refusal (`const denied = await ensureAdmin(); if (denied)
 * return denied;`, or awaited alone): the gates it awaits count for the handler. Its result must be
 * tested and left on unless its `catch` rethrows.
 */
function localGateCalls(call: CallLike, stmt: AstNode, next: AstNode | undefined, index: JsIndex, depth: number): MwRef[] {
  const callee = unwrap(call.callee as AstNode);
  const local = callee.type === 'Identifier' && !index.bindings.has(callee.name) ? index.functionByName(callee.name) : undefined;
  if (!local || depth > 0) return [];
  const bound = stmt.type === 'VariableDeclaration' ? stmt.declarations.flatMap((d) => boundNames(d.id as AstNode)) : [];
  const tested = next?.type === 'IfStatement' && exits(next.consequent as AstNode, index) && nodesUnder(next.test as AstNode, 'Identifier').some((id) => bound.includes(id.name));
  return gateCalls(local, index, depth + 1, !tested);
}

/**
 * Page gates a server component (or handler) awaits among its top-level statements: calls of
 * imported functions of the repository (`const user = await requireUser()`, also `await
 * requireRole(['admin'])` with its arguments kept for link's role judgement). They count only when
 * js/nextjs-helpers found the function leaves by throwing without a caller (a `redirect()` of
 * next/navigation, page-gate.ts, or an error, throwing-guard.ts): link turns the others into
 * nothing (`throwsOnly`).
 */
export function gateCalls(fn: FunctionLike, index: JsIndex, depth = 0, throwOnly = false): MwRef[] {
  const refs: MwRef[] = [];
  const stmts = gateStatements(fn, index, throwOnly);
  const unawaited = new Set<AstNode>();
  stmts.forEach((stmt, i) => {
    for (const call of awaitedCalls(stmt, unawaited, index)) {
      const target = importedCallee(call, index);
      if (!target) {
        if (!unawaited.has(call)) for (const r of localGateCalls(call, stmt, stmts[i + 1], index, depth)) if (!refs.some((x) => x.name === r.name)) refs.push(r);
        continue;
      }
      if (!PROJECT_MODULE.test(target.module) || refs.some((r) => r.name === target.name)) continue;
      refs.push({ name: target.name, module: target.module, from: index.file, export: target.export, terminal: true, throwsOnly: true, ...(unawaited.has(call) ? { unawaited: true } : {}), ...(call.arguments.length > 0 ? { args: argsText(call, index) } : {}) });
    }
  });
  return refs;
}
