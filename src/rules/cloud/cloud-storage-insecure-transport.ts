import { defineRule } from '../types.js';
import { elementsOf, evidenceAt, key, label, resources } from './_shared.js';

export const rule = defineRule({
  meta: {
    id: 'cloud-storage-insecure-transport',
    pack: 'cloud',
    title: 'Storage {{resource}} accepts {{problem}}',
    description: '{{resource}} accepts {{problem}}, so data and shared-key signatures can cross the network in clear text or over broken protocol versions.',
    stride: ['I', 'T'],
    cwe: ['CWE-319'],
    capec: ['CAPEC-94'],
    attack: ['T1557'],
    owasp: ['A02:2021'],
    likelihood: 'low',
    impact: 'medium',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker with a position on the network path',
      prerequisites: 'when a client connects over plain HTTP or an old TLS version',
      threatAction: 'read or alter data sent to {{resource}} in transit',
      threatImpact: 'disclosure and tampering of stored data and access keys',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['data in {{resource}}'],
    },
    mitigation: {
      title: 'Require HTTPS with TLS 1.2 or later',
      content: 'Allow only HTTPS to storage accounts and set the minimum TLS version to 1.2.',
      controls: { cwe: ['CWE-319'], asvs: ['V9.1.1', 'V9.1.2'], nist80053: ['SC-8', 'SC-8(1)'] },
      remediation: 'At {{file}}:{{line}} set https_traffic_only_enabled = true and min_tls_version = "TLS1_2".',
    },
    references: ['https://learn.microsoft.com/azure/storage/common/storage-require-secure-transfer'],
  },
  check(ctx) {
    for (const f of resources(ctx, 'storage-bucket')) {
      const a = f.attributes ?? {};
      if (a.httpAllowed === true) ctx.report({ key: key(f, 'http'), evidence: [evidenceAt(f, 'httpLine')], elements: elementsOf(ctx, f), data: { resource: label(f), problem: 'plain HTTP' } });
      if (typeof a.minTls === 'string') ctx.report({ key: key(f, 'tls'), evidence: [evidenceAt(f, 'tlsLine')], elements: elementsOf(ctx, f), data: { resource: label(f), problem: `TLS below 1.2 (${a.minTls})` } });
    }
  },
});
