// Middleware that leaves the decision to a guard it calls: `const session = await
// validateSession(req, res); if (!session) return; res.locals = session; next();`. The helper
// refuses (answers 401) and the middleware stops when it does, so the middleware guards like the
// helper, at the helper's level. A helper of the same file is judged here; one imported from
// another module is judged in link against that module's guard definitions (`details.calls`).
import { nodesUnder, paramNames, type AstNode, type FunctionLike, type JsIndex } from './ast.js';
import { guardCalls } from './routes-guard-calls.js';
import type { GuardVerdict } from './routes-guards.js';

export type DelegatedGuard = { kind: 'local'; verdict: GuardVerdict } | { kind: 'imported'; calls: string; name: string };

/** Is `node` inside the block of a `try` of `fn` (whose handler may swallow what it throws)? */
function insideTry(node: AstNode, fn: FunctionLike, index: JsIndex): boolean {
  for (let n = index.parent(node) as AstNode | undefined, child: AstNode = node; n && n !== (fn as unknown as AstNode); child = n, n = index.parent(n) as AstNode | undefined) {
    if (n.type === 'TryStatement' && (n.block as AstNode) === child) return true;
  }
  return false;
}

/** The guard a middleware hands the request to and stops behind, when it calls `next()` itself. */
export function delegatedGuard(fn: FunctionLike, index: JsIndex): DelegatedGuard | undefined {
  const next = paramNames(fn)[2];
  const body = fn.body as AstNode | null;
  if (!next || !body || body.type !== 'BlockStatement') return undefined;
  // A handler that answers the request itself is not middleware: it must hand the request on.
  if (!nodesUnder(body, 'CallExpression').some((c) => (c.callee as AstNode).type === 'Identifier' && (c.callee as AstNode & { name: string }).name === next)) return undefined;
  const { local, imported } = guardCalls(fn, index);
  // A helper that throws when it refuses stops the middleware too (Express answers the error),
  // unless a `try` around the call catches the throw.
  const own = local.find((c) => c.halts || (c.helperHalts && !insideTry(c.call, fn, index)));
  if (own) return { kind: 'local', verdict: { ...own.verdict, why: `calls ${own.name}: ${own.verdict.why}` } };
  const other = imported.find((c) => c.halts && c.ref);
  return other?.ref ? { kind: 'imported', calls: `${other.ref.module}#${other.ref.export}`, name: other.name } : undefined;
}
