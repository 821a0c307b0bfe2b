import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'openapi-auth-not-enforced-in-code',
    pack: 'api',
    title: '{{route}} is secured in the API spec but not in the code',
    description: 'The API description ({{spec}}) requires authentication for {{route}}, but the route that serves it ({{file}}:{{line}}) runs without any authentication guard. Consumers and reviewers trust the spec; the server does not enforce it.',
    stride: ['S', 'E', 'I'],
    cwe: ['CWE-306', 'CWE-862'],
    capec: ['CAPEC-115'],
    attack: ['T1190'],
    owasp: ['API2:2023', 'API5:2023'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'unauthenticated internet user',
      prerequisites: 'who reads the public API description or probes the route',
      threatAction: 'call {{route}} without the token the spec demands',
      threatImpact: 'data or actions meant for authenticated users available to anyone',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['data handled by {{route}}'],
    },
    mitigation: {
      title: 'Enforce the declared security in the implementation',
      content: 'Apply the authentication guard the spec describes to the route (or its router), and test the spec against the running service (contract tests that call secured operations without a token must get 401).',
      controls: { cwe: ['CWE-306'], asvs: ['V4.1.1', 'V13.1.3'], nist80053: ['AC-3', 'IA-2', 'SA-11'] },
      remediation: 'Add the authentication middleware to the route at {{file}}:{{line}}, the way the other secured routes of this service do.',
    },
    references: ['https://owasp.org/API-Security/editions/2023/en/0xa2-broken-authentication/', 'https://cwe.mitre.org/data/definitions/306.html'],
  },
  check(ctx) {
    for (const ep of ctx.system.entryPoints) {
      if (!ep.tags.includes('spec-auth-mismatch')) continue;
      // Signing in or out needs no earlier login: a spec-wide `security` the operation does not lift
      // makes the spec loose there, not the code.
      if (ep.tags.includes('login') || ep.tags.includes('logout')) continue;
      const code = ep.evidence[0];
      const spec = ep.evidence.find((e) => e !== code);
      // The code lets the route through on purpose (`@Public()`, an interceptor's allow-list): the
      // spec and the code disagree about intent, which is to settle, not an open door found.
      const declared = ep.tags.includes('declared-public');
      ctx.report({
        key: `${code.file}#${ep.method ?? ''} ${ep.path ?? ''}#spec-auth`,
        evidence: [code, ...(spec ? [spec] : [])],
        elements: [ep.id, ep.component],
        data: { route: `${ep.method ?? ''} ${ep.path ?? ''}`, spec: spec ? `${spec.file}:${spec.line}` : 'the API description' },
        ...(declared ? { confidence: 'low' as const, likelihood: 'low' as const, impact: 'medium' as const } : {}),
      });
    }
  },
});
