// Authentication and authorisation of Python routes, decided by what guards do: known decorators,
// mixins, DRF permission classes and FastAPI dependencies by their library, and project-defined
// ones by their body (checks a user, session or token AND rejects with 401/403, a redirect to the
// login page or an auth exception). Names alone never make a route authenticated.
import type { SgNode } from '@ast-grep/napi';
import type { AuthFact, FactInput } from '../../../model/types.js';
import type { MwRef } from '../../js/_lib/routes.js';
import { authLikeName } from '../../js/_lib/routes.js';
import { guardRef as polyglotGuard, isPublicRef, publicRef } from '../../_polyglot/routes.js';
import type { PyClass, PyDecorator, PyFunction, PyIndex } from './index.js';
import { moduleOf } from './index.js';

export type GuardLevel = 'user' | 'admin' | 'public';

const CHECKS_AUTH =
  /current_user\b|\bg\.(?:user|current_user)\b|session\s*(?:\[|\.get\()\s*['"](?:user|user_id|uid|logged_in|username|account|auth)|request\.user\b|\.is_authenticated|is_anonymous|verify_jwt|jwt\.decode|decode_token|verify_token|check_token|validate_token|get_jwt_identity|verify_password|check_password|['"]Authorization['"]|['"](?:HTTP_)?X[-_]API[-_]KEY['"]|api_key|credentials|\btoken\b/i;
const REJECTS =
  /abort\(\s*(?:401|403)|status(?:_code)?\s*=\s*(?:401|403)|status\.HTTP_40[13]|HTTPStatus\.(?:UNAUTHORIZED|FORBIDDEN)|raise\s+(?:[\w.]*\.)?(?:PermissionDenied|NotAuthenticated|AuthenticationFailed|Unauthori[sz]ed\w*|Forbidden\w*|HTTPUnauthorized|HTTPForbidden|\w*(?:Auth|Permission|Login)\w*(?:Error|Exception|Denied|Required)|HTTPException\([^)]*\b40[13]\b)|redirect\([^)\n]*login|redirect_to_login|handle_no_permission\(|return[^\n]*[,(]\s*40[13]\b|Response\([^)]*\b40[13]\b|HttpResponseForbidden|HttpResponse\([^)]*status\s*=\s*40[13]|web\.HTTP(?:Unauthorized|Forbidden)|json_response\([^)]*40[13]/;
const ADMIN = /is_admin|is_staff|is_superuser|\badmin\b|has_role|roles?\s*(?:==|!=|\bin\b|\bnot in\b)|\.role\b|has_perm|permission/i;

const INLINE_PRINCIPAL = /current_user\.|\bg\.user\b|request\.user\.(?:is_authenticated|is_staff|is_superuser|is_anonymous|has_perm)|session\s*(?:\[|\.get\()\s*['"](?:user|user_id|uid|logged_in|username)|check_authorized|check_permission|verify_jwt_in_request|get_jwt_identity/;

/**
 * `if current_user.is_authenticated: return redirect(url_for('index'))` at the top of a login or
 * register view sends users who are already logged in away; anonymous users go on, so it is the
 * opposite of a login requirement (unless an else branch rejects the others).
 */
const ALREADY_LOGGED_IN = /^([ \t]*)if[ \t]+[\w.]+\.is_authenticated(?:\(\))?[ \t]*:[ \t]*(?:\r?\n\1[ \t]+)?return\b(?![^\n]*login)[^\n]*(?:\n|$(?![\s\S]))(?!\1(?:else|elif)\b)/gm;

function withoutAlreadyLoggedIn(text: string): string {
  return text.includes('is_authenticated') ? text.replace(ALREADY_LOGGED_IN, '') : text;
}

/** An inline check in a handler body: it reads the logged-in principal and rejects (not a login form's password check). */
export function judgeInline(body: string): 'user' | 'admin' | undefined {
  // aiohttp-security and flask-jwt-extended helpers raise 401/403 themselves.
  if (/\bawait\s+check_permission\(/.test(body)) return 'admin';
  if (/\bawait\s+check_authorized\(|\bverify_jwt_in_request\(\)/.test(body)) return 'user';
  const text = withoutAlreadyLoggedIn(body);
  if (!INLINE_PRINCIPAL.test(text) || !REJECTS.test(text)) return undefined;
  return ADMIN.test(text) && /is_admin|is_staff|is_superuser|role|has_perm|check_permission|permission/.test(text) ? 'admin' : 'user';
}

/** User or admin when a function body checks a principal and rejects; undefined otherwise. */
export function judgeGuardBody(body: string): 'user' | 'admin' | undefined {
  if (!CHECKS_AUTH.test(body) || !REJECTS.test(body)) return undefined;
  const text = withoutAlreadyLoggedIn(body);
  if (!CHECKS_AUTH.test(text) || !REJECTS.test(text)) return undefined;
  return ADMIN.test(text) ? 'admin' : 'user';
}

/** Decorators and classes of auth libraries, by resolved name (the last segment after a module path). */
const KNOWN_DECORATORS: { pattern: RegExp; level: GuardLevel | 'role' | 'rate-limit'; mechanism: AuthFact['mechanism'] }[] = [
  { pattern: /^(flask_login|flask_login\.utils|flask_user|flask_security(\.decorators)?|django\.contrib\.auth\.decorators|quart_auth|flask_praetorian)\.(login_required|auth_required|fresh_login_required|roles_required_any)$/, level: 'user', mechanism: 'session' },
  { pattern: /^(flask_jwt_extended|flask_jwt_extended\.view_decorators|flask_jwt)\.(jwt_required|fresh_jwt_required|jwt_refresh_token_required)$/, level: 'user', mechanism: 'jwt' },
  { pattern: /^(flask_security(\.decorators)?|flask_user|flask_praetorian)\.(roles_required|roles_accepted|permissions_required|permissions_accepted)$/, level: 'role', mechanism: 'session' },
  { pattern: /^django\.contrib\.auth\.decorators\.permission_required$/, level: 'admin', mechanism: 'session' },
  { pattern: /^django\.contrib\.admin\.views\.decorators\.staff_member_required$/, level: 'admin', mechanism: 'session' },
  { pattern: /^django\.contrib\.auth\.decorators\.login_not_required$/, level: 'public', mechanism: 'session' },
  { pattern: /^(django_ratelimit|ratelimit)(\.decorators)?\.ratelimit$/, level: 'rate-limit', mechanism: 'custom' },
];

const KNOWN_MIXINS: Record<string, GuardLevel> = {
  LoginRequiredMixin: 'user',
  PermissionRequiredMixin: 'admin',
  StaffuserRequiredMixin: 'admin',
  SuperuserRequiredMixin: 'admin',
  StaffRequiredMixin: 'admin',
  GroupRequiredMixin: 'admin',
};

/** DRF permission classes. */
export const DRF_PERMISSIONS: Record<string, GuardLevel> = {
  AllowAny: 'public',
  IsAuthenticated: 'user',
  IsAuthenticatedOrReadOnly: 'user',
  DjangoModelPermissions: 'admin',
  DjangoModelPermissionsOrAnonReadOnly: 'admin',
  DjangoObjectPermissions: 'admin',
  IsAdminUser: 'admin',
  TokenHasScope: 'user',
  TokenHasReadWriteScope: 'user',
};

export function guardRef(name: string, level: GuardLevel, why: string, mechanism?: string): MwRef {
  if (level === 'public') return publicRef(name, why);
  return polyglotGuard(name, level, why, mechanism);
}

export { isPublicRef };

/** Where an imported name comes from, for link-time resolution against guard definitions. */
export function importedRef(index: PyIndex, written: string): { module: string; export: string } | undefined {
  const head = written.split('.')[0];
  const imp = index.imports.find((i) => i.alias === head);
  if (!imp) return undefined;
  const split = splitQualified(index.resolve(written));
  if (!split) return undefined;
  return { module: absoluteModule(split.module, index.file), export: split.name };
}

/** `.views.detail` → module `.views`, name `detail`; `.bp` → module `.`; `flask` → undefined. */
export function splitQualified(qualified: string): { module: string; name: string } | undefined {
  const m = /^(\.*)(.*)$/.exec(qualified);
  if (!m) return undefined;
  const parts = m[2].split('.').filter(Boolean);
  const name = parts.pop();
  if (!name || (parts.length === 0 && !m[1])) return undefined;
  return { module: `${m[1]}${parts.join('.')}`, name };
}

/** `.auth` imported from `app/views.py` → `app.auth`; absolute names stay. */
export function absoluteModule(module: string, fromFile: string): string {
  if (!module.startsWith('.')) return module;
  const dots = /^\.+/.exec(module)?.[0].length ?? 1;
  const pkg = moduleOf(fromFile).split('.');
  const isInit = fromFile.endsWith('__init__.py');
  const base = pkg.slice(0, Math.max(0, pkg.length - (isInit ? dots - 1 : dots)));
  const rest = module.slice(dots);
  return [...base, ...(rest ? [rest] : [])].join('.');
}

function localFunction(index: PyIndex, name: string): PyFunction | undefined {
  return index.functions.find((f) => f.name === name && !f.className);
}

/** FastAPI security schemes: as a dependency they reject requests without credentials. */
const SCHEMES = /^fastapi\.security(\.\w+)*\.(OAuth2PasswordBearer|OAuth2AuthorizationCodeBearer|HTTPBearer|HTTPBasic|HTTPDigest|APIKeyHeader|APIKeyQuery|APIKeyCookie|OpenIdConnect|SecurityScopes)$/;

const SCHEME_CACHE = new WeakMap<PyIndex, Set<string>>();

/** Module-level variables holding a FastAPI security scheme that rejects (auto_error not False). */
export function schemeVars(index: PyIndex): Set<string> {
  const cached = SCHEME_CACHE.get(index);
  if (cached) return cached;
  const out = new Set<string>();
  SCHEME_CACHE.set(index, out);
  if (!index.importsFrom('fastapi')) return out;
  for (const a of index.root.findAll({ rule: { kind: 'assignment', has: { field: 'right', kind: 'call' } } })) {
    const call = a.field('right');
    const callee = index.resolve(call?.field('function')?.text().replace(/\s+/g, '') ?? '');
    if (SCHEMES.test(callee) && !/auto_error\s*=\s*False/.test(call?.text() ?? '')) out.add(a.field('left')?.text() ?? '');
  }
  return out;
}

/** `Depends(get_user)` / `Security(get_user, scopes=[...])` → the dependency written. */
export function dependencyTarget(node: SgNode | undefined, index: PyIndex): string | undefined {
  if (!node || node.kind() !== 'call') return undefined;
  const callee = index.resolve(node.field('function')?.text() ?? '');
  if (!/^fastapi(\.params)?\.(Depends|Security)$/.test(callee) && !/^(Depends|Security)$/.test(callee)) return undefined;
  const first = node.field('arguments')?.namedChildren().find((a) => a.kind() !== 'keyword_argument' && a.kind() !== 'comment') ?? node.field('arguments')?.namedChildren().find((a) => a.field('name')?.text() === 'dependency')?.field('value');
  return first?.text();
}

/** Dependencies of a function's parameters (defaults and `Annotated[..., Depends(x)]`). */
export function paramDependencies(fn: PyFunction, index: PyIndex): string[] {
  const out: string[] = [];
  for (const p of fn.params) {
    const fromDefault = dependencyTarget(p.default, index);
    if (fromDefault) out.push(fromDefault);
    const m = /(?:Depends|Security)\(\s*([A-Za-z_][\w.]*)/.exec(p.annotation ?? '');
    if (m) out.push(m[1]);
  }
  return out;
}

/**
 * The level a project-defined guard function grants: by its body, or, for FastAPI dependencies,
 * by the auth dependencies it depends on (`get_active_user` → `get_current_user` → scheme).
 */
export function judgeFunction(fn: PyFunction, index?: PyIndex, depth = 0): 'user' | 'admin' | undefined {
  const text = fn.node.text();
  const own = judgeGuardBody(text);
  if (own === 'admin' || !index || depth > 4 || !/Depends\(|Security\(/.test(text)) return own;
  let level: 'user' | 'admin' | undefined = own;
  const schemes = schemeVars(index);
  for (const dep of paramDependencies(fn, index)) {
    if (schemes.has(dep)) level = level ?? 'user';
    const local = localFunction(index, dep);
    const sub = local && local !== fn ? judgeFunction(local, index, depth + 1) : undefined;
    if (sub) level = level === 'admin' || sub === 'admin' ? 'admin' : 'user';
  }
  // A dependency that builds on an auth dependency and rejects on a role check raises it to admin.
  if (level === 'user' && /is_admin|is_superuser|is_staff|role/.test(text) && /40[13]|HTTP_40[13]|Forbidden|PermissionDenied/.test(text)) return 'admin';
  return level;
}

/** An auth decorator on a route handler or view, as a middleware reference. */
export function decoratorRef(dec: PyDecorator, index: PyIndex): MwRef | undefined {
  let name = dec.name;
  let args = dec.args;
  // method_decorator(login_required, name='dispatch') wraps a function decorator for classes.
  if (/(^|\.)method_decorator$/.test(name) && args[0]) {
    const inner = args[0].kind() === 'list' || args[0].kind() === 'tuple' ? args[0].namedChildren()[0] : args[0];
    if (!inner) return undefined;
    const written = inner.kind() === 'call' ? (inner.field('function')?.text() ?? '') : inner.text();
    name = index.resolve(written);
    args = inner.kind() === 'call' ? (inner.field('arguments')?.namedChildren() ?? []) : [];
    return refFor(name, written, args, index, dec.written);
  }
  return refFor(name, dec.written, args, index, dec.written);
}

function refFor(name: string, written: string, args: SgNode[], index: PyIndex, display: string): MwRef | undefined {
  for (const k of KNOWN_DECORATORS) {
    if (!k.pattern.test(name)) continue;
    if (k.level === 'rate-limit') return { name: display, role: 'rate-limit' };
    if (k.level === 'role') return { name: display, role: 'auth-role', args: args.map((a) => a.text()).join(','), why: display, mechanism: k.mechanism };
    return guardRef(display, k.level, display, k.mechanism);
  }
  if (/(^|\.)user_passes_test$/.test(name)) {
    const test = args[0]?.text() ?? '';
    return guardRef(display, /is_staff|is_superuser|is_admin|has_perm|groups/.test(test) ? 'admin' : 'user', `${display}(${test.slice(0, 60)})`, 'session');
  }
  if (/(^|\.)permission_classes$/.test(name) && args[0]) return permissionRef(args[0], index, display);
  // Flask-Limiter / slowapi: `@limiter.limit("5/minute")`.
  if (/\.limit$/.test(written) && (index.importsFrom('flask_limiter', 'slowapi') || /limiter/i.test(written))) return { name: display, role: 'rate-limit' };
  // Flask-HTTPAuth: `@auth.login_required` on an HTTPBasicAuth/HTTPTokenAuth instance.
  // `login_required(optional=True)` lets anonymous requests through.
  if (/\.login_required$/.test(written) && /\boptional\s*=\s*True/.test(args.map((a) => a.text()).join(','))) return undefined;
  if (/\.login_required$/.test(written) && index.importsFrom('flask_httpauth')) return guardRef(display, /role\s*=/.test(args.map((a) => a.text()).join(',')) ? 'admin' : 'user', display, 'basic');
  // A Flask-HTTPAuth instance imported from a project module (`from app.api.auth import token_auth`):
  // resolved in link against that module's instance definition; `role=` asks for a role.
  const instance = /^([A-Za-z_]\w*)\.login_required$/.exec(written)?.[1];
  const fromProject = instance ? importedRef(index, instance) : undefined;
  if (fromProject && !/^(flask|flask_login|flask_user|flask_security|quart_auth)(\.|$)/.test(fromProject.module)) {
    return { name: display, module: fromProject.module, export: fromProject.export, from: index.file, args: args.map((a) => a.text()).join(',') };
  }
  const local = !written.includes('.') ? localFunction(index, written) : undefined;
  if (local) {
    const level = judgeFunction(local, index);
    return level ? guardRef(display, level, `${display} (checks the user and rejects)`) : undefined;
  }
  const imported = importedRef(index, written);
  if (imported && !/^(flask|django|rest_framework|fastapi|starlette|functools|typing|contextlib|abc|dataclasses|pytest|unittest|celery|click)(\.|$)/.test(imported.module)) {
    return { name: display, module: imported.module, export: imported.export, from: index.file };
  }
  return undefined;
}

/** DRF `permission_classes = [IsAuthenticated]` (or the decorator's list) as a guard reference. */
export function permissionRef(list: SgNode, index: PyIndex, display = 'permission_classes'): MwRef | undefined {
  const items = list.kind() === 'list' || list.kind() === 'tuple' ? list.namedChildren() : [list];
  const levels: GuardLevel[] = [];
  const names: string[] = [];
  let unresolved: MwRef | undefined;
  for (const item of items) {
    // IsAuthenticated | IsAdminUser, IsAuthenticated & IsOwner: the strictest operand of & counts.
    const written = item.text().replace(/\s+/g, '');
    names.push(written);
    const simple = written.split(/[&|()~]/).filter(Boolean).map((n) => n.split('.').pop() ?? n);
    const known = simple.map((n) => DRF_PERMISSIONS[n]).filter((l): l is GuardLevel => l !== undefined);
    if (known.length > 0) {
      levels.push(known.includes('admin') ? 'admin' : known.includes('user') ? 'user' : 'public');
      continue;
    }
    const cls = index.classes.find((c) => c.name === simple[0]);
    if (cls) {
      const level = judgePermissionClass(cls);
      if (level) levels.push(level);
      continue;
    }
    const imported = importedRef(index, simple[0]);
    if (imported) unresolved = { name: written, module: imported.module, export: imported.export, from: index.file };
  }
  const label = `${display}(${names.join(', ')})`;
  if (levels.includes('admin')) return guardRef(label, 'admin', label, 'session');
  if (levels.includes('user')) return guardRef(label, 'user', label, 'session');
  if (unresolved) return unresolved;
  if (levels.includes('public')) return guardRef(label, 'public', label);
  return undefined;
}

/** A project permission class (`has_permission` returning a check on the user). */
export function judgePermissionClass(cls: PyClass): GuardLevel | undefined {
  const method = cls.methods.find((m) => m.name === 'has_permission') ?? cls.methods.find((m) => m.name === 'has_object_permission');
  if (!method) return undefined;
  const text = method.node.text();
  if (/return\s+True\s*$/.test(text.trim())) return 'public';
  if (/is_staff|is_superuser|is_admin|has_perm|role/.test(text)) return 'admin';
  if (/is_authenticated|request\.user|request\.auth/.test(text)) return 'user';
  return undefined;
}

/** Django/DRF class-based view: mixins, method_decorator on the class, permission_classes. */
export function classRefs(cls: PyClass, index: PyIndex, seen = new Set<string>()): MwRef[] {
  const refs: MwRef[] = [];
  seen.add(cls.name);
  for (const base of cls.bases) {
    const short = base.split('.').pop() ?? base;
    const level = KNOWN_MIXINS[short];
    if (level) refs.push(guardRef(short, level, short, 'session'));
    else if (short === 'UserPassesTestMixin') {
      const test = cls.methods.find((m) => m.name === 'test_func')?.node.text() ?? '';
      refs.push(guardRef(short, /is_staff|is_superuser|is_admin|has_perm|groups/.test(test) ? 'admin' : 'user', short, 'session'));
    } else if (/^(django|rest_framework|builtins|typing|abc)\./.test(base) || ['object', 'View', 'APIView'].includes(base)) continue;
    else {
      // A project base class: judged here when it is in this file, else resolved in link. What it
      // guards cannot be seen, so an unresolved one makes the route's auth unknown, not none.
      const local = index.classes.find((c) => c.name === base);
      if (local && !seen.has(local.name)) {
        const judged = judgeGuardBody(local.node.text());
        if (judged) refs.push(guardRef(base, judged, `${base} (checks the user and rejects)`, 'session'));
        else refs.push(...classRefs(local, index, seen));
        continue;
      }
      const split = splitQualified(base);
      refs.push({ name: short, module: split ? absoluteModule(split.module, index.file) : '', export: short, from: index.file, why: 'inherits' });
    }
  }
  for (const dec of cls.decorators) {
    const ref = decoratorRef(dec, index);
    if (ref) refs.push(ref);
  }
  const perms = cls.fields.get('permission_classes');
  if (perms) {
    const ref = permissionRef(perms, index);
    if (ref) refs.push(ref);
  }
  return refs;
}

/** Guard definitions this file offers other files (decorators and dependencies judged by body). */
export function guardDefinitions(index: PyIndex): FactInput[] {
  const out: FactInput[] = httpAuthInstances(index);
  const text = index.lines.text;
  // Cheap file-level test first: no check or no rejection anywhere means no guard here.
  if (!(CHECKS_AUTH.test(text) && REJECTS.test(text)) && !/Depends\(|Security\(|BasePermission/.test(text)) return out;
  const module = moduleOf(index.file);
  for (const fn of index.functions) {
    if (fn.className || fn.nested) continue;
    const level = judgeFunction(fn, index);
    if (!level) continue;
    const fact: Omit<AuthFact, 'extractor'> = {
      kind: 'auth',
      mechanism: /jwt|token|bearer/i.test(fn.node.text()) ? 'jwt' : /session|current_user|login/i.test(fn.node.text()) ? 'session' : 'custom',
      role: 'guard-definition',
      name: fn.name,
      library: 'python',
      details: { level, module, language: 'python', why: `${fn.name} checks the user and rejects` },
      evidence: index.evidence(fn.line),
      key: `${index.file}#auth:guard:${fn.name}`,
    };
    out.push(fact);
  }
  for (const cls of index.classes) {
    const drfBase = cls.bases.map((b) => DRF_PERMISSIONS[b.split('.').pop() ?? '']).find((l) => l !== undefined);
    const permission = cls.bases.some((b) => /BasePermission$/.test(b)) || drfBase !== undefined;
    const level = permission ? (judgePermissionClass(cls) ?? drfBase) : /Mixin$/.test(cls.name) ? judgeGuardBody(cls.node.text()) : undefined;
    if (!level || level === 'public') continue;
    out.push({
      kind: 'auth',
      mechanism: 'session',
      role: 'guard-definition',
      name: cls.name,
      library: 'python',
      details: { level, module, language: 'python', why: permission ? `${cls.name} permission class` : `${cls.name} checks the user and rejects` },
      evidence: index.evidence(cls.line),
      key: `${index.file}#auth:guard:${cls.name}`,
    });
  }
  return out;
}

const HTTP_AUTH = /^flask_httpauth\.(HTTPBasicAuth|HTTPTokenAuth|HTTPDigestAuth|MultiAuth)$/;

/** Flask-HTTPAuth instances (`token_auth = HTTPTokenAuth()`): their `login_required` answers 401 without valid credentials. */
function httpAuthInstances(index: PyIndex): FactInput[] {
  if (!index.importsFrom('flask_httpauth')) return [];
  const out: FactInput[] = [];
  for (const a of index.root.findAll({ rule: { kind: 'assignment', has: { field: 'right', kind: 'call' } } })) {
    const left = a.field('left');
    const ctor = HTTP_AUTH.exec(index.resolve(a.field('right')?.field('function')?.text().replace(/\s+/g, '') ?? ''))?.[1];
    if (left?.kind() !== 'identifier' || !ctor) continue;
    out.push({
      kind: 'auth',
      mechanism: ctor === 'HTTPTokenAuth' || ctor === 'MultiAuth' ? 'custom' : 'basic',
      role: 'guard-definition',
      name: left.text(),
      library: 'flask-httpauth',
      details: { level: 'user', module: moduleOf(index.file), language: 'python', why: `${left.text()} = ${ctor}()` },
      evidence: index.evidence(a),
      key: `${index.file}#auth:guard:${left.text()}`,
    });
  }
  return out;
}

/** A name that strongly suggests auth (for unresolved imports, which then count as `unknown`). */
export function authLike(name: string): boolean {
  return authLikeName(name.split('.').pop() ?? name);
}
