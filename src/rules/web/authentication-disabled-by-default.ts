import type { AuthFact, EntrypointFact } from '../../model/types.js';
import { defineRule } from '../types.js';
import { httpRoutes, routeLabel } from './_web-routes.js';

/**
 * Does the route run this guard (`validatedRequest`, `auth.validatedRequest`)? Also a helper the
 * handler awaits (a Next.js route's `await verifySignature(...)`), which its auth evidence names.
 */
function runs(route: EntrypointFact, name: string): boolean {
  return (route.middleware ?? []).some((m) => m === name || m.endsWith(`.${name}`)) || (route.authEvidence ?? []).some((e) => e.startsWith(`${name}: `));
}

export const rule = defineRule({
  meta: {
    id: 'authentication-disabled-by-default',
    pack: 'web',
    title: 'Authentication in {{guard}} is off unless {{env}} is set',
    description:
      'The authentication middleware {{guard}} lets every request through at {{file}}:{{line}} while {{env}} is not set in the environment ({{condition}}). Nothing is checked in that case, and an install that keeps the default configuration serves its {{count}} guarded routes, such as {{example}}, to anyone who can reach it. The routes look authenticated in the code, so the gap is easy to miss in review and in operation.',
    stride: ['S', 'E'],
    cwe: ['CWE-1188', 'CWE-306'],
    capec: ['CAPEC-115'],
    attack: ['T1190'],
    owasp: ['A07:2021', 'A05:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    architectural: true,
    grammar: {
      threatSource: 'unauthenticated attacker',
      prerequisites: 'who can reach an install where {{env}} was left unset',
      threatAction: 'call the routes behind {{guard}} without any credential',
      threatImpact: 'using every function the application keeps for signed-in users, its settings and administration included',
      impactedGoal: ['confidentiality', 'integrity', 'authenticity'],
      impactedAssets: ['routes guarded by {{guard}}'],
    },
    mitigation: {
      title: 'Fail closed when authentication is not configured',
      content: 'Secure by default: when the secret or token that authentication needs is missing, refuse requests (or refuse to start) instead of passing them on. Keep any development bypass behind an explicit opt-in flag that production configuration cannot inherit, and say so loudly in the logs.',
      controls: { cwe: ['CWE-1188', 'CWE-306'], asvs: ['V1.4.1', 'V4.1.1'], nist80053: ['AC-3', 'IA-2', 'CM-6'] },
      remediation: 'At {{file}}:{{line}} answer 401/503 (or stop at start-up) when {{env}} is missing instead of calling next(); generate the secret on first run if the product must work without configuration.',
    },
    references: ['https://cwe.mitre.org/data/definitions/1188.html', 'https://cwe.mitre.org/data/definitions/306.html', 'https://owasp.org/Top10/A05_2021-Security_Misconfiguration/'],
  },
  check(ctx) {
    const guards = ctx.factsOf('auth').filter((f): f is AuthFact => f.role === 'guard-definition' && typeof f.details?.unsetEnv === 'string' && f.details.unsetEnv.length > 0);
    if (guards.length === 0) return;
    const routes = httpRoutes(ctx).filter((r) => r.tags?.includes('auth-conditional'));
    for (const g of guards) {
      const name = g.name ?? '';
      const behind = routes.filter((r) => runs(r, name));
      if (!name || behind.length === 0) continue;
      const line = Number(g.details?.conditionalLine ?? g.evidence.line);
      const example = behind.find((r) => r.tags?.includes('state-changing')) ?? behind[0];
      const component = ctx.componentOf(g.evidence.file);
      ctx.report({
        key: `${g.evidence.file}#${name}`,
        evidence: [{ file: g.evidence.file, line }, g.evidence, example.evidence],
        elements: component ? [component.id] : [],
        data: {
          guard: name,
          env: String(g.details?.unsetEnv).split(',').join(' or '),
          condition: String(g.details?.conditional ?? ''),
          count: String(behind.length),
          example: routeLabel(example),
        },
      });
    }
  },
});
