// AdonisJS middleware as written at a route (`'auth'`, `'auth:api'`, `'acl:admin'` in v5;
// `middleware.auth()`, `middleware.admin()`, an imported throttle in v6), judged by the name the
// kernel registers it under: `auth` refuses guests (the @adonisjs/auth middleware), `silentAuth` /
// `initialize_auth` only look the user up, a name or argument saying admin is an administrator check.
import { calleeName, memberPath, stringValue, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { adminLikeText, authLikeName, rateLimitLikeName, type MwRef, type MwRole } from '../_lib/routes.js';

/** Middleware that reads the session or token when present and lets guests through. */
const OPTIONAL = /^(silent_?auth|initiali[sz]e_?auth|initialize_?auth_?middleware|silent_?auth_?middleware)$/i;
/** Only for guests (sign-in pages): refuses signed-in users, guards nothing. */
const GUEST = /^guest(_?middleware)?$/i;
/** Role / permission middleware whose argument names what is required (`acl:admin`, `is:admin`, `role:admin,editor`). */
const ROLE_NAMES = /^(acl|role|roles|is|can|permission|permissions|ability|abilities|has_?role|check_?role)$/i;

function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Role of a named middleware with its arguments (`acl` + `admin`). */
export function namedRole(name: string, args?: string): { role: MwRole; why?: string } {
  const bare = snake(name).replace(/_middleware$/, '');
  if (OPTIONAL.test(bare)) return { role: 'auth-optional' };
  if (GUEST.test(bare)) return { role: 'other' };
  if (rateLimitLikeName(name)) return { role: 'rate-limit' };
  if (bare === 'auth' || bare === 'authenticate' || bare === 'authenticated' || bare === 'auth_guard') return { role: 'auth-user', why: `${name} middleware (refuses guests)` };
  if (ROLE_NAMES.test(bare)) {
    if (args && adminLikeText(args)) return { role: 'auth-admin', why: `${name}:${args} middleware` };
    return { role: args ? 'auth-role' : 'auth-unknown', why: `${name}${args ? `:${args}` : ''} middleware` };
  }
  if (adminLikeText(bare)) return { role: 'auth-admin', why: `${name} middleware` };
  if (authLikeName(name)) return { role: 'auth-unknown' };
  return { role: 'other' };
}

/** `'auth:api,web'` → `auth` with `api,web`. */
function fromString(text: string): MwRef {
  const [name, args] = text.split(':', 2) as [string, string | undefined];
  const judged = namedRole(name.trim(), args?.trim());
  return { name: text, role: judged.role, ...(judged.why ? { why: judged.why } : {}), ...(args ? { args } : {}) };
}

/** Literal-ish text of a v6 named middleware's options (`{ guards: ['api'] }`, `['admin']`). */
function argsText(node: AstNode | undefined, index: JsIndex): string | undefined {
  if (!node) return undefined;
  const s = stringValue(node, index);
  return s ?? index.text(node).replace(/\s+/g, ' ').slice(0, 80);
}

/**
 * One middleware expression at a route or group: a string (v5), `middleware.x(opts)` (v6 named
 * middleware), an identifier (an imported throttle or middleware), an array of these, or (v5
 * resources) an object of action → list. Returns the refs in order.
 */
export function middlewareRefs(node: AstNode | undefined, index: JsIndex): MwRef[] {
  const n = unwrap(node);
  if (!n) return [];
  if (n.type === 'ArrayExpression') return n.elements.flatMap((e) => (e && e.type !== 'SpreadElement' ? middlewareRefs(e as AstNode, index) : []));
  const s = stringValue(n, index);
  if (s !== undefined) return [fromString(s)];
  if (n.type === 'CallExpression') {
    const path = memberPath(n.callee as AstNode) ?? [];
    // `middleware.auth({ guards: ['api'] })`: the kernel's named middleware, by its name.
    const name = path.length >= 2 ? path[path.length - 1] : (calleeName(n) ?? index.text(n.callee as AstNode));
    const args = argsText(n.arguments[0] as AstNode | undefined, index);
    const judged = namedRole(name, args);
    return [{ name: index.text(n).replace(/\s+/g, ' ').slice(0, 80), role: judged.role, ...(judged.why ? { why: judged.why } : {}), ...(args ? { args } : {}) }];
  }
  if (n.type === 'Identifier' || n.type === 'MemberExpression') {
    const text = index.text(n);
    const judged = namedRole(text.split('.').pop() ?? text);
    return [{ name: text, role: judged.role, ...(judged.why ? { why: judged.why } : {}) }];
  }
  if (n.type === 'ArrowFunctionExpression' || n.type === 'FunctionExpression') return [{ name: '<inline>', role: 'other' }];
  return [];
}

/** `() => import('#middleware/silent_auth_middleware')`, `'App/Middleware/SilentAuth'`: the module specifier. */
export function importedMiddlewareSpec(node: AstNode | undefined, index: JsIndex): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'ArrowFunctionExpression' && n.expression) {
    const body = unwrap(n.body as AstNode);
    return body.type === 'ImportExpression' ? stringValue(body.source as AstNode, index) : undefined;
  }
  return stringValue(n, index);
}

/** The middleware's name: the last segment of its module (`silent_auth_middleware`, `SilentAuth`). */
export function importedMiddlewareName(node: AstNode | undefined, index: JsIndex): string | undefined {
  return importedMiddlewareSpec(node, index)?.split('/').pop()?.replace(/\.[cm]?[jt]s$/, '');
}
