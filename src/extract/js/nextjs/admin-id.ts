// An administrator named by configuration rather than by a role: the handler compares the signed-in
// user's id with a configured id and refuses everyone else.
//   if (user.id !== Number(process.env.NEXT_PUBLIC_ADMIN || 1)) return res.status(403).json(...)
//   const isServerAdmin = user.id === Number(process.env.ADMIN_ID); if (!isServerAdmin) return 403
// The compared value must be configuration (`process.env.X`, `config.x`) or a literal id, and the
// branch must refuse (401/403) and leave. Only a test that is this comparison alone (or one side of
// an `||`) counts: `userId !== queryId && !isServerAdmin` lets the owner through too (owner or admin).
import { memberPath, nodesUnder, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { rejects } from '../_lib/routes-guard-signals.js';
import { ownFunctions } from './method-branches.js';
import { exits } from './session-check.js';

const CALLER = /^(user|currentUser|sessionUser|authUser|me|session|token|auth|caller|principal|account|viewer)$/;
const ID = /^(id|_id|uid|userId|user_id|sub)$/;
const REFUSAL = /40[13]|nauthori|orbidden/;

/** `user.id`, `user?.id`, `session.user.id`, `token.sub`: the caller's id. */
function callerId(node: AstNode): boolean {
  const path = memberPath(unwrap(node));
  return !!path && path.length >= 2 && CALLER.test(path[0]) && ID.test(path[path.length - 1]);
}

/** `Number(process.env.ADMIN || 1)`, `config.adminId`, `1`: a value fixed by configuration or code. */
function configured(node: AstNode, index: JsIndex): boolean {
  const n = unwrap(node);
  if (n.type === 'Literal') return typeof (n as { value: unknown }).value === 'number' || typeof (n as { value: unknown }).value === 'string';
  const text = index.text(n);
  if (/\bprocess\.env\.\w*ADMIN\w*|\b(config|settings|env)\.\w*admin\w*/i.test(text)) return true;
  return nodesUnder(n, 'MemberExpression').some((m) => /^process\.env\./.test(memberPath(m)?.join('.') ?? '') && /admin|owner|root|super/i.test(memberPath(m)?.join('.') ?? ''));
}

/** The comparison of the caller's id with the configured admin id, with the operator it uses. */
function adminComparison(node: AstNode, index: JsIndex): '===' | '!==' | undefined {
  const t = unwrap(node);
  if (t.type !== 'BinaryExpression') return undefined;
  const eq = t.operator === '===' || t.operator === '==' ? '===' : t.operator === '!==' || t.operator === '!=' ? '!==' : undefined;
  if (!eq) return undefined;
  const [l, r] = [t.left as AstNode, t.right as AstNode];
  return (callerId(l) && configured(r, index)) || (callerId(r) && configured(l, index)) ? eq : undefined;
}

/** Does the test fail for the configured admin: `user.id !== ADMIN`, `!isAdmin` (bound to `user.id === ADMIN`)? */
function refusesNonAdmin(test: AstNode, index: JsIndex): string | undefined {
  const t = unwrap(test);
  if (t.type === 'LogicalExpression' && t.operator === '||') return refusesNonAdmin(t.left as AstNode, index) ?? refusesNonAdmin(t.right as AstNode, index);
  if (adminComparison(t, index) === '!==') return index.text(t);
  if (t.type === 'UnaryExpression' && t.operator === '!') {
    const inner = unwrap(t.argument as AstNode);
    const value = inner.type === 'Identifier' ? index.initAt(inner.name, inner) : inner;
    if (value && adminComparison(value, index) === '===') return `${index.text(t)} (${index.text(value)})`;
  }
  return undefined;
}

/** Why the handler lets only the configured administrator through, or undefined. */
export function adminIdCheck(fn: FunctionLike, index: JsIndex): string | undefined {
  if (!fn.body || !/admin/i.test(index.text(fn.body as AstNode))) return undefined;
  const own = ownFunctions(fn);
  const body = unwrap(fn.body as AstNode);
  if (body.type !== 'BlockStatement') return undefined;
  // The handler's own top-level statements: a check nested in a branch guards that branch only.
  for (const s of body.body as AstNode[]) {
    if (s.type !== 'IfStatement' || !own.has(index.enclosingFunction(s)!) || !exits(s.consequent as AstNode, index)) continue;
    const refusal = rejects(s.consequent as AstNode, index);
    if (!refusal || !REFUSAL.test(refusal)) continue;
    const why = refusesNonAdmin(s.test as AstNode, index);
    if (why) return `only the configured administrator passes: ${why.replace(/\s+/g, ' ').slice(0, 90)} → ${refusal}`;
  }
  return undefined;
}
