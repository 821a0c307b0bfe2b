// Authentication in Go services, decided by what middleware does: library middlewares by import
// path (echo JWT/BasicAuth/KeyAuth, gin BasicAuth, chi jwtauth.Authenticator, fiber jwt/basicauth/
// keyauth, gin-jwt), project middleware by its body (reads a credential or the session and aborts
// with 401/403), and gRPC interceptors that return Unauthenticated / PermissionDenied.
import type { SgNode } from '@ast-grep/napi';
import type { AuthFact, FactInput } from '../../../model/types.js';
import { authLikeName } from '../../js/_lib/routes.js';
import { guardRef, type MwRef } from '../../_polyglot/routes.js';
import type { GoFunction, GoIndex } from './index.js';

const CHECKS =
  /Authorization|Bearer|[Tt]oken|jwt\.Parse|ParseWithClaims|[Cc]laims|[Ss]ession|X-API-Key|X-Api-Key|[Aa]pi[Kk]ey|BasicAuth\(\)|Context\(\)\.Value\(|\.Get\("user|\.Locals\("user|metadata\.FromIncomingContext|currentUser|CurrentUser|[Rr]ole\b|IsAdmin|isAdmin|\.Get\w*\("(?:user|role|claims|userID|user_id)"/;
const REJECTS =
  /StatusUnauthorized|StatusForbidden|\b40[13]\b|ErrUnauthorized|ErrForbidden|echo\.NewHTTPError\(\s*http\.Status(Unauthorized|Forbidden)|codes\.(Unauthenticated|PermissionDenied)|fiber\.ErrUnauthorized|fiber\.StatusUnauthorized|fiber\.StatusForbidden/;
const ADMIN = /[Aa]dmin|[Rr]ole|[Pp]ermission|IsStaff|[Ss]uperuser|[Ss]cope/;

/** User or admin when a function body checks a credential and rejects with 401/403. */
export function judgeGoBody(text: string): 'user' | 'admin' | undefined {
  if (!CHECKS.test(text) || !REJECTS.test(text)) return undefined;
  return ADMIN.test(text) && /StatusForbidden|\b403\b|PermissionDenied|ErrForbidden/.test(text) ? 'admin' : 'user';
}

/** Middlewares of auth libraries, by resolved callee. */
const KNOWN: { pattern: RegExp; level: 'user' | 'admin'; mechanism: AuthFact['mechanism'] }[] = [
  { pattern: /^github\.com\/labstack\/echo(\/v\d+)?\/middleware\.(JWT|JWTWithConfig)$|^github\.com\/labstack\/echo-jwt(\/v\d+)?\.(JWT|WithConfig)$/, level: 'user', mechanism: 'jwt' },
  { pattern: /^github\.com\/labstack\/echo(\/v\d+)?\/middleware\.(BasicAuth|BasicAuthWithConfig)$/, level: 'user', mechanism: 'basic' },
  { pattern: /^github\.com\/labstack\/echo(\/v\d+)?\/middleware\.(KeyAuth|KeyAuthWithConfig)$/, level: 'user', mechanism: 'api-key' },
  { pattern: /^github\.com\/gin-gonic\/gin\.(BasicAuth|BasicAuthForRealm)$/, level: 'user', mechanism: 'basic' },
  { pattern: /^github\.com\/go-chi\/jwtauth(\/v\d+)?\.Authenticator\w*$/, level: 'user', mechanism: 'jwt' },
  { pattern: /^github\.com\/go-chi\/chi(\/v\d+)?\/middleware\.BasicAuth$/, level: 'user', mechanism: 'basic' },
  { pattern: /^github\.com\/gofiber\/(contrib\/jwt|jwt(\/v\d+)?)\.New$/, level: 'user', mechanism: 'jwt' },
  { pattern: /^github\.com\/gofiber\/fiber(\/v\d+)?\/middleware\/basicauth\.New$/, level: 'user', mechanism: 'basic' },
  { pattern: /^github\.com\/gofiber\/fiber(\/v\d+)?\/middleware\/keyauth\.New$|^github\.com\/gofiber\/keyauth(\/v\d+)?\.New$/, level: 'user', mechanism: 'api-key' },
  { pattern: /^github\.com\/casbin\/\w+.*\.(NewAuthorizer|Authorizer)$/, level: 'admin', mechanism: 'custom' },
];

function localFunction(index: GoIndex, name: string): GoFunction | undefined {
  return index.functions.find((f) => f.name === name);
}

/** Judges a local function: its body, or for factories the body of the handler it returns. */
export function judgeLocal(fn: GoFunction): 'user' | 'admin' | undefined {
  return judgeGoBody(fn.node.text());
}

/** A middleware expression (`AuthRequired()`, `mw.Auth`, `middleware.JWT(cfg)`, `h.requireAdmin`) as a guard reference. */
export function middlewareRef(node: SgNode, index: GoIndex): MwRef | undefined {
  const isCall = node.kind() === 'call_expression';
  const calleeNode = isCall ? node.field('function') : node;
  const written = (calleeNode?.text() ?? '').replace(/\s+/g, '');
  if (!/^[A-Za-z_][\w.]*$/.test(written)) return undefined;
  const display = node.text().replace(/\s+/g, ' ').slice(0, 80);
  const resolved = index.resolve(written);
  for (const k of KNOWN) if (k.pattern.test(resolved)) return guardRef(display, k.level, display, k.mechanism);
  // appleboy/gin-jwt: authMiddleware.MiddlewareFunc()
  if (/\.MiddlewareFunc$/.test(written) && index.importsPath(/appleboy\/gin-jwt/)) return guardRef(display, 'user', display, 'jwt');
  const parts = written.split('.');
  const last = parts[parts.length - 1];
  if (parts.length === 1 || (parts.length === 2 && !index.imports.has(parts[0]))) {
    // Same-file function or method on a local value (`h.requireAuth`).
    const local = localFunction(index, last);
    if (local) {
      const level = judgeLocal(local);
      return level ? guardRef(display, level, `${display} (checks credentials and rejects)`) : undefined;
    }
    if (parts.length === 2) return { name: display, module: `go:${index.pkg}`, export: last, from: index.file };
    return { name: display, module: `go:${index.pkg}`, export: last, from: index.file };
  }
  if (parts.length === 2 && index.imports.has(parts[0])) return { name: display, module: `go:${index.imports.get(parts[0])}`, export: last, from: index.file };
  return undefined;
}

/** Middleware and interceptor definitions this file offers (judged by body), for link. */
export function goGuardDefinitions(index: GoIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const fn of index.functions) {
    if (!fn.name) continue;
    const level = judgeLocal(fn);
    if (!level) continue;
    const text = fn.node.text();
    const fact: Omit<AuthFact, 'extractor'> = {
      kind: 'auth',
      mechanism: /jwt|Bearer|[Tt]oken|[Cc]laims/.test(text) ? 'jwt' : /[Ss]ession/.test(text) ? 'session' : /BasicAuth/.test(text) ? 'basic' : /[Aa]pi[Kk]ey|API-Key/.test(text) ? 'api-key' : 'custom',
      role: 'guard-definition',
      name: fn.name,
      library: 'go',
      details: { level, module: `go:${index.pkg}`, language: 'go', why: `${fn.name} checks credentials and rejects` },
      evidence: index.evidence(fn.line),
      key: `${index.file}#auth:guard:${fn.receiver ? `${fn.receiver.type}.` : ''}${fn.name}`,
    };
    out.push(fact);
  }
  return out;
}

export function authLike(name: string): boolean {
  return authLikeName(name.split('.').pop()?.replace(/\(.*$/, '') ?? name);
}

/** `if c.Path() == "/health" || strings.HasPrefix(c.Path(), "/public/") { return c.Next() }`: paths let past. */
const PASS_ON = /\bif\s+([^{]+?)\s*\{\s*return\s+(\w+)\.Next\(\)\s*\}/g;
const PATH_IS = /^(\w+)\.(?:Path|OriginalURL)\(\)\s*==\s*"([^"]*)"$/;
const PATH_PREFIX = /^strings\.HasPrefix\(\s*(\w+)\.(?:Path|OriginalURL)\(\)\s*,\s*"([^"]*)"\s*\)$/;
/** A preflight let through by method (`c.Method() == "OPTIONS"`): no path is exempted by it. */
const PREFLIGHT = /^(\w+)\.Method\(\)\s*==\s*(?:"OPTIONS"|fiber\.MethodOptions|http\.MethodOptions)$/;

/**
 * A middleware written in place (`app.Use(func(c *fiber.Ctx) error { ... })`): the paths an early
 * `return c.Next()` lets past untouched, then the guard that runs for the rest, a middleware it
 * calls on the context (`return middleware.AuthMiddleware()(c)`) or its own credential check.
 * Any other early pass (on a header, a setting) leaves the guard conditional: not judged.
 */
export function inlineMiddleware(fn: SgNode, index: GoIndex): MwRef | undefined {
  const body = fn.field('body');
  if (!body) return undefined;
  const text = body.text();
  const unless: string[] = [];
  let rest = text;
  for (const m of text.matchAll(PASS_ON)) {
    for (const part of m[1].split('||').map((t) => t.trim().replace(/^\((.*)\)$/, '$1').trim())) {
      const exact = PATH_IS.exec(part);
      const prefix = exact ? undefined : PATH_PREFIX.exec(part);
      if (exact && exact[1] === m[2]) unless.push(exact[2]);
      else if (prefix && prefix[1] === m[2]) unless.push(`re:^${prefix[2].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
      else if (!PREFLIGHT.test(part)) return undefined;
    }
    rest = rest.replace(m[0], '');
  }
  const withUnless = (ref: MwRef | undefined): MwRef | undefined => (ref && unless.length > 0 ? { ...ref, unless: [...(ref.unless ?? []), ...unless] } : ref);
  // `middleware.AuthMiddleware()(c)`: a middleware built and run on the context.
  for (const call of body.findAll({ rule: { kind: 'call_expression', has: { field: 'function', kind: 'call_expression' } } })) {
    const ref = middlewareRef(call.field('function') as SgNode, index);
    if (ref) return withUnless(ref);
  }
  const level = judgeGoBody(rest);
  return level ? withUnless(guardRef('<inline middleware>', level, 'an inline middleware checks credentials and rejects')) : undefined;
}

