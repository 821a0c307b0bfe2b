// Session checks in Next.js handlers and server-rendered pages that the generic guard classifier
// leaves at `unknown` or misses: the handler (or a same-file helper it calls, such as
// `verifyCurrentUserHasAccessToPost`) reads the session with next-auth `getServerSession`,
// `auth()`, `getToken`, or a `getCurrentUser()`-style wrapper, and the handler refuses with
// 401/403, `redirect(...)`, `notFound()` or `unauthorized()`.
import { calleeName, isFunctionLike, nodesUnder, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';

const SESSION_CALL = /^(getServerSession|getServerAuthSession|unstable_getServerSession|getSession|getToken|auth|currentUser|getCurrentUser|getUser|getAuth|getSessionUser|validateRequest)$/;
const REFUSES = /\bstatus\s*:\s*40[13]\b|\.status\(\s*40[13]\s*\)|\b(redirect|permanentRedirect|notFound|unauthorized|forbidden)\s*\(|destination\s*:/;

function callsSession(fn: FunctionLike): boolean {
  return nodesUnder(fn.body as AstNode, 'CallExpression').some((c) => SESSION_CALL.test((calleeName(c) ?? '').split('.').pop() ?? ''));
}

/** Why the handler requires a signed-in user, or undefined when it does not show that. */
export function sessionCheck(fn: FunctionLike, index: JsIndex): string | undefined {
  if (!fn.body || !REFUSES.test(index.text(fn))) return undefined;
  if (callsSession(fn)) return 'reads the session and refuses without one';
  // One level into same-file helpers the handler calls.
  for (const call of nodesUnder(fn.body as AstNode, 'CallExpression')) {
    const name = calleeName(call);
    const helper = name && !name.includes('.') ? index.functionByName(name) : undefined;
    if (helper && helper !== fn && isFunctionLike(unwrap(helper as AstNode)) && helper.body && callsSession(helper)) return `${name} reads the session and the handler refuses without access`;
  }
  return undefined;
}
