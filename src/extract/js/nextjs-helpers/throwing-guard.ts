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
import { unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
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
