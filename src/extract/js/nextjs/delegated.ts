// A route file that only hands the request to a handler imported from elsewhere:
//   export default limitsHandler;                                  (imported)
//   export default async function handler(req, res) { return await teamRoute(req, res); }
// The imported handler decides everything, so link judges the route by that handler's body (its
// `js-handler` record, as for an Express route registered with an imported controller).
import { forwardingCall, functionOf, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import type { HandlerRef } from '../_lib/routes.js';

function importedRef(node: AstNode | undefined, index: JsIndex): HandlerRef | undefined {
  const n = unwrap(node);
  if (!n || n.type !== 'Identifier') return undefined;
  const b = index.bindings.get(n.name);
  return b && b.imported !== '*' ? { module: b.module, from: index.file, export: b.imported, name: n.name } : undefined;
}

/** The only statement calls an imported function with the handler's own parameters, in order. */
function forwards(fn: FunctionLike, index: JsIndex): HandlerRef | undefined {
  const call = forwardingCall(fn);
  return call ? importedRef(call.callee as AstNode, index) : undefined;
}

/** The imported handler a route file's export stands for, if the file only delegates. */
export function delegatedHandler(value: AstNode, index: JsIndex): HandlerRef | undefined {
  const fn = functionOf(value, index);
  return fn ? forwards(fn, index) : importedRef(value, index);
}
