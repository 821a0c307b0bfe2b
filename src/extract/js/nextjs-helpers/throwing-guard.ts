// Guard helpers that refuse by throwing, given the request in any place (after the object they
// check, as often as first):
//   export const authorizeOrThrow = async (projectId, request) => {
//     const session = await getSessionForRequest(request);
//     if (!session?.user) throw new UnauthorizedError('Unauthenticated');
//     ...
//     return { userId: session.user.id };
//   };
// Judged by body: among its top-level statements, before any `return`, an `if` tests the absence
// of a value a call about the request returned (a session or token check) and throws. A handler
// that awaits it stops there for a request without a caller, whether it keeps the result or not:
// `user`, with `throws`/`halts` for the call sites (js/nextjs helper-calls.ts, _lib/routes-guard-calls.ts).
import { memberPath, nodesUnder, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { absent, callerLocals } from './page-gate.js';
import { absentPath } from '../_lib/absence.js';
import { callValue, identityCall } from './request-helper.js';

const REQUEST = /^(req|request)$/;
const MIDDLEWARE_PARAM = /^(res|response|reply|next|h|done|cb|callback)$/;

function paramName(p: AstNode | undefined): string | undefined {
  let n = p;
  if (n && n.type === 'AssignmentPattern') n = n.left as AstNode;
  return n && n.type === 'Identifier' ? n.name : undefined;
}

/** A branch that only throws: `throw new UnauthorizedError(...)`, after a log at most. */
function throwsOut(branch: AstNode): boolean {
  const stmts = branch.type === 'BlockStatement' ? (branch.body as AstNode[]) : [branch];
  const last = stmts[stmts.length - 1];
  return last?.type === 'ThrowStatement' && !stmts.some((s) => s.type === 'ReturnStatement');
}

/** Why `fn` throws for a request without a caller before it returns, or undefined. */
export function throwingRequestGuard(fn: FunctionLike, index: JsIndex): string | undefined {
  const names = fn.params.map((p) => paramName(p as AstNode));
  const request = names.find((n) => !!n && REQUEST.test(n));
  const body = unwrap(fn.body as AstNode | null);
  if (!request || names.some((n) => !!n && MIDDLEWARE_PARAM.test(n)) || !body || body.type !== 'BlockStatement') return undefined;
  for (const s of body.body as AstNode[]) {
    if (s.type === 'ReturnStatement') return undefined;
    if (s.type !== 'IfStatement' || !throwsOut(s.consequent as AstNode)) continue;
    const local = absentPath(s.test as AstNode)?.[0];
    const call = local ? callValue(local, s, fn, index) : undefined;
    const checker = call ? identityCall(call, request) : undefined;
    if (checker) return `${checker}() checks the request, throws without a caller`;
  }
  return undefined;
}

/**
 * Guards that find the caller themselves (App Router helpers read the session from `headers()` or
 * `cookies()`, so they take no request) and throw without one:
 *   export async function requireUser() {
 *     const session = await getSession();
 *     if (!session?.user) throw new AuthenticationError();
 *     return session.user;
 *   }
 *   export async function requireRole(roles) {
 *     const user = await requireUser();
 *     if (!roles.includes(user.role)) throw new AuthorizationError();
 *     return user;
 *   }
 * The first is `user`; the second `role` (the call site's role list decides, as for Express role
 * guards). The caller comes from an awaited call named after it given nothing but the request's
 * headers or cookies (`getUser(id)` looks a record up: a `throw` after it is a 404, not a guard).
 */
export function throwingSessionGuard(fn: FunctionLike, index: JsIndex): { level: 'user' | 'role'; why: string } | undefined {
  const names = fn.params.map((p) => paramName(p as AstNode));
  if (names.some((n) => !!n && (REQUEST.test(n) || MIDDLEWARE_PARAM.test(n)))) return undefined;
  const body = unwrap(fn.body as AstNode | null);
  if (!body || body.type !== 'BlockStatement') return undefined;
  const stmts: AstNode[] = [];
  for (const s of body.body as AstNode[]) {
    if (s.type === 'ReturnStatement') break;
    stmts.push(s);
  }
  const callers = callerLocals(stmts.filter((s) => s.type !== 'VariableDeclaration' || !s.declarations.some((d) => lookup(d.init as AstNode | null, index))), index);
  if (callers.size === 0) return undefined;
  let user: string | undefined;
  let role: string | undefined;
  for (const s of stmts) {
    if (s.type !== 'IfStatement' || s.alternate || !throwsOut(s.consequent as AstNode)) continue;
    const tested = absent(s.test as AstNode, callers);
    if (tested) user ??= `throws without ${tested}`;
    else if (roleListTest(s.test as AstNode, callers, names)) role ??= `throws unless ${index.text(s.test as AstNode).replace(/\s+/g, ' ').slice(0, 60)}`;
  }
  if (role) return { level: 'role', why: user ? `${user}; ${role}` : role };
  return user ? { level: 'user', why: user } : undefined;
}

/**
 * An awaited call given something other than the request's headers or cookies (`await
 * getUser(id)`, `await db.user.findUnique({ where })`): a lookup, whose absence is a 404, not the
 * caller's. `await getSession()`, `await auth.api.getSession({ headers: await headers() })` pass.
 */
function lookup(init: AstNode | null, index: JsIndex): boolean {
  const u = init ? unwrap(init) : undefined;
  const call = u?.type === 'AwaitExpression' ? unwrapAwait(u) : undefined;
  return !!call && call.type === 'CallExpression' && call.arguments.some((a) => !/\b(headers|cookies)\b/.test(index.text(a as AstNode)));
}

/** `!roles.includes(user.role)`, `!allowed.some((r) => r === user.role)`: a role list parameter tested against the caller's role. */
function roleListTest(test: AstNode, callers: ReadonlySet<string>, params: (string | undefined)[]): boolean {
  const t = unwrap(test);
  if (t.type !== 'UnaryExpression' || t.operator !== '!') return false;
  const call = unwrap(t.argument as AstNode);
  if (call.type !== 'CallExpression') return false;
  const callee = memberPath(unwrap(call.callee as AstNode));
  if (!callee || callee.length !== 2 || !params.includes(callee[0]) || !/^(includes|some|has)$/.test(callee[1])) return false;
  return nodesUnder(call, 'MemberExpression').some((m) => {
    const path = memberPath(m);
    return !!path && path.length >= 2 && callers.has(path[0]) && /^roles?$/i.test(path[path.length - 1]);
  });
}
