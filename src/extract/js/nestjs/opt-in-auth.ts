// Opt-in authentication guards: a guard (usually the APP_GUARD) that lets every route without its
// metadata through and authenticates the caller on the routes that carry it:
//   const options = this.reflector.getAllAndOverride(AUTH_ROUTE_KEY, [ctx.getHandler()]);
//   if (!options) return true;
//   request.user = await this.authService.authenticate({ headers: request.headers, ... });
// The guard alone authenticates nothing (a policy guard, guard-policies.ts); a route opts in with the
// decorator that sets the key (`export const Authenticated = (o) => applyDecorators(ApiBearerAuth(),
// SetMetadata(AUTH_ROUTE_KEY, o ?? {}))`, or `@SetMetadata(AUTH_ROUTE_KEY, ...)` itself): that route
// needs a signed-in caller, an administrator when the decorator's options object turns on a flag the
// guard reads under an admin-like name (`@Authenticated({ admin: true })` with `const { admin } =
// options` in the guard). Joined in link by the key, like public opt-outs (public-keys.ts).
import { calleeProperty, memberPath, orParts, someNode, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import type { MwRef } from '../_lib/routes.js';
import { metadataRead, returnsTrue, decides } from './guard-policies.js';
import { keysOf } from './public-keys.js';

export interface OptInAuth {
  /** Metadata keys whose absence passes the route (`#AUTH_ROUTE_KEY` or the literal). */
  keys: string[];
  /** Admin-like option names the guard reads (`admin`, `adminRoute`, `isAdmin`). */
  admin: string[];
}

/** Calls that establish who the caller is. */
const AUTHENTICATES = /^(authenticate\w*|verify(Async)?|(verify|validate)(Jwt|JWT|Token|AccessToken|IdToken|User|Session|Request|ApiKey|Key|Auth|Credentials?)\w*|canActivate)$/;
const ADMIN_FLAG = /^(is)?(super)?admin(Route|Only|Required)?$/i;

/** `!x` (or `x == null`) for a local `x` initialised by a metadata read: the keys read. */
function absentKeys(test: AstNode, index: JsIndex): string[] {
  const out: string[] = [];
  for (const p of orParts(test)) {
    let name: string | undefined;
    if (p.type === 'UnaryExpression' && p.operator === '!' && unwrap(p.argument as AstNode).type === 'Identifier') name = (unwrap(p.argument as AstNode) as { name: string }).name;
    else if (p.type === 'BinaryExpression' && (p.operator === '==' || p.operator === '===') && unwrap(p.left as AstNode).type === 'Identifier') {
      const r = unwrap(p.right as AstNode);
      if ((r.type === 'Literal' && (r as { value: unknown }).value === null) || (r.type === 'Identifier' && r.name === 'undefined')) name = (unwrap(p.left as AstNode) as { name: string }).name;
    }
    const init = name ? index.initAt(name, p) : undefined;
    if (!name || !metadataRead(init, index)) return [];
    let call = unwrapAwait(init);
    if (call?.type === 'LogicalExpression') call = unwrapAwait(call.left as AstNode);
    if (call?.type === 'CallExpression') out.push(...keysOf(call.arguments[0] as AstNode, index));
  }
  return out;
}

/** Does this statement establish the caller: `req.user = ...`, `this.auth.authenticate(...)`, `super.canActivate(ctx)`? */
function authenticates(stmt: AstNode): boolean {
  return someNode(stmt, (n) => {
    if (n.type === 'CallExpression') return AUTHENTICATES.test(calleeProperty(n) ?? '');
    if (n.type === 'AssignmentExpression') return memberPath(unwrap(n.left as AstNode))?.pop() === 'user';
    return false;
  });
}

/** Admin-like names the guard destructures or reads as properties (`{ admin: adminRoute }`, `options.isAdmin`). */
function adminFlags(fn: FunctionLike): string[] {
  const out = new Set<string>();
  someNode(fn.body as AstNode, (n) => {
    if (n.type === 'Property' && !n.computed && n.key.type === 'Identifier' && ADMIN_FLAG.test(n.key.name)) out.add(n.key.name);
    if (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier' && ADMIN_FLAG.test(n.property.name)) out.add(n.property.name);
    return false;
  });
  return [...out].sort();
}

/** The opt-in authentication a guard's `canActivate` performs, or undefined when it is no such guard. */
export function optInAuth(fn: FunctionLike, index: JsIndex): OptInAuth | undefined {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return undefined;
  const stmts = body.body as AstNode[];
  for (let i = 0; i < stmts.length; i++) {
    const stmt = stmts[i];
    if (stmt.type === 'IfStatement' && !stmt.alternate && returnsTrue(stmt.consequent as AstNode)) {
      const keys = absentKeys(stmt.test as AstNode, index);
      if (keys.length === 0) continue;
      if (!stmts.slice(i + 1).some(authenticates)) return undefined;
      return { keys: [...new Set(keys)], admin: adminFlags(fn) };
    }
    if (decides(stmt)) return undefined;
  }
  return undefined;
}

/** What link knows of one route: the decorators it carries, the keys each sets, their `true` options. */
export interface RouteOptIn {
  /** Decorator name → the metadata keys it sets (directly set keys under `@SetMetadata`). */
  setters: Map<string, string[]>;
  /** Decorator name → option names passed as `true` (`@Authenticated({ admin: true })` → admin). */
  flags: Record<string, string[]>;
}

/**
 * The check an opt-in guard (global or on the route) performs on a route whose decorators set its
 * key: a user guard, or an admin guard when the setting decorator turns on an admin flag it reads.
 */
export function optInRef(guards: { guard: string; optIn: OptInAuth }[], route: RouteOptIn): MwRef | undefined {
  let found: MwRef | undefined;
  for (const { guard, optIn } of guards) {
    for (const [decorator, keys] of route.setters) {
      const key = keys.find((k) => optIn.keys.includes(k));
      if (!key) continue;
      const flag = (route.flags[decorator] ?? []).find((f) => optIn.admin.includes(f));
      const name = `@${decorator}`;
      if (flag) return { name, role: 'auth-admin', why: `${name}({ ${flag}: true }) opts in to ${guard}, which authenticates the caller and reads ${flag}` };
      found ??= { name, role: 'auth-user', why: `${name} sets ${key.replace(/^#/, '')}, the metadata ${guard} authenticates the caller for` };
    }
  }
  return found;
}
