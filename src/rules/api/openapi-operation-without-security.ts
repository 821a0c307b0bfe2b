import type { EntrypointFact } from '../../model/types.js';
import { defineRule } from '../types.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Operations that are anonymous by design (sign-in, sign-up, health, signed webhooks). */
const PUBLIC_BY_DESIGN = /(?:^|\/)(?:login|logout|signin|sign-in|signup|sign-up|register|token|oauth2?|auth|password|forgot|reset|verify|webhooks?|callback|health|healthz|ready|readyz|livez|status|ping|metrics)(?:\/|$|\{)/i;

function openApi(facts: readonly EntrypointFact[]): EntrypointFact[] {
  return facts.filter((f) => f.framework === 'openapi');
}

/** `/notes/{id}` and `/notes/:id` alike. */
const routeKey = (method: string | undefined, path: string | undefined): string => `${method ?? ''} ${(path ?? '').replace(/\{[^}]*\}|:\w+/g, '{}').replace(/\/+$/, '')}`;

/**
 * Operations whose implementation is found and guarded: a spec generated from the code
 * (swagger-autogen, tsoa without security decorators) leaves security out, and the code decides.
 */
function guardedInCode(facts: readonly EntrypointFact[]): Set<string> {
  const guarded = new Set<string>();
  for (const f of facts) if (f.framework !== 'openapi' && f.protocol === 'http' && (f.auth === 'user' || f.auth === 'admin')) guarded.add(routeKey(f.method, f.path));
  return guarded;
}

export const rule = defineRule({
  meta: {
    id: 'openapi-operation-without-security',
    pack: 'api',
    title: 'API operation {{route}} requires no authentication',
    description: 'The OpenAPI description {{why}}. Clients, gateways and generated servers take the spec at its word, so the operation is callable by anyone who can reach the API.',
    stride: ['S', 'E'],
    cwe: ['CWE-306'],
    capec: ['CAPEC-115'],
    attack: ['T1190'],
    owasp: ['API2:2023', 'API5:2023'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'unauthenticated internet user',
      prerequisites: 'who can reach the API',
      threatAction: 'call {{route}} without credentials',
      threatImpact: 'state changed or data read without an identity behind it',
      impactedGoal: ['integrity', 'confidentiality'],
      impactedAssets: ['data handled by {{route}}'],
    },
    mitigation: {
      title: 'Declare and enforce security on every operation',
      content: 'Define a security scheme, require it at the document level and opt operations out only deliberately; make the gateway or server reject requests that do not meet the declared requirement.',
      controls: { cwe: ['CWE-306'], asvs: ['V4.1.1', 'V13.1.3'], nist80053: ['AC-3', 'IA-2'] },
      remediation: 'At {{file}}:{{line}} add a security requirement (for example security: [bearerAuth: []]) or remove the empty security override, and check that the implementation enforces it.',
    },
    references: ['https://spec.openapis.org/oas/v3.1.0#security-requirement-object', 'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/'],
  },
  check(ctx) {
    const ops = openApi(ctx.factsOf('entrypoint'));
    const guarded = ops.length > 0 ? guardedInCode(ctx.factsOf('entrypoint')) : new Set<string>();
    const bySpec = new Map<string, EntrypointFact[]>();
    for (const op of ops) bySpec.set(op.evidence.file, [...(bySpec.get(op.evidence.file) ?? []), op]);
    for (const [file, list] of bySpec) {
      const candidates = list.filter((op) => op.auth === 'none' && (STATE_CHANGING.has(op.method ?? '') || /\/admin(?:\/|$)/i.test(op.path ?? '')) && !PUBLIC_BY_DESIGN.test(op.path ?? '') && !guarded.has(routeKey(op.method, op.path)));
      if (list.every((op) => op.tags?.includes('security:none-defined'))) {
        // Generated from code that guards some of these operations itself: documentation of routes
        // whose auth the code decides (and the code's own rules judge), not a statement of policy.
        if (list.some((op) => guarded.has(routeKey(op.method, op.path)))) continue;
        // No security anywhere: one finding for the spec, at its first state-changing operation.
        const first = candidates[0];
        if (first) ctx.report({ key: `${file}#no-security`, evidence: [first.evidence], data: { route: `${first.method ?? ''} ${first.path ?? ''}`, why: `declares no security scheme requirement at all, so none of its ${list.length} operations requires authentication` } });
        continue;
      }
      for (const op of candidates) {
        const route = `${op.method ?? ''} ${op.path ?? ''}`;
        const why = op.tags?.includes('security:optional') ? `makes authentication optional for ${route} (an empty requirement {})` : op.tags?.includes('security:explicit-empty') ? `overrides security with an empty list for ${route}` : `requires no security for ${route} while other operations do`;
        ctx.report({ key: `${file}#${route}#no-security`, evidence: [op.evidence], data: { route, why } });
      }
    }
  },
});
