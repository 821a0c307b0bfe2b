// Session checks in Next.js handlers and server-rendered pages that the generic guard classifier
// leaves at `unknown` or misses. Judged by control flow: an `if` that tests the ABSENCE of a
// session value (`!session`, `!session?.user`, `!currentUser`, `user == null`, or a call such as
// `!(await canEditPost(id))` to a same-file helper that reads the session) and whose branch exits
// (any `return` — `NextResponse.error()`, a 401 response, a `{ redirect }` result, JSX — a `throw`,
// or `redirect()` / `notFound()`, which throw in Next.js). The session value comes from next-auth
// `getServerSession`, `auth()`, `getToken`, or a `getCurrentUser()`-style wrapper. A refusal
// elsewhere in the handler (an unrelated `throw`) does not count.
import { calleeName, isFunctionLike, nodesUnder, unwrap, unwrapAwait, type AstNode, type CallLike, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import type { RouteMeta } from '../_lib/routes.js';
import { nextParamOf } from './helper-calls.js';
import { adminIdCheck } from './admin-id.js';
import { ownFunctions } from './method-branches.js';
import { codeExchange } from '../_lib/oauth-code-exchange.js';

const SESSION_CALL = /^(getServerSession|getOptionalSession|getRequiredSession|requireUserId|getUserId|getServerAuthSession|unstable_getServerSession|getSession|getToken|auth|currentUser|getCurrentUser|getUser|getAuth|getSessionUser|getAuthSession|getUserSession|requireUser|requireSession|validateRequest)$/;
/** A getter of the current caller by the words of its name (`getUserAuth`, `getAuthUser`, `requireCurrentSession`); only given nothing. */
const AMBIENT_CALLER = /^(get|require|read|load|fetch|resolve)(Current|Request)?(User|Session|Auth|Caller|Viewer)(Auth|Session|Id|User|Context|Info)?$/;
/** Calls that end rendering by throwing (next/navigation) or answer 401/403. */
const EXIT_CALL = /^(redirect|permanentRedirect|notFound|unauthorized|forbidden)$/;
const REFUSES = /\bstatus\s*:\s*40[13]\b|\.status\(\s*40[13]\s*\)/;

function lastName(call: CallLike): string {
  return (calleeName(call) ?? '').split('.').pop() ?? '';
}

function callsSession(fn: FunctionLike): boolean {
  return nodesUnder(fn.body as AstNode, 'CallExpression').some((c) => SESSION_CALL.test(lastName(c)));
}

/** Is this call a session read, directly or through a same-file helper one level deep? */
function sessionCall(call: CallLike, index: JsIndex, self: FunctionLike): string | undefined {
  const name = calleeName(call);
  if (!name) return undefined;
  // `getUser(userId)` with a route parameter loads that record, not the caller's session.
  // `oauth2Client.getToken(code)`: an OAuth callback exchanging its code, not a session read.
  if (SESSION_CALL.test(lastName(call))) return call.arguments.some((a) => nextParamOf(a as AstNode, self) !== undefined) || codeExchange(call as AstNode, index) ? undefined : name;
  // `const { userId } = await getUserAuth()`: a getter named after the caller, given nothing (App Router reads the cookies).
  if (AMBIENT_CALLER.test(lastName(call)) && call.arguments.length === 0) return name;
  const helper = !name.includes('.') ? index.functionByName(name) : undefined;
  if (helper && helper !== self && isFunctionLike(unwrap(helper as AstNode)) && helper.body && callsSession(helper) && !failsOpen(helper, index)) return name;
  return undefined;
}

/** Helpers being judged by `failOpenRead`, so helpers calling each other cannot recurse forever. */
const judging = new Set<FunctionLike>();

function failsOpen(helper: FunctionLike, index: JsIndex): boolean {
  return failOpenRead(helper, index) !== undefined;
}

/**
 * In a helper that reads the session only through optional chaining and never refuses without one,
 * the read that puts the session into a query filter (`where: { id, authorId: session?.user.id }`,
 * then `return count > 0`): with no session the owner key is `undefined`, which Prisma and TypeORM
 * drop from a filter, so the check passes for anyone. A plain read (`session.user.id`) throws
 * without a session, and a comparison (`session?.user.id === post.authorId`) is false: both fail closed.
 */
function failOpenRead(helper: FunctionLike, index: JsIndex): AstNode | undefined {
  if (judging.has(helper)) return undefined;
  judging.add(helper);
  try {
    if (sessionCheck(helper, index)) return undefined;
    const locals = new Set<string>();
    for (const d of nodesUnder(helper.body as AstNode, 'VariableDeclarator')) {
      const init = unwrapAwait(d.init as AstNode | null);
      if (d.id.type === 'Identifier' && init && init.type === 'CallExpression' && SESSION_CALL.test(lastName(init))) locals.add(d.id.name);
    }
    if (locals.size === 0) return undefined;
    let filterRead: AstNode | undefined;
    for (const id of nodesUnder(helper.body as AstNode, 'Identifier')) {
      if (!locals.has(id.name)) continue;
      const parent = index.parent(id);
      if (parent?.type === 'VariableDeclarator' && parent.id === id) continue;
      // Any other use (`return session`, `if (session)`, `session.user`) can fail closed.
      if (parent?.type !== 'MemberExpression' || parent.object !== id || !parent.optional) return undefined;
      filterRead ??= filterValue(parent, index);
    }
    return filterRead;
  } finally {
    judging.delete(helper);
  }
}

/** The whole chain (`session?.user.id`) when it is the value of a key in an object literal passed to a call (a query filter). */
function filterValue(read: AstNode, index: JsIndex): AstNode | undefined {
  let node = read;
  let parent = index.parent(node);
  while (parent && (parent.type === 'MemberExpression' || parent.type === 'ChainExpression') && (parent.type === 'ChainExpression' || parent.object === node)) {
    node = parent;
    parent = index.parent(node);
  }
  if (!parent || parent.type !== 'Property' || parent.value !== node) return undefined;
  for (const a of index.ancestors(parent)) {
    if (a.type === 'CallExpression' || a.type === 'NewExpression') return node;
    if (a.type !== 'ObjectExpression' && a.type !== 'Property' && a.type !== 'ArrayExpression') return undefined;
  }
  return undefined;
}

/** A handler's refusal (`if (!(await canEdit(id))) return 403`) through a same-file helper whose check fails open. */
export interface FailOpenGuard {
  helper: string;
  /** The optional session read inside the helper's query filter. */
  read: AstNode;
}

export function failOpenGuard(fn: FunctionLike, index: JsIndex): FailOpenGuard | undefined {
  if (!fn.body) return undefined;
  for (const s of nodesUnder(fn.body as AstNode, 'IfStatement')) {
    if (!ownFunctions(fn).has(index.enclosingFunction(s)!) || !exits(s.consequent as AstNode, index)) continue;
    for (const check of absenceChecks(s.test as AstNode)) {
      for (const call of nodesUnder(check, 'CallExpression')) {
        const name = calleeName(call);
        const helper = name && !name.includes('.') ? index.functionByName(name) : undefined;
        if (!name || !helper || helper === fn || !helper.body || !callsSession(helper)) continue;
        const read = failOpenRead(helper, index);
        if (read) return { helper: name, read };
      }
    }
  }
  return undefined;
}

/** Does a destructuring pattern bind `name` (`const { data: { user } } = ...`)? */
function binds(pattern: AstNode, name: string): boolean {
  if (pattern.type === 'Identifier') return pattern.name === name;
  if (pattern.type === 'AssignmentPattern') return binds(pattern.left as AstNode, name);
  if (pattern.type === 'RestElement') return binds(pattern.argument as AstNode, name);
  if (pattern.type === 'ArrayPattern') return pattern.elements.some((e) => !!e && binds(e as AstNode, name));
  if (pattern.type === 'ObjectPattern') return pattern.properties.some((p) => binds((p.type === 'Property' ? p.value : p) as AstNode, name));
  return false;
}

/**
 * `const { user } = await payload.auth({ headers })`: the init of a destructured local;
 * `const [session, banner] = await Promise.all([getSession(request), ...])`: the call at its place.
 */
function destructuredInit(name: string, fn: FunctionLike): AstNode | undefined {
  for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
    if (d.id.type === 'Identifier' || !d.init || !binds(d.id as AstNode, name)) continue;
    const init = unwrapAwait(d.init as AstNode);
    if (d.id.type === 'ArrayPattern' && init?.type === 'CallExpression' && /^Promise\.(all|allSettled)$/.test(calleeName(init) ?? '')) {
      const list = unwrap(init.arguments[0] as AstNode);
      const at = d.id.elements.findIndex((e) => e?.type === 'Identifier' && e.name === name);
      if (list?.type === 'ArrayExpression' && at >= 0 && list.elements[at]) return list.elements[at] as AstNode;
    }
    return d.init as AstNode;
  }
  return undefined;
}

/** `let user; try { user = await payload.auth(...) } catch ...`: the value assigned to a local. */
function assignedValue(name: string, fn: FunctionLike): AstNode | undefined {
  for (const a of nodesUnder(fn.body as AstNode, 'AssignmentExpression')) {
    const left = a.left as AstNode;
    if (a.operator === '=' && left.type === 'Identifier' && left.name === name) return a.right as AstNode;
  }
  return undefined;
}

/** What a local holds: its initialiser, its destructuring source, or what is assigned to it. */
function valueOf(name: string, at: AstNode, index: JsIndex, fn: FunctionLike): AstNode | undefined {
  return unwrapAwait(index.initAt(name, at) ?? destructuredInit(name, fn) ?? assignedValue(name, fn));
}

/** The session source a test reads: a session call in it, or a name bound to one (`const s = await auth()`). */
function sessionIn(test: AstNode, index: JsIndex, self: FunctionLike): string | undefined {
  for (const call of nodesUnder(test, 'CallExpression')) {
    const found = sessionCall(call, index, self);
    if (found) return found;
  }
  for (const id of nodesUnder(test, 'Identifier')) {
    let init = valueOf(id.name, id, index, self);
    // `user = authResult.user` where `const authResult = await payload.auth(...)`: one hop.
    if (init && init.type === 'MemberExpression') {
      let root = init.object as AstNode;
      while (root.type === 'MemberExpression') root = root.object as AstNode;
      init = root.type === 'Identifier' ? valueOf(root.name, root, index, self) : undefined;
    }
    if (!init || init.type !== 'CallExpression') continue;
    const found = sessionCall(init, index, self);
    if (found) return found;
  }
  return undefined;
}

/** The parts of a test that check for absence: `!x`, `!x?.user`, `!(await f())`, `x == null`, each side of `||`. */
function absenceChecks(test: AstNode): AstNode[] {
  const t = unwrap(test);
  if (t.type === 'UnaryExpression') return t.operator === '!' ? [t] : [];
  if (t.type === 'BinaryExpression' && (t.operator === '==' || t.operator === '===')) {
    const sides = [t.left, t.right].map((x) => unwrap(x as AstNode));
    const nullish = sides.some((x) => (x.type === 'Literal' && (x as { value: unknown }).value === null) || (x.type === 'Identifier' && x.name === 'undefined'));
    return nullish ? [t] : [];
  }
  if (t.type === 'LogicalExpression' && t.operator === '||') return [...absenceChecks(t.left as AstNode), ...absenceChecks(t.right as AstNode)];
  return [];
}

/** Does the branch leave the handler (or answer 401/403)? Also judges helper calls (helper-calls.ts). */
export function exits(branch: AstNode, index: JsIndex): boolean {
  const last = branch.type === 'BlockStatement' ? (branch.body[branch.body.length - 1] as AstNode | undefined) : branch;
  if (!last) return false;
  if (last.type === 'ReturnStatement' || last.type === 'ThrowStatement') return true;
  if (last.type === 'ExpressionStatement') {
    const e = unwrapAwait(last.expression as AstNode);
    if (e && e.type === 'CallExpression' && EXIT_CALL.test(lastName(e))) return true;
  }
  // `if (!session) { res.status(401).json(...) }` in a Pages Router handler.
  return REFUSES.test(index.text(branch));
}

/** Why the handler requires a signed-in user, or undefined when it does not show that. */
export function sessionCheck(fn: FunctionLike, index: JsIndex): string | undefined {
  if (!fn.body) return undefined;
  for (const s of nodesUnder(fn.body as AstNode, 'IfStatement')) {
    // Only the handler's own checks, not those of callbacks defined inside it.
    if (!ownFunctions(fn).has(index.enclosingFunction(s)!)) continue;
    if (!exits(s.consequent as AstNode, index)) continue;
    // `if (!listing || listing.userId !== user.id)` is about the listing, not the session.
    const source = absenceChecks(s.test as AstNode).map((check) => sessionIn(check, index, fn)).find((x) => x !== undefined);
    if (!source) continue;
    return SESSION_CALL.test(source.split('.').pop() ?? '') ? `${source}() read, refuses without a session` : `${source} reads the session and the handler refuses without access`;
  }
  return undefined;
}

/**
 * A handler's own auth: the guard classifier's verdict, and where that is missing or `unknown`,
 * the session check (`session`, when it decided, makes the handler `user`).
 */
export function handlerAuth(inline: RouteMeta['inline'], fn: FunctionLike, index: JsIndex): { inline: RouteMeta['inline']; session?: string } {
  // `if (user.id !== Number(process.env.ADMIN_ID || 1)) return 403`: the configured administrator only (admin-id.ts).
  const admin = inline?.level !== 'admin' ? adminIdCheck(fn, index) : undefined;
  if (admin) return { inline: { level: 'admin', why: admin }, session: admin };
  const session = !inline || inline.level === 'unknown' ? sessionCheck(fn, index) : undefined;
  return session ? { inline: { level: 'user', why: session }, session } : { inline };
}
