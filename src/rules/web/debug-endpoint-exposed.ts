import { defineRule } from '../types.js';
import { dynamicPath, elementsOf, httpRoutes, internetFacing, routeKey, routeLabel } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'debug-endpoint-exposed',
    pack: 'web',
    title: 'Debug endpoint {{route}} reachable without authentication',
    description: 'The diagnostic endpoint {{route}} registered at {{file}}:{{line}} is served in every environment and requires no authentication, exposing internal state (environment, configuration, memory) to anyone who finds it.',
    stride: ['I', 'E'],
    cwe: ['CWE-489', 'CWE-215'],
    capec: ['CAPEC-121'],
    attack: ['T1190', 'T1082'],
    owasp: ['A05:2021', 'API8:2023', 'API9:2023'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'unauthenticated attacker',
      prerequisites: 'who discovers the endpoint by scanning common paths',
      threatAction: 'call the debug endpoint {{route}}',
      threatImpact: 'disclosure of secrets, configuration or memory contents and a foothold for further attacks',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['environment secrets', 'application internals'],
    },
    mitigation: {
      title: 'Remove debug endpoints from production or put them behind admin authentication',
      content: 'Register diagnostic routes only when NODE_ENV is development, or protect them with an admin guard and keep them off the public network.',
      controls: { cwe: ['CWE-489'], asvs: ['V14.3.2'], nist80053: ['CM-7', 'AC-3'] },
      remediation: 'Wrap the registration at {{file}}:{{line}} in `if (process.env.NODE_ENV === \'development\')` or add an admin authentication middleware before its handler.',
    },
    references: ['https://cwe.mitre.org/data/definitions/489.html', 'https://owasp.org/API-Security/editions/2023/en/0xa9-improper-inventory-management/'],
  },
  check(ctx) {
    for (const r of httpRoutes(ctx)) {
      // A UI-shell page (a client page, or one that only renders client components) hands out markup
      // and a bundle: its data comes from API routes, judged on their own.
      if (!r.tags?.includes('debug') || r.tags.includes('dev-only') || r.tags.includes('mount-unresolved') || r.tags.includes('ui-shell') || r.auth !== 'none' || dynamicPath(r) || !internetFacing(ctx, r)) continue;
      ctx.report({ key: routeKey(r, 'debug'), evidence: [r.evidence], elements: elementsOf(ctx, r), data: { route: routeLabel(r) } });
    }
  },
});
