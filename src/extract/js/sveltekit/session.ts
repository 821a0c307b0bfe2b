// Caller checks in SvelteKit server code (endpoints, form actions, load functions, hooks). The
// signed-in caller lives in `event.locals` (filled by `hooks.server`), comes from a session helper
// of Auth.js / Lucia / Supabase (`await locals.auth()`, `locals.getSession()`,
// `locals.safeGetSession()`), or from a project helper handed the request's cookies or event
// (`await getSession(cookies)`). A check is an `if` testing the ABSENCE of that value (or a role it
// lacks) whose branch leaves: `error(401)`, `redirect(303, '/login')`, `fail(403)`, a 401/403
// response, or a `throw`. A role or admin test makes it an admin check.
import { calleeName, isFunctionLike, memberPath, nodesUnder, orParts, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';

/** Request parts a session helper is handed (`getUser(cookies)`, `auth(event)`, `validate(event.cookies.get('sid'))`). */
const REQUEST_PART = /^(event|cookies|request|locals|evt|e|ctx)$/;
/** Names of helpers that return the caller. */
const CALLER_HELPER = /session|user|auth|login|account|caller|viewer|whoami|current|token|jwt|validate/i;
/** Modules of the app itself: relative, SvelteKit's `$lib`, a tsconfig alias. */
const OWN_MODULE = /^(\.|\$lib(\/|$)|[@~#]\/)/;
/** A helper named as a gate that hands back the caller it required (`requireLoginOrError`, `ensureUser`), not a look-up (`getUsersCount`). */
const GATE_NAME = /^(require|ensure|assert|must)[A-Z_]/;
/** A role or admin test on the caller. */
const ADMIN_TEST = /\b(is_?admin|admin|is_?super_?(user|admin)?|superuser|role|roles|permissions?|is_?staff|isOwner)\b/i;
/** Leaves with a refusal: SvelteKit's `error`/`redirect`/`fail` helpers (which throw or end the action), or a 401/403 answer. */
const REFUSAL = /\b(error|redirect|fail)\s*\(|status\s*:\s*40[13]\b|\bthrow\b|\bstatus\(\s*40[13]\s*\)|\b40[13]\b/;

export interface KitCheck {
  level: 'user' | 'admin';
  why: string;
}

/** The names the function's first parameter gives the event, `locals` and `cookies` (`event`, `{ locals }`, `{ locals: { user } }`). */
export interface EventNames {
  event?: string;
  locals?: string;
  cookies?: string;
  /** Local names of `locals` members destructured in the parameter (`{ locals: { supabase, safeGetSession } }`), by local name → member. */
  members: Map<string, string>;
}

export function eventNames(fn: FunctionLike): EventNames {
  const out: EventNames = { members: new Map() };
  const p = fn.params[0] as AstNode | undefined;
  if (!p) return out;
  if (p.type === 'Identifier') return { ...out, event: p.name };
  if (p.type !== 'ObjectPattern') return out;
  for (const prop of p.properties as AstNode[]) {
    if (prop.type !== 'Property' || prop.key.type !== 'Identifier') continue;
    let local = unwrap(prop.value as AstNode);
    if (local.type === 'AssignmentPattern') local = unwrap(local.left as AstNode);
    const name = local.type === 'Identifier' ? local.name : undefined;
    // A hook's `({ event, resolve })`.
    if (prop.key.name === 'event' && name) out.event = name;
    if (prop.key.name === 'locals' && name) out.locals = name;
    if (prop.key.name === 'cookies' && name) out.cookies = name;
    if (prop.key.name === 'locals' && local.type === 'ObjectPattern') {
      for (const m of local.properties as AstNode[]) {
        if (m.type !== 'Property' || m.key.type !== 'Identifier') continue;
        let v = unwrap(m.value as AstNode);
        if (v.type === 'AssignmentPattern') v = unwrap(v.left as AstNode);
        if (v.type === 'Identifier') out.members.set(v.name, m.key.name);
      }
    }
  }
  return out;
}

interface Scope {
  index: JsIndex;
  names: EventNames;
  /** Local names holding the caller (or its session), with the expression they came from. */
  callers: Map<string, string>;
}

/** `locals.user`, `event.locals.session`, `locals` itself: the request's server-side caller slot. */
function isLocalsRef(n: AstNode, s: Scope): boolean {
  const path = memberPath(unwrap(n));
  if (!path) return false;
  if (s.names.locals && path[0] === s.names.locals) return true;
  if (s.names.members.has(path[0])) return true;
  return !!s.names.event && path[0] === s.names.event && path[1] === 'locals';
}

/** An argument that is the request or a part of it. */
function isRequestPart(n: AstNode, s: Scope): boolean {
  const v = unwrap(n);
  if (v.type === 'CallExpression') return isRequestPart(v.callee as AstNode, s) || (v.arguments as AstNode[]).some((a) => isRequestPart(a, s));
  const path = memberPath(v);
  if (!path) return false;
  return REQUEST_PART.test(path[0]) || path[0] === s.names.event || path[0] === s.names.locals || path[0] === s.names.cookies;
}

/** The caller value an initializer yields: `locals.user`, `await locals.auth()`, `await getSession(cookies)`. */
function callerSource(init: AstNode | null | undefined, s: Scope): string | undefined {
  const v = unwrapAwait(unwrap(init ?? null)) ?? (init ? unwrap(init) : undefined);
  if (!v) return undefined;
  if (isLocalsRef(v, s)) return s.index.text(v);
  if (v.type !== 'CallExpression') return undefined;
  const callee = unwrap(v.callee as AstNode);
  // `await locals.auth()`, `locals.safeGetSession()`, `event.locals.getUser()`.
  if (callee.type === 'MemberExpression' && isLocalsRef(callee.object as AstNode, s)) return s.index.text(v);
  // `await safeGetSession()` taken from `{ locals: { safeGetSession } }`.
  if (callee.type === 'Identifier' && s.names.members.has(callee.name)) return s.index.text(v);
  const name = calleeName(v) ?? '';
  if (CALLER_HELPER.test(name.split('.').pop() ?? '') && (v.arguments as AstNode[]).some((a) => isRequestPart(a, s))) return s.index.text(v).slice(0, 80);
  // `const authUser = await requireLoginOrError()`: a helper of the app's own (`$lib`, relative) that
  // finds the caller by itself (SvelteKit's `getRequestEvent()`).
  const bound = callee.type === 'Identifier' ? s.index.bindings.get(callee.name) : undefined;
  const own = callee.type === 'Identifier' ? callee.name : '';
  if (bound && OWN_MODULE.test(bound.module) && GATE_NAME.test(own) && CALLER_HELPER.test(own)) return s.index.text(v).slice(0, 80);
  return undefined;
}

/** Collects `const user = locals.user`, `const { session } = await locals.safeGetSession()`. */
function collectCallers(fn: FunctionLike, s: Scope): void {
  for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
    const src = callerSource(d.init as AstNode | null, s);
    if (!src) continue;
    if (d.id.type === 'Identifier') s.callers.set(d.id.name, src);
    else if (d.id.type === 'ObjectPattern') {
      for (const p of d.id.properties as AstNode[]) {
        const v = p.type === 'Property' ? unwrap(p.value as AstNode) : undefined;
        if (v?.type === 'Identifier') s.callers.set(v.name, src);
      }
    }
  }
  for (const a of nodesUnder(fn.body as AstNode, 'AssignmentExpression')) {
    if (a.left.type !== 'Identifier') continue;
    const src = callerSource(a.right as AstNode, s);
    if (src) s.callers.set(a.left.name, src);
  }
}

/** Does the expression read the caller (`user`, `user.id`, `locals.user?.role`, `(await locals.auth())?.user`)? */
function readsCaller(n: AstNode, s: Scope): boolean {
  const v = unwrapAwait(unwrap(n)) ?? unwrap(n);
  if (isLocalsRef(v, s)) return true;
  const path = memberPath(v);
  if (path && s.callers.has(path[0])) return true;
  if (v.type === 'MemberExpression') return readsCaller(v.object as AstNode, s);
  if (v.type === 'CallExpression') return callerSource(v, s) !== undefined;
  return false;
}

/** A test that holds when the caller is missing or lacks a role: `!user`, `user == null`, `locals.user?.role !== 'admin'`. */
function missingCaller(test: AstNode, s: Scope): 'user' | 'admin' | undefined {
  let found: 'user' | 'admin' | undefined;
  for (const part of orParts(test)) {
    const v = unwrap(part);
    let hit: 'user' | 'admin' | undefined;
    if (v.type === 'UnaryExpression' && v.operator === '!' && readsCaller(v.argument as AstNode, s)) hit = ADMIN_TEST.test(s.index.text(v.argument as AstNode).replace(/^[^.]*/, '')) ? 'admin' : 'user';
    else if (v.type === 'BinaryExpression' && /^[!=]==?$/.test(v.operator)) {
      const [l, r] = [unwrap(v.left as AstNode), unwrap(v.right as AstNode)];
      const nullish = (x: AstNode) => (x.type === 'Literal' && (x as { value: unknown }).value === null) || (x.type === 'Identifier' && x.name === 'undefined');
      const side = readsCaller(l, s) ? l : readsCaller(r, s) ? r : undefined;
      if (side && (v.operator.startsWith('=') ? nullish(side === l ? r : l) : false)) hit = 'user';
      // `user.role !== 'admin'`, `locals.user.isAdmin !== true`.
      else if (side && v.operator.startsWith('!') && ADMIN_TEST.test(s.index.text(v))) hit = 'admin';
    } else if (v.type === 'CallExpression' && v.arguments.some((a) => readsCaller(a as AstNode, s)) && /^!?(is|has|can)?_?(admin|superuser|staff)/i.test((calleeName(v) ?? '').split('.').pop() ?? '')) hit = 'admin';
    if (!hit) continue;
    found = found === 'admin' || hit === 'admin' ? 'admin' : 'user';
  }
  return found;
}

/** A flag a check hands back about the caller's access: `const { authenticated } = await requireAccessToGroup(id)`. */
const ACCESS_FLAG = /^(is_?)?(authenticated|authori[sz]ed|allowed|permitted|logged_?in|signed_?in|has_?access|can_?access|has_?permission)$/i;
/** A branch that answers 401 or 403 through SvelteKit's `error()` or a response. */
const AUTH_REFUSAL = /\berror\s*\(\s*40[13]\b|status\s*:\s*40[13]\b|\bfail\s*\(\s*40[13]\b/;

/**
 * `if (!authenticated) error(401)`, where `authenticated` came from an awaited call: the handler
 * refuses callers a helper found no access for. Only an explicit 401/403 counts (a helper's
 * verdict on its own says nothing about who the caller is).
 */
function accessFlagCheck(test: AstNode, branch: AstNode, flags: ReadonlySet<string>, index: JsIndex): boolean {
  const t = unwrap(test);
  // `!authenticated && user.id !== params.userId`: refused unless the helper granted access or the caller it found owns the path.
  if (t.type === 'LogicalExpression' && t.operator === '&&') return accessFlagCheck(t.left as AstNode, branch, flags, index) || accessFlagCheck(t.right as AstNode, branch, flags, index);
  if (t.type !== 'UnaryExpression' || t.operator !== '!') return false;
  const path = memberPath(unwrap(t.argument as AstNode));
  const name = path?.[path.length - 1];
  return !!path && flags.has(path[0]) && !!name && ACCESS_FLAG.test(name) && AUTH_REFUSAL.test(index.text(branch));
}

/** Locals bound from an awaited call: `const { authenticated } = await check(id)`, `const ok = await check(id)`. */
function awaitedLocals(fn: FunctionLike): Set<string> {
  const out = new Set<string>();
  for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
    if (!d.init || unwrap(d.init as AstNode).type !== 'AwaitExpression') continue;
    if (d.id.type === 'Identifier') out.add(d.id.name);
    else if (d.id.type === 'ObjectPattern') for (const p of d.id.properties as AstNode[]) {
      const v = p.type === 'Property' ? unwrap(p.value as AstNode) : undefined;
      if (v?.type === 'Identifier') out.add(v.name);
    }
  }
  return out;
}

/** The statements of a branch leave with a refusal. */
export function refuses(branch: AstNode, index: JsIndex): boolean {
  const stmts = branch.type === 'BlockStatement' ? (branch.body as AstNode[]) : [branch];
  const last = stmts.at(-1);
  if (!last) return false;
  const text = index.text(last);
  if (last.type === 'ThrowStatement') return true;
  if (last.type === 'ReturnStatement') return REFUSAL.test(text);
  // Kit 2's `error(401)` / `redirect(303, '/login')` throw without a `throw`.
  if (last.type === 'ExpressionStatement') {
    const e = unwrapAwait(unwrap(last.expression as AstNode)) ?? unwrap(last.expression as AstNode);
    return e.type === 'CallExpression' && /^(error|redirect)$/.test((calleeName(e) ?? '').split('.').pop() ?? '');
  }
  return false;
}

/** An `if` every run of the function reaches: in its body or a `try` block there, under no other statement. */
function atTop(stmt: AstNode, fn: FunctionLike, index: JsIndex): boolean {
  for (let p = index.parent(stmt); p && p !== (fn.body as AstNode); p = index.parent(p)) {
    if (p.type === 'BlockStatement' || p.type === 'TryStatement') continue;
    return false;
  }
  return true;
}

/**
 * The strictest caller check in the function's own statements (not in nested callbacks).
 * `topOnly`: only checks every request meets (statements of the body itself or of a `try`), as a
 * hook's check nested under a condition this does not read guards only some requests.
 */
export function kitCallerCheck(fn: FunctionLike, index: JsIndex, topOnly = false): KitCheck | undefined {
  if (!fn.body) return undefined;
  const s: Scope = { index, names: eventNames(fn), callers: new Map() };
  collectCallers(fn, s);
  let best: KitCheck | undefined;
  let flags: Set<string> | undefined;
  for (const stmt of nodesUnder(fn.body as AstNode, 'IfStatement')) {
    // A check in a callback the handler defines (`items.map(...)`) does not stop the request.
    const owner = index.ancestors(stmt).find((a) => isFunctionLike(a));
    if (owner && owner !== (fn as AstNode)) continue;
    if (topOnly && !atTop(stmt, fn, index)) continue;
    flags ??= awaitedLocals(fn);
    const level = missingCaller(stmt.test as AstNode, s) ?? (atTop(stmt, fn, index) && accessFlagCheck(stmt.test as AstNode, stmt.consequent as AstNode, flags, index) ? 'user' : undefined);
    if (!level || !refuses(stmt.consequent as AstNode, index)) continue;
    if (!best || (level === 'admin' && best.level === 'user')) best = { level, why: `handler checks: ${index.text(stmt.test as AstNode).replace(/\s+/g, ' ').slice(0, 80)}` };
  }
  return best;
}
