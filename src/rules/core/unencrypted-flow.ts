import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'unencrypted-flow',
    pack: 'core',
    title: 'Unencrypted traffic from {{from}} to {{to}}',
    description: 'Data flows from {{from}} to {{to}} over {{protocol}} without transport encryption, crossing a trust boundary.',
    stride: ['I', 'T'],
    cwe: ['CWE-319'],
    capec: ['CAPEC-94', 'CAPEC-157'],
    attack: ['T1040', 'T1557'],
    owasp: ['A02:2021'],
    likelihood: 'low',
    impact: 'medium',
    confidence: 'medium',
    architectural: true,
    grammar: {
      threatSource: 'threat actor with a position on the network path',
      prerequisites: 'who can observe or intercept traffic between {{from}} and {{to}}',
      threatAction: 'read or modify {{data}} sent over plaintext {{protocol}}',
      threatImpact: 'disclosure or tampering of data in transit',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['{{data}}'],
    },
    mitigation: {
      title: 'Encrypt traffic that crosses trust boundaries',
      content: 'Use TLS (https, rediss, sslmode=require) for every flow that leaves a trust zone, and verify certificates.',
      controls: { cwe: ['CWE-319'], asvs: ['V9.1.1', 'V9.2.2'], nist80053: ['SC-8', 'SC-8(1)'] },
      remediation: 'Switch the {{protocol}} connection to {{to}} to its TLS form and enable certificate verification.',
    },
    references: ['https://cwe.mitre.org/data/definitions/319.html', 'https://owasp.org/Top10/A02_2021-Cryptographic_Failures/'],
  },
  check(ctx) {
    for (const flow of ctx.system.flows) {
      if (flow.encrypted !== false || flow.crosses.length === 0 || flow.evidence.length === 0) continue;
      const from = ctx.component(flow.from);
      const to = ctx.component(flow.to);
      if (!from || !to) continue;
      ctx.report({
        key: `${from.name}->${to.name}|${flow.protocol}`,
        elements: [flow.id, from.id, to.id],
        evidence: flow.evidence.slice(0, 3),
        data: { from: from.name, to: to.name, protocol: flow.protocol, data: flow.data.join(', ') || 'request data' },
      });
    }
  },
});
