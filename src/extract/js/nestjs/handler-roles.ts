// A role check at the top of a Nest handler: `if (!user.isSuperAdmin) throw new HttpException(...)`
// on the caller (a `@CurrentUser()`-style parameter or `req.user`), directly or through a helper
// whose body throws on that condition (`this.assertSuperAdmin(user)`, a same-file function). The
// route is then an admin route, as if a role guard ran before it.
// Also a signed token in the request body verified before any work (`AuthService.verifyJWT(
// body.params)` fails closed): whoever holds the token may act, a capability by design.
import { calleeName, memberPath, nodesUnder, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { identityIn, negative, rejects } from '../_lib/routes-guard-signals.js';
import { roleIn } from '../_lib/routes-guard-roles.js';
import { parameterOf } from './decorators.js';

/** Parameter decorators that hand the handler the caller (not an organisation or a record). */
const CALLER_DECORATOR = /User|Auth|Session|Principal|Account|Claims|Jwt|Identity|Actor|Caller|^Me$/;
const REQUEST_DECORATOR = /^(Req|Request)$/;
/** Statements of the body looked at: the check comes first, before the handler's work. */
const TOP = 4;

interface Callers {
  users: Set<string>;
  requests: Set<string>;
}

function callersOf(params: AstNode[]): Callers {
  const out: Callers = { users: new Set(), requests: new Set() };
  for (const p of params) {
    const { target, decorators: decs } = parameterOf(p);
    if (target.type !== 'Identifier') continue;
    if (decs.some((d) => REQUEST_DECORATOR.test(d.name))) out.requests.add(target.name);
    else if (decs.some((d) => CALLER_DECORATOR.test(d.name))) out.users.add(target.name);
  }
  return out;
}

/** `user`, `user.x`, `req.user`, `req.user.x`: the caller. */
function isCaller(node: AstNode, callers: Callers): boolean {
  const path = memberPath(unwrap(node));
  if (!path) return false;
  return callers.users.has(path[0]) || (callers.requests.has(path[0]) && path[1] === 'user');
}

/** `if (<negated admin test on the caller>) throw ...` (or 401/403), with no else. */
function roleRefusal(stmt: AstNode, callers: Callers, index: JsIndex): string | undefined {
  if (stmt.type !== 'IfStatement' || stmt.alternate) return undefined;
  const test = stmt.test as AstNode;
  if (!negative(test, index) || roleIn(test, index) !== 'admin') return undefined;
  const why = rejects(stmt.consequent as AstNode, index);
  if (!why || !(why === 'throw' || /40[13]|nauthori|orbidden/.test(why))) return undefined;
  const onCaller = nodesUnder(test, 'MemberExpression').some((m) => isCaller(m, callers)) || nodesUnder(test, 'Identifier').some((i) => callers.users.has(i.name));
  return onCaller ? index.text(test).replace(/\s+/g, ' ').slice(0, 80) : undefined;
}

function topStatements(fn: FunctionLike): AstNode[] {
  const body = fn.body as AstNode | null;
  return body && body.type === 'BlockStatement' ? (body.body as AstNode[]).slice(0, TOP) : [];
}

/** The helper a statement calls (`this.assertAdmin(user)`, `await ensureAdmin(user)`), same class or file. */
function helperCall(stmt: AstNode, cls: AstNode | undefined, index: JsIndex): { fn: FunctionLike; args: AstNode[]; name: string } | undefined {
  if (stmt.type !== 'ExpressionStatement') return undefined;
  const call = unwrapAwait(stmt.expression as AstNode);
  if (!call || call.type !== 'CallExpression') return undefined;
  const path = memberPath(unwrap(call.callee as AstNode));
  if (!path) return undefined;
  let fn: FunctionLike | undefined;
  if (path.length === 2 && path[0] === 'this' && cls) {
    const m = (cls as unknown as { body: { body: AstNode[] } }).body.body.find((x) => x.type === 'MethodDefinition' && (x.key as AstNode).type === 'Identifier' && (x.key as unknown as { name: string }).name === path[1]);
    fn = m ? ((m as unknown as { value: FunctionLike }).value) : undefined;
  } else if (path.length === 1) fn = index.functionByName(path[0]);
  return fn ? { fn, args: call.arguments as AstNode[], name: calleeName(call) ?? path.join('.') } : undefined;
}

/** The helper's parameters that receive the caller at this call. */
function callerParams(fn: FunctionLike, args: AstNode[], callers: Callers): Callers {
  const out: Callers = { users: new Set(), requests: new Set() };
  fn.params.forEach((p, i) => {
    const param = p as AstNode;
    const inner = param.type === 'TSParameterProperty' ? (param.parameter as AstNode) : param;
    const target = inner.type === 'AssignmentPattern' ? unwrap(inner.left as AstNode) : inner;
    const arg = args[i];
    if (target.type !== 'Identifier' || !arg) return;
    const a = unwrap(arg);
    if (a.type === 'Identifier' && callers.requests.has(a.name)) out.requests.add(target.name);
    else if (isCaller(a, callers)) out.users.add(target.name);
  });
  return out;
}

/** An admin check the handler makes on its caller before its work, or undefined. */
export function handlerRoleCheck(method: AstNode, index: JsIndex): { level: 'admin'; why: string } | undefined {
  const fn = (method as unknown as { value: FunctionLike }).value;
  const callers = callersOf(fn.params as AstNode[]);
  if (callers.users.size === 0 && callers.requests.size === 0) return undefined;
  const cls = index.enclosingClass(method) as AstNode | undefined;
  for (const stmt of topStatements(fn)) {
    const direct = roleRefusal(stmt, callers, index);
    if (direct) return { level: 'admin', why: `handler refuses unless ${direct}` };
    const helper = helperCall(stmt, cls, index);
    if (!helper) continue;
    const inner = callerParams(helper.fn, helper.args, callers);
    if (inner.users.size === 0 && inner.requests.size === 0) continue;
    for (const s of topStatements(helper.fn)) {
      const why = roleRefusal(s, inner, index);
      if (why) return { level: 'admin', why: `handler calls ${helper.name}, which refuses unless ${why}` };
    }
  }
  return undefined;
}

const INPUT_DECORATOR = /^(Body|Query|Param)$/;

/** Does a failed verification inside this `try` end the handler (its catch leaves, or nothing follows the try)? */
function failsClosed(tryStmt: AstNode, body: AstNode[]): boolean {
  const handler = (tryStmt as unknown as { handler?: { body: AstNode } }).handler;
  if (!handler) return false;
  const leaves = nodesUnder(handler.body, 'ReturnStatement').length > 0 || nodesUnder(handler.body, 'ThrowStatement').length > 0;
  return leaves || body[body.length - 1] === tryStmt;
}

/** Among the first statements (or at the top of a `try` that fails closed), a JWT verification of a body/query/path value. */
export function bodyTokenCheck(method: AstNode, index: JsIndex): boolean {
  const fn = (method as unknown as { value: FunctionLike }).value;
  const inputs = new Set<string>();
  for (const p of fn.params as AstNode[]) {
    const { target, decorators } = parameterOf(p);
    if (target.type === 'Identifier' && decorators.some((d) => INPUT_DECORATOR.test(d.name))) inputs.add(target.name);
  }
  if (inputs.size === 0) return false;
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return false;
  const all = body.body as AstNode[];
  const verifies = (stmt: AstNode) =>
    nodesUnder(stmt, 'CallExpression').some((c) => identityIn(c, index)?.mechanism === 'jwt' && c.arguments.some((a) => inputs.has(memberPath(unwrap(a as AstNode))?.[0] ?? '')));
  // The first statement that does anything (`let payload;` declares only).
  const first = all.find((s) => !(s.type === 'VariableDeclaration' && nodesUnder(s, 'CallExpression').length === 0));
  if (!first) return false;
  if (first.type === 'TryStatement') {
    const block = (first.block as AstNode as { body: AstNode[] }).body.filter((s) => !(s.type === 'VariableDeclaration' && nodesUnder(s, 'CallExpression').length === 0));
    return failsClosed(first, all) && !!block[0] && verifies(block[0]);
  }
  return (first.type === 'VariableDeclaration' || first.type === 'ExpressionStatement') && verifies(first);
}
