// Shared route model for the JS web-framework extractors (express, koa, fastify, nestjs, hapi,
// nextjs, rest-crud): middleware references, auth decisions, route tags and the internal metadata
// each per-file pass leaves for the cross-file `linkRoutes` step (routes-link.ts).
import type { AuthLevel, ConfigFact, EntrypointFact, Evidence, Fact, FactInput } from '../../../model/types.js';
import type { GuardCall } from './routes-guard-calls.js';

// Where test files are told apart lives with the parser (imports need it without routes).
export { isTestFile } from './parse.js';

/** What a middleware / guard does, as far as we could tell. */
export type MwRole =
  | 'auth-user'
  | 'auth-admin'
  /** Checks roles/permissions given at the use site (`requireRole('admin')`, `@Roles`). */
  | 'auth-role'
  | 'auth-optional'
  /** Lets nobody through (a JWT check against a secret no caller can know). */
  | 'auth-deny'
  /** Name strongly suggests auth but the body was not visible. */
  | 'auth-unknown'
  /** Performs a credential login (passport local / OAuth start): marks the route, guards nothing. */
  | 'login'
  | 'rate-limit'
  | 'upload'
  | 'csrf'
  | 'other';

export interface MwRef {
  /** Display name: `isAdmin`, `auth.required`, `passport.authenticate('jwt')`, `<inline>`. */
  name: string;
  role?: MwRole;
  mechanism?: string;
  /** Unresolved import: module specifier as written, the importing file, the export used. */
  module?: string;
  from?: string;
  export?: string;
  /** Resolve by a repository-wide name (Nest guard classes, fastify decorators). */
  byName?: string;
  /** Literal-ish text of factory arguments (`'admin'`, `Role.Admin`), to judge role guards. */
  args?: string;
  /** An imported wrapper's argument (`asyncHandler(auth.jwt)`): judged instead when link finds the wrapper passes through (routes-guard-wrappers.ts). */
  wrapped?: MwRef;
  /** Why this counts as auth, for authEvidence. */
  why?: string;
  /**
   * An owner-or-role guard: the path parameters whose record the caller must own when the role
   * check fails (empty: a loaded record's owner field is compared instead).
   */
  ownerParams?: string[];
  /** A helper call's options set to literal `true` (`{ skipAuth: true }`): a guard-definition's `optOut` among them turns its check off. */
  optOut?: string[];
  /** Set by link when `optOut` turned a helper's check off: the route is public by declaration. */
  optedOut?: boolean;
  /** A guard reading the route's `config` (JSON `ConfigGate`, route-config-guards.ts): each route's config decides. */
  routeConfig?: string;
  /** Path parameters passed to a predicate call (`canViewUser(auth, userId)`): the objects a definition with `objectArgs` checks. */
  argParams?: string[];
  /**
   * Awaited as a statement, its result unused (`await verifyHook({ req, rawBody })`): it guards only
   * by throwing, so link counts it only where the definition refuses by a throw (`details.throws`).
   */
  throwsOnly?: boolean;
  /** Called without `await` (`const user = requireLogin()`): it guards only if the gate throws synchronously (`details.sync`). */
  unawaited?: boolean;
  /** express-jwt / koa-jwt `.unless({ path })`: paths (or `re:` regex sources) it does not guard. */
  unless?: string[];
  /**
   * Imported path lists a guard lets through (`if (PUBLIC.some((u) => req.path.startsWith(u))) next()`,
   * guard-bypass.ts): link adds their entries to `unless`.
   */
  allowFrom?: { module: string; from: string; export: string; match: 'prefix' | 'exact' | 'regex' }[];
  /**
   * A deployment switch turns the guard off (`if (!process.env.AUTH_TOKEN) return next()`): the
   * condition, where it is, and the variables whose absence passes every request.
   */
  conditional?: { condition: string; file: string; line: number; unsetEnv: string[] };
  /**
   * Applies only to full paths this regex source matches (`router.all('(/+api/admin|/+api/admin/*?)',
   * guard)`, guard-bypass.ts); link prefixes it with the router's mount path.
   */
  only?: string;
  /** Applies only under this path prefix (path-scoped `app.use('/admin', guard)`). */
  under?: string;
  /**
   * Registered by an unscoped `use()` for every route of its app or router: an app-wide multipart
   * parser accepts files everywhere but a route takes uploads only when its handler reads them.
   */
  appWide?: boolean;
  /** Sits in the handler position (`app.post('/x', security.isAuthorized())`): judged, not listed. */
  terminal?: boolean;
  /** Line of the path-scoped `use` that registered it (same file as the routes it guards). */
  line?: number;
  /**
   * An import passed to `use()` that may be a router rather than middleware; link decides from
   * what the module exports. `maybe`: judged middleware by its name, dropped when the module
   * exports a router. `likely`: judged a router (and mounted), kept only when the module is seen
   * to export middleware under that name and no router.
   */
  router?: 'maybe' | 'likely';
  /** Route tags this ref gives where it runs (`permission-gated`, `object-level-authz`, `machine-credential`). */
  tags?: string[];
  /**
   * A DI service identifier naming the middleware (inversify's `TYPES.AuthMiddleware`): js/decorator-routes'
   * link follows the container binding to the middleware class.
   */
  di?: string;
}

/** Where a router / app object lives: a local id (`file-without-ext#name`) or an import. */
export type ReceiverRef = { id: string } | { module: string; from: string; export: string };

export interface HandlerRef {
  /** Inline or same-file function: already summarised into RouteMeta.inline/tags. */
  local?: boolean;
  module?: string;
  from?: string;
  export?: string;
  name?: string;
  /**
   * Names from the module to the handler (`ctrl.comments.del` with `ctrl = require('../controllers')
   * .articles` is `articles.comments.del`); link follows re-exports along it (`export` keeps only
   * the last name).
   */
  path?: string[];
}

/** Internal per-route data, carried in a `~route:` tag until link removes it. */
export interface RouteMeta {
  recv?: ReceiverRef;
  /** Router-local path as registered (link prefixes mount paths). */
  local?: string;
  /** The path is a member of an imported route table (`ApiUrls.whoami`, shown as `text` until link reads its value). */
  pathRef?: { module: string; from: string; export: string; text: string };
  mw: MwRef[];
  handler?: HandlerRef;
  /** Auth decided from the handler body itself (inline `if (!req.user) return 401`). */
  inline?: { level: 'user' | 'admin' | 'role' | 'unknown'; why: string };
  /** Imported helpers the handler calls like guards, judged in link (routes-guard-calls.ts). */
  guardCalls?: GuardCall[];
  /** Route opts out of global guards (`@Public()`, hapi `auth: false`). */
  public?: boolean;
  /** Global guards (by name) that return true for the metadata this route's decorators set (js/nestjs public-keys.ts). */
  skipGlobals?: string[];
  /** Fastify route options `config`, key → description (route-config-guards.ts); absent when the options were not readable. */
  routeConfig?: Record<string, string>;
  /** Tags from the handler body (upload, sets-session...). */
  handlerTags?: string[];
  /** The handler answers requests itself instead of passing them on (see `answers`). */
  answers?: boolean;
  /** Middleware of the application's own code runs before the handler. */
  ownMiddleware?: boolean;
  /** Generated CRUD route: line of the generator call (earlier registrations run before it). */
  generatedAt?: number;
  /**
   * A route file re-exporting another module's handler (js/nextjs reexports.ts): dropped by link
   * once that receiver has a route of its own, which the mount places at this route's path.
   */
  standsFor?: ReceiverRef;
}

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'del', 'options', 'head', 'all'] as const;
export const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function normalizeMethod(m: string): string {
  const up = m.toUpperCase();
  return up === 'DEL' ? 'DELETE' : up;
}

/** Joins a mount prefix and a route path: ('/api/', '/users') → '/api/users', ('/api', '/') → '/api'. */
export function joinPath(prefix: string, path: string): string {
  if (!prefix || prefix === '/') return path.startsWith('/') || path === '*' ? path : `/${path}`;
  const p = prefix.startsWith('/') ? prefix : `/${prefix}`;
  const base = p.endsWith('/') ? p.slice(0, -1) : p;
  if (!path || path === '/') return base;
  return `${base}${path.startsWith('/') ? '' : '/'}${path}`;
}

const ONLY_RE = new Map<string, RegExp | null>();

/** Does a ref registered for a path pattern (`MwRef.only`) run for this path? Unknown paths: yes. */
export function runsOn(ref: MwRef, path: string | undefined): boolean {
  if (ref.only === undefined || path === undefined) return true;
  let re = ONLY_RE.get(ref.only);
  if (re === undefined) {
    try {
      re = new RegExp(ref.only);
    } catch {
      re = null;
    }
    ONLY_RE.set(ref.only, re);
  }
  return !re || re.test(path.split('?')[0]);
}

/** Path prefix test on segment boundaries ('/admin' covers '/admin' and '/admin/x', not '/administrators'). */
export function underPrefix(path: string, prefix: string): boolean {
  if (!prefix || prefix === '/' || prefix === '*') return true;
  const p = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  return path === p || path.startsWith(`${p}/`);
}

/** Splits camelCase / snake / kebab identifiers into lower-case words. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const AUTH_WORDS = new Set([
  'auth', 'authn', 'authz', 'authenticate', 'authenticated', 'authentication', 'authorize', 'authorized',
  'authorization', 'authorise', 'authorised', 'jwt', 'admin', 'admins', 'protect', 'protected', 'guard',
  'guarded', 'loggedin', 'signedin', 'superuser', 'rbac', 'acl', 'bearer', 'apikey',
]);
/** What a `*Guard` named with one of these protects is no identity: a quota, a plan or licence, a schema. */
const NOT_CALLER_GUARD = new Set(['quota', 'quotas', 'plan', 'plans', 'license', 'licence', 'licensed', 'licenced', 'tier', 'entitlement', 'limit', 'limits', 'usage', 'billing', 'subscription', 'feature', 'schema', 'body', 'query', 'params', 'input', 'type', 'types', 'validation']);
const AUTH_VERBS = new Set(['require', 'requires', 'ensure', 'check', 'verify', 'validate', 'is', 'has', 'must', 'needs', 'only', 'can', 'assert']);
const AUTH_OBJECTS = new Set(['login', 'logged', 'signed', 'token', 'user', 'session', 'role', 'roles', 'permission', 'permissions', 'scope', 'scopes', 'key', 'staff', 'owner', 'ownership', 'access', 'privilege', 'privileges']);

/**
 * Does a middleware name strongly suggest authentication/authorisation? (`requireAuth`,
 * `isAdmin`, `verifyToken`, `ensureLoggedIn`, `checkJwt`, `auth.required`,
 * `verifyCurrentUserHasAccessToPost`); `author`, `authorRoutes`, `validateBody` do not.
 */
export function authLikeName(name: string): boolean {
  if (rateLimitLikeName(name)) return false;
  const bare = name.replace(/\(.*$/, '');
  // `Auth.middleware.applyBlacklist`: a function named in words of its own says what it does; the
  // object it hangs off (an auth module exporting every kind of middleware) does not.
  const last = bare.split('.').pop() ?? bare;
  const ws = words(bare.includes('.') && words(last).length >= 2 ? last : bare);
  // `koaQuotaGuard`, `planGuard`, `schemaGuard`: a guard of something other than the caller.
  const strong = ws.filter((w) => AUTH_WORDS.has(w));
  if (strong.length > 0 && !(strong.every((w) => w === 'guard' || w === 'guarded') && ws.some((w) => NOT_CALLER_GUARD.has(w)))) return true;
  // `middleware.assert.user`, `assert.post`: a namespace of existence assertions (404 when the
  // record named in the path is missing), not a check of the caller.
  const segs = name.replace(/\(.*$/, '').split('.');
  if (segs.length >= 2 && /^assert$/i.test(segs[segs.length - 2])) return false;
  for (let i = 0; i < ws.length; i++) {
    if (ws[i] === 'logged' && ws[i + 1] === 'in') return true;
    if (ws[i] === 'signed' && ws[i + 1] === 'in') return true;
    if (!AUTH_VERBS.has(ws[i])) continue;
    // A verb followed, within three words, by what it checks: verify-token, has-access, can-edit-... no.
    for (let j = i + 1; j <= i + 3 && j < ws.length; j++) if (AUTH_OBJECTS.has(ws[j])) return true;
  }
  return false;
}

export function adminLikeText(text: string): boolean {
  return /admin|superuser|super_user|\broot\b|staff|moderator|manage|operator|sysop/i.test(text);
}

/** A rate limiter by name (`loginLimiter`, `rateLimiter`, `throttle`, `bruteforce.prevent`, `createRateLimitMiddleware(...)`). */
export function rateLimitLikeName(name: string): boolean {
  return /limit(er)?\b|limiter|rate[-_]?limit|throttl|brute|slowdown|slow_down|lockout/i.test(name);
}

export interface AuthDecision {
  auth: AuthLevel;
  evidence: string[];
}

/** Does an `unless` list exempt this path? Literal paths match exactly; `re:` entries as regexes. */
function exempted(ref: MwRef, path: string | undefined, method?: string): boolean {
  if (!ref.unless || path === undefined) return false;
  const bare = path.split('?')[0];
  // Under a path-scoped `use('/api', guard)`, the guard sees the path below the mount (`req.path`).
  const below = ref.under !== undefined && ref.under !== '' && ref.under !== '/' && bare.startsWith(`${ref.under}/`) ? bare.slice(ref.under.length) : undefined;
  const matches = (u: string, p: string): boolean => {
    if (u.startsWith('re:')) {
      try {
        return new RegExp(u.slice(3)).test(p);
      } catch {
        return false;
      }
    }
    return u === p || u === `${p}/`;
  };
  return ref.unless.some((raw) => {
    // `@GET re:...`: a skip wrapper's test (routes-skip-wrappers.ts), read over the path below the
    // mount too, and for those methods only (`@*`: any); an unknown method is not exempted.
    const m = /^@([A-Z,]+|\*) ([\s\S]*)$/.exec(raw);
    if (m && m[1] !== '*' && (!method || !m[1].split(',').includes(method.toUpperCase()))) return false;
    const u = m ? m[2] : raw;
    return matches(u, bare) || (m !== null && below !== undefined && matches(u, below));
  });
}

const USERISH_ROLE = /^(user|users|customer|customers|member|members|guest|guests|authenticated|logged_?in|loggeduser|logged_user|basic|default|any|all|client|clients|subscriber|reader|readers|viewer|viewers|self|owner)$/i;

/**
 * The effective role of a ref after its use-site arguments: `requireRole('admin')`,
 * `authorize(Role.Editor)`, `auth('manageUsers')` require a privilege (admin); no arguments, or a
 * list that admits ordinary users (`roles('user', 'admin')`), only require a logged-in user.
 */
export function effectiveRole(ref: MwRef): MwRole | undefined {
  // `authorized(permissions.GLOBAL_BUILDER)`: a guard judged to need only a signed-in user
  // (its permission check is out of sight) still requires what its argument names.
  if (ref.role === 'auth-user' && ref.args !== undefined && !/^passport\./.test(ref.name) && adminPermissionArgs(ref.args)) return 'auth-admin';
  if (ref.role !== 'auth-role') return ref.role;
  const permissions = permissionRole(ref.args) ?? permissionConstants(ref.args);
  if (permissions) return permissions;
  // The options object (`{ type: 'or' }`) is no role name.
  const listed = (ref.args ?? '').replace(/\{[^{}]*\}/g, '');
  const args = listed.split(',').map((a) => a.trim().replace(/^['"`[(]+|['"`\])]+$/g, '').split('.').pop() ?? '').filter(Boolean);
  if (args.length === 0) return 'auth-user';
  // `isAuthenticated([MANAGE_ISSUES, CREATE_ISSUES], { type: 'or' })`, `hasAnyPermission(a, b)`: any
  // one of the listed permissions admits, so the guard is as strong as its weakest. One that names
  // no administration (CREATE_ISSUES) is a feature permission ordinary users are given.
  if (args.length > 1 && anyOf(ref) && !args.every((a) => adminLikeText(a))) return 'auth-user';
  if (args.some((a) => adminLikeText(a))) return args.some((a) => USERISH_ROLE.test(a)) ? 'auth-user' : 'auth-admin';
  return args.some((a) => USERISH_ROLE.test(a)) ? 'auth-user' : 'auth-admin';
}

/** An any-of option among a guard's arguments: `{ type: 'or' }`, `{ mode: 'any' }`, `{ some: true }`. */
const ANY_OF_OPTION = /\b(?:type|mode|match|matching|operator|logic|strategy|condition|check)\s*:\s*['"`](?:or|any|some|oneOf|one)['"`]|\b(?:any|some|or|anyOf)\s*:\s*true\b/i;
/** An any-of guard by name: `hasAnyPermission`, `requireAnyScope`, `anyPermission`, `permissionsAny`. */
const ANY_OF_NAME = /any_?(?:of_?)?(?:permissions?|scopes?|rights?|privileges?|authorit(?:y|ies))|(?:permissions?|scopes?|rights?)_?any\b/i;

/** Does a permission guard admit a caller holding any one of its listed permissions? */
function anyOf(ref: MwRef): boolean {
  const callee = ref.name.split('(')[0];
  return ANY_OF_OPTION.test(ref.args ?? '') || ANY_OF_NAME.test(callee);
}

/** A privilege over the whole installation: `ADMIN`, `SUPER_ADMIN`, `GLOBAL_BUILDER`, `Role.SuperUser`, `INSTANCE_OWNER`. */
const ADMIN_LEVEL = /^(?:(?:global|super|site|instance|system|platform|org|organi[sz]ation|tenant|workspace)?(?:admin|administrator|superadmin|superuser)|(?:global|site|instance|system|platform)(?:builder|owner|admin))$/;

/** The constants named by a guard's use-site arguments: `permissions.GLOBAL_BUILDER` → `GLOBAL_BUILDER`, with the object named. */
function argConstants(args: string): { object: string; name: string }[] {
  return args
    .split(',')
    .map((a) => a.trim().replace(/^['"`[(]+|['"`\])]+$/g, ''))
    .filter(Boolean)
    .map((a) => {
      const parts = a.split('.');
      return { object: parts.length > 1 ? parts[parts.length - 2] : '', name: parts[parts.length - 1] };
    });
}

const normalName = (name: string) => name.replace(/[_-]/g, '').toLowerCase();

/**
 * Use-site arguments that name an installation-wide privilege as constants (`GLOBAL_BUILDER`,
 * `Roles.SUPER_ADMIN`), none of them an ordinary user's: the guard is handed the privilege it
 * enforces. Passport strategy names are no privileges (the caller skips `passport.*`).
 */
function adminPermissionArgs(args: string): boolean {
  const list = argConstants(args);
  if (list.length === 0 || list.some((a) => USERISH_ROLE.test(a.name))) return false;
  // Several permissions are any-of as guards read them (`checkPermission(ADMIN, UPDATE_CORS)`): a
  // feature permission beside the privilege admits its holders too.
  return list.every((a) => /^[A-Za-z_$][\w$]*$/.test(a.name) && ADMIN_LEVEL.test(normalName(a.name)));
}

/** Objects of permission constants (`PermissionType`, `permissions`, `Scopes`, `AccessLevel`), not of roles. */
const PERMISSION_OBJECT = /perm|right|scope|access|level|privilege|grant|capabilit/i;

/**
 * A role guard handed permission constants (`authorized(PermissionType.TABLE, PermissionLevel.READ)`):
 * an ordinary permission is something signed-in users are granted, so only one that administers
 * (`GLOBAL_BUILDER`, `ADMIN`, `MANAGE_USERS`) makes the route an administrator's. Role constants
 * (`Role.Editor`) are judged as roles. Undefined when the arguments are not all permission constants.
 */
function permissionConstants(args: string | undefined): MwRole | undefined {
  const list = argConstants(args ?? '');
  if (list.length === 0 || !list.every((a) => PERMISSION_OBJECT.test(a.object) && !/role/i.test(a.object) && /^[A-Za-z_$][\w$]*$/.test(a.name))) return undefined;
  return list.some((a) => ADMIN_LEVEL.test(normalName(a.name)) || adminLikeText(a.name)) ? 'auth-admin' : 'auth-user';
}

/** Actions of a permission string that administer what they name (`users:manage`, `roles:*`). */
const MANAGE_ACTION = /^(manage|admin|administer|\*|all|full|sudo)$/i;
/** Resources whose changes administer the tenant: accounts, roles, sign-in, organisations. */
const ADMIN_RESOURCE = /^(users?|roles?|permissions?|sso|organi[sz]ations?|orgs?|tenants?|workspaces?|audit)$/i;
const READ_ACTION = /^(view|read|list|get|show)$/i;

/**
 * RBAC permission strings (`resource:action`, or Auth0-style `action:resource`) given to a
 * permission guard: `admin` when every one (a list admits its weakest) administers users, roles,
 * sign-in or the organisation (`users:manage`, `sso:manage`, `roles:*`, `workspace:add-user`);
 * ordinary feature permissions (`chatflows:view`, `tools:create`) only need a signed-in user holding
 * them. Undefined when the arguments are not permission strings.
 */
function permissionRole(args: string | undefined): MwRole | undefined {
  const list = (args ?? '').split(',').map((a) => a.trim().replace(/^['"`[(]+|['"`\])]+$/g, '')).filter(Boolean);
  if (list.length === 0 || !list.every((a) => /^[A-Za-z][\w-]*:[\w*-]+$/.test(a))) return undefined;
  const admin = (perm: string) => {
    const [a, b] = perm.split(':');
    const [resource, action] = READ_ACTION.test(a) || MANAGE_ACTION.test(a) || /^(create|update|delete|write|edit|invite|remove|add)/i.test(a) ? [b, a] : [a, b];
    return MANAGE_ACTION.test(action) || (ADMIN_RESOURCE.test(resource) && !READ_ACTION.test(action));
  };
  return list.every(admin) ? 'auth-admin' : 'auth-user';
}

/**
 * Auth of a route from its middleware chain (in order) and any inline check in the handler:
 * admin if any admin check runs, user if an authentication check runs, unknown when only
 * auth-looking names we could not see run, else none.
 */
export function decideAuth(chain: readonly MwRef[], inline: RouteMeta['inline'], path?: string, method?: string): AuthDecision {
  let best: AuthLevel = 'none';
  const evidence: string[] = [];
  const rank: Record<AuthLevel, number> = { none: 0, unknown: 1, user: 2, admin: 3 };
  const raise = (level: AuthLevel, why: string) => {
    if (rank[level] > rank[best]) best = level;
    if (!evidence.includes(why)) evidence.push(why);
  };
  for (const ref of chain) {
    if (ref.under !== undefined && path !== undefined && !underPrefix(path, ref.under)) continue;
    if (exempted(ref, path, method)) {
      // Say why a guard the route sits behind does not count (an allow-list in its body).
      if (ref.allowFrom !== undefined && effectiveRole(ref)?.startsWith('auth-')) raise('none', `${ref.name} lets ${path} through (path allow-list)`);
      continue;
    }
    const role = effectiveRole(ref);
    // A guard nobody passes is at least as strict as an administrator check.
    if (role === 'auth-admin' || role === 'auth-deny') raise('admin', ref.why ?? ref.name);
    else if (role === 'auth-user') raise('user', ref.why ?? ref.name);
    else if (role === 'auth-unknown') raise('unknown', ref.name);
  }
  if (inline) {
    const level = inline.level === 'role' ? 'user' : inline.level;
    raise(level, inline.why);
  }
  return { auth: best, evidence };
}

/** `POST /api/auth/email-password/authorize`: the credential check of an auth API. */
const AUTH_AREA_SEG = /^(auth|authentication|login|signin|sign-in|passkeys?|webauthn|email-password|credentials)$/i;
const LOGIN_SEG = /^(log[-_]?in|sign[-_]?in|signon|authenticate|token|oauth2?-?token|sessions?|auth)$/i;
const LOGIN_NAME = /^(log[-_]?in|sign[-_]?in|authenticate|authenticate-?user|create-?session|create-?token|issue-?token|get-?token)$/i;
const RESET = /(forgot|reset|recover|lost)[-_]?(password|pass|pwd)?|(password|pass|pwd)[-_]?(reset|forgot|recover|change)|change[-_]?password/i;
const OTP = /(^|[-_/])(otp|otc|2fa|mfa|totp|one-?time|verify-?(code|otp|otc|phone|sms)|sms-?code|verification-?code|two-?factor)([-_/]|$)/i;
/** Passwordless sign-in by mail: `POST /api/send-magic-link`, `/auth/passwordless/start`, `/login-link`. */
const MAGIC_LINK = /(^|[-_/])(magic-?links?|passwordless|sign-?in-?links?|login-?links?)([-_/]|$)/i;
const EMAIL_VERIFICATION = /^(?:re-?)?send-?(?:verification|verify|confirmation|activation)(?:-?(?:e-?mail|mail|link|code))?$|^(?:verify|confirm|activate)-?(?:e-?mail|account)$/i;
const SIGNUP = /(^|[-_/])(sign[-_]?up|register|registration|reg|create[-_]?account|(?:set[-_]?up|activate)[-_]?account|join)([-_/]|$)/i;
const DEBUG_SEG = /^(debug|_debug|__debug|__debug__|heapdump|heap-?dump|heap-?snapshot|profiler|pprof|phpinfo|actuator|__inspect|server-status|server-info)$/i;
/**
 * Words that name a diagnostic endpoint only where tooling puts one: `/metrics`, `/api/v1/trace`,
 * `/internal/prometheus`. Under a resource (`/api/websites/:id/metrics`, `/reports/metrics`) they
 * are the application's own data (analytics, traces of a tracing product), not debug evidence. So
 * is `/env` (`/actuator/env`), while `/projects/:id/environment` is a product's deployment stage.
 */
const DEBUG_WEAK_SEG = /^(trace|metrics|prometheus|env|\.env|environment)$/i;
const OPS_PREFIX_SEG = /^(api|v\d+|_\w*|internal|admin|actuator|debug|system|monitoring|ops|management|manage)$/i;

function debugPath(segs: readonly string[]): boolean {
  if (segs.some((s) => DEBUG_SEG.test(s))) return true;
  const weak = segs.findIndex((s) => DEBUG_WEAK_SEG.test(s));
  // A weak word followed by a record or an action (`/trace/:id/data`, `/trace/create`) is a
  // collection of the application's own (GPS traces, stored metrics), not a tool's endpoint.
  return weak >= 0 && segs.slice(0, weak).every((s) => OPS_PREFIX_SEG.test(s)) && segs.slice(weak + 1).every((s) => DEBUG_WEAK_SEG.test(s) || DEBUG_SEG.test(s));
}

function isParamSeg(s: string): boolean {
  return s.startsWith(':') || s.startsWith('{') || s.startsWith('[') || s === '*';
}

/**
 * A password reset by its path. A bare `reset`/`recover` after a path parameter resets that
 * resource (`/websites/:id/reset` wipes a site's data), not a password.
 */
function passwordReset(segs: readonly string[]): boolean {
  return segs.some((s, i) => {
    const m = RESET.exec(s);
    if (!m) return false;
    if (!/^(reset|recover)$/i.test(m[0])) return true;
    if (!/^(reset|recover)([-_]|$)/i.test(s)) return false;
    return /pass(word)?|pwd/i.test(segs[i - 1] ?? '') || !segs.slice(0, i).some(isParamSeg);
  });
}

/** Sign-up by its path; `join` only where it names the account itself, not a group (`/teams/join`, `/groups/:id/join`). */
function signupPath(segs: readonly string[]): boolean {
  return segs.some((s, i) => {
    const m = SIGNUP.exec(s);
    if (!m) return false;
    // Setting up or activating an account (from an invitation or a mailed link) is the caller's own
    // sign-up; under a record (`/users/:id/activate-account`) it is an administrator acting on one.
    if (/account$/i.test(m[2]) && !/^create/i.test(m[2])) return !segs.slice(0, i).some(isParamSeg);
    if (!/^join$/i.test(m[2])) return true;
    return segs.slice(0, i).every((p) => /^(api|v\d+|auth|accounts?|users?)$/i.test(p));
  });
}

function segments(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** Handler tag (routes-handler-writes.ts): the handler reads nothing of the request. Consumed here, never output. */
export const READS_NO_REQUEST = '~reads-no-request';

/** Tags rules rely on; computed from the full path, method, chain and handler name. */
export function routeTags(method: string | undefined, path: string | undefined, chain: readonly MwRef[], handlerName: string | undefined, extra: readonly string[] = []): string[] {
  const tags = new Set<string>(extra);
  const m = method?.toUpperCase();
  const p = path ?? '';
  const segs = segments(p);
  const last = segs.filter((s) => !s.startsWith(':') && !s.startsWith('{') && !s.startsWith('[')).pop() ?? '';
  const hname = handlerName ? words(handlerName).join('-') : '';
  if (m && STATE_CHANGING.has(m)) tags.add('state-changing');
  // A safe method whose handler visibly writes storage: any page can trigger it with a link or an
  // image, and token CSRF middleware skips safe methods.
  // `router.all(...)` serves GET too.
  if ((m === 'GET' || m === 'HEAD' || m === 'ALL') && tags.has('writes-storage')) tags.add('get-writes-state');
  // `AuthController.accessTokenLogin` (words: `auth-controller-access-token-login`): a handler named
  // for a kind of login; a passkey assertion
  // (`POST /auth/webauthn/verify-authentication`) is a login step too.
  const loginish = chain.some((r) => effectiveRole(r) === 'login') || LOGIN_NAME.test(hname.split('.').pop() ?? '') || /-(log-?in|sign-?in)$/.test(hname.split('.').pop() ?? '') || (m === 'POST' && /authenticat/i.test(last) && segs.some((s) => /^(webauthn|passkeys?)$/i.test(s)));
  // `DELETE /session`, `DELETE /user/token/:t`: ending a session or revoking a token (a logout), no login.
  if (loginish || (m !== 'GET' && m !== 'DELETE' && LOGIN_SEG.test(last) && last.toLowerCase() !== 'auth') || (m === 'POST' && last.toLowerCase() === 'auth') || (m !== 'GET' && /^(log[-_]?in|sign[-_]?in)$/i.test(last)) || (m !== 'GET' && /^authori[sz]e$/i.test(last) && segs.some((s) => AUTH_AREA_SEG.test(s)))) tags.add('login');
  // Signing out (`DELETE /session`) needs no caller to be harmless: public by design, like signing in.
  else if ((m === 'DELETE' && LOGIN_SEG.test(last) && last.toLowerCase() !== 'auth') || (m !== undefined && m !== 'GET' && (/^(log[-_]?out|sign[-_]?out)$/i.test(last) || /^(log-?out|sign-?out)$/.test(hname.split('.').pop() ?? '')))) tags.add('logout');
  if (m === 'GET' && /^(log[-_]?in|sign[-_]?in)$/i.test(last) && chain.some((r) => effectiveRole(r) === 'login')) tags.add('login');
  // `passport.authenticate('local')` logging in to the session (passport before 0.6 keeps the session id).
  if (chain.some((r) => effectiveRole(r) === 'login' && r.mechanism === 'session' && /^passport\.authenticate\(/.test(r.name))) tags.add('passport-login');
  // Steps of a login flow: /login/2fa/totp, /login/webauthn-start, /auth/login/callback.
  // Signing out under the login area (`POST /login/logout`) ends a session: no step of a login.
  if (m !== 'GET' && !tags.has('logout') && segs.some((s) => /^(log[-_]?in|sign[-_]?in)$/i.test(s))) tags.add('login');
  // An inline handler is named after its registration (`router.post('/x/:id/reset')`): only a
  // real function name says what the handler is for.
  if (passwordReset(segs) || (!/[('"/]/.test(handlerName ?? '') && RESET.test(hname))) tags.add('password-reset');
  if (OTP.test(p) || OTP.test(hname)) tags.add('otp');
  if (m !== 'GET' && (MAGIC_LINK.test(p) || MAGIC_LINK.test(hname))) tags.add('magic-link');
  // Re-sending or confirming a sign-up e-mail: a step before any login exists.
  if (EMAIL_VERIFICATION.test(hname.split('.').pop() ?? '') || EMAIL_VERIFICATION.test(last)) tags.add('email-verification');
  // `POST /auth/activate` with the code from the sign-up mail; `/users/:id/activate` stays an admin action.
  if (/^activat(e|ion)$/i.test(last) && segs.some((s) => AUTH_AREA_SEG.test(s))) tags.add('email-verification');
  if (signupPath(segs) || /^(sign[-_]?up|register)$/i.test(hname.split('.').pop() ?? '') || /(^|-)(sign-?up|register-(user|account|member|customer))$/.test(hname)) tags.add('signup');
  // `POST /users/invite/accept`, `/invitations/:token/accept`, `/accept-invite`: an invitee, who has
  // no account yet, joins with the code from the invitation mail.
  if (m === 'POST' && /(^|\/)((invites?|invitations?)\/(:\w+\/)?accept|accept[-_]?invit(e|ation))$/i.test(p)) tags.add('signup');
  // `POST /api/users` creates an account (registration) in most REST APIs.
  // Not under another resource (`/teams/:id/users` adds a member), and not when the handler reads
  // named body fields none of which is a password (a plain record, not an account), or reads
  // nothing of the request at all.
  if (m === 'POST' && /^(users?|accounts?|members?|customers?)$/i.test(segs[segs.length - 1] ?? '') && !segs.some(isParamSeg) && !tags.has('no-credential-fields') && !tags.has(READS_NO_REQUEST)) tags.add('signup');
  // `POST /customer/create` taking a password: the same registration with its verb in the path. Only
  // at the top (`/api/groups/members/add` adds a member; `/admin/users/create` is staff's work).
  if (m === 'POST' && segs.length >= 2 && /^(create|new)$/i.test(segs[segs.length - 1]) && /^(users?|accounts?|customers?)$/i.test(segs[segs.length - 2]) && segs.slice(0, -2).every((s) => /^(api|v\d+)$/i.test(s)) && !tags.has('no-credential-fields') && !tags.has(READS_NO_REQUEST)) tags.add('signup');
  tags.delete(READS_NO_REQUEST);
  if (chain.some((r) => effectiveRole(r) === 'upload' && (!r.appWide || tags.has('reads-files')))) tags.add('upload');
  if (segs.some((s) => /^admin/i.test(s))) tags.add('admin-path');
  if (debugPath(segs)) tags.add('debug');
  if (segs.some((s) => /^[:{[](\.\.\.)?\w*(id|uuid|guid|key)\]?}?\??$/i.test(s))) tags.add('id-param');
  if (chain.some((r) => effectiveRole(r) === 'rate-limit' || (r.role === undefined && rateLimitLikeName(r.name)))) tags.add('rate-limited');
  if (chain.some((r) => effectiveRole(r) === 'csrf')) tags.add('csrf-protected');
  // Identity parsed but not required (`auth({ optional: true })`, koa-jwt `passthrough`): public on purpose.
  if (chain.some((r) => effectiveRole(r) === 'auth-optional' && (r.under === undefined || path === undefined || underPrefix(path, r.under)))) tags.add('optional-auth');
  if (chain.some((r) => effectiveRole(r) === 'auth-deny' && (r.under === undefined || path === undefined || underPrefix(path, r.under)))) tags.add('deny-all');
  // A guard a deployment switch turns off (`if (!process.env.AUTH_TOKEN) return next()`): the level
  // holds only where the switch is set (guard-bypass.ts).
  if (chain.some((r) => r.conditional && /^auth-(user|admin|role)$/.test(effectiveRole(r) ?? '') && (r.under === undefined || path === undefined || underPrefix(path, r.under)) && !exempted(r, path, method))) tags.add('auth-conditional');
  if (chain.some((r) => r.mechanism === 'session' && (r.role === 'auth-user' || r.role === 'auth-admin' || r.role === 'auth-role'))) tags.add('cookie-auth');
  for (const r of chain) for (const t of r.tags ?? []) tags.add(t);
  // A role check that no switch turns off runs too (`@UseGuards(JwtGuard, AdminGuard)`): with the
  // first guard switched open nobody is signed in, and the role check refuses the anonymous caller.
  if (tags.has('auth-conditional') && chain.some((r) => /^auth-(admin|role|deny)$/.test(effectiveRole(r) ?? '') && !r.conditional && !r.tags?.includes('auth-conditional') && (r.under === undefined || path === undefined || underPrefix(path, r.under)) && !exempted(r, path))) tags.delete('auth-conditional');
  // `state-changing` (by the verb) and `no-state-change` (by the handler body) never go together:
  // a write seen anywhere (an upload, a storage write) wins; otherwise a handler seen to write
  // nothing is not state-changing by its verb alone (`POST /documents.info` in an RPC-style API).
  if (tags.has('no-state-change')) {
    if (tags.has('upload') || tags.has('writes-storage')) tags.delete('no-state-change');
    else tags.delete('state-changing');
  }
  return [...tags].sort();
}

/**
 * `no-state-change` (from the handler body) holds for the route only when nothing else of the
 * application's code runs before the handler and no file is uploaded.
 */
export function stateTags(tags: string[], meta: RouteMeta, method?: string, guardsOnly = false): string[] {
  // `guardsOnly`: the application's middleware of the route all turned out to be access checks
  // (`isAuthenticated`), which decide whether the handler runs and change nothing themselves.
  if (!tags.includes('no-state-change') || ((!meta.ownMiddleware || guardsOnly) && !tags.includes('upload'))) return tags;
  const out = tags.filter((t) => t !== 'no-state-change');
  // routeTags left the verb's `state-changing` out for a handler seen to write nothing: put it back.
  if (method && STATE_CHANGING.has(method.toUpperCase()) && !out.includes('state-changing')) out.push('state-changing');
  return out.sort();
}

export const ROUTE_TAG = '~route:';

export function encodeMeta(meta: RouteMeta): string {
  return ROUTE_TAG + JSON.stringify(meta);
}

export function decodeMeta(tags: readonly string[] | undefined): RouteMeta | undefined {
  const tag = tags?.find((t) => t.startsWith(ROUTE_TAG));
  if (!tag) return undefined;
  try {
    return JSON.parse(tag.slice(ROUTE_TAG.length)) as RouteMeta;
  } catch {
    return undefined;
  }
}

export interface RouteInput {
  framework: string;
  protocol?: EntrypointFact['protocol'];
  method?: string;
  path?: string;
  evidence: Evidence;
  handler?: EntrypointFact['handler'];
  meta: RouteMeta;
  extraTags?: string[];
}

/**
 * One entry point fact with auth and tags decided from what this file shows, plus the `~route:`
 * metadata link needs to finish the job across files.
 */
export function routeFact(input: RouteInput): FactInput {
  const { meta } = input;
  // Path-scoped middleware (`app.use('/admin', guard)`) runs only for routes under its path.
  const mw = meta.mw.filter((r) => (r.under === undefined || input.path === undefined || underPrefix(input.path, r.under)) && runsOn(r, input.path));
  const decision = decideAuth(mw, meta.inline, input.path, input.method);
  const tags = stateTags(routeTags(input.method, input.path, mw, input.handler?.name, [...(input.extraTags ?? []), ...(meta.handlerTags ?? [])]), meta, input.method);
  const fact: Omit<EntrypointFact, 'extractor'> = {
    kind: 'entrypoint',
    protocol: input.protocol ?? 'http',
    framework: input.framework,
    method: input.method,
    path: input.path,
    middleware: mw.filter((r) => !r.terminal).map((r) => r.name),
    auth: decision.auth,
    authEvidence: decision.evidence,
    tags: [...tags, encodeMeta(meta)],
    evidence: input.evidence,
    key: `${input.evidence.file}#entrypoint:${input.protocol ?? 'http'} ${input.method ?? ''} ${input.path ?? ''}`,
  };
  if (input.handler) fact.handler = input.handler;
  return fact;
}

/** The record an internal fact carries (`values.data`, JSON), or undefined when it holds none. */
export function internalData<T>(f: Fact): T | undefined {
  if (f.kind !== 'config' || typeof f.values.data !== 'string') return undefined;
  try {
    return JSON.parse(f.values.data) as T;
  } catch {
    return undefined;
  }
}

/** Internal bookkeeping fact consumed and removed by link (`js-router-mount`, `js-handler`, `js-reexport`, `js-path-list`). */
export function internalFact(setting: 'js-router-mount' | 'js-handler' | 'js-reexport' | 'js-path-list', evidence: Evidence, data: unknown, key: string): FactInput {
  const fact: Omit<ConfigFact, 'extractor'> = {
    kind: 'config',
    setting,
    values: { data: JSON.stringify(data) },
    evidence,
    key,
  };
  return fact;
}

/**
 * Export name of a method reached through an instance of an imported constructor or class:
 * `new (require('./h'))().show` is `show`, `new (require('./h').H)().show` is `H.show`.
 */
export function instanceExport(imported: string, member: string): string {
  return imported === '*' || imported === 'default' ? member : `${imported}.${member}`;
}

export function fileNoExt(path: string): string {
  return path.replace(/\.(?:[cm]?[jt]sx?)$/, '');
}

/** `req.params.id`, `ctx.params.id`, `request.params.id`, Nest `@Param('id')` → `id` (the path parameter a record is selected by). */
export function pathParamOf(idSource: string): string | undefined {
  return /^(?:req|request|ctx|context)\.(?:params|request\.params)\.(\w+)$/.exec(idSource)?.[1] ?? /^@Param\(['"`](\w+)['"`]\)$/.exec(idSource)?.[1];
}
