// Page gates: loaders that server components await to require a signed-in user or an administrator,
// and that leave by navigating away when there is none (the App Router idiom, often memoised per
// request with React's `cache()`):
//   export const requireUser = cache(async () => {
//     const session = await getSession();
//     if (!session?.user) redirect('/login');
//     return session.user;
//   });
//   export const requireAdmin = cache(async () => {
//     const user = await getCurrentUser();
//     if (!user) redirect('/login');
//     if (user.role !== 'admin') redirect('/');
//     return user;
//   });
// `redirect()`, `notFound()`, `unauthorized()` and `forbidden()` of next/navigation throw, so a page
// or layout that only awaits the gate (`const user = await requireUser()`) renders for callers it
// lets through. A loader that hands back `null` and lets its caller decide is no gate.
import { absentPaths } from '../_lib/absence.js';
import { isFunctionLike, memberPath, nodesUnder, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';

/** next/navigation calls that end rendering by throwing; SvelteKit's `redirect()` and `error()` throw as well. */
const NAVIGATION_EXIT = /^(next\/navigation\.(redirect|permanentRedirect|notFound|unauthorized|forbidden)|@sveltejs\/kit\.(redirect|error))$/;
/** SvelteKit's current request (`const { locals } = getRequestEvent()`, `$app/server`): its `locals` hold the caller. */
const REQUEST_EVENT = /^\$app\/server\.getRequestEvent$/;
/** What an awaited call that finds the caller is named after. */
const CALLER_SOURCE = /session|user|auth|viewer|account|identity|principal|caller|member/i;
/** An administrator test on the caller: `user.role !== 'admin'`, `!user.isAdmin`. */
const ADMIN_VALUE = /^(admin|administrator|superadmin|super_admin|owner)$/i;
const ADMIN_FLAG = /^(isAdmin|is_admin|isSuperAdmin|isSuperuser|superuser|isStaff|admin)$/;

export interface PageGate {
  /** `role`: the caller's role is compared with the gate's parameter (`requireRole(Role.ADMIN)`), the call site decides. */
  level: 'user' | 'admin' | 'role';
  why: string;
}

/** Statements the function runs first: its body's, with those of a `try` around it. */
function topStatements(fn: FunctionLike): AstNode[] {
  const body = unwrap(fn.body as AstNode | null);
  if (!body || body.type !== 'BlockStatement') return [];
  return (body.body as AstNode[]).flatMap((s) => (s.type === 'TryStatement' ? ((s.block as AstNode & { body: AstNode[] }).body) : [s]));
}

/** The branch leaves through a next/navigation exit (a `redirect('/login')`, alone or before a `return`). */
function navigatesAway(branch: AstNode, index: JsIndex): string | undefined {
  for (const call of nodesUnder(branch, 'CallExpression')) {
    const name = index.resolvedCallee(call) ?? '';
    if (NAVIGATION_EXIT.test(name)) return name.slice(name.lastIndexOf('.') + 1);
  }
  return undefined;
}

/**
 * Locals holding the caller, found by an awaited call named after it (`await getSession()`,
 * `await getCurrentUser()`), directly or one step on (`state.session.user`, `session?.user`,
 * `s.status === 'authenticated' ? s.session.user : undefined`).
 */
export function callerLocals(stmts: AstNode[], index: JsIndex, gates?: Map<string, string>): Set<string> {
  const out = new Set<string>();
  for (const s of stmts) {
    if (s.type !== 'VariableDeclaration') continue;
    for (const d of s.declarations) {
      const event = d.init ? unwrap(d.init as AstNode) : undefined;
      if (event?.type === 'CallExpression' && REQUEST_EVENT.test(index.resolvedCallee(event) ?? '')) {
        // `const event = getRequestEvent()` (`event.locals.user`), `const { locals } = getRequestEvent()`.
        if (d.id.type === 'Identifier') out.add(d.id.name);
        else if (d.id.type === 'ObjectPattern') for (const p of d.id.properties as AstNode[]) {
          const v = p.type === 'Property' ? unwrap(p.value as AstNode) : undefined;
          if (p.type === 'Property' && p.key.type === 'Identifier' && p.key.name === 'locals' && v?.type === 'Identifier') out.add(v.name);
        }
        continue;
      }
      // `const user = requireLogin()`: what a gate of the same file hands back is the caller it let through.
      const inner = event ? unwrapAwait(event) ?? event : undefined;
      if (gates && d.id.type === 'Identifier' && inner?.type === 'CallExpression' && inner.callee.type === 'Identifier' && gates.has(inner.callee.name)) {
        out.add(d.id.name);
        continue;
      }
      if (d.id.type !== 'Identifier' || !d.init) continue;
      const init = unwrap(d.init as AstNode);
      const call = unwrapAwait(init);
      const found = call?.type === 'CallExpression' && init.type === 'AwaitExpression' && CALLER_SOURCE.test(index.text(call.callee as AstNode).split('.').pop() ?? '');
      const derived = nodesUnder(init, 'Identifier').some((id) => out.has(id.name)) || (init.type === 'Identifier' && out.has(init.name));
      if (found || derived) out.add(d.id.name);
    }
  }
  return out;
}

/** `!user`, `!session?.user`, `user == null`, `!user || user.isGuest`: the caller local tested for absence. */
export function absent(test: AstNode, callers: ReadonlySet<string>): string | undefined {
  return absentPaths(test).find((path) => callers.has(path[0]))?.join('.');
}

/** `user.role !== 'admin'`, `!user.isAdmin`, either side of `||`: an administrator test on the caller. */
function notAdmin(test: AstNode, callers: ReadonlySet<string>): boolean {
  const t = unwrap(test);
  if (t.type === 'LogicalExpression' && t.operator === '||') return notAdmin(t.left as AstNode, callers) || notAdmin(t.right as AstNode, callers);
  if (t.type === 'UnaryExpression' && t.operator === '!') {
    const path = memberPath(unwrap(t.argument as AstNode));
    return !!path && path.length >= 2 && callers.has(path[0]) && ADMIN_FLAG.test(path[path.length - 1]);
  }
  if (t.type !== 'BinaryExpression' || (t.operator !== '!==' && t.operator !== '!=')) return false;
  for (const [mine, other] of [[t.left, t.right], [t.right, t.left]] as AstNode[][]) {
    const path = memberPath(unwrap(mine));
    const o = unwrap(other);
    const value = o.type === 'Literal' ? String((o as { value: unknown }).value) : (memberPath(o)?.pop() ?? '');
    if (path && path.length >= 2 && callers.has(path[0]) && /^roles?$/i.test(path[path.length - 1]) && ADMIN_VALUE.test(value)) return true;
  }
  return false;
}

/** `user.roleId !== role` where `role` is a parameter of the gate: the role its caller asks for. */
function notParamRole(test: AstNode, callers: ReadonlySet<string>, params: ReadonlySet<string>): boolean {
  const t = unwrap(test);
  if (t.type === 'LogicalExpression' && t.operator === '||') return notParamRole(t.left as AstNode, callers, params) || notParamRole(t.right as AstNode, callers, params);
  if (t.type !== 'BinaryExpression' || (t.operator !== '!==' && t.operator !== '!=')) return false;
  for (const [mine, other] of [[t.left, t.right], [t.right, t.left]] as AstNode[][]) {
    const path = memberPath(unwrap(mine));
    const o = unwrap(other);
    if (path && path.length >= 2 && callers.has(path[0]) && /^roles?(_?id)?$/i.test(path[path.length - 1]) && o.type === 'Identifier' && params.has(o.name)) return true;
  }
  return false;
}

/**
 * What the loader requires, when it navigates away from callers without it. `gates`: the other
 * gates of its file by name (with the level they require), whose caller it may take over
 * (`const user = requireLogin()`).
 */
export function pageGate(fn: FunctionLike, index: JsIndex, gates?: Map<string, string>): PageGate | undefined {
  const stmts = topStatements(fn);
  const callers = callerLocals(stmts, index, gates);
  if (callers.size === 0) return undefined;
  let user: string | undefined;
  let admin: string | undefined;
  let role: string | undefined;
  const params = new Set(fn.params.map((p) => (p.type === 'Identifier' ? p.name : '')).filter(Boolean));
  for (const s of stmts) {
    const call = s.type === 'VariableDeclaration' ? s.declarations.map((d) => (d.init ? unwrapAwait(unwrap(d.init as AstNode)) ?? unwrap(d.init as AstNode) : undefined)).find((c) => c?.type === 'CallExpression') : undefined;
    const inner = call?.type === 'CallExpression' && call.callee.type === 'Identifier' ? gates?.get(call.callee.name) : undefined;
    if (inner) {
      user ??= `${index.text(call!.callee as AstNode)}() first`;
      if (inner === 'admin') admin ??= `${index.text(call!.callee as AstNode)}()`;
    }
    if (s.type !== 'IfStatement' || s.alternate) continue;
    const exit = navigatesAway(s.consequent as AstNode, index);
    if (!exit) continue;
    const tested = absent(s.test as AstNode, callers);
    if (tested) user ??= `${exit}() when there is no ${tested}`;
    // `user.role` read after the absence check (or throwing without a caller): an administrator gate.
    else if (notAdmin(s.test as AstNode, callers)) admin ??= `${exit}() unless ${index.text(s.test as AstNode).replace(/\s+/g, ' ').slice(0, 60)}`;
    else if (notParamRole(s.test as AstNode, callers, params)) role ??= `${exit}() unless ${index.text(s.test as AstNode).replace(/\s+/g, ' ').slice(0, 60)}`;
  }
  if (user && !admin && !role) admin = privilegedOnly(fn, stmts, index);
  if (admin) return { level: 'admin', why: user ? `${user}; ${admin}` : admin };
  if (role) return { level: 'role', why: user ? `${user}; ${role}` : role };
  return user ? { level: 'user', why: user } : undefined;
}

/** `x.role === ...`, `x.roleId === Role.ADMIN`: a role the caller (or a membership record) holds. */
function holdsRole(test: AstNode): boolean {
  const t = unwrap(test);
  // `membership && membership.roleId === X`: a conjunct that tests a role restricts the whole test; `||` needs it on both sides.
  if (t.type === 'LogicalExpression') return t.operator === '&&' ? holdsRole(t.left as AstNode) || holdsRole(t.right as AstNode) : holdsRole(t.left as AstNode) && holdsRole(t.right as AstNode);
  if (t.type !== 'BinaryExpression' || (t.operator !== '===' && t.operator !== '==')) return false;
  return [t.left, t.right].some((side) => {
    const path = memberPath(unwrap(side as AstNode));
    return !!path && path.length >= 2 && /^roles?(_?id)?$/i.test(path[path.length - 1]);
  });
}

/**
 * A gate that lets callers through only for a role (`if (user.roleId === Role.ADMIN) return user;`
 * ... `if (membership?.roleId === Role.MANAGER) return user;`) and otherwise ends with a refusal
 * (`error(401)`): every `return` stands under a role test and the last statement navigates away.
 */
function privilegedOnly(fn: FunctionLike, stmts: AstNode[], index: JsIndex): string | undefined {
  const last = stmts[stmts.length - 1];
  if (!last || last.type !== 'ExpressionStatement' || !navigatesAway(last, index)) return undefined;
  const returns = nodesUnder(fn.body as AstNode, 'ReturnStatement').filter((r) => index.ancestors(r).find((a) => isFunctionLike(a)) === (fn as AstNode));
  if (returns.length === 0) return undefined;
  for (const r of returns) {
    const owner = index.parent(r);
    const branch = owner?.type === 'BlockStatement' ? index.parent(owner) : owner;
    if (!branch || branch.type !== 'IfStatement' || !holdsRole(branch.test as AstNode)) return undefined;
  }
  return `${navigatesAway(last, index)}() for callers without a role it tests`;
}

/** The function an export stands for, also through `cache(async () => ...)` (React's per-request memo). */
export function memoisedFunction(value: AstNode, index: JsIndex): FunctionLike | undefined {
  const v = unwrap(value);
  if (v.type !== 'CallExpression' || v.arguments.length !== 1) return undefined;
  if (!/^react\.cache$|^cache$/.test(index.resolvedCallee(v) ?? '')) return undefined;
  const arg = unwrap(v.arguments[0] as AstNode);
  return arg.type === 'ArrowFunctionExpression' || arg.type === 'FunctionExpression' ? (arg as FunctionLike) : undefined;
}
