// Permission predicates: exported functions a handler asks before it acts
// (`if (!(await canViewUsers(auth))) return unauthorized()`), taking the caller (`{ user }: Auth`,
// `session`, `user`) first and the objects after it. Judged by what their truthy returns test:
//   - only an administrator flag or role (`return user?.isAdmin ?? false`)       → admin;
//   - the caller's id against an object (`user.id === viewedUserId`), a record
//     looked up by an object and the caller (`getTeamUser(teamId, user.id)`), or a
//     token scoped to the object, besides admin                                   → user, object check;
//   - a permission of the caller's role (`hasPermission(user.role, X)`)          → user.
// Anything else granting access (an unknown call, an unconditional `true`) leaves it unjudged.
import { memberPath, nodesUnder, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';

export interface PredicateVerdict {
  level: 'admin' | 'user';
  /** The caller's rights on the objects passed after it are checked (ownership or membership). */
  object: boolean;
  why: string;
}

type Grant = 'admin' | 'owner' | 'member' | 'scoped' | 'role' | 'unknown';

const CALLER_PARAM = /^(auth|user|session|currentUser|viewer|actor|principal|account|identity|authUser|sessionUser|caller)$/;
const CALLER_KEY = /^(user|session|currentUser|viewer|actor|principal|account|identity|authUser|shareToken|token|apiKey|claims)$/;
const ADMIN_FLAG = /^(isAdmin|is_admin|admin|isSuperAdmin|isSuperuser|is_superuser|superuser|superAdmin|isStaff|is_staff|isOwner|isRoot)$/;
const ADMIN_VALUE = /admin|superuser|super_user|^root$/i;
const ROLE_PROP = /^(role|roles|permissions?|scopes?|groups?|accessLevel|userRole|type)$/;
const ID_PROP = /^(id|_id|uid|sub|userId|user_id|accountId|ownerId|memberId)$/;

interface Scope {
  /** Names that hold the caller (the first parameter or what it destructures). */
  caller: Set<string>;
  /** The other parameters: the objects asked about. */
  objects: Set<string>;
  fn: FunctionLike;
  index: JsIndex;
}

function isFalsy(node: AstNode): boolean {
  const n = unwrap(node);
  if (n.type === 'Literal') return !(n as { value: unknown }).value;
  return n.type === 'Identifier' && n.name === 'undefined';
}

function rootOf(node: AstNode): string | undefined {
  return memberPath(unwrap(node))?.[0];
}

/** Does an expression read the caller (`user.isAdmin`, `auth.user.role`)? */
function callerRead(node: AstNode, s: Scope): boolean {
  return nodesUnder(node, 'Identifier').some((i) => s.caller.has(i.name)) || (unwrap(node).type === 'Identifier' && s.caller.has((unwrap(node) as { name: string }).name));
}

/**
 * Is an expression derived from an object parameter: the parameter, a member of it, or a local
 * holding a call given one (`const entity = await getEntity(websiteId)`), one hop.
 */
function objectDerived(node: AstNode, s: Scope, depth = 0): boolean {
  const root = rootOf(node);
  if (!root || depth > 2) return false;
  if (s.objects.has(root)) return true;
  const init = unwrapAwait(s.index.initAt(root, node));
  if (!init || init.type !== 'CallExpression' || s.index.enclosingFunction(init) !== s.fn) return false;
  return init.arguments.some((a) => objectDerived(a as AstNode, s, depth + 1));
}

/** A local holding a lookup by an object and the caller (`const teamUser = await getTeamUser(teamId, user.id)`). */
function membershipLocal(name: string, at: AstNode, s: Scope): boolean {
  const init = unwrapAwait(s.index.initAt(name, at));
  if (!init || init.type !== 'CallExpression' || s.index.enclosingFunction(init) !== s.fn) return false;
  const args = init.arguments.map((a) => a as AstNode);
  return args.some((a) => objectDerived(a, s)) && args.some((a) => callerRead(a, s));
}

function adminTest(node: AstNode, s: Scope): boolean {
  const n = unwrap(node);
  if (!callerRead(n, s)) return false;
  const path = memberPath(n);
  if (path && ADMIN_FLAG.test(path[path.length - 1])) return true;
  if (n.type === 'BinaryExpression' && (n.operator === '===' || n.operator === '==')) {
    const sides = [n.left as AstNode, n.right as AstNode];
    const role = sides.find((x) => {
      const p = memberPath(unwrap(x));
      return !!p && s.caller.has(p[0]) && ROLE_PROP.test(p[p.length - 1]);
    });
    const other = sides.find((x) => x !== role);
    return !!role && !!other && ADMIN_VALUE.test(s.index.text(other));
  }
  // `user.roles.includes('admin')`
  if (n.type === 'CallExpression' && n.arguments.length === 1) {
    const p = memberPath(unwrap(n.callee as AstNode));
    return !!p && p[p.length - 1] === 'includes' && ROLE_PROP.test(p[p.length - 2] ?? '') && ADMIN_VALUE.test(s.index.text(n.arguments[0] as AstNode));
  }
  return false;
}

/** `user.id === viewedUserId`, `user.id === entity.userId`: the caller's id against an object. */
function ownerTest(node: AstNode, s: Scope): boolean {
  const n = unwrap(node);
  if (n.type !== 'BinaryExpression' || (n.operator !== '===' && n.operator !== '==')) return false;
  const [l, r] = [n.left as AstNode, n.right as AstNode];
  const callerId = (x: AstNode) => {
    const p = memberPath(unwrap(x));
    return !!p && p.length >= 2 && s.caller.has(p[0]) && ID_PROP.test(p[p.length - 1]);
  };
  return (callerId(l) && objectDerived(r, s)) || (callerId(r) && objectDerived(l, s));
}

/** Scoped to the object: `shareToken?.websiteId === websiteId`, `shareToken?.websiteIds?.includes(websiteId)`. */
function scopedTest(node: AstNode, s: Scope): boolean {
  const n = unwrap(node);
  if (n.type === 'BinaryExpression' && (n.operator === '===' || n.operator === '==')) {
    const [l, r] = [n.left as AstNode, n.right as AstNode];
    return (callerRead(l, s) && objectDerived(r, s) && !objectDerived(l, s)) || (callerRead(r, s) && objectDerived(l, s) && !objectDerived(r, s));
  }
  if (n.type === 'CallExpression' && n.arguments.length === 1) {
    const p = memberPath(unwrap(n.callee as AstNode));
    return !!p && p[p.length - 1] === 'includes' && s.caller.has(p[0]) && objectDerived(n.arguments[0] as AstNode, s);
  }
  return false;
}

/** `hasPermission(user.role, PERMISSIONS.x)`, `user.permissions.includes('x')`: a permission of the caller's role. */
function roleTest(node: AstNode, s: Scope): boolean {
  const n = unwrap(node);
  if (n.type !== 'CallExpression' && n.type !== 'BinaryExpression') return false;
  return nodesUnder(n, 'MemberExpression').some((m) => {
    const p = memberPath(m);
    return !!p && s.caller.has(p[0]) && ROLE_PROP.test(p[p.length - 1]);
  });
}

/** What a truthy value (a returned expression or the test before `return true`) grants on. */
function grantOf(node: AstNode, s: Scope): Grant[] {
  let n = unwrapAwait(node) ?? node;
  while (n.type === 'UnaryExpression' && n.operator === '!' && unwrap(n.argument as AstNode).type === 'UnaryExpression') n = unwrap((unwrap(n.argument as AstNode) as { argument: AstNode }).argument);
  if (n.type === 'CallExpression' && memberPath(unwrap(n.callee as AstNode))?.join('.') === 'Boolean' && n.arguments.length === 1) n = unwrap(n.arguments[0] as AstNode);
  if (n.type === 'LogicalExpression') {
    // `user?.isAdmin ?? false`
    if (n.operator === '??' && isFalsy(n.right as AstNode)) return grantOf(n.left as AstNode, s);
    if (n.operator === '||') return [...grantOf(n.left as AstNode, s), ...grantOf(n.right as AstNode, s)];
    if (n.operator === '&&') {
      // Every side must hold: the most specific one known says what it checks.
      const sides = [...grantOf(n.left as AstNode, s), ...grantOf(n.right as AstNode, s)];
      for (const g of ['owner', 'member', 'admin', 'scoped', 'role'] as const) if (sides.includes(g)) return [g];
      return ['unknown'];
    }
  }
  if (adminTest(n, s)) return ['admin'];
  if (ownerTest(n, s)) return ['owner'];
  if (n.type === 'Identifier' && membershipLocal(n.name, n, s)) return ['member'];
  // `return getTeamUser(teamId, user.id)`, `return canViewWebsite(auth, report.websiteId)`: asked with both.
  if (n.type === 'CallExpression' && n.arguments.some((a) => objectDerived(a as AstNode, s)) && n.arguments.some((a) => callerRead(a as AstNode, s))) return ['member'];
  if (n.type === 'MemberExpression' && rootOf(n) && membershipLocal(rootOf(n)!, n, s)) return ['member'];
  if (scopedTest(n, s)) return ['scoped'];
  if (roleTest(n, s)) return ['role'];
  return ['unknown'];
}

/** The names that hold the caller: `auth` / `{ user, shareToken }` / `{ user }: Auth = {}`. */
function callerNames(fn: FunctionLike): Set<string> | undefined {
  let p = fn.params[0] as AstNode | undefined;
  if (p && p.type === 'AssignmentPattern') p = p.left as AstNode;
  if (!p) return undefined;
  if (p.type === 'Identifier') return CALLER_PARAM.test(p.name) ? new Set([p.name]) : undefined;
  if (p.type !== 'ObjectPattern') return undefined;
  const out = new Set<string>();
  for (const prop of p.properties) {
    if (prop.type !== 'Property' || prop.key.type !== 'Identifier' || !CALLER_KEY.test(prop.key.name)) continue;
    let v = prop.value as AstNode;
    if (v.type === 'AssignmentPattern') v = v.left as AstNode;
    if (v.type === 'Identifier') out.add(v.name);
  }
  return out.size > 0 ? out : undefined;
}

/** Is `fn` a permission predicate, and what does it require? */
export function permissionPredicate(fn: FunctionLike, index: JsIndex): PredicateVerdict | undefined {
  const caller = callerNames(fn);
  if (!caller || !fn.body) return undefined;
  const objects = new Set<string>();
  for (const raw of fn.params.slice(1)) {
    let p = raw as AstNode;
    if (p.type === 'AssignmentPattern') p = p.left as AstNode;
    if (p.type === 'Identifier') objects.add(p.name);
  }
  const s: Scope = { caller, objects, fn, index };
  const body = unwrap(fn.body as AstNode);
  const truthy: AstNode[] = [];
  if (body.type !== 'BlockStatement') truthy.push(body);
  else {
    for (const r of nodesUnder(body, 'ReturnStatement')) {
      if (index.enclosingFunction(r) !== fn) continue;
      if (!r.argument) return undefined;
      const arg = unwrap(r.argument as AstNode);
      if (isFalsy(arg)) continue;
      if (arg.type === 'Literal' && (arg as { value: unknown }).value === true) {
        // `if (user.isAdmin) return true;`: the test grants.
        const parent: AstNode | undefined = index.ancestors(r).find((a) => a.type === 'IfStatement' || a === body);
        if (!parent || parent.type !== 'IfStatement') return undefined;
        const inConsequent = parent.consequent === r || nodesUnder(parent.consequent as AstNode, 'ReturnStatement').includes(r);
        if (!inConsequent) return undefined;
        truthy.push(parent.test as AstNode);
      } else truthy.push(arg);
    }
  }
  if (truthy.length === 0) return undefined;
  const grants = new Set(truthy.flatMap((t) => grantOf(t, s)));
  if (grants.has('unknown')) return undefined;
  const name = index.functionName(fn) ?? 'predicate';
  if ([...grants].every((g) => g === 'admin')) return { level: 'admin', object: false, why: `${name}() grants administrators only` };
  const object = grants.has('owner') || grants.has('member') || grants.has('scoped');
  if (object) return { level: 'user', object, why: `${name}() checks the caller's access to the object${grants.has('admin') ? ' (or admin)' : ''}` };
  return { level: 'user', object: false, why: `${name}() checks a permission of the caller's role` };
}
