// Authorisation checks inside a guard's tests: a role or permission (`isAdmin`, `roles.includes`),
// and owner-or-role (`req.params.userId !== user.id && !isAdmin`), kept apart from the identity
// checks because they decide the guard's level, not whether it is a guard.
import { calleeProperty, literalValue, memberPath, nodesUnder, someNode, unwrap, walk, type AstNode, type JsIndex } from './ast.js';
import { adminLikeText } from './routes.js';
import { REQ_NAMES, ROLE_PROPS, WEAK_ROLE_PROPS, identityPath, rejects, identityIn } from './routes-guard-signals.js';

/** A predicate asking whether the caller administers (`hasSuperAdminUser(org.id)`, `isAdmin(user)`, `isUserSiteAdmin(id)`). */
const ADMIN_PREDICATE = /^(is|has|check|assert|require|ensure)_?(user_?)?(super_?|org_?|site_?|global_?|instance_?)?admin(istrator)?_?(user|role|access|rights|privileges?)?$/i;

/** A numeric role id or level of the caller: `req.user.role_id`, `user.roleId`. */
const ROLE_ID = /^(role_?id|roleId|role_?level|roleLevel)$/i;
const COMPARE = new Set(['===', '==', '!==', '!=', '<', '<=', '>', '>=']);

/** A number: a literal, a same-file constant, or a setting read with a number default (`getConfig('min_role', 1)`). */
function numeric(node: AstNode, index: JsIndex): boolean {
  const n = unwrap(node);
  if (typeof literalValue(n, index) === 'number') return true;
  return n.type === 'CallExpression' && n.arguments.some((a) => typeof literalValue(a as AstNode, index) === 'number');
}

/**
 * `req.user.role_id === 1`, `role_id <= N`, `getConfig(cfg, 1) >= req.user.role_id`: the caller's
 * numeric role compared with a fixed or configured threshold, a fixed privileged role (admin, as
 * a fixed role name is).
 */
function numericRole(test: AstNode, index: JsIndex): boolean {
  return someNode(test, (n) => {
    if (n.type !== 'BinaryExpression' || !COMPARE.has(n.operator)) return false;
    const roleSide = (x: AstNode): boolean => {
      const path = memberPath(unwrap(x));
      return !!path && path.length >= 2 && ROLE_ID.test(path[path.length - 1]) && callerHolder(path.slice(0, -1));
    };
    return (roleSide(n.left as AstNode) && numeric(n.right as AstNode, index)) || (roleSide(n.right as AstNode) && numeric(n.left as AstNode, index));
  });
}

/** A role/permission check inside a test; `admin` when compared with an admin-like literal or flag. */
export function roleIn(test: AstNode, index: JsIndex): 'admin' | 'role' | undefined {
  if (numericRole(test, index)) return 'admin';
  // `if (!claims) return 401`: whether a token's claims (or a role list) are there at all asks for no privilege.
  if (bareCollection(test)) return undefined;
  let strong = false;
  let weak = false;
  let privilege = false;
  someNode(test, (node) => {
    if (node.type === 'CallExpression' && ADMIN_PREDICATE.test(memberPath(node.callee as AstNode)?.pop() ?? '')) privilege = strong = true;
    if (node.type === 'MemberExpression' || node.type === 'Identifier') {
      const path = memberPath(node);
      const last = path?.[path.length - 1];
      if (last && ROLE_PROPS.test(last)) strong = true;
      // `const adminRole = await getStaffAdminRole(user.id); if (!adminRole) 401`: the caller's administrator record.
      else if (node.type === 'Identifier' && ADMIN_LOOKUP_LOCAL.test(node.name) && adminLookup(node, index)) privilege = strong = true;
      else if (last && WEAK_ROLE_PROPS.test(last)) weak = true;
      // `user.canDelete`, `req.user.mayPublish`: a privilege flag of the caller (not of a record).
      else if (last && PRIVILEGE_FLAG.test(last) && callerHolder(path!.slice(0, -1))) privilege = strong = true;
    }
    return false;
  });
  if (!strong && !weak) return undefined;
  const text = index.text(test);
  const literals = nodesUnder(test, 'Literal').map((l) => String((l as unknown as { value: unknown }).value)).filter((v) => v !== 'undefined' && v !== 'null');
  const adminFlag = privilege || /\b(isAdmin|is_admin|isSuperAdmin|is_super_?admin|superAdmin|super_admin|isSuperuser|is_superuser|isStaff|is_staff|superuser)\b/.test(text) || /\.admin\b/.test(text);
  // `scopes.has('openid')`: a standard OpenID Connect scope every signed-in token carries, no privilege.
  if (literals.length > 0 && literals.every((l) => /^(openid|profile|email|offline_access|phone|address)$/.test(l)) && /\b(scopes?|scp)\.(includes|has)\(/.test(text)) return undefined;
  // `scopes.includes(PredefinedScope.All)`, `scopes.has('*')`: a scope granting everything.
  const allScope = /\b(scopes?|scp|permissions?)\.(includes|has)\(\s*(['"`](\*|all|admin|root)['"`]|[\w.]*\.(ALL|All|all|Admin|ADMIN))\s*\)/.test(text);
  const adminLiteral = allScope || literals.some((s) => adminLikeText(s)) || /\b\w*Roles?\.(ADMIN|Admin|admin|SUPER\w*|Super\w*)\b/i.test(text);
  if (adminFlag || adminLiteral) return 'admin';
  if (!strong) return undefined;
  // A fixed privileged role (`role === 'accounting'`, `roles.includes(Role.Editor)`) is an
  // authorisation check; a role taken from a parameter (`requireRole(role)`) is decided at use.
  const constants = literals.filter((s) => /^[a-z][\w:-]*$/i.test(s) && !/^(user|users|customer|member|guest|anonymous|string|object|function|number|boolean)$/i.test(s));
  // `Roles.Editor` names a role; `roles.includes(x)` asks a list, which may be the guard's own parameter.
  const roleConstant = /\b(roles?|Roles?|ROLES?|permissions?|Permissions?|PERMISSIONS?|Scopes?|scopes?)\.(?!(includes|indexOf|some|every|find|findIndex|has|length|map|filter|join|toString)\b)[A-Za-z_]\w*/.test(text);
  return constants.length > 0 || roleConstant ? 'admin' : 'role';
}

const PRIVILEGE_FLAG = /^(can|may)[A-Z]\w*$/;

/** A local holding what an administrator lookup found (`adminRole`, `adminUser`, `superAdminMembership`). */
const ADMIN_LOOKUP_LOCAL = /^(super_?)?admin(istrator)?_?(role|user|member(ship)?|access|record|entry|account)?$/i;

/** Is the local bound, in its function, to an awaited call named after an administrator (`await getAdminRole(user.id)`)? */
function adminLookup(id: AstNode & { name: string }, index: JsIndex): boolean {
  const fn = index.enclosingFunction(id);
  if (!fn?.body) return false;
  return nodesUnder(fn.body as AstNode, 'VariableDeclarator').some((d) => {
    const target = d.id as AstNode;
    const init = d.init ? unwrap(d.init as AstNode) : undefined;
    if (target.type !== 'Identifier' || target.name !== id.name || init?.type !== 'AwaitExpression') return false;
    const call = unwrap(init.argument as AstNode);
    const name = call.type === 'CallExpression' ? memberPath(call.callee as AstNode)?.pop() : undefined;
    return !!name && /admin/i.test(name) && call.type === 'CallExpression' && call.arguments.length > 0;
  });
}

/** `claims`, `!roles`: a local collection tested only for being there. */
function bareCollection(test: AstNode): boolean {
  let n = unwrap(test);
  while (n.type === 'UnaryExpression' && n.operator === '!') n = unwrap(n.argument as AstNode);
  return n.type === 'Identifier' && /^(claims|roles|permissions|scopes|groups|privileges|authorities)$/.test(n.name);
}

/** `user`, `req.user`, `ctx.state.user`: what holds the caller, not a record. */
function callerHolder(holder: string[]): boolean {
  return identityPath(holder) !== undefined || (holder.length === 1 && CALLER_ROOT.test(holder[0]));
}

const CALLER_ID_PROP = /^(id|_id|userId|user_id|uid|sub|accountId|account_id|ownerId|owner_id)$/;

/** `req.params.userId` / `params.id` / `request.params.id`: a path parameter's name. */
function pathParam(node: AstNode): string | undefined {
  const path = memberPath(unwrap(node));
  const at = path ? path.indexOf('params') : -1;
  return path && at >= 0 && at === path.length - 2 && (at === 0 || REQ_NAMES.has(path[at - 1])) ? path[at + 1] : undefined;
}

const CALLER_ROOT = /^(user|currentUser|current_user|me|authUser|loggedInUser|credentials|auth|session|decoded|payload|principal|account)$/;
const OWNER_FIELD = /^(user|userId|user_id|owner|ownerId|owner_id|author|authorId|author_id|createdBy|created_by|creator|creatorId|_id|id|uid|account|accountId|account_id)$/;

/** `String(x)`, `x.toString()`, `x.toHexString()`: the value compared. */
function comparedValue(node: AstNode): AstNode {
  let n = unwrap(node);
  if (n.type === 'CallExpression' && n.arguments.length === 1 && unwrap(n.callee as AstNode).type === 'Identifier') n = unwrap(n.arguments[0] as AstNode);
  if (n.type === 'CallExpression' && n.arguments.length === 0 && /^(toString|toHexString|valueOf)$/.test(calleeProperty(n) ?? '')) n = unwrap((unwrap(n.callee as AstNode) as unknown as { object: AstNode }).object);
  return n;
}

/** `user.id`, `req.user._id`, `ctx.state.user.id`, `String(req.user.id)`: the caller's own id. */
function callerId(node: AstNode): boolean {
  const path = memberPath(comparedValue(node));
  if (!path || path.length < 2 || !CALLER_ID_PROP.test(path[path.length - 1])) return false;
  const holder = path.slice(0, -1);
  return identityPath(holder) !== undefined || (holder.length === 1 && CALLER_ROOT.test(holder[0]));
}

/** What a comparison with the caller's id says: `params.X !== user.id`, `review.user.toString() !== req.user.id`. */
function ownerComparison(node: AstNode): { param?: string; equal: boolean } | undefined {
  const n = unwrap(node);
  // `!topic.author_id.equals(user._id)`: a negated equality method (Mongoose ObjectId, lodash-like).
  if (n.type === 'UnaryExpression' && n.operator === '!') {
    const inner = ownerComparison(n.argument as AstNode);
    return inner && unwrap(n.argument as AstNode).type === 'CallExpression' ? { ...inner, equal: !inner.equal } : undefined;
  }
  let sides: [AstNode, AstNode] | undefined;
  let equal = true;
  if (n.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(n.operator)) {
    sides = [n.left as AstNode, n.right as AstNode];
    equal = n.operator.startsWith('=');
  } else if (n.type === 'CallExpression' && n.arguments.length === 1 && calleeProperty(n) === 'equals') {
    const obj = unwrap(n.callee as AstNode) as unknown as { object?: AstNode };
    if (obj.object) sides = [obj.object, n.arguments[0] as AstNode];
  }
  if (!sides) return undefined;
  const [l, r] = sides;
  const other = callerId(r) ? l : callerId(l) ? r : undefined;
  if (!other || callerId(other)) return undefined;
  const param = pathParam(comparedValue(other));
  if (param) return { param, equal };
  const path = memberPath(comparedValue(other));
  return path && path.length >= 2 && OWNER_FIELD.test(path[path.length - 1]) && !path.includes('body') && !path.includes('query') ? { equal } : undefined;
}

/**
 * An owner-or-role test: `notOwner && notPermitted` (rejecting when true) or `owner || permitted`
 * (passing when true), where one side compares a path parameter with the caller's id and the other
 * is a role/permission check. Returns the compared parameters.
 */
export function ownerBypass(test: AstNode, index: JsIndex): string[] | undefined {
  const t = unwrap(test);
  if (t.type !== 'LogicalExpression' || (t.operator !== '&&' && t.operator !== '||')) return undefined;
  const sides = flattenLogical(t, t.operator);
  const owners = sides.map((s) => ownerComparison(s)).filter((o) => o !== undefined && o.equal === (t.operator === '||'));
  if (owners.length === 0) return undefined;
  const others = sides.filter((s) => !ownerComparison(s));
  if (others.length === 0 || !others.every((s) => roleIn(s, index) !== undefined || permissionFlag(s, index) || permissionCall(s))) return undefined;
  return owners.flatMap((o) => (o?.param ? [o.param] : []));
}

/**
 * `if (req.session.user && req.session.user.is_block) return res.status(403)...`: only the `if`'s
 * own branch refuses, and it runs only for a signed-in caller (a conjunct asks that one is
 * present), so a stranger passes. A check on users who are there (blocked, banned, unverified), no
 * authentication.
 */
export function refusesOnlySignedIn(test: AstNode, branches: AstNode[], failing: AstNode[], index: JsIndex): boolean {
  const t = unwrap(test);
  const holder = index.parent(test);
  if (t.type !== 'LogicalExpression' || t.operator !== '&&' || !holder || (holder.type !== 'IfStatement' && holder.type !== 'ConditionalExpression') || (holder as { test?: unknown }).test !== test) return false;
  if (!flattenLogical(t, '&&').some((s) => (s.type === 'MemberExpression' || s.type === 'Identifier') && identityIn(s, index) !== undefined)) return false;
  return [...branches.slice(1), ...failing.filter((b) => b !== branches[0])].every((b) => rejects(b, index, true) === undefined);
}

function flattenLogical(node: AstNode, operator: string): AstNode[] {
  const n = unwrap(node);
  if (n.type === 'LogicalExpression' && n.operator === operator) return [...flattenLogical(n.left as AstNode, operator), ...flattenLogical(n.right as AstNode, operator)];
  return [n];
}

/** `!hasRequiredRights` where `const hasRequiredRights = rights.every(...)`: a permission check by a flag. */
function permissionFlag(node: AstNode, index: JsIndex): boolean {
  const n = unwrap(node);
  const id = n.type === 'UnaryExpression' && n.operator === '!' ? unwrap(n.argument as AstNode) : n;
  if (id.type !== 'Identifier') return false;
  if (/right|permi|role|admin|allowed|authori[sz]ed|privilege|scope/i.test(id.name)) return true;
  const init = index.initAt(id.name, id);
  return !!init && roleIn(init, index) !== undefined;
}

/** A permission method the authorisation model answers (`user.hasPermission(Permission.MANAGE_USERS)`, `ability.can('update', 'User')`). */
const PERMISSION_METHOD = /^(has|check)_?(any|all)?_?(permissions?|roles?|scopes?|authority|authorities|privileges?|rights?|access)$|^(can|isAllowed|isGranted|isAuthorized)$/i;

/**
 * `!req.user?.hasPermission(Permission.MANAGE_USERS)`: the other side of an owner-or-role test asks
 * the caller's permissions through a method, which the role signals (properties, admin literals)
 * do not see.
 */
function permissionCall(node: AstNode): boolean {
  let n = unwrap(node);
  while (n.type === 'UnaryExpression' && n.operator === '!') n = unwrap(n.argument as AstNode);
  return n.type === 'CallExpression' && PERMISSION_METHOD.test(calleeProperty(n) ?? '');
}

/** `!req.user`, `req.isAuthenticated()`, `!session`: asks only whether a caller is there. */
function presenceCheck(node: AstNode, index: JsIndex): boolean {
  let n = unwrap(node);
  while (n.type === 'UnaryExpression' && n.operator === '!') n = unwrap(n.argument as AstNode);
  if (n.type === 'MemberExpression') return identityPath(memberPath(n)) !== undefined;
  if (n.type === 'Identifier') return identityIn(n, index) !== undefined;
  return n.type === 'CallExpression' && n.arguments.length === 0 && identityIn(n, index) !== undefined;
}

/**
 * `if (org.suspended && !req.user.isSuperAdmin) return 403`, `if (!user.isAdmin && !isMember(org,
 * user)) return 403`, `if (isAdmin || isMember) next(); else 403`: the refusal needs another
 * condition too (a record's state, a membership), and the privilege only excuses its holder from
 * it. Non-administrators pass whenever that condition lets them, so it is no administrator gate.
 * A condition on the request's method or path (`req.method !== 'GET' && !isAdmin`) scopes the
 * gate to some routes and still counts; so does one asking only that a caller is present.
 */
export function privilegeExemption(test: AstNode, refusesWhenTrue: boolean, reqName: string, index: JsIndex, within?: AstNode): boolean {
  const t = unwrap(test);
  const operator = refusesWhenTrue ? '&&' : '||';
  const sides = t.type === 'LogicalExpression' && t.operator === operator ? flattenLogical(t, operator) : [t];
  const roleSides = sides.filter((s) => roleIn(s, index) !== undefined || permissionFlag(s, index));
  if (roleSides.length === 0) return false;
  // `if (req.headers['x-org']) { if (!user.superAdmin) throw ... }`: the test an enclosing `if` puts first counts as a conjunct.
  const outer = within ? enclosingTests(test, within, index) : [];
  const scoping = new RegExp(`\\b${reqName}\\.(method|path|url|originalUrl|baseUrl|route)\\b`);
  // `const routeCheck = find(restricted, { route: req.route.path })`: a local read from the path scopes too.
  const readsRoute = (s: AstNode): boolean => scoping.test(index.text(s)) || nodesUnder(s, 'Identifier').some((id) => {
    const init = index.initAt(id.name, s);
    return !!init && scoping.test(index.text(init));
  });
  // `if (settings.adminAuth) { ...if (!hasPermission(scope, p)) 401 }`: an enclosing test of module-level settings only
  // switches the check on for the deployment (a deployment switch, judged elsewhere), it excuses no caller.
  const conditions = [...sides.filter((s) => !roleSides.includes(s)), ...outer.filter((s) => !within || !settingOnly(s, within, index))];
  return conditions.some((s) => roleIn(s, index) === undefined && !permissionFlag(s, index) && !presenceCheck(s, index) && !readsRoute(s) && !serviceCallFlag(s, reqName));
}

/** `internal`, `isInternal`, `isServiceCall`, `internalRequest`: a flag naming a trusted in-cluster call. */
const SERVICE_CALL = /^(is_?)?(internal|service|system)(_?(call|request|req|api|auth|token|user|client))?$/i;

/**
 * `if (!ctx.internal && !isAdmin(ctx.user)) ctx.throw(403)`: a flag the authentication middleware
 * set on the request for a service-to-service call (an internal API key) is another credential,
 * not a condition that lets ordinary callers through: the refusal still holds every end user who
 * is not an administrator. Read on the request itself or its per-request state (`ctx.state`,
 * `res.locals`), never on a record.
 */
function serviceCallFlag(node: AstNode, reqName: string): boolean {
  let n = unwrap(node);
  while (n.type === 'UnaryExpression' && n.operator === '!') n = unwrap(n.argument as AstNode);
  const path = n.type === 'MemberExpression' ? memberPath(n) : undefined;
  if (!path || path.length < 2 || !SERVICE_CALL.test(path[path.length - 1])) return false;
  const holder = path.slice(0, -1);
  const root = holder[0] === reqName || REQ_NAMES.has(holder[0]) || holder[0] === 'res' || holder[0] === 'response';
  return root && (holder.length === 1 || (holder.length === 2 && /^(state|locals|request|req)$/.test(holder[1])));
}

/** A test of names declared outside `within` only (`settings && settings.adminAuth`): configuration, not the request. */
function settingOnly(test: AstNode, within: AstNode, index: JsIndex): boolean {
  const local = new Set(nodesUnder(within, 'VariableDeclarator').flatMap((d) => nodesUnder(d.id as AstNode, 'Identifier').map((i) => i.name)));
  // The guard's own parameters (`within` is its body) and those of the functions inside it.
  for (const f of [index.parent(within) ?? within, ...nodesUnder(within, 'ArrowFunctionExpression'), ...nodesUnder(within, 'FunctionExpression')]) {
    for (const p of (f as unknown as { params?: AstNode[] }).params ?? []) for (const i of nodesUnder(p, 'Identifier')) local.add(i.name);
  }
  // The root name of every value the test reads; a call or `this` reads what cannot be told apart from the request.
  const roots: string[] = [];
  walk(test, (n) => {
    if (n.type === 'MemberExpression') {
      roots.push(memberPath(n)?.[0] ?? '');
      return false;
    }
    if (n.type === 'Identifier') roots.push(n.name);
    if (n.type === 'CallExpression' || n.type === 'ThisExpression') roots.push('');
    return undefined;
  });
  return roots.length > 0 && roots.every((r) => r !== '' && !local.has(r));
}


/**
 * Tests of the `if`s (inside `within`) whose branch holds `node`, innermost first. One whose other
 * branch refuses (`if (err) return res.sendStatus(401); else if (!decoded.admin) ...`) is a check
 * of its own, not a condition the inner check needs.
 */
function enclosingTests(node: AstNode, within: AstNode, index: JsIndex): AstNode[] {
  const out: AstNode[] = [];
  let child = node;
  for (let p = index.parent(node) as AstNode | undefined; p && p !== within; child = p, p = index.parent(p) as AstNode | undefined) {
    if (p.type !== 'IfStatement' || p.test === child) continue;
    const other = (p.consequent === child ? p.alternate : p.consequent) as AstNode | null;
    if (!other || rejects(other, index, true) === undefined) out.push(p.test as AstNode);
  }
  return out;
}

/**
 * `!canRead && !board.display`, `!isAdmin && album.visibility !== 'public'`: besides the privilege,
 * the refusal asks only a flag of a record the handler holds (no caller, no request). Callers pass
 * whenever the record says so, signed in or not: a per-record visibility rule, no login.
 */
export function recordFlagOnly(test: AstNode, index: JsIndex): boolean {
  const t = unwrap(test);
  if (t.type !== 'LogicalExpression' || t.operator !== '&&') return false;
  const others = flattenLogical(t, '&&').filter((s) => roleIn(s, index) === undefined && !permissionFlag(s, index) && !permissionCall(s));
  return others.length > 0 && others.every((s) => {
    let n = unwrap(s);
    while (n.type === 'UnaryExpression' && n.operator === '!') n = unwrap(n.argument as AstNode);
    const member = n.type === 'BinaryExpression' ? [unwrap(n.left as AstNode), unwrap(n.right as AstNode)].find((x) => x.type === 'MemberExpression') : n;
    const path = member && member.type === 'MemberExpression' ? memberPath(member) : undefined;
    return !!path && path.length === 2 && !REQ_NAMES.has(path[0]) && identityIn(s, index) === undefined;
  });
}
