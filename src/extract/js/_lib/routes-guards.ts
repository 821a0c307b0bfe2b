// Decides whether a function is an authentication or authorisation guard from what its body DOES:
// it checks an identity (verifies a JWT, reads req.session / req.user / ctx.state.user, calls
// isAuthenticated(), compares an API-key header) and rejects the request when the check fails
// (401/403, ctx.throw, next(err), throw, redirect to a login page). A role/permission check that
// rejects makes it an admin guard (or a role guard when the role comes from a parameter). Other
// shapes (single-user-mode only, verified credential headers, Origin allow-lists, service-token
// stores) are in routes-guard-shapes.ts.
import type { AuthMechanism } from '../../../model/types.js';
import {
  calleeName,
  calleeProperty,
  isFunctionLike,
  literalValue,
  memberPath,
  nodesUnder,
  objectProp,
  resolveObject,
  someNode,
  stringValue,
  unwrap,
  unwrapAwait,
  type AstNode,
  type CallLike,
  type FunctionLike,
  type JsIndex,
} from './ast.js';
import { adminLikeText, authLikeName } from './routes.js';
import { optionGuard } from './option-guards.js';
import { caughtCheckRefused, credentialHeaderCheck, multiUserRefused, originTest, serviceTokenTable } from './routes-guard-shapes.js';
import { ownerLoaderParams } from './routes-records.js';

export interface GuardVerdict {
  /** `unknown`: rejects with 401/403 after calling an auth-like helper whose body is elsewhere. */
  level: 'user' | 'admin' | 'role' | 'unknown';
  mechanism: AuthMechanism;
  why: string;
  /**
   * Owner-or-admin: a role check the caller also passes when it owns the record the path names
   * (`req.params.userId !== user.id && !isAdmin`). Level is then `user`; `params` are the path
   * parameters compared with the caller's id (record accesses by them are ownership-checked).
   */
  owner?: { params: string[] };
  /** An option-driven factory (`auth({ role })`): the option keys it reads, judged at each use (option-guards.ts). */
  options?: string;
  /** An option-driven factory whose helper is imported: link decides from that helper's guard definition. */
  delegate?: { module: string; export: string };
  /** Route tags the guard gives where it runs (`machine-credential`: it admits a client or key, not a person). */
  tags?: string[];
}

const REQ_NAMES = new Set(['req', 'request', 'ctx', 'context', 'event', 'socket', 'handshake', 'res', 'reply']);
const IDENTITY_PROPS = /^(user|users|currentUser|current_user|auth|authUser|loggedInUser|userId|user_id|uid|account|principal|identity|isLoggedIn|loggedIn|logged_in|authenticated|isAuthenticated|token|decoded|claims|jwt|payload|me|admin|member)$/;
const ROLE_PROPS = /^(role|roles|isAdmin|is_admin|admin|isSuperAdmin|is_super_?admin|superAdmin|super_admin|permissions?|scopes?|scp|groups?|privileges?|isSuperuser|is_superuser|superuser|isStaff|is_staff|accessLevel|access_level|userType|user_type|authorities|claims)$/;
const WEAK_ROLE_PROPS = /^(type|level|rank|kind)$/;
const API_KEY_HEADER = /api[-_]?key|x-api|x-auth|access[-_]?token|x-token|secret|authorization|x-key/i;
const REJECT_STATUS = new Set([401, 403]);
/** Session keys held between the steps of a login (2FA, passkey, OAuth state), before anyone is logged in. */
export const LOGIN_STEP_KEY = /pending|challenge|nonce|verifier|^(oauth)?state$|^temp|^tmp|partial|pre-?auth|^(mfa|otp|totp|twoFactor|two_factor|2fa)|webauthn|passkey|fido|return-?to|captcha|csrf/i;
/** Framework session/user getters (next-auth, iron-session, lucia, clerk, supabase...). */
const SESSION_GETTER = /^(getServerSession|getSession|unstable_getServerSession|getToken|getIronSession|validateRequest|getCurrentUser|currentUser|getUser|getUserFromRequest|getAuth|requireUser|requireSession|verifySession|getLoggedInUser|auth\.getUser|supabase\.auth\.getUser)$/;
const REJECT_MEMBER = /(UNAUTHORI[SZ]ED|FORBIDDEN|Unauthori[sz]ed|Forbidden)$/;
const REJECT_ERROR = /unauthori[sz]ed|forbidden|auth|permission|access|denied|login|token/i;

function rootName(path: string[] | undefined): string | undefined {
  return path?.[0];
}

/** `req.session.user`, `ctx.state.user`, `req.user.id`, `res.locals.user`... */
function identityPath(path: string[] | undefined): 'session' | 'user' | undefined {
  if (!path || path.length < 2 || !REQ_NAMES.has(path[0])) return undefined;
  const rest = path.slice(1);
  // A login step in progress (`req.session.pendingUserId`, `loginChallenge`) is not a logged-in user.
  if (rest[0] === 'session' && rest[1] && LOGIN_STEP_KEY.test(rest[1])) return undefined;
  if (rest[0] === 'session' || rest[0] === 'cookies' || rest[0] === 'signedCookies') return rest.length >= 2 || rest[0] === 'session' ? 'session' : undefined;
  if (rest[0] === 'state' && rest[1] && IDENTITY_PROPS.test(rest[1])) return 'user';
  if (rest[0] === 'locals' && rest[1] && IDENTITY_PROPS.test(rest[1])) return 'user';
  if (rest[0] === 'handshake' && rest[1] === 'session') return 'session';
  if (IDENTITY_PROPS.test(rest[0])) return 'user';
  return undefined;
}

function numberOf(node: AstNode | undefined, index: JsIndex): number | undefined {
  if (!node) return undefined;
  const v = literalValue(node, index);
  if (typeof v === 'number') return v;
  const path = memberPath(node);
  if (path && REJECT_MEMBER.test(path[path.length - 1])) return path[path.length - 1].toLowerCase().startsWith('forbidden') ? 403 : 401;
  return undefined;
}

/** Does this subtree end the request unsuccessfully? */
export function rejects(root: AstNode, index: JsIndex, anyRedirect = false): string | undefined {
  let why: string | undefined;
  someNode(root, (node) => {
    if (node.type === 'ThrowStatement') {
      why = 'throw';
      return true;
    }
    if (node.type === 'AssignmentExpression') {
      const path = memberPath(node.left as AstNode);
      const last = path?.[path.length - 1];
      if ((last === 'status' || last === 'statusCode') && REJECT_STATUS.has(numberOf(node.right, index) ?? 0)) {
        why = `status ${numberOf(node.right, index)}`;
        return true;
      }
      return false;
    }
    if (node.type === 'Property' && !node.computed && node.key.type === 'Identifier' && (node.key.name === 'status' || node.key.name === 'statusCode')) {
      const n = numberOf(node.value as AstNode, index);
      if (n !== undefined && REJECT_STATUS.has(n)) {
        why = `status ${n}`;
        return true;
      }
      return false;
    }
    if (node.type !== 'CallExpression') return false;
    const prop = calleeProperty(node);
    const first = node.arguments[0] as AstNode | undefined;
    if (prop && ['status', 'sendStatus', 'code', 'writeHead', 'send', 'json', 'throw', 'assert', 'status_code'].includes(prop)) {
      const arg = prop === 'assert' ? (node.arguments[1] as AstNode | undefined) : first;
      const n = numberOf(arg, index);
      if (n !== undefined && REJECT_STATUS.has(n)) {
        why = `${prop}(${n})`;
        return true;
      }
      // ctx.assert(ctx.state.user, new AuthenticationError()) / ctx.throw(new ForbiddenError())
      const err = unwrap(arg);
      if ((prop === 'assert' || prop === 'throw') && err && (err.type === 'NewExpression' || err.type === 'CallExpression') && REJECT_ERROR.test(index.text(err.callee as AstNode))) {
        why = `${prop}(${index.text(err.callee as AstNode)})`;
        return true;
      }
    }
    // `return NextResponse.error()`: a failed response (network error) for the caller.
    if (prop === 'error' && /^(Next)?Response$/.test(calleeName(node)?.split('.')[0] ?? '')) {
      why = `${calleeName(node)}()`;
      return true;
    }
    // `res.forbidden()`, `helpers.notAllowed(req, res)`, `accessDenied(res)`: a helper that answers the refusal.
    if (prop && /^(unauthori[sz]ed|forbidden|not(Allowed|Authori[sz]ed|Permitted|LoggedIn|Authenticated)|accessDenied|permissionDenied|denyAccess)$/i.test(prop)) {
      why = prop;
      return true;
    }
    // `socket.close()` on the failing side of a websocket handler: the connection is refused.
    if (anyRedirect && prop && /^(close|terminate|destroy|disconnect)$/.test(prop) && /^(socket|ws|websocket|conn|connection|client)$/i.test(memberPath(node.callee as AstNode)?.slice(-2, -1)[0] ?? '')) {
      why = `${calleeName(node)}()`;
      return true;
    }
    // `return res.render('notify', { error: 'login first' })` on the failing side: an error page instead of the content.
    if (prop === 'render' && anyRedirect && errorPage(node, index) && !inAlternate(node, index)) {
      why = `render ${stringValue(first, index) ?? 'error page'}`;
      return true;
    }
    if (prop === 'redirect') {
      const target = node.arguments.map((a) => stringValue(a as AstNode, index)).find((s) => s !== undefined);
      if ((target && /log-?in|sign-?in|auth/i.test(target)) || anyRedirect) {
        why = `redirect ${target}`;
        return true;
      }
    }
    const callee = unwrap(node.callee);
    if (callee.type === 'Identifier' && (callee.name === 'next' || callee.name === 'done' || callee.name === 'cb' || callee.name === 'callback') && first) {
      const v = literalValue(first, index);
      if (v === 'route' || v === 'router' || v === null || v === undefined && first.type === 'Identifier' && first.name === 'undefined') return false;
      if (typeof v === 'boolean') return false;
      // `catch (err) { next(err) }`: passing a failure on, not refusing the caller.
      if (first.type === 'Identifier' && caughtError(first.name, node, index)) return false;
      why = `${callee.name}(error)`;
      return true;
    }
    // `new Promise((resolve, reject) => ...)` around a guard: `reject(new ApiError(403))` fails the request.
    if (callee.type === 'Identifier' && callee.name === 'reject' && first && unwrap(first).type === 'NewExpression') {
      why = 'reject(error)';
      return true;
    }
    if ((callee.type === 'Identifier' && /^(createError|httpError|createHttpError)$/.test(callee.name)) || (prop && /^(createError)$/.test(prop))) {
      const n = numberOf(first, index);
      if (n !== undefined && REJECT_STATUS.has(n)) {
        why = `createError(${n})`;
        return true;
      }
    }
    return false;
  });
  return why;
}

const ERROR_VIEW = /(^|[/_-])(errors?|40[13]|forbidden|denied|unauthori[sz]ed|no-?access)([/_.-]|$)/i;
const ERROR_LOCAL = /^(error|errors|err|error_?msg|errorMessage)$/;

/** `res.render('403')`, `res.render('notify/notify', { error: '...' })`: a page that tells the caller no. */
function errorPage(call: CallLike, index: JsIndex): boolean {
  const view = stringValue(call.arguments[0] as AstNode | undefined, index);
  if (view && ERROR_VIEW.test(view)) return true;
  const locals = unwrap(call.arguments[1] as AstNode | undefined);
  return !!locals && locals.type === 'ObjectExpression' && locals.properties.some((p) => propertyKeyName(p as AstNode) !== undefined && ERROR_LOCAL.test(propertyKeyName(p as AstNode)!));
}

/**
 * In the `else` of the nearest `if` (`if (req.user) res.redirect('/') else res.render('login', { error })`):
 * the page anonymous callers get on purpose, not a refusal, unless the `if` branch lets the request
 * on (`next()`).
 */
function inAlternate(node: AstNode, index: JsIndex): boolean {
  let child = node;
  for (const a of index.ancestors(node)) {
    if (isFunctionLike(a)) return false;
    // `if (req.user) next(); else res.render('error', ...)`: the else of a passing test refuses.
    if (a.type === 'IfStatement') return a.alternate === child && !someNode(a.consequent as AstNode, (n) => n.type === 'CallExpression' && n.arguments.length === 0 && calleeName(n) === 'next');
    child = a;
  }
  return false;
}

function caughtError(name: string, at: AstNode, index: JsIndex): boolean {
  return index.ancestors(at).some((a) => a.type === 'CatchClause' && !!a.param && a.param.type === 'Identifier' && a.param.name === name);
}

function isJwtVerify(call: AstNode, index: JsIndex): string | undefined {
  if (call.type !== 'CallExpression') return undefined;
  const resolved = index.resolvedCallee(call) ?? '';
  if (/^(jsonwebtoken|jose|jwt-simple|njwt|express-jwt|koa-jwt|@hapi\/jwt|fast-jwt|jws)\b.*\.(verify|jwtVerify|decode\w*|createVerifier)$/.test(resolved) && !resolved.endsWith('.decode')) return resolved;
  const prop = calleeProperty(call);
  const name = calleeName(call) ?? '';
  if (!prop) return undefined;
  if (/^(jwtVerify|verifyJwt|verifyJWT|verifyIdToken|verifySessionCookie|verifyAccessToken|verifyAuthToken|validateToken|verifyToken|getUserFromToken|verifyAsync)$/.test(prop)) return name || prop;
  if (prop === 'verify' && /jwt|token|jose|jws/i.test(name)) return name;
  return undefined;
}

function mechanismOfIdentity(kind: 'session' | 'user'): AuthMechanism {
  return kind === 'session' ? 'session' : 'custom';
}

interface IdentitySignal {
  mechanism: AuthMechanism;
  why: string;
}

/**
 * An identity check inside a test expression (`!req.user`, `req.session.userId`,
 * `req.isAuthenticated()`), also through one `const` alias (`const key = req.headers['x-api-key']`).
 */
export function identityIn(test: AstNode, index: JsIndex, depth = 0): IdentitySignal | undefined {
  let found: IdentitySignal | undefined;
  someNode(test, (node) => {
    if (node.type === 'Identifier' && depth < 2) {
      const init = index.initAt(node.name, node);
      if (init && !isFunctionLike(unwrap(init))) found = identityIn(init, index, depth + 1);
      return found !== undefined;
    }
    if (node.type === 'CallExpression') {
      const prop = calleeProperty(node);
      // `authenticatedUsers.from(req)`, `sessions.get(req.cookies.token)`, `jwtFrom(req)`: the
      // caller is looked up by what its request carries.
      const lookup = tokenLookup(node, index);
      if (lookup) {
        found = { mechanism: 'custom', why: `${lookup}()` };
        return true;
      }
      if (prop === 'isAuthenticated' || prop === 'isUnauthenticated' || prop === 'isLoggedIn') {
        found = { mechanism: 'session', why: `${calleeName(node) ?? prop}()` };
        return true;
      }
      if (SESSION_GETTER.test(prop ?? '') || SESSION_GETTER.test(calleeName(node) ?? '') || (calleeName(node) === 'auth' && index.bindings.has('auth'))) {
        found = { mechanism: 'session', why: `${calleeName(node) ?? prop}()` };
        return true;
      }
      const verified = isJwtVerify(node, index);
      if (verified) {
        found = { mechanism: 'jwt', why: verified };
        return true;
      }
      if (prop === 'header' || prop === 'get' || prop === 'getHeader') {
        const key = stringValue(node.arguments[0] as AstNode, index);
        if (key && API_KEY_HEADER.test(key) && REQ_NAMES.has(rootName(memberPath(node.callee as AstNode)) ?? '')) {
          found = { mechanism: /authorization/i.test(key) ? 'custom' : 'api-key', why: `${key} header` };
          return true;
        }
      }
    }
    if (node.type === 'MemberExpression') {
      const path = memberPath(node);
      // `req.session` inside `req.session.pendingUserId`: the outer key already said no.
      const outer = memberPath(index.parent(node) as AstNode);
      if (outer && outer.length === (path?.length ?? 0) + 1 && outer[1] === 'session' && LOGIN_STEP_KEY.test(outer[2] ?? '')) return false;
      const kind = identityPath(path);
      if (kind) {
        found = { mechanism: mechanismOfIdentity(kind), why: path!.join('.') };
        return true;
      }
      if (path && path.includes('headers')) {
        const key = path[path.indexOf('headers') + 1];
        if (key && API_KEY_HEADER.test(key) && REQ_NAMES.has(path[0])) {
          found = { mechanism: /authorization/i.test(key) ? 'custom' : 'api-key', why: `${key} header` };
          return true;
        }
      }
    }
    return false;
  });
  return found;
}

const IDENTITY_CALLEE = /auth|session|token|jwt|bearer|user|principal|identity|current/i;
const LOGIN_CALLEE = /log-?in|sign-?in|sign-?up|register|authenticate$|issue|create|sign$/i;
const CREDENTIAL_MEMBER = /^(authorization|cookie|cookies|token|access[-_]?token|x-[\w-]*(token|auth|key)[\w-]*|api[-_]?key)$/i;

/** Does an expression stand for the request, or for the credential it carries? */
function requestCredential(node: AstNode, index: JsIndex, depth = 0): boolean {
  const n = unwrap(node);
  if (n.type === 'Identifier') {
    if (REQ_NAMES.has(n.name) && n.name !== 'res' && n.name !== 'reply') return true;
    if (depth > 1) return false;
    if (destructuredFromRequest(n.name, n, index)) return n.name === 'headers' || n.name === 'cookies' || n.name === 'session';
    const init = index.initAt(n.name, n);
    return !!init && !isFunctionLike(unwrap(init)) && someNode(init, (x) => (x.type === 'MemberExpression' || x.type === 'Identifier') && requestCredential(x, index, depth + 1));
  }
  const path = memberPath(n);
  if (!path || path.length < 2) return false;
  const root = REQ_NAMES.has(path[0]) || destructuredFromRequest(path[0], n, index) ? path[0] : undefined;
  if (!root) return false;
  const rest = REQ_NAMES.has(path[0]) ? path.slice(1) : path;
  if (rest[0] === 'session' || rest[0] === 'signedCookies') return true;
  if (rest[0] === 'cookies' || rest[0] === 'headers' || rest[0] === 'header') return rest.length === 1 || CREDENTIAL_MEMBER.test(rest[1]) || rest[0] === 'cookies';
  return false;
}

/** `req.raw`, `request.raw`: Fastify's underlying Node request, credentials and all. */
function rawRequest(node: AstNode): boolean {
  const path = memberPath(unwrap(node));
  return !!path && path.length === 2 && REQ_NAMES.has(path[0]) && path[0] !== 'res' && path[0] !== 'reply' && path[1] === 'raw';
}

/** `({ headers, cookies }: Request) => ...`: a name destructured from the handler's request parameter. */
function destructuredFromRequest(name: string, at: AstNode, index: JsIndex): boolean {
  if (name !== 'headers' && name !== 'cookies' && name !== 'session') return false;
  for (let fn = index.enclosingFunction(at); fn; fn = index.enclosingFunction(fn)) {
    const first = fn.params[0] as AstNode | undefined;
    const pat = first && first.type === 'AssignmentPattern' ? (first.left as AstNode) : first;
    if (pat && pat.type === 'ObjectPattern') return pat.properties.some((p) => p.type === 'Property' && propertyKeyName(p as AstNode) === name);
  }
  return false;
}

function propertyKeyName(p: AstNode): string | undefined {
  if (p.type !== 'Property') return undefined;
  const key = p.key as AstNode;
  return key.type === 'Identifier' ? key.name : typeof literalValue(key) === 'string' ? String(literalValue(key)) : undefined;
}

/** A lookup of the caller by the request or its credential (`authenticatedUsers.from(req)`). */
function tokenLookup(call: AstNode, index: JsIndex): string | undefined {
  if (call.type !== 'CallExpression') return undefined;
  const name = calleeName(call) ?? calleeProperty(call) ?? '';
  if (!IDENTITY_CALLEE.test(name) || LOGIN_CALLEE.test(calleeProperty(call) ?? '')) return undefined;
  // `User.findById(req.session.pendingUserId)` looks up who is half-way through a login.
  return call.arguments.some((a) => requestCredential(a as AstNode, index) && !loginStepKey(memberPath(unwrap(a as AstNode)))) ? name : undefined;
}

/** `req.session.pendingUserId`, `req.session.loginChallenge`: state of a login in progress. */
function loginStepKey(path: string[] | undefined): boolean {
  return !!path && path.length >= 3 && REQ_NAMES.has(path[0]) && path[1] === 'session' && LOGIN_STEP_KEY.test(path[2]);
}

/** A predicate asking whether the caller administers (`hasSuperAdminUser(org.id)`, `isAdmin(user)`). */
const ADMIN_PREDICATE = /^(is|has|check|assert|require|ensure)_?(super_?|org_?|site_?|global_?|instance_?)?admin(istrator)?_?(user|role|access|rights|privileges?)?$/i;

/** A role/permission check inside a test; `admin` when compared with an admin-like literal or flag. */
export function roleIn(test: AstNode, index: JsIndex): 'admin' | 'role' | undefined {
  let strong = false;
  let weak = false;
  let privilege = false;
  someNode(test, (node) => {
    if (node.type === 'CallExpression' && ADMIN_PREDICATE.test(memberPath(node.callee as AstNode)?.pop() ?? '')) privilege = strong = true;
    if (node.type === 'MemberExpression' || node.type === 'Identifier') {
      const path = memberPath(node);
      const last = path?.[path.length - 1];
      if (last && ROLE_PROPS.test(last)) strong = true;
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
function ownerBypass(test: AstNode, index: JsIndex): string[] | undefined {
  const t = unwrap(test);
  if (t.type !== 'LogicalExpression' || (t.operator !== '&&' && t.operator !== '||')) return undefined;
  const sides = flattenLogical(t, t.operator);
  const owners = sides.map((s) => ownerComparison(s)).filter((o) => o !== undefined && o.equal === (t.operator === '||'));
  if (owners.length === 0) return undefined;
  const others = sides.filter((s) => !ownerComparison(s));
  if (others.length === 0 || !others.every((s) => roleIn(s, index) !== undefined || permissionFlag(s, index))) return undefined;
  return owners.flatMap((o) => (o?.param ? [o.param] : []));
}

/**
 * `if (req.session.user && req.session.user.is_block) return res.status(403)...`: only the `if`'s
 * own branch refuses, and it runs only for a signed-in caller (a conjunct asks that one is
 * present), so a stranger passes. A check on users who are there (blocked, banned, unverified), no
 * authentication.
 */
function refusesOnlySignedIn(test: AstNode, branches: AstNode[], failing: AstNode[], index: JsIndex): boolean {
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

function canActivateLike(fn: FunctionLike, index: JsIndex): boolean {
  const name = index.functionName(fn) ?? '';
  return /(^|\.)canActivate$/.test(name);
}

interface TestBranches {
  test: AstNode;
  /** Every branch the test controls. */
  branches: AstNode[];
  /** The branch taken when the check fails (by the test's polarity), where any redirect rejects. */
  failing: AstNode[];
}

export function negative(test: AstNode, index: JsIndex): boolean {
  const t = index.text(test).trim();
  return t.startsWith('!') || /!==?|===?\s*(null|undefined|false)\b|isUnauthenticated/.test(t);
}

/**
 * The statements after `stmt`: the implicit else of `if (ok) return next(); res.redirect(...)`, up
 * to the first one that leaves or else to the end of the block (`req.flash(...); res.redirect(...)`).
 */
const LOOP = new Set(['ForStatement', 'ForOfStatement', 'ForInStatement', 'WhileStatement', 'DoWhileStatement']);

function following(stmt: AstNode, index: JsIndex, depth = 0): AstNode[] {
  const parent = index.parent(stmt);
  if (!parent || (parent.type !== 'BlockStatement' && parent.type !== 'Program')) return [];
  const body = parent.body as AstNode[];
  // Up to the first statement that leaves (logging before the redirect is common).
  const rest = body.slice(body.indexOf(stmt) + 1);
  const exit = rest.findIndex((s) => s.type === 'ReturnStatement' || s.type === 'ThrowStatement');
  if (exit >= 0) return rest.slice(0, exit + 1);
  // `if (user) { if (user.isOrgAdmin) return next(); if (perms.includes(p)) return next(); } return
  // res.status(403)...`: a block that falls through goes on after the `if` that holds it.
  const holder = index.parent(parent);
  // A loop's body falls through to after the loop when no round passes (`for (p of wanted) if (has(p)) return next()`).
  const fallsOut = holder && ((holder.type === 'IfStatement' && holder.consequent === parent && !holder.alternate) || (LOOP.has(holder.type) && (holder as { body?: unknown }).body === parent));
  if (depth < 3 && fallsOut) return [...rest, ...following(holder, index, depth + 1)];
  return rest;
}

function endsWithExit(node: AstNode): boolean {
  const n = node.type === 'BlockStatement' ? node.body[node.body.length - 1] : node;
  return !!n && (n.type === 'ReturnStatement' || n.type === 'ThrowStatement');
}

/** Statements whose last one hands the request on (`next()`, `return next()`) with no argument. */
function passesOn(stmts: AstNode[], fn: FunctionLike): boolean {
  const last = stmts[stmts.length - 1];
  const next = fn.params[2] ? paramName(fn.params[2]) : undefined;
  const e = last?.type === 'ExpressionStatement' ? unwrap(last.expression as AstNode) : last?.type === 'ReturnStatement' && last.argument ? unwrap(last.argument as AstNode) : undefined;
  return !!next && e?.type === 'CallExpression' && e.arguments.length === 0 && unwrap(e.callee as AstNode).type === 'Identifier' && (unwrap(e.callee as AstNode) as { name: string }).name === next;
}

/**
 * Every refusal sits under a test of the request's path (`else if (isClientApi(req))`,
 * `req.path.startsWith('/api')`): the middleware guards some routes only, decided at run time.
 */
function pathScopedRefusals(fn: FunctionLike, index: JsIndex): boolean {
  const ifs = nodesUnder(fn.body as AstNode, 'IfStatement').filter((s) => topRejects(s.consequent as AstNode, index) !== undefined);
  return ifs.length > 0 && ifs.every((s) => readsPath(s.test as AstNode, fn, index));
}

/** A test of the request's path: `req.path.startsWith('/api')`, `isClientApi(req)`. */
function readsPath(test: AstNode, fn: FunctionLike, index: JsIndex): boolean {
  const req = paramName(fn.params[0]) ?? 'req';
  return new RegExp(`\\b${req}\\.(path|url|originalUrl|baseUrl)\\b|\\w+\\(\\s*${req}\\s*\\)`).test(index.text(test));
}

/** A refusal of a branch itself, not one nested under a further test of it. */
function topRejects(branch: AstNode, index: JsIndex): string | undefined {
  const stmts = branch.type === 'BlockStatement' ? (branch.body as AstNode[]) : [branch];
  for (const st of stmts) {
    if (st.type === 'IfStatement' || st.type === 'SwitchStatement' || st.type === 'TryStatement') continue;
    const r = rejects(st, index, true);
    if (r !== undefined) return r;
  }
  return undefined;
}

/** Tests with the branches they control: if/else (or the rest of the block), `?:`, `a || reject()`. */
function testsWithBranches(fn: FunctionLike, index: JsIndex): TestBranches[] {
  const out: TestBranches[] = [];
  const body = fn.body as AstNode | null;
  if (!body) return out;
  for (const s of nodesUnder(body, 'IfStatement')) {
    const cons = s.consequent as AstNode;
    const neg = negative(s.test, index);
    // `if (!user) return ...; <rest of the handler>`: the rest is the success path, so a throw
    // there (`throw new Error('Invalid ID')`) says nothing about this test.
    // `if (req.user) return res.redirect('/')` turns signed-in users away (a login or reset page):
    // the rest of the handler is then the anonymous path, not the failing one.
    // A rest that ends by calling `next()` lets the request through when no inner test refuses
    // (`if (req.user) return next(); <attach a token's user, 401 only on some paths>; next()`):
    // decorating middleware, not a failing path.
    const rest = s.alternate ? [] : endsWithExit(cons) && !neg && rejects(cons, index, true) === undefined ? following(s, index) : [];
    const alt = s.alternate ? [s.alternate as AstNode] : passesOn(rest, fn) ? [] : rest;
    out.push({ test: s.test, branches: [cons, ...alt], failing: neg ? [cons] : alt });
  }
  for (const c of nodesUnder(body, 'ConditionalExpression')) {
    const ce = c as unknown as { test: AstNode; consequent: AstNode; alternate: AstNode };
    const neg = negative(ce.test, index);
    out.push({ test: ce.test, branches: [ce.consequent, ce.alternate], failing: [neg ? ce.consequent : ce.alternate] });
  }
  for (const l of nodesUnder(body, 'LogicalExpression')) {
    if (l.operator === '??') continue;
    out.push({ test: l.left as AstNode, branches: [l.right], failing: l.operator === '||' ? [l.right] : [] });
  }
  for (const call of nodesUnder(body, 'CallExpression')) {
    const prop = calleeProperty(call);
    if (prop === 'assert' && call.arguments.length >= 2) out.push({ test: call.arguments[0] as AstNode, branches: [call], failing: [call] });
    // `assertThat(cond, new RequestError({ status: 403 }))`, `invariant(cond, err)`: the error is the failing branch.
    else if (call.arguments.length >= 2 && unwrap(call.callee as AstNode).type === 'Identifier' && /^(assert\w+|invariant)$/.test(prop ?? '')) out.push({ test: call.arguments[0] as AstNode, branches: [call.arguments[1] as AstNode], failing: [call.arguments[1] as AstNode] });
  }
  return out;
}

/** `(err, decoded) => { if (err) return res.status(401)... }`: the error branch rejects. */
function callbackRejects(cb: FunctionLike, index: JsIndex): boolean {
  const err = cb.params[0] as AstNode | undefined;
  const name = err && err.type === 'Identifier' ? err.name : undefined;
  if (!name || !cb.body) return false;
  return testsWithBranches(cb, index).some(({ test, branches }) => nodesUnder(test, 'Identifier').some((i) => i.name === name) && branches.some((b) => rejects(b, index, true) !== undefined));
}

const ROLE_PARAM = /^(roles?|allowedRoles|requiredRoles|permissions?|requiredPermissions|rights|requiredRights|scopes?|requiredScopes|allowed|groups?|levels?|access)$/i;

function paramName(p: unknown): string | undefined {
  let n = p as AstNode;
  if (n.type === 'AssignmentPattern') n = n.left as AstNode;
  if (n.type === 'RestElement') n = n.argument as AstNode;
  return n.type === 'Identifier' ? n.name : undefined;
}

/** The function a factory returns (`function requireRole(r) { return (req, res, next) => ... }`). */
export function returnedFunction(fn: FunctionLike, index: JsIndex): FunctionLike | undefined {
  const body = unwrap(fn.body as AstNode | null);
  if (!body) return undefined;
  if (isFunctionLike(body)) return body;
  if (body.type !== 'BlockStatement') return undefined;
  for (const stmt of body.body) {
    if (stmt.type !== 'ReturnStatement' || !stmt.argument) continue;
    const arg = unwrap(stmt.argument as AstNode);
    if (isFunctionLike(arg)) return arg;
    if (arg.type === 'Identifier') {
      const named = index.functionByName(arg.name);
      if (named && named !== fn) return named;
    }
  }
  return undefined;
}

/**
 * Classifies a guard function. Factories are looked through (their returned function is judged,
 * and a role compared with a factory parameter makes a `role` guard).
 */
export function classifyGuard(fn: FunctionLike, index: JsIndex): GuardVerdict | undefined {
  const inner = returnedFunction(fn, index);
  // A CSRF check reads a token from a cookie too, but it refuses forgeries, not strangers.
  if (csrfOnly(inner ?? fn, index)) return undefined;
  if (passesWithoutCredential(inner ?? fn)) return undefined;
  if (inner) {
    const verdict = classifyBody(inner, index, canActivateLike(fn, index));
    // `authorize(roles) => (req, res, next) => ...`: the roles given at the use site decide.
    const roleParam = fn.params.map(paramName).find((n) => n && ROLE_PARAM.test(n));
    if (verdict && verdict.level === 'user' && !verdict.owner && roleParam && nodesUnder(inner.body as AstNode, 'Identifier').some((i) => i.name === roleParam)) {
      return { ...verdict, level: 'role', why: `${verdict.why}, checks ${roleParam}` };
    }
    if (verdict) return verdict;
    const byOptions = optionGuard(fn, inner, index, classifyGuard);
    if (byOptions) return byOptions;
    // A factory (`login()` returning the handler) is judged by the function it returns, not by
    // helpers declared beside it; a middleware that returns a function is still judged itself.
    if (!REQ_NAMES.has((fn.params[0] ? paramName(fn.params[0]) : undefined) ?? '')) return undefined;
  }
  return classifyBody(fn, index, canActivateLike(fn, index)) ?? recordOwnerGuard(fn, index);
}

/** Middleware that loads the path's record scoped to the caller and refuses otherwise (routes-records.ts). */
function recordOwnerGuard(fn: FunctionLike, index: JsIndex): GuardVerdict | undefined {
  const params = ownerLoaderParams(fn, index);
  return params ? { level: 'user', mechanism: 'custom', why: `loads :${params.join(', :')} scoped to the caller, refuses otherwise`, owner: { params } } : undefined;
}

/** Every refusal names CSRF (`throw CSRFError(...)`, `ctx.throw(403, 'invalid csrf token')`). */
function csrfOnly(fn: FunctionLike, index: JsIndex): boolean {
  if (!fn.body) return false;
  const refusals = [...nodesUnder(fn.body as AstNode, 'ThrowStatement').map((t) => t.argument as AstNode), ...nodesUnder(fn.body as AstNode, 'CallExpression').filter((c) => calleeProperty(c) === 'throw')];
  return refusals.length > 0 && refusals.every((r) => /csrf|xsrf/i.test(index.text(r)));
}

function classifyBody(fn: FunctionLike, index: JsIndex, booleanGuard: boolean): GuardVerdict | undefined {
  const body = fn.body as AstNode | null;
  if (!body) return undefined;
  let identity: IdentitySignal | undefined;
  let role: 'admin' | 'role' | undefined;
  let roleWhy = '';
  const ownerParams: string[] = [];
  let ownerWhy = '';
  let singleUser: string | undefined;
  // Middleware that ends by calling `next()` only gates where a test's failing side refuses at once
  // (`if (!req.user) return res.sendStatus(401)`); refusing a credential that is present but of the
  // wrong kind, or only on some paths, decorates the request instead.
  const decorates = !booleanGuard && body.type === 'BlockStatement' && passesOn(body.body as AstNode[], fn);
  for (const { test, branches, failing } of testsWithBranches(fn, index)) {
    const rejection = booleanGuard
      ? 'return false'
      : decorates
        ? readsPath(test, fn, index)
          ? undefined
          : [...failing, ...branches.slice(0, 1)].map((b) => topRejects(b, index)).find((r) => r !== undefined)
        : (branches.map((b) => rejects(b, index)).find((r) => r !== undefined) ?? failing.map((b) => rejects(b, index, true)).find((r) => r !== undefined));
    if (!rejection) continue;
    // The test's own branch refuses (`if (multiUserMode) return res.sendStatus(401)`), not what follows it.
    // Unconditionally: `if (multiUserMode) { if (!user) return 403 }` only checks the user in that mode.
    if (!booleanGuard && branches[0] && !someNode(branches[0], (n) => n.type === 'IfStatement' || n.type === 'ConditionalExpression') && statusRejects(branches[0], index)) singleUser ??= multiUserRefused(test, index);
    const owner = ownerBypass(test, index);
    if (owner) {
      ownerParams.push(...owner.filter((p) => !ownerParams.includes(p)));
      ownerWhy ||= index.text(test).slice(0, 80);
      identity ??= identityIn(test, index);
      continue;
    }
    const r = roleIn(test, index);
    if (r && (role === undefined || r === 'admin')) {
      role = r;
      roleWhy = index.text(test).slice(0, 80);
    }
    if (!booleanGuard && refusesOnlySignedIn(test, branches, failing, index)) continue;
    identity ??= identityIn(test, index);
  }
  if (booleanGuard) {
    for (const ret of nodesUnder(body, 'ReturnStatement')) {
      if (!ret.argument) continue;
      const r = roleIn(ret.argument as AstNode, index);
      if (r && (role === undefined || r === 'admin')) {
        role = r;
        roleWhy = index.text(ret.argument as AstNode).slice(0, 80);
      }
      identity ??= identityIn(ret.argument as AstNode, index);
    }
  }
  if (role) return { level: role, mechanism: identity?.mechanism ?? 'custom', why: `checks ${roleWhy.replace(/\s+/g, ' ')}` };
  // Refused in multi-user mode: in single-user mode the one user is the instance owner.
  if (singleUser) return { level: 'admin', mechanism: identity?.mechanism ?? 'custom', why: `refuses when ${singleUser} (single-user mode only: the instance owner)` };
  // Owner-or-admin: every signed-in owner passes, so it requires a user (and the ownership).
  if (ownerWhy) return { level: 'user', mechanism: identity?.mechanism ?? 'custom', why: `${ownerNote(ownerParams)}: ${ownerWhy.replace(/\s+/g, ' ')}`, owner: { params: ownerParams } };
  // A JWT verification throws on a bad token, so the call alone rejects; with a callback the
  // callback must reject on its error argument.
  for (const c of nodesUnder(body, 'CallExpression')) {
    const verify = isJwtVerify(c, index);
    if (!verify) continue;
    const cb = c.arguments.map((a) => unwrap(a as AstNode)).find((a) => isFunctionLike(a)) as FunctionLike | undefined;
    if (cb && !callbackRejects(cb, index)) continue;
    // `try { req.user = jwt.verify(...) } catch { req.user = undefined } next()`: optional auth.
    if (swallowedInTry(c, body, index, booleanGuard)) continue;
    return { level: 'user', mechanism: /jwt|token|jose/i.test(verify) ? 'jwt' : 'custom', why: `${verify}()` };
  }
  const passport = nodesUnder(body, 'CallExpression').find((c) => (index.resolvedCallee(c) ?? '').endsWith('passport.authenticate') || calleeName(c) === 'passport.authenticate');
  if (passport && !passportLogin(passport, index)) {
    const strategy = stringValue(passport.arguments[0] as AstNode, index) ?? '';
    if (strategy && !LOGIN_STRATEGY.test(strategy)) {
      const why = `passport.authenticate('${strategy}')`;
      // The custom callback (`passport.authenticate('jwt', opts, verify(req, resolve, reject))`)
      // decides what happens after the token: a role or owner-or-role check there is the guard's.
      const checked = passportCallbackVerdict(passport, fn, index);
      if (checked && (checked.level === 'admin' || checked.level === 'role')) return { ...checked, mechanism: strategyMechanism(strategy), why: `${why}, ${checked.why}` };
      if (checked?.owner) return { ...checked, mechanism: strategyMechanism(strategy), why: `${checked.why} after ${why}` };
      return { level: 'user', mechanism: strategyMechanism(strategy), why };
    }
  }
  // A canActivate that only finds the bearer token in a token store, binding no user: a service token.
  const table = identity && booleanGuard && /header/.test(identity.why) ? serviceTokenTable(fn) : undefined;
  if (table) return { level: 'unknown', mechanism: 'api-key', why: `${identity!.why} looked up in ${table}, no user bound: a service token, worth what its issuer requires` };
  if (identity) return { level: 'user', mechanism: identity.mechanism, why: identity.why };
  const library = libraryGuardInvoked(fn, index);
  if (library) return library;
  const credential = bodyCredentialCheck(fn, index);
  if (credential) return { level: 'user', mechanism: 'custom', why: credential };
  const shared = sharedSecretCheck(fn, index);
  if (shared) return { level: 'user', mechanism: 'api-key', why: shared };
  const header = credentialHeaderCheck(fn, index);
  if (header) return { level: 'user', mechanism: header.signature ? 'custom' : 'api-key', why: header.signature ? `${header.why} (service-to-service signature)` : header.why };
  const caught = caughtCheckRefused(fn, index, (a) => requestCredential(a, index) || rawRequest(a));
  if (caught) return { level: 'user', mechanism: caught.machine ? 'api-key' : 'custom', why: caught.why, ...(caught.machine ? { tags: ['machine-credential'] } : {}) };
  const helper = helperCheck(fn, index);
  if (helper) return { level: 'unknown', mechanism: 'custom', why: `${helper}() decides, then 401/403` };
  // Middleware that answers 401 somewhere and otherwise calls next(): 401 means "not authenticated".
  const params = fn.params.map((p) => (p as AstNode).type === 'Identifier' ? (p as unknown as { name: string }).name : '');
  const next = params.length >= 3 ? params[2] : params[0] === 'ctx' ? params[1] : undefined;
  // `next(err)` alone is error passing (a handler), not letting the request through.
  // A 401 only for a foreign Origin (an embed widget's host allow-list) is a CORS-like check.
  if (next && nodesUnder(body, 'CallExpression').some((c) => calleeName(c) === next && c.arguments.length === 0) && unauthorizedIn(body, index) && !originOnly(fn, index) && !(decorates && pathScopedRefusals(fn, index))) {
    return { level: 'user', mechanism: 'custom', why: 'responds 401 Unauthorized' };
  }
  return undefined;
}

/** Auth middleware of libraries, as the factory that builds it resolves. */
const LIBRARY_GUARD: { re: RegExp; mechanism: AuthMechanism }[] = [
  { re: /^(express-basic-auth|basic-auth-connect)$/, mechanism: 'basic' },
  { re: /^(express-jwt(\.(expressjwt|expressJwt|default))?|koa-jwt(\.default)?|express-oauth2-jwt-bearer\.auth)$/, mechanism: 'jwt' },
  { re: /^(connect-ensure-login\.(ensureLoggedIn|ensureAuthenticated)|express-openid-connect\.requiresAuth)$/, mechanism: 'session' },
];

/**
 * A middleware that builds a library guard and runs it on the request itself (`const mw =
 * basicAuth({ authorizer }); mw(req, res, next)`, `expressJwt({...})(req, res, next)`), often to
 * pick its options at request time. Credentials made optional (`credentialsRequired: false`) do not count.
 */
function libraryGuardInvoked(fn: FunctionLike, index: JsIndex): GuardVerdict | undefined {
  const req = fn.params[0] ? paramName(fn.params[0]) : undefined;
  if (!req || !fn.body) return undefined;
  const built = new Map<string, { call: CallLike; mechanism: AuthMechanism }>();
  const libraryCall = (node: AstNode | null | undefined): { call: CallLike; mechanism: AuthMechanism } | undefined => {
    const n = unwrapAwait(node);
    if (!n || n.type !== 'CallExpression') return undefined;
    const resolved = index.resolvedCallee(n) ?? '';
    const lib = LIBRARY_GUARD.find((l) => l.re.test(resolved));
    if (!lib) return undefined;
    const opts = resolveObject(n.arguments[0] as AstNode | undefined, index);
    if (literalValue(objectProp(opts, 'credentialsRequired'), index) === false || literalValue(objectProp(opts, 'authRequired'), index) === false) return undefined;
    return { call: n, mechanism: lib.mechanism };
  };
  for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) {
    const lib = d.id.type === 'Identifier' ? libraryCall(d.init as AstNode | null) : undefined;
    if (lib && d.id.type === 'Identifier') built.set(d.id.name, lib);
  }
  for (const a of nodesUnder(fn.body as AstNode, 'AssignmentExpression')) {
    const lib = a.left.type === 'Identifier' ? libraryCall(a.right as AstNode) : undefined;
    if (lib && a.left.type === 'Identifier') built.set(a.left.name, lib);
  }
  for (const c of nodesUnder(fn.body as AstNode, 'CallExpression')) {
    if (!c.arguments.some((x) => { const u = unwrap(x as AstNode); return u.type === 'Identifier' && u.name === req; })) continue;
    const callee = unwrap(c.callee as AstNode);
    const lib = callee.type === 'Identifier' ? built.get(callee.name) : libraryCall(callee);
    if (!lib) continue;
    const name = calleeName(lib.call) ?? index.text(lib.call.callee as AstNode);
    // `if (await Settings.get('disableAuth')) return next()`: a switch that turns the guard off.
    const bypass = configBypass(c, fn, index);
    return { level: 'user', mechanism: lib.mechanism, why: `runs ${name}(…)${bypass ? ` unless ${bypass}` : ''}` };
  }
  return undefined;
}

/**
 * The condition under which an `if` around `call` lets the request through instead (`else next()`):
 * a switch that turns the guard off (`if (!(await Settings.get('disableAuth'))) {...} else next()`).
 */
function configBypass(call: AstNode, fn: FunctionLike, index: JsIndex): string | undefined {
  const passes = (branch: AstNode | null | undefined): boolean => !!branch && nodesUnder(branch, 'CallExpression').some((c) => c.arguments.length === 0 && unwrap(c.callee as AstNode).type === 'Identifier');
  for (const a of index.ancestors(call)) {
    if (a === fn.body) return undefined;
    if (a.type !== 'IfStatement') continue;
    const test = index.text(a.test as AstNode).replace(/\s+/g, ' ');
    const inConsequent = someNode(a.consequent as AstNode, (n) => n === call);
    if (inConsequent && passes(a.alternate as AstNode | null)) return (test.startsWith('!') ? test.slice(1).replace(/^\((.*)\)$/, '$1') : `not ${test}`).slice(0, 60);
    if (!inConsequent && passes(a.consequent as AstNode)) return test.slice(0, 60);
  }
  return undefined;
}

/** Request-body fields that carry a credential (`req.body.auth`, `req.body.apiKey`). */
const BODY_CREDENTIAL = /^(auth|authentication|credentials?|token|access_?token|api_?key|apikey|secret|password|passwd|pass)$/i;
/** Handlers that log a caller in: their credential lookup is the login, not a guard. */
const LOGIN_HANDLER = /^(log-?in|sign-?in|authenticate|register|sign-?up|reset\w*|forgot\w*)$/i;

/**
 * Auth done by the handler itself from credentials in the request body: among its first
 * statements, a caller looked up by a credential field (`const user = findUser(req.body.auth)`)
 * and `if (!user) return res.status(403)...`. Not a login (a handler that then issues a token or
 * session, or writes a password), and only at the top of the body, before any other work.
 */
function bodyCredentialCheck(fn: FunctionLike, index: JsIndex): string | undefined {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return undefined;
  const name = (index.functionName(fn) ?? '').split('.').pop() ?? '';
  if (LOGIN_HANDLER.test(name) || issuesCredential(body)) return undefined;
  const statements = body.body as AstNode[];
  for (const stmt of statements.slice(0, 4)) {
    if (stmt.type !== 'IfStatement' || !negative(stmt.test as AstNode, index) || !statusRejects(stmt.consequent as AstNode, index)) continue;
    for (const id of nodesUnder(stmt.test as AstNode, 'Identifier')) {
      const init = unwrapAwait(index.initAt(id.name, id));
      if (!init || init.type !== 'CallExpression') continue;
      const callee = calleeName(init) ?? calleeProperty(init) ?? '';
      if (!IDENTITY_CALLEE.test(callee) || LOGIN_CALLEE.test(calleeProperty(init) ?? callee)) continue;
      const field = init.arguments
        .flatMap((a) => nodesUnder(a as AstNode, 'MemberExpression'))
        .map((m) => memberPath(m))
        .find((p) => !!p && p.length === 3 && REQ_NAMES.has(p[0]) && p[1] === 'body' && BODY_CREDENTIAL.test(p[2]));
      if (field) return `${callee}(${field.join('.')}), 403 when not found`;
    }
  }
  return undefined;
}

/** A deployment secret read from the environment or configuration (`env.CRON_SECRET`, `config.apiKey`). */
const DEPLOYMENT_SECRET = /\b(?:env|config|settings|secrets)\.(?:\w+\.)*\w*(?:secret|token|api_?key|password)\w*\b/i;

/**
 * A caller authenticated by a shared secret the handler compares itself, among its first
 * statements: `if (!safeEqual(env.CRON_SECRET, req.query.token)) throw ...` or
 * `if (req.headers['x-key'] !== process.env.KEY) return res.sendStatus(401)`, where the compared
 * value comes from the request and the failing branch refuses. Schedulers and webhooks call such
 * routes; a login handler comparing a password is not one.
 */
function sharedSecretCheck(fn: FunctionLike, index: JsIndex): string | undefined {
  const body = fn.body as AstNode | null;
  if (!body || body.type !== 'BlockStatement') return undefined;
  const name = (index.functionName(fn) ?? '').split('.').pop() ?? '';
  if (LOGIN_HANDLER.test(name) || issuesCredential(body)) return undefined;
  for (const stmt of (body.body as AstNode[]).slice(0, 4)) {
    if (stmt.type !== 'IfStatement' || !negative(stmt.test as AstNode, index)) continue;
    const why = rejects(stmt.consequent as AstNode, index);
    if (!why || !(why === 'throw' || /40[13]|nauthori|orbidden/.test(why))) continue;
    const test = stmt.test as AstNode;
    const secret = index.text(test).match(DEPLOYMENT_SECRET)?.[0];
    if (secret && requestValueIn(test, index)) return `compares a request value with ${secret}, ${why} otherwise`;
  }
  return undefined;
}

/** The expression reads the request, directly or through one `const` (`const token = req.query.token`). */
function requestValueIn(expr: AstNode, index: JsIndex): boolean {
  const fromRequest = (n: AstNode): boolean => nodesUnder(n, 'MemberExpression').some((m) => REQ_NAMES.has(memberPath(m)?.[0] ?? ''));
  if (fromRequest(expr)) return true;
  return nodesUnder(expr, 'Identifier').some((id) => {
    const init = index.initAt(id.name, id);
    return !!init && init !== expr && fromRequest(init);
  });
}

/** The body issues a credential or sets one: signs a token, writes the session, logs in, sets a password. */
function issuesCredential(body: AstNode): boolean {
  return someNode(body, (n) => {
    if (n.type === 'AssignmentExpression') {
      const path = memberPath(n.left as AstNode);
      return !!path && ((path[1] === 'session' && REQ_NAMES.has(path[0])) || /^(password|passwordHash|password_hash|hash)$/i.test(path[path.length - 1]));
    }
    if (n.type !== 'CallExpression') return false;
    const prop = calleeProperty(n) ?? '';
    return /^(sign|signAsync|login|logIn|cookie|regenerate|generateToken|issueToken|createToken|setPassword)$/.test(prop);
  });
}

/**
 * Does the guard stop its caller by itself when the check fails? Only when every refusal throws
 * (`if (!socket.userID) throw new Error(...)`); a helper that writes a 401 or a redirect returns
 * to a caller that carries on unless it returns too.
 */
export function guardHalts(fn: FunctionLike, index: JsIndex): boolean {
  let threw = false;
  let answered = false;
  for (const { branches, failing } of testsWithBranches(fn, index)) {
    for (const b of failing.length > 0 ? failing : branches) {
      const why = rejects(b, index, true);
      if (why === undefined) continue;
      if (why === 'throw' || /^(throw|assert)\(/.test(why)) threw = true;
      else answered = true;
    }
  }
  return threw && !answered;
}

/**
 * The verdict of the callback given to `passport.authenticate(strategy, [opts,] cb)`: an inline
 * function, a same-file function, or a same-file factory call (`verifyCallback(req, resolve,
 * reject, rights)`) whose returned function is the callback. Not the guard itself (no recursion).
 */
function passportCallbackVerdict(call: CallLike, guard: FunctionLike, index: JsIndex): GuardVerdict | undefined {
  const last = unwrap(call.arguments[call.arguments.length - 1] as AstNode | undefined);
  if (!last || call.arguments.length < 2) return undefined;
  let cb: FunctionLike | undefined;
  if (isFunctionLike(last)) cb = last;
  else if (last.type === 'Identifier') cb = index.functionByName(last.name);
  else if (last.type === 'CallExpression') {
    const callee = unwrap(last.callee as AstNode);
    const factory = callee.type === 'Identifier' ? index.functionByName(callee.name) : undefined;
    cb = factory ? returnedFunction(factory, index) : undefined;
  }
  if (!cb || cb === guard) return undefined;
  return classifyBody(cb, index, false);
}

/** How an owner-or-role guard explains itself in authEvidence (its parameters travel as `ownerParams`). */
export function ownerNote(params: readonly string[]): string {
  return params.length > 0 ? `owner (${params.map((p) => `:${p}`).join(',')}) or role` : 'owner of the record or role';
}

/** A call inside a `try` (within `body`) whose `catch` lets the request go on instead of rejecting. */
function swallowedInTry(call: AstNode, body: AstNode, index: JsIndex, booleanGuard = false): boolean {
  for (const a of index.ancestors(call)) {
    if (a === body) return false;
    if (a.type !== 'TryStatement' || !a.handler) continue;
    if (!someNode(a.block as AstNode, (n) => n === call)) continue;
    const handler = a.handler.body as AstNode;
    if (rejects(handler, index) !== undefined) return false;
    // A Nest guard's catch that answers `return false` (or closes the socket) refuses the caller.
    if (booleanGuard && someNode(handler, (n) => (n.type === 'ReturnStatement' && !!n.argument && literalValue(n.argument as AstNode) === false) || (n.type === 'CallExpression' && calleeProperty(n) === 'disconnect'))) return false;
    // Answering from the catch (`reply.send(err)`, `res.json(...)`) also ends the request.
    const param = a.handler.param && a.handler.param.type === 'Identifier' ? a.handler.param.name : undefined;
    return !nodesUnder(handler, 'CallExpression').some(
      (c) => RESPONDS.test(calleeProperty(c) ?? '') || (param !== undefined && c.arguments.some((x) => unwrap(x as AstNode).type === 'Identifier' && (unwrap(x as AstNode) as { name: string }).name === param)),
    );
  }
  return false;
}

const RESPONDS = /^(send|json|end|status|sendStatus|code|redirect|render|writeHead|throw)$/;

/**
 * The first top-level `if` hands the request on when a credential read from the request is absent
 * (`const { token } = req.query; if (!token) return next()`): whatever is checked after it, a
 * request without the credential passes. Optional authentication, no gate.
 */
function passesWithoutCredential(fn: FunctionLike): boolean {
  const body = fn.body as AstNode | null;
  const reqName = fn.params[0] ? paramName(fn.params[0]) : undefined;
  if (!reqName || !body || body.type !== 'BlockStatement') return false;
  const fromRequest = new Set<string>();
  const named = (n: AstNode | null | undefined) => {
    const u = unwrap(n);
    return u?.type === 'Identifier' && fromRequest.has(u.name);
  };
  const nullish = (n: AstNode) => (n.type === 'Literal' && (n as { value: unknown }).value === null) || (n.type === 'Identifier' && n.name === 'undefined');
  for (const stmt of body.body as AstNode[]) {
    if (stmt.type === 'VariableDeclaration') {
      for (const d of stmt.declarations) {
        const init = unwrap(d.init as AstNode | null);
        const root = init ? (memberPath(init.type === 'CallExpression' ? (init.callee as AstNode) : init)?.[0] ?? '') : '';
        if (root !== reqName) continue;
        if (d.id.type === 'Identifier') fromRequest.add(d.id.name);
        else if (d.id.type === 'ObjectPattern') for (const p of d.id.properties) if (p.type === 'Property' && unwrap(p.value as AstNode).type === 'Identifier') fromRequest.add((unwrap(p.value as AstNode) as { name: string }).name);
      }
      continue;
    }
    if (stmt.type !== 'IfStatement') continue;
    const t = unwrap(stmt.test as AstNode);
    const absent = (t.type === 'UnaryExpression' && t.operator === '!' && named(t.argument as AstNode)) || (t.type === 'BinaryExpression' && (t.operator === '==' || t.operator === '===') && ((named(t.left as AstNode) && nullish(unwrap(t.right))) || (named(t.right) && nullish(unwrap(t.left as AstNode)))));
    const cons = stmt.consequent as AstNode;
    return absent && passesOn(cons.type === 'BlockStatement' ? (cons.body as AstNode[]) : [cons], fn);
  }
  return false;
}

/**
 * Can this middleware refuse a request by itself? Not when it hands the request on as soon as no
 * caller is found (`if (!user) return next()`, `if (!token) return next()`, also inside a lookup's
 * callback): an optional-user loader (`tryAuth`, `authUser`) only attaches whoever is signed in, and
 * its other refusals (a blocked account) concern callers that are there.
 */
export function canRefuse(fn: FunctionLike, index: JsIndex): boolean {
  return !!fn.body && rejects(fn.body as AstNode, index) !== undefined && !passesWhenAbsent(fn, index);
}

const ABSENT_CALLER = /user|account|member|principal|identity|session|token|auth|credential|cookie|jwt|bearer/i;

function passesWhenAbsent(fn: FunctionLike, index: JsIndex): boolean {
  const next = fn.params[2] ? paramName(fn.params[2]) : undefined;
  if (!next || !fn.body) return false;
  return nodesUnder(fn.body as AstNode, 'IfStatement').some((s) => {
    const t = unwrap(s.test as AstNode);
    if (t.type !== 'UnaryExpression' || t.operator !== '!') return false;
    const path = memberPath(unwrap(t.argument as AstNode));
    if (!path || (!ABSENT_CALLER.test(path[path.length - 1]) && !identityIn(t.argument as AstNode, index))) return false;
    const cons = s.consequent as AstNode;
    const stmts = cons.type === 'BlockStatement' ? (cons.body as AstNode[]) : [cons];
    return stmts.length > 0 && stmts.length <= 2 && endsWithExit(cons) && passesOn(stmts.filter((x) => !(x.type === 'ReturnStatement' && !x.argument)), fn);
  });
}

/** `if (!(await canAccessPost(id))) return new Response(null, { status: 403 })`: an auth-like helper decides. */
function helperCheck(fn: FunctionLike, index: JsIndex): string | undefined {
  for (const { test, branches } of testsWithBranches(fn, index)) {
    if (!branches.some((b) => statusRejects(b, index))) continue;
    const calls = nodesUnder(test, 'CallExpression');
    for (const id of nodesUnder(test, 'Identifier')) {
      const init = unwrapAwait(index.initAt(id.name, id));
      if (init && init.type === 'CallExpression') calls.push(init);
    }
    // `isMultiUserMode()` asks how the instance is set up, not who the caller is.
    const name = calls.map((c) => calleeName(c) ?? calleeProperty(c) ?? '').find((n) => n && authLikeName(n.split('.').pop() ?? n) && !/multi_?user/i.test(n));
    if (name) return name;
  }
  return undefined;
}

/** A 401/403 response (not throw / next(err), which are too generic on their own here). */
function statusRejects(root: AstNode, index: JsIndex): boolean {
  const why = rejects(root, index);
  return !!why && /40[13]|nauthori|orbidden/.test(why);
}

/** Every test whose branch answers 401 is about the request's Origin / host allow-list. */
function originOnly(fn: FunctionLike, index: JsIndex): boolean {
  const tests = testsWithBranches(fn, index).filter(({ branches }) => branches.some((b) => unauthorizedIn(b, index)));
  return tests.length > 0 && tests.every(({ test }) => originTest(test, index));
}

function unauthorizedIn(body: AstNode, index: JsIndex): boolean {
  return someNode(body, (node) => {
    if (node.type !== 'CallExpression') return false;
    const prop = calleeProperty(node);
    if (!prop || !['status', 'sendStatus', 'code', 'throw', 'writeHead'].includes(prop)) return false;
    return numberOf(node.arguments[0] as AstNode | undefined, index) === 401;
  });
}

/** Passport strategies that log a user in (credentials or OAuth start/callback) rather than guard. */
export const LOGIN_STRATEGY = /^(local|login|signin|signup|register|google|facebook|github|twitter|linkedin|microsoft|apple|gitlab|slack|discord|auth0|oauth2?|openidconnect|oidc|saml|azuread\w*|azure\w*|okta|cas|ldapauth|ldap|windowslive|steam|spotify|instagram|keycloak|magic-?link|passwordless|webauthn)([-_][\w-]+)?$/i;

export function strategyMechanism(strategy: string): AuthMechanism {
  const s = strategy.toLowerCase();
  if (s.includes('jwt') || s === 'bearer') return 'jwt';
  if (s.includes('basic') || s === 'digest') return 'basic';
  if (s.includes('api') || s.includes('key') || s.includes('header')) return 'api-key';
  if (s === 'session' || s === 'cookie') return 'session';
  return 'custom';
}

const PASSPORT_CALL = /(^|\.)passport\.(authenticate|authorize)$/;
/** Options only an interactive (browser redirect) login flow passes. */
const LOGIN_FLOW_OPTION = ['scope', 'successRedirect', 'successReturnToOrRedirect', 'failureRedirect', 'failureFlash', 'successFlash', 'state', 'prompt', 'accessType'];
/** Options a strategy needs to send the browser to a provider and take it back. */
export const PROVIDER_OPTION = ['callbackURL', 'callbackUrl', 'returnURL', 'redirectUri', 'redirect_uri', 'consumerKey', 'clientID', 'clientId'];
const CALLBACK_PATH = /\/(callback|return|redirect|cb)\/?$/i;

function strategiesOf(call: CallLike, index: JsIndex): string[] {
  const first = unwrap(call.arguments[0] as AstNode | undefined);
  if (!first) return [];
  const list = first.type === 'ArrayExpression' ? (first.elements as AstNode[]) : [first];
  return list.map((e) => stringValue(e, index) ?? '').filter((s) => s !== '');
}

function passportCallName(call: AstNode, index: JsIndex): string {
  if (call.type !== 'CallExpression') return '';
  const name = index.resolvedCallee(call) ?? calleeName(call) ?? '';
  return PASSPORT_CALL.test(name) ? name : PASSPORT_CALL.test(calleeName(call) ?? '') ? (calleeName(call) ?? '') : '';
}

/** `app.get('/auth/x/callback', passport.authenticate('x'), ...)`: the route a call sits in. */
function enclosingRoutePath(call: AstNode, index: JsIndex): string | undefined {
  const parent = index.parent(call);
  if (!parent || parent.type !== 'CallExpression' || !parent.arguments.includes(call as never)) return undefined;
  return stringValue(parent.arguments[0] as AstNode, index);
}

/**
 * Is this `passport.authenticate/authorize(...)` a login (or account link) rather than a guard?
 * `authorize` links an account and guards nothing; known login strategies log in; and an OAuth or
 * OpenID strategy of any name shows itself by structure: the file configures it with a provider
 * callback (`new XStrategy({ clientID, callbackURL })`), a route ending in /callback uses it, or the
 * call passes options only a browser login flow uses (`scope`, `failureRedirect`...). A strategy whose
 * name says it reads a credential from the request (jwt, bearer, basic, api key) stays a guard.
 */
export function passportLogin(call: AstNode, index: JsIndex): boolean {
  const name = passportCallName(call, index);
  if (!name || call.type !== 'CallExpression') return false;
  if (name.endsWith('authorize')) return true;
  const strategies = strategiesOf(call, index);
  if (strategies.length === 0) return false;
  if (strategies.every((s) => LOGIN_STRATEGY.test(s))) return true;
  if (strategies.some((s) => strategyMechanism(s) !== 'custom' || s === 'anonymous')) return false;
  const opts = resolveObject(call.arguments[1] as AstNode | undefined, index);
  if (LOGIN_FLOW_OPTION.some((o) => objectProp(opts, o) !== undefined)) return true;
  const wanted = new Set(strategies.map((s) => s.toLowerCase()));
  for (const other of index.nodesOf('CallExpression')) {
    if (!passportCallName(other, index) || !strategiesOf(other, index).some((s) => wanted.has(s.toLowerCase()))) continue;
    const path = enclosingRoutePath(other, index);
    if (path && CALLBACK_PATH.test(path)) return true;
  }
  return providerStrategyIn(index, wanted);
}

/** `passport.use('x', new XStrategy({ clientID, callbackURL }))` (or the default name of `new XStrategy`). */
function providerStrategyIn(index: JsIndex, wanted: ReadonlySet<string>): boolean {
  for (const use of index.nodesOf('CallExpression')) {
    if (calleeProperty(use) !== 'use') continue;
    const args = use.arguments.map((a) => unwrap(a as AstNode));
    const created = args.find((a) => a.type === 'NewExpression');
    if (!created || created.type !== 'NewExpression') continue;
    const ctor = index.text(created.callee as AstNode);
    if (!/Strategy$/.test(ctor)) continue;
    const given = stringValue(args[0], index)?.toLowerCase();
    const named = given ?? ctor.replace(/Strategy$/, '').toLowerCase();
    if (!wanted.has(named)) continue;
    const opts = resolveObject(created.arguments[0] as AstNode | undefined, index);
    if (PROVIDER_OPTION.some((o) => objectProp(opts, o) !== undefined)) return true;
  }
  return false;
}
