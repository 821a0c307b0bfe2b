import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'unauthenticated-internal-service',
    pack: 'core',
    title: 'Internal service {{component}} trusts the network',
    description: '{{component}} is not exposed to the internet but serves {{count}} entry points without any authentication, so anything that can send it requests (another compromised service, an SSRF) acts with its full authority.',
    stride: ['S', 'E'],
    cwe: ['CWE-306'],
    capec: ['CAPEC-115'],
    attack: ['T1210'],
    owasp: ['A07:2021', 'API2:2023'],
    likelihood: 'low',
    impact: 'high',
    confidence: 'medium',
    architectural: true,
    grammar: {
      threatSource: 'threat actor with a foothold inside the network',
      prerequisites: 'who can send requests to {{component}}, for example through an SSRF in another service',
      threatAction: 'call internal endpoints of {{component}} such as {{example}} without credentials',
      threatImpact: 'actions and data of {{component}} available to any network peer',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['{{component}}'],
    },
    mitigation: {
      title: 'Authenticate service-to-service calls',
      content: 'Do not rely on network position: require mutual TLS or signed service tokens on internal services, and restrict callers with network policies.',
      controls: { cwe: ['CWE-306'], asvs: ['V4.1.1', 'V9.2.1'], nist80053: ['IA-9', 'AC-4', 'SC-7'] },
      remediation: 'Add an authentication middleware (service token or mTLS client check) in front of the routes of {{component}}.',
    },
    references: ['https://cwe.mitre.org/data/definitions/306.html', 'https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/'],
  },
  check(ctx) {
    for (const component of ctx.system.components) {
      if (component.kind !== 'service' || component.exposure !== 'internal') continue;
      const eps = ctx.system.entryPoints.filter((e) => e.component === component.id && (e.kind === 'http' || e.kind === 'grpc' || e.kind === 'graphql'));
      if (eps.length === 0 || eps.some((e) => e.auth !== 'none')) continue;
      eps.sort((a, b) => a.evidence[0].file.localeCompare(b.evidence[0].file) || a.evidence[0].line - b.evidence[0].line);
      ctx.report({
        key: component.name,
        elements: [component.id],
        evidence: eps.slice(0, 3).map((e) => e.evidence[0]),
        data: { count: String(eps.length), example: `${eps[0].method ?? ''} ${eps[0].path ?? ''}`.trim() },
      });
    }
  },
});
