// State a handler keeps for the caller's own browser session: values put in `req.session` and stored
// rows keyed by the session's id (`db.cart.updateOne({ sessionId: req.session.id }, ...)`, a guest
// cart persisted between visits). Changing it touches nobody else's data, so a route that does
// nothing more needs no login by design (`session-only`, as the Nest handlers of nestjs/session-scope.ts).
import { calleeName, memberPath, nodesUnder, unwrap, type AstNode, type CallLike, type FunctionLike, type JsIndex } from './ast.js';
import { REQUEST_PARAMS } from './routes-handler-records.js';

/** `req.session.id`, `req.sessionID`: the id of the caller's own session. */
function sessionIdValue(node: AstNode): boolean {
  let n = unwrap(node);
  // `getId(req.session.id)`, `String(req.sessionID)`: a conversion of the same value.
  if (n.type === 'CallExpression' && n.arguments.length === 1) n = unwrap(n.arguments[0] as AstNode);
  const path = memberPath(n);
  if (!path || !REQUEST_PARAMS.has(path[0])) return false;
  return (path.length === 2 && path[1] === 'sessionID') || (path.length === 3 && path[1] === 'session' && path[2] === 'id');
}

/** A data-layer call whose filter (its first argument) pins the caller's session id. */
export function sessionKeyed(call: CallLike): boolean {
  const first = call.arguments[0] ? unwrap(call.arguments[0] as AstNode) : undefined;
  if (!first || first.type !== 'ObjectExpression') return false;
  return first.properties.some((p) => p.type === 'Property' && sessionIdValue(p.value as AstNode));
}

/** Session keys that say who the caller is or what it may do. */
const IDENTITY_KEY = /user|admin|role|auth|logged|perm|owner|staff|^(uid|id)$|Id$/i;

/** Calls that reach beyond the application: HTTP clients, mail, processes, files. */
const OUTSIDE = /^(axios|got|node-fetch|undici|superagent|needle|request|https?|nodemailer|child_process|fs|fs\/promises|fs-extra)(\.|$)|^fetch$/;

/**
 * The handler writes the caller's session (assigns or deletes a `req.session` value, or writes rows
 * keyed by its id) and, as far as its body shows, nothing else: no other storage write (`storage`,
 * judged by the caller with session-keyed rows left out), no outbound call, no mail.
 */
export function sessionOnly(fn: FunctionLike, index: JsIndex, storage: 'none' | 'update' | 'change'): boolean {
  const body = fn.body as AstNode | null;
  if (!body || storage !== 'none') return false;
  const inSession = (n: AstNode) => {
    const path = memberPath(unwrap(n));
    return !!path && path.length >= 3 && REQUEST_PARAMS.has(path[0]) && path[1] === 'session';
  };
  const calls = nodesUnder(body, 'CallExpression');
  const assigns = nodesUnder(body, 'AssignmentExpression').filter((a) => inSession(a.left as AstNode));
  // `req.session.userId = req.body.id`: a value that signs someone in is an authentication matter.
  if (assigns.some((a) => IDENTITY_KEY.test(memberPath(unwrap(a.left as AstNode))![2]))) return false;
  const writes =
    assigns.length > 0 ||
    nodesUnder(body, 'UnaryExpression').some((u) => u.operator === 'delete' && inSession(u.argument as AstNode)) ||
    calls.some((c) => sessionKeyed(c));
  if (!writes) return false;
  return !calls.some((c) => OUTSIDE.test(index.resolvedCallee(c) ?? '') || /mail/i.test(calleeName(c) ?? ''));
}
