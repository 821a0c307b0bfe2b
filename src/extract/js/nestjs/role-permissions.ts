// Which roles hold a permission, so a permission decorator (`@HasPermission(permissions.X)`,
// `@RequirePermissions('x')`) is judged by who is granted X rather than assumed an admin check.
// The role→permission map is a function `switch (role) { case 'ADMIN': return [...]; case 'USER':
// return [...] }` or an object keyed by role (`{ [Role.Admin]: [...], [Role.User]: [...] }`), often
// in a shared library that imports nothing of Nest. Permissions pushed at run time
// (`currentPermissions.push(permissions.X)`) count too: under a passing admin-role test
// (`if (hasRole(user, Role.ADMIN))`) they are admin grants, elsewhere (a plan, a provider) not.
import { memberPath, propertyKey, stringValue, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { negative } from '../_lib/routes-guard-signals.js';
import { roleIn } from '../_lib/routes-guard-roles.js';
import { adminLikeText } from '../_lib/routes.js';

export interface RolePermissionsRecord {
  kind: 'role-permissions';
  /** Role name → the permissions the map grants it. */
  roles: Record<string, string[]>;
  /** Permissions granted at run time, `admin` when only under an admin-role test. */
  dynamic: { permission: string; admin: boolean }[];
}

/** `'ADMIN'`, `Role.ADMIN`, `permissions.createAccess` → the constant's last name. */
function constantName(node: AstNode | null | undefined, index: JsIndex): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  const s = stringValue(n, index);
  if (s !== undefined) return s;
  return memberPath(n)?.pop();
}

/** The names of an array of constants; undefined when any element is something else. */
function constantList(node: AstNode | null | undefined, index: JsIndex): string[] | undefined {
  const n = unwrap(node);
  if (!n || n.type !== 'ArrayExpression') return undefined;
  const out: string[] = [];
  for (const e of n.elements as (AstNode | null)[]) {
    if (!e || e.type === 'SpreadElement') continue; // `...getPermissions('USER')`: what it adds is not known here
    const name = constantName(e, index);
    if (name === undefined) return undefined;
    out.push(name);
  }
  return out;
}

/** A map names an admin-like role and at least one other role. */
function roleMap(roles: Record<string, string[]>): boolean {
  const names = Object.keys(roles);
  return names.length >= 2 && names.some((r) => adminLikeText(r)) && names.some((r) => !adminLikeText(r));
}

/** `switch (role) { case 'ADMIN': return [...] }` */
function switchMaps(index: JsIndex): { at: AstNode; roles: Record<string, string[]> }[] {
  const out: { at: AstNode; roles: Record<string, string[]> }[] = [];
  for (const s of index.nodesOf('SwitchStatement')) {
    if (!/role/i.test(index.text(s.discriminant as AstNode))) continue;
    const roles: Record<string, string[]> = {};
    for (const c of s.cases as unknown as { test: AstNode | null; consequent: AstNode[] }[]) {
      const role = constantName(c.test, index);
      const ret = c.consequent.flatMap((st) => (st.type === 'BlockStatement' ? (st.body as AstNode[]) : [st])).find((st) => st.type === 'ReturnStatement');
      const list = ret ? constantList(ret.argument as AstNode | null, index) : undefined;
      if (role && list) roles[role] = list;
    }
    if (roleMap(roles)) out.push({ at: s, roles });
  }
  return out;
}

/** `{ ADMIN: [...], USER: [...] }`, `{ [Role.Admin]: [...] }` */
function objectMaps(index: JsIndex): { at: AstNode; roles: Record<string, string[]> }[] {
  const out: { at: AstNode; roles: Record<string, string[]> }[] = [];
  for (const obj of index.nodesOf('ObjectExpression')) {
    const props = obj.properties as AstNode[];
    if (props.length < 2) continue;
    const roles: Record<string, string[]> = {};
    let all = true;
    for (const p of props) {
      if (p.type !== 'Property') {
        all = false;
        break;
      }
      const key = p.computed ? constantName(p.key as AstNode, index) : propertyKey(p);
      const list = constantList(p.value as AstNode, index);
      if (!key || !list) {
        all = false;
        break;
      }
      roles[key] = list;
    }
    if (all && roleMap(roles)) out.push({ at: obj, roles });
  }
  return out;
}

/** The value of a plain (not computed) property of an object literal. */
function propValue(obj: AstNode, key: string): AstNode | undefined {
  if (obj.type !== 'ObjectExpression') return undefined;
  for (const p of obj.properties as AstNode[]) if (p.type === 'Property' && !p.computed && propertyKey(p) === key) return p.value as AstNode;
  return undefined;
}

/** `{ name: 'admin', permissions: ... }`'s permission names: constants, `'x'`, `{ resource, action }` rows. */
function seededPermissions(node: AstNode | null | undefined, index: JsIndex): string[] | undefined {
  let n = unwrap(node);
  // Prisma nested writes: `permissions: { create: [...] }` (also connect / connectOrCreate).
  if (n?.type === 'ObjectExpression') {
    const obj = n;
    n = unwrap(propValue(obj, 'create') ?? propValue(obj, 'connect') ?? propValue(obj, 'connectOrCreate'));
  }
  if (!n || n.type !== 'ArrayExpression') return undefined;
  const out: string[] = [];
  for (const e of n.elements as (AstNode | null)[]) {
    const el = unwrap(e);
    if (!el || el.type === 'SpreadElement') continue;
    if (el.type !== 'ObjectExpression') {
      const name = constantName(el, index);
      if (name === undefined) return undefined;
      out.push(name);
      continue;
    }
    const field = (k: string) => {
      const v = propValue(el, k);
      return v ? stringValue(unwrap(v), index) : undefined;
    };
    const resource = field('resource') ?? field('subject');
    const action = field('action');
    const name = resource !== undefined && action !== undefined ? `${resource}:${action}` : field('name');
    if (name === undefined) return undefined;
    out.push(name);
  }
  return out;
}

/**
 * Roles seeded with their permissions (`prisma.role.upsert({ create: { name: 'admin', permissions:
 * { create: [{ resource: 'user', action: 'write' }] } } })`, `Role.create({ name, permissions: [...] })`):
 * one object per role, gathered over the file; `resource:action` as the permission guard reads it.
 */
function seedMaps(index: JsIndex): { at: AstNode; roles: Record<string, string[]> }[] {
  const roles: Record<string, string[]> = {};
  let at: AstNode | undefined;
  for (const obj of index.nodesOf('ObjectExpression')) {
    const perms = propValue(obj, 'permissions');
    const nameNode = perms ? unwrap(propValue(obj, 'name')) : undefined;
    const name = nameNode ? stringValue(nameNode, index) : undefined;
    const list = name !== undefined ? seededPermissions(perms, index) : undefined;
    if (name === undefined || !list) continue;
    roles[name] = [...(roles[name] ?? []), ...list];
    at ??= obj;
  }
  return at && roleMap(roles) ? [{ at, roles }] : [];
}

/** Inside the passing branch of an admin-role test (`if (hasRole(user, Role.ADMIN))`, `if (user.isAdmin)`). */
function adminGated(at: AstNode, index: JsIndex): boolean {
  let child = at;
  for (const a of index.ancestors(at)) {
    if (a.type === 'IfStatement' && a.consequent === child && !negative(a.test as AstNode, index)) {
      const text = index.text(a.test as AstNode);
      if (roleIn(a.test as AstNode, index) === 'admin' || (/role/i.test(text) && adminLikeText(text))) return true;
    }
    child = a;
  }
  return false;
}

/** `currentPermissions.push(permissions.X)`: a permission added at run time. */
function pushes(index: JsIndex): (RolePermissionsRecord['dynamic'][number] & { at: AstNode })[] {
  const out: (RolePermissionsRecord['dynamic'][number] & { at: AstNode })[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    const callee = memberPath(call.callee as AstNode);
    if (!callee || callee.length < 2 || callee[callee.length - 1] !== 'push' || !/permission/i.test(callee[callee.length - 2])) continue;
    for (const a of call.arguments as AstNode[]) {
      // A named constant (`permissions.X`, `'x'`), not whatever a variable holds.
      if (unwrap(a).type !== 'MemberExpression' && stringValue(a, index) === undefined) continue;
      const name = constantName(a, index);
      if (name) out.push({ permission: name, admin: adminGated(call, index), at: call });
    }
  }
  return out;
}

/** The role map and run-time grants of one file (any file: the map often lives in a shared library). */
export function rolePermissionRecords(index: JsIndex): { at: AstNode; data: RolePermissionsRecord; key: string }[] {
  // Cheap text test first: an admin role and permissions or roles named in the file.
  if (!/admin/i.test(index.content) || !/permission|role/i.test(index.content)) return [];
  const maps = [...switchMaps(index), ...objectMaps(index), ...seedMaps(index)];
  const dynamic = /\.push\(/.test(index.content) ? pushes(index) : [];
  if (maps.length === 0 && dynamic.length === 0) return [];
  const roles: Record<string, string[]> = {};
  for (const m of maps) for (const [r, list] of Object.entries(m.roles)) roles[r] = [...(roles[r] ?? []), ...list];
  const at = maps[0]?.at ?? dynamic[0].at;
  return [{ at, data: { kind: 'role-permissions', roles, dynamic: dynamic.map(({ permission, admin }) => ({ permission, admin })) }, key: 'role-permissions' }];
}

/** Decorators that name permissions (not roles): judged through the role map. */
export const PERMISSION_DECORATOR = /^@(Has|Require|Requires|Required|Check)?(Permissions?|Privileges?|Scopes?)\(/;

/**
 * The level a permission decorator requires: `admin` when every permission it names is granted
 * only to admin-like roles (by the map or an admin-gated push), `user` when a non-admin role holds
 * one, undefined when some permission is granted nowhere that was seen.
 */
export function permissionLevel(args: string | undefined, records: RolePermissionsRecord[]): { level: 'admin' | 'user'; why: string } | undefined {
  const perms = (args ?? '').split(',').map((a) => a.trim().replace(/^['"`[(]+|['"`\])]+$/g, '').split('.').pop() ?? '').filter(Boolean);
  if (perms.length === 0) return undefined;
  const mapped = records.some((r) => Object.keys(r.roles).length > 0);
  let userWhy: string | undefined;
  const admins: string[] = [];
  for (const p of perms) {
    const holders = records.flatMap((r) => Object.entries(r.roles).filter(([, list]) => list.includes(p)).map(([role]) => role));
    // Run-time grants count beside a role map only: a push elsewhere may be an admin granting it.
    const pushed = mapped ? records.flatMap((r) => r.dynamic.filter((d) => d.permission === p)) : [];
    if (holders.length === 0 && pushed.length === 0) return undefined;
    const plain = holders.find((h) => !adminLikeText(h));
    if (plain) userWhy ??= `${p} is granted to role ${plain}`;
    else if (pushed.some((d) => !d.admin)) userWhy ??= `${p} is granted at run time outside any admin-role test`;
    else admins.push(p);
  }
  // A list admits its weakest permission.
  if (userWhy) return { level: 'user', why: userWhy };
  return { level: 'admin', why: `${admins.join(', ')} granted only to admin roles` };
}
