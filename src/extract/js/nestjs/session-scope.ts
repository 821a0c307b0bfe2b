// What a Nest handler does to the caller's own server-side session, for routes that need no login:
// - `session-only`: its only effects are assignments into the caller's session (`request.session.x =
//   null` to abandon a half-finished sign-in): nobody else's data changes;
// - `session-precondition`: it first refuses unless the caller's session already holds a value an
//   earlier step stored (`if (!request.session.pendingUser) throw …`, a sign-up finished after an
//   identity provider's login): a stranger without that step gets nothing done.
import { memberPath, nodesUnder, unwrap, type AstNode, type FunctionLike } from '../_lib/ast.js';
import { parameterOf } from './decorators.js';

const REQUEST_DECORATOR = /^(Req|Request)$/;
const SESSION_DECORATOR = /^Session$/;

/** Parameter names that reach the session: `@Req() request` (as `request.session`) and `@Session() session`. */
function sessionRoots(fn: FunctionLike): { requests: Set<string>; sessions: Set<string> } {
  const out = { requests: new Set<string>(), sessions: new Set<string>() };
  for (const p of fn.params as AstNode[]) {
    const { target, decorators: decs } = parameterOf(p);
    if (target.type !== 'Identifier') continue;
    if (decs.some((d) => REQUEST_DECORATOR.test(d.name))) out.requests.add(target.name);
    else if (decs.some((d) => SESSION_DECORATOR.test(d.name))) out.sessions.add(target.name);
  }
  return out;
}

function inSession(node: AstNode, roots: { requests: Set<string>; sessions: Set<string> }): boolean {
  const path = memberPath(unwrap(node));
  if (!path || path.length < 2) return false;
  return (roots.requests.has(path[0]) && path[1] === 'session' && path.length > 2) || roots.sessions.has(path[0]);
}

/** `!request.session.x`, `!a || !request.session.y?.z`: true when some session value is missing. */
function missingSessionValue(test: AstNode, roots: { requests: Set<string>; sessions: Set<string> }): boolean {
  const t = unwrap(test);
  if (t.type === 'UnaryExpression' && t.operator === '!') return inSession(t.argument as AstNode, roots);
  if (t.type === 'LogicalExpression' && t.operator === '||') return missingSessionValue(t.left as AstNode, roots) || missingSessionValue(t.right as AstNode, roots);
  return false;
}

function throwsOnly(stmt: AstNode): boolean {
  if (stmt.type === 'ThrowStatement') return true;
  return stmt.type === 'BlockStatement' && (stmt.body as AstNode[]).length === 1 && (stmt.body as AstNode[])[0].type === 'ThrowStatement';
}

export function sessionScope(method: AstNode): 'session-only' | 'session-precondition' | undefined {
  const fn = (method as unknown as { value: FunctionLike }).value;
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return undefined;
  const roots = sessionRoots(fn);
  if (roots.requests.size === 0 && roots.sessions.size === 0) return undefined;
  const statements = body.body as AstNode[];
  if (statements.length === 0) return undefined;
  const first = statements[0];
  if (first.type === 'IfStatement' && !first.alternate && throwsOnly(first.consequent as AstNode) && missingSessionValue(first.test as AstNode, roots)) return 'session-precondition';
  const onlySessionWrites =
    nodesUnder(body, 'CallExpression').length === 0 &&
    nodesUnder(body, 'NewExpression').length === 0 &&
    statements.every((s) => s.type === 'ExpressionStatement' && unwrap(s.expression as AstNode).type === 'AssignmentExpression' && inSession((unwrap(s.expression as AstNode) as AstNode & { left: AstNode }).left, roots));
  return onlySessionWrites ? 'session-only' : undefined;
}
