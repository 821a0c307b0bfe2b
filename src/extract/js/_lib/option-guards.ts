// Auth-middleware factories driven by an options object:
//   export default function auth(options = {}) {
//     return async (ctx, next) => {
//       try { await validate(ctx, options) } catch (err) { if (options.optional) ...; else throw err }
//       return next();
//     };
//   }
// The returned middleware checks nothing itself: a same-file helper it calls with the request
// decides (a guard by its own body, or one that throws a 401-ish error), and the options given at
// each use site say how strict it is (`{ optional: true }`, `{ role: Role.Admin }`). The factory
// is judged here by body; the use site's arguments are evaluated by `optionsRole` (link, or the
// same file's chain) from the keys the factory was seen to read.
import {
  calleeName,
  memberPath,
  nodesUnder,
  paramNames,
  someNode,
  unwrap,
  type AstNode,
  type FunctionLike,
  type JsIndex,
} from './ast.js';
import type { GuardVerdict } from './routes-guards.js';
import { identityIn, rejects } from './routes-guard-signals.js';
import { authLikeName, type MwRole } from './routes.js';

type Judge = (fn: FunctionLike, index: JsIndex) => GuardVerdict | undefined;

const REQUEST = new Set(['req', 'request', 'ctx', 'context']);
/** Keys that let a request without credentials through when true (or when false, for `required`). */
const OPTIONAL_KEY = /^(optional|passthrough|allowAnonymous|anonymous|allowGuests?|isPublic|public|skipAuth)$/;
const REQUIRED_KEY = /^(required|credentialsRequired|authRequired)$/;
/** Keys whose value names the role the caller must hold. */
const ROLE_KEY = /^(role|roles|requiredRoles?|minRole|minimumRole|permissions?|requiredPermissions?|rights?|accessLevel)$/;
/** Keys naming whether the route authenticates at all (`authentication: 'never' | 'optional' | 'required'`). */
const AUTH_MODE_KEY = /^(auth|authentication|authenticate|authMode|authType)$/;
const AUTH_OFF = /^['"`]?(never|none|off|disabled|public|anonymous|false)['"`]?$/i;
const AUTH_OPTIONAL = /^['"`]?(optional|maybe|try|lax)['"`]?$/i;
/** Keys that ask for an administrator when true. */
const ADMIN_KEY = /^(admin|adminOnly|requireAdmin|isAdmin|superuser)$/;
/** A role value that means an administrator (a moderator or an editor is a role, not an admin). */
const ADMIN_ROLE = /admin|superuser|super_user|^root$|^owner$|sysop/i;
/** An error a guard throws to refuse an unauthenticated caller: http-errors factories, classes, ctx.throw(401). */
const AUTH_ERROR = /Authenticat|Unauthori[sz]ed|NotAuthori[sz]ed|Unauthenticated|LoginRequired/;

/** `options`, `options = {}`, `{ optional, role } = {}`: the names the options are read by. */
function optionNames(fn: FunctionLike): { object?: string; keys: Map<string, string> } | undefined {
  let p = fn.params[0] as AstNode | undefined;
  if (!p) return undefined;
  if (p.type === 'AssignmentPattern') p = p.left as AstNode;
  if (p.type === 'Identifier') return REQUEST.has(p.name) ? undefined : { object: p.name, keys: new Map() };
  if (p.type !== 'ObjectPattern') return undefined;
  const keys = new Map<string, string>();
  for (const prop of p.properties) {
    if (prop.type !== 'Property' || prop.key.type !== 'Identifier') continue;
    let v = prop.value as AstNode;
    if (v.type === 'AssignmentPattern') v = v.left as AstNode;
    if (v.type === 'Identifier') keys.set(v.name, prop.key.name);
  }
  return { keys };
}

/** The option keys a body reads: `options.role`, or a destructured name. */
function keysRead(body: AstNode, object: string | undefined, destructured: ReadonlyMap<string, string>): Set<string> {
  const out = new Set<string>();
  for (const m of nodesUnder(body, 'MemberExpression')) {
    const path = memberPath(m);
    if (path && object && path[0] === object && path.length >= 2) out.add(path[1]);
  }
  for (const id of nodesUnder(body, 'Identifier')) {
    const key = destructured.get(id.name);
    if (key) out.add(key);
  }
  return out;
}

/** Does a body refuse the caller with an authentication error (`throw AuthenticationError()`, `ctx.throw(401)`)? */
function throwsAuthError(body: AstNode, index: JsIndex): boolean {
  return someNode(body, (n) => {
    if (n.type === 'ThrowStatement') {
      const arg = unwrap(n.argument as AstNode);
      return (arg.type === 'CallExpression' || arg.type === 'NewExpression') && AUTH_ERROR.test(index.text(arg.callee as AstNode));
    }
    if (n.type !== 'CallExpression' || !/\.throw$/.test(calleeName(n) ?? '')) return false;
    const first = unwrap(n.arguments[0] as AstNode | undefined);
    return !!first && ((first.type === 'Literal' && first.value === 401) || ((first.type === 'CallExpression' || first.type === 'NewExpression') && AUTH_ERROR.test(index.text(first.callee as AstNode))));
  });
}

/**
 * A factory taking options whose returned middleware hands the request to a helper of this file
 * that authenticates it (a guard by its body, or one that throws an authentication error).
 * Returns a `user` verdict carrying the option keys it reads (`options`, see `optionsRole`).
 */
export function optionGuard(fn: FunctionLike, inner: FunctionLike, index: JsIndex, judge: Judge): GuardVerdict | undefined {
  const names = optionNames(fn);
  const innerParams = paramNames(inner);
  if (!names || !inner.body || !REQUEST.has(innerParams[0] ?? '')) return undefined;
  const request = innerParams[0];
  const keys = keysRead(inner.body as AstNode, names.object, names.keys);
  let why: string | undefined;
  let mechanism: GuardVerdict['mechanism'] = 'custom';
  let delegate: GuardVerdict['delegate'];
  for (const call of nodesUnder(inner.body as AstNode, 'CallExpression')) {
    const callee = unwrap(call.callee as AstNode);
    if (callee.type !== 'Identifier') continue;
    // Given the request: `validateAuthentication(ctx, options)`.
    if (!call.arguments.some((a) => { const x = unwrap(a as AstNode); return x.type === 'Identifier' && x.name === request; })) continue;
    // A helper of another module of this project: link judges it by its guard definition.
    const imported = index.bindings.get(callee.name);
    if (imported && !delegate && /^(\.|[@#~][\w-]*\/)/.test(imported.module) && !index.functionByName(callee.name)) {
      delegate = { module: imported.module, export: imported.imported === '*' ? 'default' : imported.imported };
      continue;
    }
    const helper = index.functionByName(callee.name);
    if (!helper || helper === fn || helper === inner || !helper.body) continue;
    const verdict = judge(helper, index);
    if (!verdict && !throwsAuthError(helper.body as AstNode, index)) continue;
    // The helper reads the options under its own parameter name.
    const at = call.arguments.findIndex((a) => { const x = unwrap(a as AstNode); return x.type === 'Identifier' && (x.name === names.object || names.keys.has(x.name)); });
    const param = at >= 0 ? paramNames(helper)[at] : undefined;
    if (param) for (const k of keysRead(helper.body as AstNode, param, new Map())) keys.add(k);
    why = `${callee.name}() ${verdict ? verdict.why : 'throws an authentication error'}`;
    mechanism = verdict?.mechanism ?? 'custom';
    break;
  }
  const used = [...keys].filter((k) => OPTIONAL_KEY.test(k) || REQUIRED_KEY.test(k) || ROLE_KEY.test(k) || ADMIN_KEY.test(k));
  // The imported helper gets the whole options object: any key it may read counts.
  // Only a factory that reads an access option, or a helper named for auth, is taken for a guard.
  if (!why && delegate && (used.length > 0 || authLikeName(delegate.export === 'default' ? '' : delegate.export))) return { level: 'unknown', mechanism, why: `${delegate.export}() of ${delegate.module} decides`, options: '*', delegate };
  if (!why) return undefined;
  return { level: 'user', mechanism, why, options: used.sort().join(',') };
}

/**
 * A factory whose returned middleware checks only what its options ask for, each refusal under a
 * test of an option (the use site's options decide, see `optionsRole`):
 *   export function route(opts) {
 *     opts.authentication ??= 'required';
 *     return async (req, res, next) => {
 *       if (opts.authentication === 'required' && !req.user) throw new HttpError(401);
 *       if (opts.right) { const rights = await getRights(req.userId); if (!rights.has(opts.right)) throw Forbidden(); }
 *       next();
 *     };
 *   }
 * A test of an option alone (`if (opts.right)`) asks nothing of the caller.
 */
export function optionGatedGuard(fn: FunctionLike, inner: FunctionLike, index: JsIndex): GuardVerdict | undefined {
  const names = optionNames(fn);
  const object = names?.object;
  const body = inner.body as AstNode | null;
  if (!object || !body || body.type !== 'BlockStatement' || !REQUEST.has(paramNames(inner)[0] ?? '')) return undefined;
  const reads = (n: AstNode): string[] => [...keysRead(n, object, new Map())];
  const keys = new Set<string>();
  let refuses = false;
  for (const stmt of body.body as AstNode[]) {
    if (stmt.type !== 'IfStatement') continue;
    const test = stmt.test as AstNode;
    const gated = reads(test);
    // A check of the caller not under an option: the middleware guards every use, judged as usual.
    if (gated.length === 0) {
      if (identityIn(test, index) && rejects(stmt.consequent as AstNode, index, true)) return undefined;
      continue;
    }
    if (!rejects(stmt.consequent as AstNode, index, true) && !someNode(stmt.consequent as AstNode, (n) => n.type === 'ThrowStatement')) continue;
    refuses = true;
    for (const k of gated) keys.add(k);
  }
  const used = [...keys].filter((k) => AUTH_MODE_KEY.test(k) || OPTIONAL_KEY.test(k) || REQUIRED_KEY.test(k) || ROLE_KEY.test(k) || ADMIN_KEY.test(k));
  if (!refuses || used.length === 0) return undefined;
  return { level: 'user', mechanism: 'custom', why: `refuses as its options ask (${used.sort().join(', ')})`, options: used.sort().join(',') };
}

/** Top-level `key: value` pairs of an object literal's text (`{ role: UserRole.Admin, optional: true }`). */
function pairs(text: string): Map<string, string> | undefined {
  const t = text.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return undefined;
  const out = new Map<string, string>();
  let depth = 0;
  let start = 1;
  const parts: string[] = [];
  for (let i = 1; i < t.length - 1; i++) {
    const c = t[i];
    if ('{[('.includes(c)) depth++;
    else if ('}])'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      parts.push(t.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(t.slice(start, t.length - 1));
  for (const part of parts) {
    const m = /^\s*['"]?([A-Za-z_$][\w$]*)['"]?\s*(?::\s*([\s\S]*?))?\s*$/.exec(part);
    if (m) out.set(m[1], m[2] ?? m[1]);
  }
  return out;
}

/**
 * The role a use of an option-driven guard has, from its argument text and the keys the factory
 * reads: none or `{}` → user; `{ optional: true }` → optional; `{ role: Role.Admin }` / `{ admin:
 * true }` → admin; another role → user (any signed-in holder of it); other keys (`type`, `scope`)
 * → user.
 */
export function optionsRole(keys: string, args: string | undefined): { role: MwRole; note: string } {
  const all = keys === '*';
  const known = new Set(keys.split(',').filter(Boolean));
  const given = pairs(args ?? '') ?? new Map<string, string>();
  let note = '';
  for (const [k, v] of given) {
    if (!all && !known.has(k)) continue;
    const value = v.trim();
    if (OPTIONAL_KEY.test(k) && value === 'true') return { role: 'auth-optional', note: `${k}: true` };
    if (AUTH_MODE_KEY.test(k) && AUTH_OFF.test(value)) return { role: 'other', note: `${k}: ${value}` };
    if (AUTH_MODE_KEY.test(k) && AUTH_OPTIONAL.test(value)) return { role: 'auth-optional', note: `${k}: ${value}` };
    if (REQUIRED_KEY.test(k) && value === 'false') return { role: 'auth-optional', note: `${k}: false` };
    if (ADMIN_KEY.test(k) && value === 'true') return { role: 'auth-admin', note: `${k}: true` };
    if (ROLE_KEY.test(k)) {
      const names = value.replace(/[[\]'"`\s]/g, '').split(',').map((r) => r.split('.').pop() ?? r).filter(Boolean);
      // A list admits its weakest role; one value names the least role required.
      if (names.length > 0 && names.every((r) => ADMIN_ROLE.test(r))) return { role: 'auth-admin', note: `${k}: ${value}` };
      note = `${k}: ${value}`;
    }
  }
  return { role: 'auth-user', note };
}

