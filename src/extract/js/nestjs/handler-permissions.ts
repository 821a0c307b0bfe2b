// A handler that asks whether the caller holds a permission, given the request context Nest hands
// it (`@Ctx() ctx`, `@Req() req`, `@CurrentUser() user`), and does the work only when it does:
//   if (!this.settings.hasWritePermission(ctx, input.key)) return { error: 'forbidden' };
//   const allowed = this.policy.canEdit(ctx, id); if (!allowed) { ... } else { work }
// No guard decides the route, the handler does: tag `handler-authz` (rules rate such a route as a
// check to confirm, not an open door). Client data (`@Args`, `@Body`, `@Param`...) is never the caller.
import { calleeName, calleeProperty, memberPath, nodesUnder, someNode, unwrap, unwrapAwait, type AstNode, type CallLike, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { parameterOf } from './decorators.js';

const CLIENT = /^(Args|Body|Param|Params|Query|Headers|Ip|HostParam|UploadedFiles?|Res|Response|Next|Info|Parent|Root)$/;
/** Decorators and names of the caller: `@Ctx() ctx`, `@CurrentUser() user`, `@RequestUserId() id` (a workspace or tenant is not the caller). */
const CALLER = /User|Session|Ctx|Context|Req|Principal|Caller|Actor|Account|^Me$/;
/** `hasPermission`, `hasWritePermission`, `canAccess`, `isAuthorized`, `checkPermissions`, `userHasPermissions`. */
const PERMISSION_CHECK = /^(has|can|check|is|user[A-Z]\w*?Has)\w*(Permissions?|Access|Allowed|Authori[sz]ed|Rights?)$|^(can|isAllowed|authori[sz]e)$/;

/** Why the handler checks the caller's permission itself, or undefined. */
export function handlerPermissionCheck(method: AstNode, index: JsIndex): string | undefined {
  const fn = (method as { value?: FunctionLike }).value;
  const body = fn?.body as AstNode | null | undefined;
  if (!fn || !body || body.type !== 'BlockStatement') return undefined;
  // Cheap text test first: no permission word, nothing to find.
  if (!/Permission|Access|Allowed|Authori[sz]ed|Rights?\b/.test(index.text(body))) return undefined;
  const callers = new Set<string>();
  for (const p of fn.params as AstNode[]) {
    const { target, decorators } = parameterOf(p);
    if (target.type === 'Identifier' && decorators.some((d) => CALLER.test(d.name)) && decorators.every((d) => !CLIENT.test(d.name))) callers.add(target.name);
  }
  if (callers.size === 0) return undefined;
  for (const s of nodesUnder(body, 'IfStatement')) {
    const test = unwrap(s.test as AstNode);
    // Refuses when the answer is no: `if (!check(...))` with a refusal, or the work kept in `else`.
    if (test.type !== 'UnaryExpression' || test.operator !== '!') continue;
    if (!s.alternate && !someNode(s.consequent as AstNode, (n) => n.type === 'ReturnStatement' || n.type === 'ThrowStatement')) continue;
    let asked = unwrapAwait(test.argument as AstNode);
    if (asked?.type === 'Identifier') asked = unwrapAwait(index.initAt(asked.name, asked));
    if (asked?.type === 'CallExpression' && permissionCall(asked, callers)) return `${calleeName(asked) ?? calleeProperty(asked)}(…) asks about the caller's permission`;
  }
  return undefined;
}

function permissionCall(call: CallLike, callers: Set<string>): boolean {
  if (!PERMISSION_CHECK.test(calleeProperty(call) ?? calleeName(call) ?? '')) return false;
  // `ctx.userHasPermissions([...])`: asked of the caller itself.
  const receiver = memberPath(unwrap(call.callee as AstNode));
  if (receiver && receiver.length > 1 && callers.has(receiver[0])) return true;
  return call.arguments.some((a) => {
    const path = memberPath(unwrap(a as AstNode));
    return !!path && callers.has(path[0]);
  });
}
