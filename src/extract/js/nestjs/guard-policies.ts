// What a Nest guard class does on the routes it runs on, read from its `canActivate`:
//   - a policy guard lets every route without its metadata through (`const p = reflector.get(KEY,
//     ctx.getHandler()) || []; if (!p.length) return true`) before it checks any caller. Used as an
//     APP_GUARD it authenticates nothing; only the routes that carry its metadata (`@Roles`,
//     `@CheckPolicies`, judged from the decorator) are checked. Link lists it as middleware, not auth.
//   - a throttler subclass (`extends ThrottlerGuard`) that calls `super.canActivate` only for some
//     requests (`if (method === 'POST' && url.includes('/posts')) return super.canActivate(ctx);
//     return true`) rate-limits only the routes that condition selects.
import {
  calleeProperty,
  literalValue,
  memberPath,
  orParts,
  someNode,
  stringValue,
  unwrap,
  unwrapAwait,
  type AstNode,
  type Class,
  type FunctionLike,
  type JsIndex,
} from '../_lib/ast.js';
import type { ConfigFact, Fact } from '../../../model/types.js';
import { adminLikeText, type MwRef } from '../_lib/routes.js';
import type { RouteSelector } from './paths.js';
import { policyLevel, type CaslGrant, type CaslRecord } from './casl.js';
import { aclGuard, featureSwitch, passesWithoutCredential, publicRecordGate, skipScope, storeGate, type SkipScope } from './guard-kinds.js';
import { PERMISSION_DECORATOR, permissionLevel, type RolePermissionsRecord } from './role-permissions.js';
import { permissionListGuard } from './permission-lists.js';
import { optInAuth, type OptInAuth } from './opt-in-auth.js';

export interface PolicyGuardRecord {
  kind: 'policy-guard';
  guard: string;
  why: string;
  /** A permission-list guard (permission-lists.ts): the metadata keys of its list and its open markers. */
  keys?: string[];
  open?: string[];
  /** An opt-in authentication guard (opt-in-auth.ts): routes that set these keys get a signed-in caller. */
  optIn?: OptInAuth;
}
/** Routes a throttler subclass throttles (`routes`) or lets through unthrottled (`exclude`). */
export interface ThrottleScopeRecord {
  kind: 'throttle-scope';
  guard: string;
  routes?: RouteSelector[];
  exclude?: RouteSelector[];
}
/** A one-time setup guard (guard-kinds.ts bootstrapOnce): open to anyone until the first setup. */
export interface BootstrapGuardRecord {
  kind: 'bootstrap-guard';
  guard: string;
  why: string;
}
/** A guard that checks the caller's right per record (guard-kinds.ts). */
export interface AclGuardRecord {
  kind: 'acl-guard';
  guard: string;
  why: string;
}
/** A guard that checks only the routes its early `return true`s leave (guard-kinds.ts skipScope). */
export interface GuardScopeRecord extends SkipScope {
  kind: 'guard-scope';
  guard: string;
}
type GuardRecord = PolicyGuardRecord | ThrottleScopeRecord | AclGuardRecord | GuardScopeRecord | BootstrapGuardRecord;
export type GuardPolicyRecord = GuardRecord | CaslRecord | RolePermissionsRecord;

const KINDS = new Set<string>(['policy-guard', 'bootstrap-guard', 'throttle-scope', 'acl-guard', 'guard-scope', 'casl-grants', 'role-permissions']);

/** The deferred records GuardPolicies takes (link dispatches on it). */
export function isPolicyRecord(rec: { kind?: string }): rec is GuardPolicyRecord {
  return rec.kind !== undefined && KINDS.has(rec.kind);
}

const METADATA_GETTER = /^(get|getAll|getAllAndOverride|getAllAndMerge|getMetadata)$/;

function canActivateOf(cls: Class): FunctionLike | undefined {
  for (const m of cls.body.body) if (m.type === 'MethodDefinition' && m.key.type === 'Identifier' && m.key.name === 'canActivate') return m.value as FunctionLike;
  return undefined;
}

/** `this.reflector.get(KEY, ctx.getHandler())`, `Reflect.getMetadata(KEY, handler)`, also `|| []` / `?? []`. */
export function metadataRead(expr: AstNode | undefined, index: JsIndex): boolean {
  let n = unwrapAwait(expr);
  if (n && n.type === 'LogicalExpression' && (n.operator === '||' || n.operator === '??')) n = unwrapAwait(n.left as AstNode);
  if (!n || n.type !== 'CallExpression' || !METADATA_GETTER.test(calleeProperty(n) ?? '')) return false;
  const text = index.text(n);
  return /reflect/i.test(index.text(n.callee as AstNode)) || /\.(getHandler|getClass)\(\)/.test(text);
}

/** The name a test reads (`roles`, `roles.length`, `roles?.length`). */
function readName(node: AstNode): string | undefined {
  const n = unwrap(node);
  if (n.type === 'Identifier') return n.name;
  const path = memberPath(n);
  return path && path.length === 2 && path[1] === 'length' ? path[0] : undefined;
}

/** `!p`, `!p.length`, `!p?.length`, `p.length === 0`, `p == null`, joined by `||`: no metadata. */
function absenceTest(test: AstNode, index: JsIndex): boolean {
  const parts = orParts(test);
  return parts.every((p) => {
    let name: string | undefined;
    if (p.type === 'UnaryExpression' && p.operator === '!') name = readName(p.argument as AstNode);
    else if (p.type === 'BinaryExpression' && /^[!=]==?$/.test(p.operator) && p.operator.startsWith('=')) {
      const v = literalValue(p.right as AstNode, index);
      if (v === 0 || v === null || (unwrap(p.right as AstNode).type === 'Identifier' && (unwrap(p.right as AstNode) as { name: string }).name === 'undefined')) name = readName(p.left as AstNode);
    }
    return !!name && metadataRead(index.initAt(name, p), index);
  });
}

export function returnsTrue(node: AstNode): boolean {
  const n = node.type === 'BlockStatement' && node.body.length === 1 ? (node.body[0] as AstNode) : node;
  return n.type === 'ReturnStatement' && !!n.argument && unwrap(n.argument as AstNode).type === 'Literal' && (unwrap(n.argument as AstNode) as { value: unknown }).value === true;
}

/** Can this statement end the request or check the caller (`throw`, `return false`, `super.canActivate`)? */
export function decides(stmt: AstNode): boolean {
  return someNode(stmt, (n) => n.type === 'ThrowStatement' || (n.type === 'ReturnStatement' && !returnsTrue(n)) || (n.type === 'CallExpression' && calleeProperty(n) === 'canActivate'));
}

/**
 * Before anything can refuse, a route without the guard's metadata gets `return true`: the guard
 * checks only routes that declare what it enforces.
 */
export function metadataGated(fn: FunctionLike, index: JsIndex): string | undefined {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return undefined;
  for (const stmt of body.body as AstNode[]) {
    if (stmt.type === 'IfStatement' && returnsTrue(stmt.consequent as AstNode) && !stmt.alternate) {
      if (absenceTest(stmt.test as AstNode, index)) return `passes every route without its metadata (${index.text(stmt.test as AstNode).replace(/\s+/g, ' ').slice(0, 60)} → return true)`;
      continue; // an allow-list (`if (path.startsWith('/auth')) return true`) passes some routes more
    }
    if (decides(stmt)) return undefined;
  }
  return undefined;
}

const URL_NAME = /^(url|originalUrl|path|route|baseUrl|pathname)$/;

/** One `&&`-conjunction of method and URL tests as a selector; undefined when any part is something else. */
function selectorOf(test: AstNode, index: JsIndex): RouteSelector | undefined {
  const sel: RouteSelector = {};
  const parts: AstNode[] = [];
  const flatten = (n: AstNode) => {
    const u = unwrap(n);
    if (u.type === 'LogicalExpression' && u.operator === '&&') {
      flatten(u.left as AstNode);
      flatten(u.right as AstNode);
    } else parts.push(u);
  };
  flatten(test);
  const last = (n: AstNode) => memberPath(unwrap(n))?.pop();
  for (const p of parts) {
    if (p.type === 'BinaryExpression' && (p.operator === '===' || p.operator === '==')) {
      const [l, r] = [p.left as AstNode, p.right as AstNode];
      const value = stringValue(r, index) ?? stringValue(l, index);
      const name = last(stringValue(r, index) !== undefined ? l : r);
      if (value === undefined || !name) return undefined;
      if (name === 'method') sel.method = value.toUpperCase();
      else if (URL_NAME.test(name)) sel.path = value;
      else return undefined;
      continue;
    }
    // `url.includes('/x')`, `url.startsWith('/x')`, `url.indexOf('/x') > -1`
    const call = p.type === 'BinaryExpression' && /^(>|>=|!==|!=)$/.test(p.operator) ? unwrap(p.left as AstNode) : p;
    if (call.type !== 'CallExpression') return undefined;
    const prop = calleeProperty(call);
    const target = unwrap(call.callee as AstNode);
    const owner = target.type === 'MemberExpression' ? last(target.object as AstNode) : undefined;
    const arg = stringValue(call.arguments[0] as AstNode, index);
    if (!owner || !URL_NAME.test(owner) || arg === undefined || !/^(includes|startsWith|indexOf)$/.test(prop ?? '')) return undefined;
    sel.path = prop === 'startsWith' ? `${arg.replace(/\/+$/, '')}*` : `*${arg.replace(/^\/+|\/+$/g, '')}*`;
  }
  return sel.method || sel.path ? sel : undefined;
}

function selectorsOf(test: AstNode, index: JsIndex): RouteSelector[] | undefined {
  const u = unwrap(test);
  if (u.type === 'LogicalExpression' && u.operator === '||') {
    const l = selectorsOf(u.left as AstNode, index);
    const r = selectorsOf(u.right as AstNode, index);
    return l && r ? [...l, ...r] : undefined;
  }
  const one = selectorOf(u, index);
  return one ? [one] : undefined;
}

function superCall(node: AstNode | null | undefined): boolean {
  const n = unwrapAwait(node);
  return !!n && n.type === 'CallExpression' && superMember(n.callee as AstNode) === 'super.canActivate';
}

function superMember(callee: AstNode): string | undefined {
  const c = unwrap(callee);
  return c.type === 'MemberExpression' && unwrap(c.object as AstNode).type === 'Super' ? `super.${memberPath(c)?.pop()}` : undefined;
}

/**
 * `if (cond) return super.canActivate(ctx); return true;` (throttles what `cond` selects) or
 * `if (cond) return true; return super.canActivate(ctx);` (throttles all but that).
 */
function throttleScope(fn: FunctionLike, index: JsIndex): Omit<ThrottleScopeRecord, 'kind' | 'guard'> | undefined {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return undefined;
  const stmts = (body.body as AstNode[]).filter((s) => s.type !== 'VariableDeclaration');
  if (stmts.length !== 2 || stmts[0].type !== 'IfStatement' || stmts[0].alternate || stmts[1].type !== 'ReturnStatement') return undefined;
  const cons = stmts[0].consequent as AstNode;
  const inner = cons.type === 'BlockStatement' && cons.body.length === 1 ? (cons.body[0] as AstNode) : cons;
  if (inner.type !== 'ReturnStatement') return undefined;
  const sels = selectorsOf(stmts[0].test as AstNode, index);
  if (!sels) return undefined;
  if (superCall(inner.argument as AstNode) && returnsTrue(stmts[1])) return { routes: sels };
  if (returnsTrue(inner) && superCall(stmts[1].argument as AstNode)) return { exclude: sels };
  return undefined;
}

function extendsThrottler(cls: Class, index: JsIndex): boolean {
  const sup = unwrap(cls.superClass as AstNode | null);
  if (!sup || sup.type !== 'Identifier') return false;
  const b = index.bindings.get(sup.name);
  return !!b && b.module === '@nestjs/throttler';
}

/**
 * `canActivate() { return true; }` and nothing else: an explicit marker that the route is public
 * (`@UseGuards(PublicEndpointGuard)`), a check of nobody.
 */
function alwaysPasses(fn: FunctionLike): string | undefined {
  const body = fn.body as AstNode | null;
  if (!body) return undefined;
  if (body.type !== 'BlockStatement') return unwrap(body).type === 'Literal' && (unwrap(body) as { value: unknown }).value === true ? 'always returns true' : undefined;
  const stmts = (body.body as AstNode[]).filter((s) => s.type !== 'EmptyStatement');
  return stmts.length === 1 && returnsTrue(stmts[0]) ? 'always returns true: a marker of a public route' : undefined;
}

/** Records of one file's guard classes (policy guards, scoped throttlers). */
export function guardPolicyRecords(index: JsIndex): { at: AstNode; data: GuardPolicyRecord; key: string }[] {
  // Cheap text test first: only files that define a guard.
  if (!index.content.includes('canActivate')) return [];
  const out: { at: AstNode; data: GuardPolicyRecord; key: string }[] = [];
  for (const cls of [...index.nodesOf('ClassDeclaration'), ...index.nodesOf('ClassExpression')]) {
    const name = cls.id?.name;
    const fn = name ? canActivateOf(cls) : undefined;
    if (!name || !fn) continue;
    if (extendsThrottler(cls, index)) {
      const scope = throttleScope(fn, index);
      if (scope) out.push({ at: cls, data: { kind: 'throttle-scope', guard: name, ...scope }, key: `throttle-scope:${name}` });
      continue;
    }
    const store = storeGate(cls, fn, index);
    if (store?.open === 'until-setup') {
      out.push({ at: cls, data: { kind: 'bootstrap-guard', guard: name, why: store.why }, key: `bootstrap-guard:${name}` });
      continue;
    }
    // A guard that only passes routes without its metadata stays a plain policy guard (below).
    const gated = metadataGated(fn, index);
    const list = gated ? undefined : permissionListGuard(fn, index);
    if (list) {
      out.push({ at: cls, data: { kind: 'policy-guard', guard: name, why: list.why, keys: list.keys, open: list.open }, key: `policy-guard:${name}` });
      continue;
    }
    // Not the caller's authentication: a metadata-gated policy, a guard that always passes, a feature
    // switch, a gate on the store's state (open once set up), an optional credential, a public-record check.
    const why = gated ?? alwaysPasses(fn) ?? featureSwitch(cls, fn, index) ?? (store ? store.why : undefined) ?? passesWithoutCredential(fn, index) ?? publicRecordGate(fn, index);
    if (why) {
      // Past the metadata gate it may authenticate the caller: the routes that opt in are signed in.
      const optIn = gated ? optInAuth(fn, index) : undefined;
      out.push({ at: cls, data: { kind: 'policy-guard', guard: name, why, ...(optIn ? { optIn } : {}) }, key: `policy-guard:${name}` });
      continue;
    }
    const acl = aclGuard(cls, fn, index);
    if (acl) {
      out.push({ at: cls, data: { kind: 'acl-guard', guard: name, why: acl }, key: `acl-guard:${name}` });
      continue;
    }
    const scope = skipScope(fn, index);
    if (scope) out.push({ at: cls, data: { kind: 'guard-scope', guard: name, ...scope }, key: `guard-scope:${name}` });
  }
  return out;
}

/** The records of every project root, applied by link to route guards and global guards. */
export class GuardPolicies {
  private readonly byRoot = new Map<string, Map<string, GuardRecord>>();
  private readonly grants = new Map<string, CaslGrant[]>();
  private readonly roleMaps = new Map<string, RolePermissionsRecord[]>();
  /** Roots whose global guards (APP_GUARD, every route) include an object-level ACL guard. */
  private readonly globalAcl = new Set<string>();

  /**
   * Never empty: permission decorators are judged (by a role map, or as permission-gated) even
   * where no record was seen, so link always asks.
   */
  get empty(): boolean {
    return false;
  }

  add(root: string, rec: GuardPolicyRecord): void {
    if (rec.kind === 'casl-grants') {
      this.grants.set(root, [...(this.grants.get(root) ?? []), ...rec.grants]);
      return;
    }
    if (rec.kind === 'role-permissions') {
      this.roleMaps.set(root, [...(this.roleMaps.get(root) ?? []), rec]);
      return;
    }
    let m = this.byRoot.get(root);
    if (!m) this.byRoot.set(root, (m = new Map()));
    m.set(rec.guard, rec);
  }

  /**
   * A global guard of the root (the `auth-global-guard` data: `{ guard, routes?, exclude? }`). An
   * object-level ACL guard on every route checks, per record, the permission each route's
   * decorator names (`@RequirePermission('doc.edit')`): the decorators are that guard's levels.
   */
  addGlobal(root: string, data: { guard?: MwRef; routes?: unknown; exclude?: unknown }): void {
    if (!data.guard || data.routes || data.exclude) return;
    if (this.find(root, data.guard)?.kind === 'acl-guard') this.globalAcl.add(root);
  }

  /** By the route's project root first; a guard of a shared library (another root of a monorepo) by name. */
  private find(root: string, ref: MwRef): GuardRecord | undefined {
    if (ref.role !== undefined) return undefined;
    const name = ref.byName ?? ref.name;
    const own = this.byRoot.get(root)?.get(name);
    if (own) return own;
    for (const m of this.byRoot.values()) if (m.has(name)) return m.get(name);
    return undefined;
  }

  /**
   * Permission-list guards of every root: an APP_GUARD of one package of a monorepo also judges the
   * routes of the plugins its application loads, which set its list with the decorator it exports.
   */
  permissionLists(): PolicyGuardRecord[] {
    const out: PolicyGuardRecord[] = [];
    for (const m of this.byRoot.values()) for (const rec of m.values()) if (rec.kind === 'policy-guard' && rec.keys) out.push(rec);
    return out;
  }

  /** The opt-in authentication guards among `names` (global or route guards), by the route's root first. */
  optInGuards(root: string, names: string[]): { guard: string; optIn: OptInAuth }[] {
    const out: { guard: string; optIn: OptInAuth }[] = [];
    for (const name of new Set(names)) {
      const rec = this.find(root, { name });
      if (rec?.kind === 'policy-guard' && rec.optIn) out.push({ guard: name, optIn: rec.optIn });
    }
    return out;
  }

  private grantsOf(root: string): CaslGrant[] | undefined {
    return this.grants.get(root) ?? (this.grants.size > 0 ? [...this.grants.values()].flat() : undefined);
  }

  /** The role maps of the route's root; those of any root of a monorepo (a shared library's) otherwise. */
  private roleMapsOf(root: string): RolePermissionsRecord[] {
    return this.roleMaps.get(root) ?? [...this.roleMaps.values()].flat();
  }

  /**
   * A permission decorator (`@HasPermission(permissions.X)`): admin only when the role map grants X
   * to admin-like roles alone; a permission a regular role holds, or one no map was seen for,
   * needs a signed-in user holding it (tag `permission-gated`). Permissions an object-level ACL
   * guard of the route compares per record are that guard's (tag `object-level-authz`).
   */
  private permission(root: string, ref: MwRef, acl: boolean): MwRef | undefined {
    if (ref.role !== 'auth-role' || !PERMISSION_DECORATOR.test(ref.name)) return undefined;
    if (acl) return { ...ref, role: 'auth-user', tags: ['object-level-authz'], why: `${ref.name}: the level the route's object-level ACL guard checks per record` };
    const judged = permissionLevel(ref.args, this.roleMapsOf(root));
    if (judged?.level === 'admin') return { ...ref, role: 'auth-admin', why: `${ref.name}: ${judged.why}` };
    if (judged) return { ...ref, role: 'auth-user', tags: ['permission-gated'], why: `${ref.name}: ${judged.why}` };
    // No map: `resource:action` strings and admin-named permissions keep their own judgement.
    const args = (ref.args ?? '').split(',').map((a) => a.trim().replace(/^['"`[(]+|['"`\])]+$/g, ''));
    if (args.some((a) => /^[A-Za-z][\w-]*:[\w*-]+$/.test(a) || adminLikeText(a))) return undefined;
    return { ...ref, role: 'auth-user', tags: ['permission-gated'], why: `${ref.name}: a permission no role map was found for` };
  }

  /** What an ability check in a handler requires, by the grants of the route's root (casl.ts policyLevel). */
  abilityLevel(root: string, reqs: { action: string; subject: string; owner?: string }[]): 'admin' | 'feature' | undefined {
    const grants = this.grantsOf(root);
    return grants ? policyLevel(reqs, grants) : undefined;
  }

  /** A route's own guards (`@UseGuards`), `selects` telling whether a selector picks this route. */
  rewrite(root: string, mw: MwRef[], selects: (s: RouteSelector) => boolean): MwRef[] {
    const grants = this.grantsOf(root);
    const acl = this.globalAcl.has(root) || mw.some((ref) => this.find(root, ref)?.kind === 'acl-guard');
    return mw.map((ref) => {
      // A policy decorator whose subjects are granted without a role test: a plan or quota limit.
      if (grants && ref.role === 'auth-role' && ref.name.startsWith('@') && policyLevel(ref.args, grants) === 'feature') {
        return { ...ref, role: 'other', why: `${ref.name}: its subjects are granted by plan or quota, not by role` };
      }
      const judged = this.permission(root, ref, acl);
      if (judged) return judged;
      const rec = this.find(root, ref);
      if (!rec) return ref;
      if (rec.kind === 'policy-guard') return { ...ref, role: 'other', why: `${ref.name} ${rec.why}` };
      if (rec.kind === 'bootstrap-guard') return { ...ref, role: 'other', tags: ['bootstrap-once'], why: `${ref.name} ${rec.why}` };
      // Any signed-in caller passes for the records it may reach; the records are checked (ownerParams []).
      if (rec.kind === 'acl-guard') return { ...ref, role: 'auth-user', ownerParams: [], tags: ['object-level-authz'], why: `${ref.name} ${rec.why}` };
      if (rec.kind === 'guard-scope') return (!rec.routes || rec.routes.some(selects)) && !rec.exclude.some(selects) ? ref : { ...ref, role: 'other', why: `${ref.name} lets this route through unchecked` };
      const on = rec.routes ? rec.routes.some(selects) : !(rec.exclude ?? []).some(selects);
      return { ...ref, role: on ? 'rate-limit' : 'other' };
    });
  }

  /** A global guard (APP_GUARD): a policy guard stays listed but guards nothing; a scoped throttler splits in two. */
  rewriteGlobal(root: string, f: Fact): Fact[] {
    if (f.kind !== 'config' || typeof f.values.data !== 'string' || this.byRoot.size === 0) return [f];
    const data = JSON.parse(f.values.data) as { guard: MwRef; routes?: RouteSelector[]; exclude?: RouteSelector[] };
    const rec = data.guard ? this.find(root, data.guard) : undefined;
    if (!rec || rec.kind === 'acl-guard' || data.routes || data.exclude) return [f];
    const at = (d: object, suffix = ''): ConfigFact => ({ ...(f as ConfigFact), values: { ...f.values, data: JSON.stringify(d) }, key: `${f.key ?? ''}${suffix}` });
    // Listed only where it checks something.
    if (rec.kind === 'guard-scope') return [at({ ...data, ...(rec.routes ? { routes: rec.routes } : {}), exclude: rec.exclude })];
    if (rec.kind === 'policy-guard' || rec.kind === 'bootstrap-guard') return [at({ ...data, guard: { ...data.guard, role: 'other', why: `${data.guard.name} ${rec.why}` } })];
    const limited = { ...data.guard, role: 'rate-limit' };
    const passed = { ...data.guard, role: 'other', why: `${data.guard.name} calls super.canActivate only for some routes` };
    return rec.routes
      ? [at({ ...data, guard: limited, routes: rec.routes }), at({ ...data, guard: passed, exclude: rec.routes }, ':unthrottled')]
      : [at({ ...data, guard: limited, exclude: rec.exclude }), at({ ...data, guard: passed, routes: rec.exclude }, ':unthrottled')];
  }
}
