// In-handler checks of the caller a moleculer-web gateway put in `ctx.meta` (`if (!ctx.meta.user)
// throw new UnAuthorizedError()`, `if (!ctx.meta.user.roles.includes('admin')) throw ...`), at the
// top of the handler: a check nested under another condition guards only that branch.
import type { AstNode, FunctionLike, JsIndex } from '../_lib/ast.js';
import { adminLikeText, type RouteMeta } from '../_lib/routes.js';
import { codeText } from './scan.js';

const USER = String.raw`meta\.(?:user|userId|userID|account|session|auth|token)`;
/** `!ctx.meta.user`, `ctx.meta.user == null`, `!this.isAuthenticated(ctx)`-free: the caller's absence. */
const ABSENT = new RegExp(String.raw`!\s*(?:\w+\.)?${USER}\b(?!\s*\.)|${USER}\s*={2,3}\s*(?:null|undefined)|${USER}\s*==\s*null`);
const ROLE = /meta\.(?:user\??\.)?(?:roles?|isAdmin|admin)\b/;

function refuses(branch: AstNode, index: JsIndex): boolean {
  return /\bthrow\b|reject\s*\(/.test(codeText(branch, index));
}

/** The strictest top-level check of `ctx.meta.<user>` whose failing branch throws. */
export function metaUserCheck(fn: FunctionLike, index: JsIndex): RouteMeta['inline'] | undefined {
  const body = fn.body;
  if (!body || body.type !== 'BlockStatement' || !/meta\./.test(index.text(body as AstNode))) return undefined;
  let found: RouteMeta['inline'] | undefined;
  for (const s of body.body) {
    if (s.type !== 'IfStatement') continue;
    const test = index.text(s.test as AstNode);
    if (!refuses(s.consequent as AstNode, index)) continue;
    const why = `handler refuses when ${test.slice(0, 80)} (${index.file}:${index.line(s as AstNode)})`;
    if (ROLE.test(test) && adminLikeText(test)) return { level: 'admin', why };
    if (ABSENT.test(test)) found ??= { level: 'user', why };
  }
  return found;
}
