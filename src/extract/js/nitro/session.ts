// What an h3 handler does with the caller's session, which the shared handler summary reads only
// in Express's shape (`req.session.userId = ...`): h3 opens the session store with
// `useSession(event, config)` (or a project's `useAppSession(event)` around it) and writes it with
// `session.update({...})` / `session.clear()`; nuxt-auth-utils signs in with
// `setUserSession(event, {...})` and out with `clearUserSession(event)`.
//   - a session write naming the caller after a credential check → `login` (a sign-in, public by design);
//   - only session writes, none naming a caller (a pending login cancelled, a preference) → `session-only`.
import { calleeName, calleeProperty, memberPath, nodesUnder, propertyKey, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';

/** Keys that name the signed-in caller in a session record. */
const IDENTITY_KEY = /^(user|userId|user_id|uid|account|accountId|loggedInUser|id|sub)$/;
/** Signs of a credential being checked: a password or one-time code compared, a login service called. */
const CREDENTIAL_CHECK = /\b(password|passwd|totp|otp|verifyCode|checkCode|login|signIn|authenticate|verifyPassword|comparePassword|bcrypt|argon2|scrypt|timingSafeEqual)\b/i;
/** Calls that reach beyond the session (storage, mail, other services): a route doing them changes more. */
const OUTSIDE_CALL = /^(insert|create|update|upsert|delete|remove|save|destroy|send|mail|publish|enqueue|exec|run|query|set|put|write|fetch)/i;

function sessionLocals(fn: FunctionLike): Set<string> {
  const out = new Set<string>();
  for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
    const init = unwrapAwait(d.init as AstNode | null);
    if (d.id.type !== 'Identifier' || !init || init.type !== 'CallExpression') continue;
    if (/^use\w*Session$|^getSession$/.test((calleeName(init) ?? '').split('.').pop() ?? '')) out.add(d.id.name);
  }
  return out;
}

/** Login / session-only tags of an h3 handler's session use, or none. */
export function h3SessionTags(fn: FunctionLike, index: JsIndex): string[] {
  if (!fn.body) return [];
  const locals = sessionLocals(fn);
  let identity = false;
  let writes = 0;
  let outside = false;
  for (const call of nodesUnder(fn.body as AstNode, 'CallExpression')) {
    const name = (calleeName(call) ?? '').split('.').pop() ?? '';
    const recv = memberPath(unwrap(call.callee as AstNode))?.[0];
    const onSession = recv !== undefined && locals.has(recv) && memberPath(unwrap(call.callee as AstNode))?.length === 2;
    if (onSession && (calleeProperty(call) === 'update' || calleeProperty(call) === 'clear')) {
      writes++;
      const data = unwrap(call.arguments[0] as AstNode | undefined);
      // `session.update({ userId: user.id })`: a caller put in the session (a value, not `undefined`).
      if (data?.type === 'ObjectExpression' && data.properties.some((p) => p.type === 'Property' && IDENTITY_KEY.test(propertyKey(p as AstNode) ?? '') && index.text(p.value as AstNode) !== 'undefined')) identity = true;
      continue;
    }
    if (/^(setUserSession|replaceUserSession)$/.test(name)) {
      writes++;
      identity = true;
      continue;
    }
    if (/^clearUserSession$/.test(name)) {
      writes++;
      continue;
    }
    if (!onSession && OUTSIDE_CALL.test(name) && !/^(setHeader|setCookie|setResponseStatus|sendRedirect|setResponseHeader)$/.test(name)) outside = true;
  }
  if (writes === 0) return [];
  if (identity) return CREDENTIAL_CHECK.test(index.text(fn.body as AstNode)) ? ['login', 'sets-session'] : ['sets-session'];
  return outside ? [] : ['session-only'];
}
