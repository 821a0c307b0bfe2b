// The raw signals routes-guards.ts reads a guard's body for: where the caller's identity lives
// (`req.session.user`, a verified JWT, a session getter, an API-key header) and what a refusal
// looks like (401/403, throw, next(err), a redirect or error page). Shared by every guard shape.
import type { AuthMechanism } from '../../../model/types.js';
import { calleeName, calleeProperty, isFunctionLike, literalValue, memberPath, nodesUnder, someNode, stringValue, unwrap, unwrapAwait, type AstNode, type CallLike, type FunctionLike, type JsIndex } from './ast.js';
import { perRecordCredential } from './routes-guard-capability.js';
import { codeExchange, fromCodeExchange } from './oauth-code-exchange.js';

export const REQ_NAMES = new Set(['req', 'request', 'ctx', 'context', 'event', 'socket', 'handshake', 'res', 'reply']);
const IDENTITY_PROPS = /^(user|users|currentUser|current_user|remote_?user|remoteUser|auth|authUser|loggedInUser|userId|user_id|uid|account|principal|identity|isLoggedIn|loggedIn|logged_in|authenticated|isAuthenticated|token|decoded|claims|jwt|payload|me|admin|member)$/;
export const ROLE_PROPS = /^(role|roles|isAdmin|is_admin|admin|isSuperAdmin|is_super_?admin|superAdmin|super_admin|permissions?|scopes?|scp|groups?|privileges?|isSuperuser|is_superuser|superuser|isStaff|is_staff|accessLevel|access_level|userType|user_type|authorities|claims)$/;
export const WEAK_ROLE_PROPS = /^(type|level|rank|kind)$/;
const API_KEY_HEADER = /api[-_]?key|x-api|x-auth|access[-_]?token|x-token|secret|authorization|x-key/i;
const REJECT_STATUS = new Set([401, 403]);
/** What a refusal answered with a 400 says: `Access denied`, `Unauthorised`, `Not allowed`. */
const DENIED_TEXT = /access denied|unauthori[sz]ed|forbidden|not (allowed|authori[sz]ed|permitted)|permission denied|no permission/i;
/** Session keys held between the steps of a login (2FA, passkey, OAuth state), before anyone is logged in. */
export const LOGIN_STEP_KEY = /pending|challenge|nonce|verifier|^(oauth[-_]?)?state$|^temp|^tmp|partial|pre-?auth|^(mfa|otp|totp|twoFactor|two_factor|2fa)|webauthn|passkey|fido|return-?to|captcha|csrf/i;
/** Cookies a site keeps for navigation or display (where to go after login, language, theme, consent), not credentials. */
const NON_IDENTITY_COOKIE = /redirect|return|callback|locale|^lang|language|theme|consent|timezone|^tz$|dark-?mode|preference|^prefs?$/i;
/** Cookies an OAuth sign-in keeps between its redirect and its callback (state, PKCE verifier, flow). */
const OAUTH_FLOW_COOKIE = /oauth[-_]?(state|verifier|flow|nonce|redirect|return\w*|provider)|code[-_]?verifier|(^|[-_])state$/i;
/** Framework session/user getters (next-auth, iron-session, lucia, clerk, supabase...). */
const SESSION_GETTER = /^(getServerSession|getSession|unstable_getServerSession|getToken|getIronSession|validateRequest|getCurrentUser|currentUser|getUser|getUserFromRequest|getAuth|requireUser|requireSession|verifySession|getLoggedInUser|auth\.getUser|supabase\.auth\.getUser)$/;
const REJECT_MEMBER = /(UNAUTHORI[SZ]ED|FORBIDDEN|Unauthori[sz]ed|Forbidden)$/;
const REJECT_ERROR = /unauthori[sz]ed|forbidden|auth|permission|access|denied|login|token/i;

function rootName(path: string[] | undefined): string | undefined {
  return path?.[0];
}

/** `req.session.user`, `ctx.state.user`, `req.user.id`, `res.locals.user`... */
export function identityPath(path: string[] | undefined): 'session' | 'user' | undefined {
  if (!path || path.length < 2 || !REQ_NAMES.has(path[0])) return undefined;
  const rest = path.slice(1);
  // A login step in progress (`req.session.pendingUserId`, `loginChallenge`) is not a logged-in user.
  if (rest[0] === 'session' && rest[1] && LOGIN_STEP_KEY.test(rest[1])) return undefined;
  // A cookie kept for navigation or preference (`req.cookies.loginRedirect`, `lang`) names nobody.
  if ((rest[0] === 'cookies' || rest[0] === 'signedCookies') && rest[1] && (LOGIN_STEP_KEY.test(rest[1]) || NON_IDENTITY_COOKIE.test(rest[1]) || OAUTH_FLOW_COOKIE.test(rest[1]))) return undefined;
  if (rest[0] === 'session' || rest[0] === 'cookies' || rest[0] === 'signedCookies') return rest.length >= 2 || rest[0] === 'session' ? 'session' : undefined;
  if (rest[0] === 'state' && rest[1] && IDENTITY_PROPS.test(rest[1])) return 'user';
  if (rest[0] === 'locals' && rest[1] && IDENTITY_PROPS.test(rest[1])) return 'user';
  // h3 / Nitro: middleware puts the caller on `event.context` (`event.context.user`, `.auth`, `.session`).
  if (path[0] === 'event' && rest[0] === 'context' && rest[1]) return rest[1] === 'session' ? 'session' : IDENTITY_PROPS.test(rest[1]) ? 'user' : undefined;
  if (rest[0] === 'handshake' && rest[1] === 'session') return 'session';
  if (IDENTITY_PROPS.test(rest[0])) return 'user';
  return undefined;
}

export function numberOf(node: AstNode | undefined, index: JsIndex): number | undefined {
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
    // `res.status(400).json({ message: 'Access denied' })`: a refusal sent as a plain client error,
    // told apart from a validation error by what it says.
    if (prop && (prop === 'json' || prop === 'send') && first && DENIED_TEXT.test(index.text(first))) {
      const status = unwrap(node.callee as AstNode);
      const inner = status.type === 'MemberExpression' ? unwrap(status.object as AstNode) : undefined;
      if (inner?.type === 'CallExpression' && calleeProperty(inner) === 'status' && numberOf(inner.arguments[0] as AstNode, index) === 400) {
        why = 'status(400) access denied';
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
      const target = node.arguments.map((a) => stringValue(a as AstNode, index) ?? leadingPath(a as AstNode)).find((s) => s !== undefined);
      if ((target && REFUSAL_PAGE.test(target)) || (anyRedirect && !toLoadedRecordField(node, index))) {
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
    // `reject(req, res, 'Logged in session not found')`: a same-file helper given the response that answers 401/403.
    // `const failed = (status, reason) => { res.status(status).send(reason); throw ... }`: a closure over the response does as well.
    // `this.sendInvalidAuthResponse(response)`: the same as a method of the class.
    const method = callee.type === 'Identifier' ? undefined : thisMethodName(callee);
    const helperFn = callee.type === 'Identifier' ? helperFunction(callee.name, index, node) : method ? enclosingMethod(node, method, index) : undefined;
    const helperName = callee.type === 'Identifier' ? callee.name : method;
    if (helperFn && helperName && (node.arguments.some((a) => { const u = unwrap(a as AstNode); return u.type === 'Identifier' && /^(res|response|reply)$/.test(u.name); }) || closesOverResponse(helperFn))) {
      const helper = refusingHelper(helperFn, index);
      // `sendError(res, 401, 'NOT_AUTHENTICATED', msg)`: the status is the helper's parameter.
      const status = typeof helper === 'number' ? numberOf(node.arguments[helper] as AstNode | undefined, index) : undefined;
      if (typeof helper === 'string' || (status !== undefined && REJECT_STATUS.has(status))) {
        // A helper that ends by throwing stops its caller as a `throw` does.
        const throws = endsInThrow((helperFn.body as AstNode | null) ?? undefined);
        why = `${throws ? 'throw(' : ''}${helperName}(): ${typeof helper === 'string' ? helper : `status ${status}`}${throws ? ')' : ''}`;
        return true;
      }
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

/** A page that sends the caller away: sign-in, or a refusal page (`/restricted`, `/access-denied`, `/403`). */
const REFUSAL_PAGE = /log-?in|sign-?in|auth|restricted|forbidden|denied|\b40[13]\b/i;

/**
 * The constant start of a built address: `` `/restricted?from=${url}` ``, `'/login?next=' + url`
 * (where the caller is sent matters, not the return address it carries).
 */
function leadingPath(node: AstNode | undefined): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  const head =
    n.type === 'Literal' && typeof (n as { value: unknown }).value === 'string'
      ? (n as { value: string }).value
      : n.type === 'TemplateLiteral'
        ? (n.quasis[0]?.value.cooked ?? n.quasis[0]?.value.raw)
        : n.type === 'BinaryExpression' && n.operator === '+'
          ? leadingPath(n.left as AstNode)
          : undefined;
  return head && head.startsWith('/') && head.length > 1 ? head : undefined;
}

/**
 * `res.redirect(link.target)` where `link` was loaded in the handler (`const link = await
 * Link.find(...)`): the caller goes where a stored record points (a short link, a saved return
 * address). That is the handler's work on the success path, not a refusal, whatever test it sits under.
 */
function toLoadedRecordField(call: CallLike, index: JsIndex): boolean {
  const target = unwrap(call.arguments[call.arguments.length - 1] as AstNode | undefined);
  if (!target || target.type !== 'MemberExpression') return false;
  const root = memberPath(target)?.[0];
  const init = root ? unwrap(index.initAt(root, call as AstNode)) : undefined;
  return init?.type === 'AwaitExpression';
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

export function isJwtVerify(call: AstNode, index: JsIndex): string | undefined {
  if (call.type !== 'CallExpression') return undefined;
  if (pathTokenOnly(call, index)) return undefined;
  const resolved = index.resolvedCallee(call) ?? '';
  if (/^(jsonwebtoken|jose|jwt-simple|njwt|express-jwt|koa-jwt|@hapi\/jwt|fast-jwt|jws)\b.*\.(verify|jwtVerify|decode\w*|createVerifier)$/.test(resolved) && !resolved.endsWith('.decode')) return resolved;
  const prop = calleeProperty(call);
  const name = calleeName(call) ?? '';
  if (!prop) return undefined;
  if (/^(jwtVerify|verifyJwt|verifyJWT|verifyIdToken|verifySessionCookie|verifyAccessToken|verifyAuthToken|validateToken|verifyToken|getUserFromToken|verifyAsync)$/.test(prop)) return name || prop;
  if (prop === 'verify' && /jwt|token|jose|jws/i.test(name)) return name;
  return undefined;
}

/**
 * `validateToken({ kind: 'verify', token: req.params.token })` on `/verify/:token`: the token comes
 * from the URL path, a mailed link's one-time secret (e-mail verification, password reset, invite).
 * The route checks a capability anyone holding the link has; it does not authenticate a caller.
 */
export function pathTokenOnly(call: CallLike, index: JsIndex): boolean {
  const values = call.arguments.flatMap((a) => {
    const u = unwrap(a as AstNode);
    return u.type === 'ObjectExpression' ? u.properties.flatMap((p) => (p.type === 'Property' ? [unwrap(p.value as AstNode)] : [])) : [u];
  });
  return values.some((v) => pathParam(v, index)) && !values.some((v) => carriesCredential(v));
}

/** Path parameters that carry a secret (`:token`, `:code`, `:resetKey`), not a record's name or id. */
const SECRET_PARAM = /token|code|key|secret|hash|otp|nonce|signature/i;

/** The request itself, or where a caller's credential travels (`req.headers.authorization`, `req.cookies.sid`, `req.session`). */
function carriesCredential(node: AstNode): boolean {
  const path = memberPath(node);
  if (!path || !REQ_NAMES.has(path[0]) || path[0] === 'res' || path[0] === 'reply') return false;
  return path.length === 1 || /^(headers|header|cookies|signedCookies|session|user|auth)$/.test(path[1]);
}

/** `req.params.token`, or a name bound to it (`const token = req.params.token`, `const { token } = req.params`). */
function pathParam(node: AstNode, index: JsIndex): boolean {
  const fromParams = (path: string[] | undefined) => !!path && REQ_NAMES.has(path[0]) && path[1] === 'params' && path.length <= 3 && (path.length === 2 || SECRET_PARAM.test(path[2]));
  if (node.type !== 'Identifier') return fromParams(memberPath(node)) && memberPath(node)!.length === 3;
  if (!SECRET_PARAM.test(node.name)) return false;
  const init = index.initAt(node.name, node);
  if (init) return fromParams(memberPath(unwrap(init)));
  const fn = index.enclosingFunction(node);
  return !!fn?.body && nodesUnder(fn.body as AstNode, 'VariableDeclarator').some((d) => d.id.type === 'ObjectPattern' && !!d.init && fromParams(memberPath(unwrap(d.init as AstNode))) && d.id.properties.some((p) => p.type === 'Property' && unwrap(p.value as AstNode).type === 'Identifier' && (unwrap(p.value as AstNode) as AstNode & { name: string }).name === node.name));
}

function mechanismOfIdentity(kind: 'session' | 'user'): AuthMechanism {
  return kind === 'session' ? 'session' : 'custom';
}

export interface IdentitySignal {
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
      // `!session.data.oauth_nonce`, `session.data.pendingLogin`: a login step in progress, not a logged-in caller.
      if (loginStepRead(node, index)) return false;
      const init = index.initAt(node.name, node);
      if (init && !isFunctionLike(unwrap(init))) found = identityIn(init, index, depth + 1);
      else if (!init) {
        // `const { name } = req.remote_user`, `const { user } = req`: the caller, destructured.
        const path = destructuredPath(node.name, node, index);
        const kind = identityPath(path);
        if (kind) found = { mechanism: mechanismOfIdentity(kind), why: path!.join('.') };
      }
      return found !== undefined;
    }
    if (node.type === 'CallExpression') {
      const prop = calleeProperty(node);
      // `provider.validateAuthorizationCode(code, verifier)`, `oauth2Client.getToken(code)`: an OAuth
      // callback learning who signs in, not a check that the caller is signed in (oauth-code-exchange.ts).
      if (codeExchange(node, index)) return false;
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
      if (verified && !node.arguments.some((a) => fromCodeExchange(a as AstNode, index))) {
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
      // `cookies.get('github_oauth_state')` (Astro, Next.js, SvelteKit): the cookie's name is the argument.
      if (loginStepCookieRead(node, path, index)) return false;
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

/** The identifier starts a member chain that reads a login step's key (`session.data.pendingLogin`). */
function loginStepRead(id: AstNode, index: JsIndex): boolean {
  let outer: AstNode = id;
  for (let p = index.parent(outer); p && (p.type === 'MemberExpression' || p.type === 'ChainExpression') && (p.type === 'ChainExpression' || p.object === outer); p = index.parent(outer)) outer = p;
  const path = outer === id ? undefined : memberPath(outer);
  return !!path && path.slice(1).some((k) => LOGIN_STEP_KEY.test(k));
}

/** `cookies.get('google_oauth_state')`: a cookie read by name whose name is a login step's or a preference's. */
function loginStepCookieRead(member: AstNode, path: string[] | undefined, index: JsIndex): boolean {
  if (!path || path.length !== 3 || !REQ_NAMES.has(path[0]) || path[1] !== 'cookies' || path[2] !== 'get') return false;
  const call = index.parent(member);
  if (call?.type !== 'CallExpression' || call.callee !== member) return false;
  const key = stringValue(call.arguments[0] as AstNode | undefined, index);
  return !!key && (LOGIN_STEP_KEY.test(key) || NON_IDENTITY_COOKIE.test(key) || OAUTH_FLOW_COOKIE.test(key));
}

export const IDENTITY_CALLEE = /auth|session|token|jwt|bearer|user|principal|identity|current/i;
export const LOGIN_CALLEE = /log-?in|sign-?in|sign-?up|register|authenticate$|issue|create|sign$/i;
const CREDENTIAL_MEMBER = /^(authorization|cookie|cookies|token|access[-_]?token|x-[\w-]*(token|auth|key)[\w-]*|api[-_]?key)$/i;

const QUERY_CREDENTIAL = /^(key|api[-_]?key|apikey|token|access[-_]?token|auth)$/i;

/** Does an expression stand for the request, or for the credential it carries? */
export function requestCredential(node: AstNode, index: JsIndex, depth = 0): boolean {
  const n = unwrap(node);
  if (n.type === 'Identifier') {
    if (REQ_NAMES.has(n.name) && n.name !== 'res' && n.name !== 'reply') return true;
    if (depth > 1) return false;
    if (destructuredFromRequest(n.name, n, index)) return n.name === 'headers' || n.name === 'cookies' || n.name === 'session';
    const init = index.initAt(n.name, n);
    // `const t = req.body.integrityToken` reads a field of the request, not the request: only the
    // member path is judged, not the `req` it starts from.
    return !!init && !isFunctionLike(unwrap(init)) && someNode(init, (x) => (x.type === 'MemberExpression' || (x.type === 'Identifier' && !memberObject(x, index))) && requestCredential(x, index, depth + 1));
  }
  const path = memberPath(n);
  if (!path || path.length < 2) return false;
  const root = REQ_NAMES.has(path[0]) || destructuredFromRequest(path[0], n, index) ? path[0] : undefined;
  if (!root) return false;
  const rest = REQ_NAMES.has(path[0]) ? path.slice(1) : path;
  if (rest[0] === 'session' || rest[0] === 'signedCookies') return true;
  // `?key=...`, `?api_key=...`, `?access_token=...`: a credential sent in the query string.
  if (rest[0] === 'query') return rest.length === 2 && QUERY_CREDENTIAL.test(rest[1]);
  if (rest[0] === 'cookies' || rest[0] === 'headers' || rest[0] === 'header') return rest.length === 1 || CREDENTIAL_MEMBER.test(rest[1]) || rest[0] === 'cookies';
  return false;
}

/** The object a member is read from (`req` in `req.body`). */
function memberObject(node: AstNode, index: JsIndex): boolean {
  const p = index.parent(node);
  return !!p && p.type === 'MemberExpression' && p.object === node;
}

/** `req.raw`, `request.raw`: Fastify's underlying Node request, credentials and all. */
export function rawRequest(node: AstNode): boolean {
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

/**
 * The call itself finds the caller: a session getter (`getServerSession(req)`), a lookup by what the
 * request carries (`members.getMemberDataFromSession(req, res)`, `User.findById(req.session.userId)`)
 * or a token verification. Its name (for a verdict's why) or undefined.
 */
export function callerLookup(call: AstNode, index: JsIndex): string | undefined {
  if (call.type !== 'CallExpression') return undefined;
  const name = calleeName(call) ?? calleeProperty(call) ?? '';
  if (codeExchange(call, index)) return undefined;
  if (SESSION_GETTER.test(calleeProperty(call) ?? '') || SESSION_GETTER.test(name)) return name;
  return tokenLookup(call, index) ?? isJwtVerify(call, index);
}

/** A lookup of the caller by the request or its credential (`authenticatedUsers.from(req)`). */
function tokenLookup(call: AstNode, index: JsIndex): string | undefined {
  if (call.type !== 'CallExpression') return undefined;
  const name = calleeName(call) ?? calleeProperty(call) ?? '';
  if (!IDENTITY_CALLEE.test(name) || LOGIN_CALLEE.test(calleeProperty(call) ?? '') || codeExchange(call, index)) return undefined;
  // `verifyShareToken(shareId, req.cookies[`share_${shareId}_token`])`: the path's record's token, no caller.
  if (call.arguments.some((a) => perRecordCredential(a as AstNode, index) || (unwrap(a as AstNode).type === 'Identifier' && perRecordCredential(index.initAt((unwrap(a as AstNode) as AstNode & { name: string }).name, a as AstNode), index)))) return undefined;
  // `User.findById(req.session.pendingUserId)` looks up who is half-way through a login.
  return call.arguments.some((a) => requestCredential(a as AstNode, index) && !loginStepKey(memberPath(unwrap(a as AstNode)))) ? name : undefined;
}

/** `req.session.pendingUserId`, `req.session.loginChallenge`: state of a login in progress. */
function loginStepKey(path: string[] | undefined): boolean {
  return !!path && path.length >= 3 && REQ_NAMES.has(path[0]) && path[1] === 'session' && LOGIN_STEP_KEY.test(path[2]);
}

export function negative(test: AstNode, index: JsIndex): boolean {
  const nil = nilTest(test);
  if (nil !== undefined) return nil;
  const t = index.text(test).trim();
  return t.startsWith('!') || /!==?|===?\s*(null|undefined|false)\b|isUnauthenticated/.test(t);
}

const destructured = new WeakMap<FunctionLike, Map<string, string[]>>();

/** `const { name } = req.remote_user` in an enclosing function: the member path the name stands for (`req.remote_user.name`). */
function destructuredPath(name: string, at: AstNode, index: JsIndex): string[] | undefined {
  for (let fn = index.enclosingFunction(at); fn; fn = index.enclosingFunction(fn)) {
    let names = destructured.get(fn);
    if (!names) {
      names = new Map();
      // AdonisJS middleware `handle({ auth, session }: HttpContext, next)`, a destructured context
      // parameter typed as one: its members are the context's (`auth.user` reads as `ctx.auth.user`).
      // Only with the `next` that makes it middleware: a controller's checks are its own (js/adonis).
      const first = unwrap(fn.params[0] as AstNode | undefined);
      const typed = (first as { typeAnnotation?: AstNode } | undefined)?.typeAnnotation;
      if (first?.type === 'ObjectPattern' && fn.params.length >= 2 && typed && /\bHttpContext(Contract)?\b/.test(index.text(typed))) {
        for (const p of first.properties) {
          const key = propertyKeyName(p as AstNode);
          const v = p.type === 'Property' ? unwrap(p.value as AstNode) : undefined;
          if (key && v?.type === 'Identifier') names.set(v.name, ['ctx', key]);
        }
      }
      for (const d of fn.body ? nodesUnder(fn.body as AstNode, 'VariableDeclarator') : []) {
        if (d.id.type !== 'ObjectPattern' || !d.init || index.enclosingFunction(d) !== fn) continue;
        const base = memberPath(unwrap(d.init as AstNode)) ?? frameworkRequest(unwrap(d.init as AstNode));
        if (!base) continue;
        for (const p of d.id.properties) {
          const key = propertyKeyName(p as AstNode);
          const v = p.type === 'Property' ? unwrap(p.value as AstNode) : undefined;
          const local = v?.type === 'Identifier' ? v.name : v?.type === 'AssignmentPattern' && v.left.type === 'Identifier' ? v.left.name : undefined;
          if (key && local && !names.has(local)) names.set(local, [...base, key]);
        }
      }
      destructured.set(fn, names);
    }
    const path = names.get(name);
    if (path) return path;
  }
  return undefined;
}

/**
 * The request an execution context hands over: Nest's `context.switchToHttp().getRequest()` and
 * GraphQL's `GqlExecutionContext.create(ctx).getContext().req`, so `const { user } = ...` there
 * reads the caller like `req.user`.
 */
function frameworkRequest(init: AstNode): string[] | undefined {
  const n = unwrapAwait(init);
  if (!n) return undefined;
  if (n.type === 'CallExpression' && n.arguments.length === 0 && calleeProperty(n) === 'getRequest') return ['req'];
  if (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier' && /^(req|request)$/.test(n.property.name)) {
    const obj = unwrap(n.object as AstNode);
    if (obj.type === 'CallExpression' && calleeProperty(obj) === 'getContext') return ['req'];
  }
  return undefined;
}

/** Emptiness helpers (lodash, underscore, Ramda, util): true when the value is missing. */
const NIL_HELPER = /^(isNil|isNull|isUndefined|isEmpty|isNullOrUndefined|isNullish|isNullOrEmpty|isBlank)$/;

/**
 * Whether a test built on an emptiness helper holds when the value is missing: `isNil(x)`,
 * `_.isEmpty(req.user)` and `isNil(x) === true` do (negative), `!isNil(x)` and `isNil(x) === false`
 * do not; `undefined` when the test is no such shape (the text decides then).
 */
function nilTest(test: AstNode): boolean | undefined {
  const t = unwrap(test);
  if (t.type === 'CallExpression') {
    const name = calleeProperty(t) ?? calleeName(t) ?? '';
    return NIL_HELPER.test(name) && t.arguments.length === 1 ? true : undefined;
  }
  if (t.type === 'UnaryExpression' && t.operator === '!') {
    const inner = nilTest(t.argument as AstNode);
    return inner === undefined ? undefined : !inner;
  }
  if (t.type === 'BinaryExpression' && /^[!=]==?$/.test(t.operator)) {
    const left = unwrap(t.left as AstNode);
    const right = unwrap(t.right as AstNode);
    const [call, lit] = typeof literalValue(right) === 'boolean' ? [left, literalValue(right)] : typeof literalValue(left) === 'boolean' ? [right, literalValue(left)] : [undefined, undefined];
    const inner = call ? nilTest(call) : undefined;
    if (inner === undefined) return undefined;
    // `isNil(x) === false` holds when x is there; `!==` turns it round again.
    const same = lit === true ? inner : !inner;
    return t.operator.startsWith('!') ? !same : same;
  }
  if (t.type === 'LogicalExpression' && t.operator === '||') {
    // `isNil(req.user) || isEmpty(req.user.name)`: missing when either is.
    const a = nilTest(t.left as AstNode);
    return a !== undefined && a === nilTest(t.right as AstNode) ? a : undefined;
  }
  return undefined;
}

const helperVerdicts = new WeakMap<JsIndex, Map<FunctionLike, string | number | undefined>>();

/** The function a call by name reaches from `at`: the closure in scope (`const failed = () => ...` inside the caller), else the file's function of that name. */
function helperFunction(name: string, index: JsIndex, at: AstNode): FunctionLike | undefined {
  const init = unwrap(index.initAt(name, at));
  return init && isFunctionLike(init) ? init : index.functionByName(name);
}

/**
 * A same-file function (or a method of the caller's class) whose own body answers 401/403, judged
 * once: why, or the position of the parameter it answers with as the status (`res.status(code)`).
 */
function refusingHelper(fn: FunctionLike, index: JsIndex): string | number | undefined {
  let cache = helperVerdicts.get(index);
  if (!cache) helperVerdicts.set(index, (cache = new Map()));
  if (cache.has(fn)) return cache.get(fn);
  // Undefined while judged: a helper reached again from its own body refuses nothing more.
  cache.set(fn, undefined);
  const verdict = refusingBody(fn, index);
  cache.set(fn, verdict);
  return verdict;
}

/** `this.name(...)`: the method's name. */
function thisMethodName(callee: AstNode): string | undefined {
  return callee.type === 'MemberExpression' && !callee.computed && unwrap(callee.object as AstNode).type === 'ThisExpression' && callee.property.type === 'Identifier' ? callee.property.name : undefined;
}

/** The method `name` of the class around `node` (not an inherited one). */
function enclosingMethod(node: AstNode, name: string, index: JsIndex): FunctionLike | undefined {
  const body = index.ancestors(node).find((a) => a.type === 'ClassBody');
  if (body?.type !== 'ClassBody') return undefined;
  for (const m of body.body) if (m.type === 'MethodDefinition' && m.key.type === 'Identifier' && m.key.name === name) return m.value as FunctionLike;
  return undefined;
}

function refusingBody(fn: FunctionLike, index: JsIndex): string | number | undefined {
  const body = fn.body as AstNode | null | undefined;
  const unconditional = !!body && !someNode(body, (n) => n.type === 'IfStatement' || n.type === 'ConditionalExpression');
  const why = body && unconditional ? rejects(body, index) : undefined;
  // `_redirectToRestricted(req, res)`: a helper that sends the caller to a sign-in or refusal page.
  let verdict: string | number | undefined = why && (/40[13]/.test(why) || why.startsWith('redirect ')) ? why : undefined;
  // A helper that always ends by throwing stops whatever it answered on the way (`if (reason)
  // res.status(status).send(reason); else res.sendStatus(status); throw err`).
  if (verdict === undefined && body && (unconditional || endsInThrow(body))) {
    const params = fn.params.map((p) => (unwrap(p as AstNode).type === 'Identifier' ? (unwrap(p as AstNode) as { name: string }).name : ''));
    someNode(body, (n) => {
      if (n.type !== 'CallExpression' || !/^(status|sendStatus|writeHead)$/.test(calleeProperty(n) ?? '')) return false;
      const a = unwrap(n.arguments[0] as AstNode | undefined);
      const at = a && a.type === 'Identifier' ? params.indexOf(a.name) : -1;
      if (at >= 0) verdict = at;
      return at >= 0;
    });
  }
  return verdict;
}

/** The last statement of a block body is a `throw`: every call of the function ends there. */
function endsInThrow(body: AstNode | undefined): boolean {
  const stmts = body?.type === 'BlockStatement' ? (body.body as AstNode[]) : [];
  return stmts.length > 0 && stmts[stmts.length - 1].type === 'ThrowStatement';
}

/** A function that answers through a response it does not take as a parameter: a closure over the handler's `res`. */
function closesOverResponse(fn: FunctionLike | undefined): boolean {
  if (!fn?.body) return false;
  const params = new Set(fn.params.map((p) => (unwrap(p as AstNode).type === 'Identifier' ? (unwrap(p as AstNode) as { name: string }).name : '')));
  return someNode(fn.body as AstNode, (n) => n.type === 'CallExpression' && /^(status|sendStatus|writeHead)$/.test(calleeProperty(n) ?? '') && /^(res|response|reply)$/.test(memberPath(n.callee as AstNode)?.[0] ?? '') && !params.has(memberPath(n.callee as AstNode)![0]));
}

/** A 401/403 response (not throw / next(err), which are too generic on their own here). */
export function statusRejects(root: AstNode, index: JsIndex): boolean {
  const why = rejects(root, index);
  return !!why && /40[13]|nauthori|orbidden/.test(why);
}
