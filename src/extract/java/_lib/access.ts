// Access levels from JVM security expressions and annotations: Spring method security
// (`@PreAuthorize("hasRole('ADMIN')")`, `@Secured`), JSR-250 (`@RolesAllowed`, `@PermitAll`,
// `@DenyAll`) and Spring Security's HTTP rules (`hasRole("ADMIN")`, `authenticated()`).
import type { AuthLevel } from '../../../model/types.js';
import { adminLikeText } from '../../js/_lib/routes.js';

const USERISH = /^(?:role_)?(?:user|users|customer|member|guest|authenticated|basic|default|client|subscriber|reader|viewer|self|owner|read|write|scope_\w+)$/i;

/** Level for a set of roles/authorities: admin when every role is privileged, user when one admits ordinary users. */
export function levelOfRoles(roles: string[]): AuthLevel {
  const names = roles.map((r) => r.replace(/^['"]|['"]$/g, '').split('.').pop() ?? '').filter(Boolean);
  if (names.length === 0) return 'user';
  if (names.some((r) => USERISH.test(r))) return 'user';
  return names.every((r) => adminLikeText(r)) ? 'admin' : 'user';
}

/**
 * A Spring Security SpEL expression: `permitAll()` → none, `isAuthenticated()` → user,
 * `hasRole('ADMIN')` → admin, `hasRole('USER') or hasRole('ADMIN')` → user, `denyAll()` → admin
 * (nobody may call it: at least as strict as admin). Unknown expressions count as user: they are
 * checks a caller must pass.
 */
export function levelOfExpression(expression: string): AuthLevel {
  const e = expression.trim();
  if (/^permitAll(?:\(\))?$/.test(e) || /^isAnonymous\(\)$/.test(e)) return 'none';
  if (/\bdenyAll\b/.test(e)) return 'admin';
  const roles = [...e.matchAll(/has(?:Any)?(?:Role|Authority|Permission)\s*\(([^)]*)\)/g)].flatMap((m) => m[1].split(',').map((s) => s.trim()));
  if (roles.length > 0) {
    // `or` admits the weakest; `and` requires all (the strongest).
    const levels = roles.map((r) => levelOfRoles([r]));
    if (/\band\b|&&/.test(e)) return levels.includes('admin') ? 'admin' : 'user';
    return levels.every((l) => l === 'admin') ? 'admin' : 'user';
  }
  return 'user';
}

export type MethodSecurityKind = 'prePost' | 'secured' | 'jsr250';

export interface MethodSecurity {
  kind: MethodSecurityKind;
  level: AuthLevel;
  why: string;
}

/** Method-security annotations among a method's or class's annotations. */
export function methodSecurityOf(annotations: readonly { name: string; values: string[]; named: Record<string, string[]>; text: string }[]): MethodSecurity | undefined {
  for (const a of annotations) {
    const values = [...a.values, ...(a.named.value ?? [])];
    if (a.name === 'PreAuthorize' || a.name === 'PostAuthorize') return { kind: 'prePost', level: levelOfExpression(values.join(' ')), why: `@${a.name}(${values.join(', ')})` };
    if (a.name === 'Secured') return { kind: 'secured', level: values.some((v) => /IS_AUTHENTICATED_ANONYMOUSLY/.test(v)) ? 'none' : levelOfRoles(values), why: `@Secured(${values.join(', ')})` };
    if (a.name === 'RolesAllowed') return { kind: 'jsr250', level: levelOfRoles(values), why: `@RolesAllowed(${values.join(', ')})` };
    if (a.name === 'PermitAll') return { kind: 'jsr250', level: 'none', why: '@PermitAll' };
    if (a.name === 'DenyAll') return { kind: 'jsr250', level: 'admin', why: '@DenyAll' };
  }
  return undefined;
}

export const RANK: Record<AuthLevel, number> = { none: 0, unknown: 1, user: 2, admin: 3 };

export function stronger(a: AuthLevel, b: AuthLevel): AuthLevel {
  return RANK[a] >= RANK[b] ? a : b;
}
