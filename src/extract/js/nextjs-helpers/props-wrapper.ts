// getServerSideProps wrappers (Pages Router): a shared function pages hand their data loader to,
// which finds the caller from the request first and sends anyone without one elsewhere:
//   export const withSession = (gssp) => async (context) => {
//     const session = await getSession(context.req);
//     if (!session) return { redirect: { destination: '/login', permanent: false } };
//     return gssp(context, session);
//   };
//   export const getServerSideProps = withSession(async (ctx, session) => ({ props: {} }));
// The page renders only for a caller the check let through. Judged by body: the returned function
// calls (or returns the call of) the loader it was given, and before that an unconditional `if`
// whose test reads what an awaited call given the request found leaves on every path it takes by
// returning a `redirect` or `notFound` result, or by throwing.
import { isFunctionLike, memberPath, nodesUnder, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { returnedFunction } from '../_lib/routes-guards.js';

/** The words a file defining one shows (checked before parsing). */
export function mayDefinePropsWrapper(content: string): boolean {
  return content.includes('ServerSideProps') && content.includes('redirect');
}

function identName(n: AstNode | undefined): string | undefined {
  let p = n;
  if (p && p.type === 'AssignmentPattern') p = p.left as AstNode;
  return p && p.type === 'Identifier' ? p.name : undefined;
}

/** A `return` of a Pages Router refusal: `{ redirect: ... }` or `{ notFound: true }`. */
function refusalResult(ret: AstNode): boolean {
  const arg = ret.type === 'ReturnStatement' ? unwrap(ret.argument as AstNode | null) : undefined;
  return arg?.type === 'ObjectExpression' && (arg.properties as AstNode[]).some((p) => p.type === 'Property' && !p.computed && p.key.type === 'Identifier' && (p.key.name === 'redirect' || p.key.name === 'notFound'));
}

/**
 * The branch leaves on every path: its last statement returns or throws, or it is a `switch` whose
 * every case does (a `default` that only reports an impossible value counts as leaving), and every
 * `return` in it is a refusal.
 */
function leavesRefusing(branch: AstNode, runner: FunctionLike, index: JsIndex): boolean {
  const returns = nodesUnder(branch, 'ReturnStatement').filter((r) => index.enclosingFunction(r) === runner);
  // At least one redirect (to sign in): a loader that only answers 404 may be hiding a feature.
  if (!returns.every(refusalResult) || !returns.some((r) => index.text(r).includes('redirect'))) return false;
  return leaves(branch);
}

function leaves(node: AstNode): boolean {
  if (node.type === 'ReturnStatement' || node.type === 'ThrowStatement') return true;
  if (node.type === 'BlockStatement') {
    const last = node.body[node.body.length - 1] as AstNode | undefined;
    return !!last && leaves(last);
  }
  if (node.type === 'IfStatement') return !!node.alternate && leaves(node.consequent as AstNode) && leaves(node.alternate as AstNode);
  if (node.type === 'SwitchStatement') {
    const cases = node.cases as (AstNode & { test: AstNode | null; consequent: AstNode[] })[];
    return cases.length > 0 && cases.every((c) => {
      if (c.consequent.length === 0) return true; // falls through to the next case
      const last = c.consequent[c.consequent.length - 1];
      // `default: assertUnreachable(x)`: the type checker proves no value gets here.
      if (c.test === null && last.type === 'ExpressionStatement' && unwrap(last.expression as AstNode).type === 'CallExpression') return true;
      return leaves(last);
    });
  }
  return false;
}

/** Locals filled, before `at`, by an awaited call given the request (`context.req`, `ctx.req.headers`). */
function requestCheckedLocals(runner: FunctionLike, context: string, at: AstNode, index: JsIndex): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of nodesUnder(runner.body as AstNode, 'VariableDeclarator')) {
    if (d.start > at.start || index.enclosingFunction(d) !== runner) continue;
    const init = unwrap(d.init as AstNode | null);
    if (init?.type !== 'AwaitExpression') continue;
    const call = unwrapAwait(init);
    if (call?.type !== 'CallExpression') continue;
    const given = (call.arguments as AstNode[]).some((a) => {
      const path = memberPath(unwrap(a));
      return !!path && path[0] === context && (path.length === 1 || path[1] === 'req');
    });
    if (!given) continue;
    const id = d.id as AstNode;
    const names = id.type === 'Identifier' ? [id.name] : id.type === 'ObjectPattern' ? (id.properties as AstNode[]).flatMap((p) => (p.type === 'Property' ? [identName(p.value as AstNode)].filter((n): n is string => !!n) : [])) : [];
    for (const n of names) out.set(n, index.text(call.callee as AstNode));
  }
  return out;
}

/** Is `fn` a getServerSideProps wrapper that refuses callers its request check finds no one for? Why, or undefined. */
export function propsWrapper(fn: FunctionLike, index: JsIndex): string | undefined {
  const loader = identName(fn.params[0] as AstNode | undefined);
  const runner = loader ? returnedFunction(fn, index) : undefined;
  const context = runner ? identName(runner.params[0] as AstNode | undefined) : undefined;
  if (!runner || !context || !runner.body || runner.body.type !== 'BlockStatement' || !isFunctionLike(runner)) return undefined;
  // The loader runs, given the context: `return gssp(context, ...)`.
  const call = nodesUnder(runner.body as AstNode, 'CallExpression').find((c) => {
    const callee = unwrap(c.callee as AstNode);
    return callee.type === 'Identifier' && callee.name === loader && index.enclosingFunction(c) === runner && identName(c.arguments[0] as AstNode | undefined) === context;
  });
  if (!call) return undefined;
  for (const stmt of runner.body.body as AstNode[]) {
    if (stmt.start >= call.start) break;
    if (stmt.type !== 'IfStatement' || !leavesRefusing(stmt.consequent as AstNode, runner, index)) continue;
    const checked = requestCheckedLocals(runner, context, stmt, index);
    const read = nodesUnder(stmt.test as AstNode, 'Identifier').map((i) => checked.get(i.name)).find((c) => c !== undefined);
    if (read) return `${read}(${context}.req) finds the caller; without one the page redirects before ${loader} runs`;
  }
  return undefined;
}
