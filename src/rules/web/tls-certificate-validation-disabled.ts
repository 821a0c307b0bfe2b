// TLS certificate validation switched off in JS/TS clients (`rejectUnauthorized: false`,
// `NODE_TLS_REJECT_UNAUTHORIZED = '0'`): reads `crypto` facts with purpose `tls` from js/crypto.
import { defineRule } from '../types.js';
import { elementsOf, factKey } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'tls-certificate-validation-disabled',
    pack: 'web',
    title: 'TLS certificate validation disabled in {{file}}',
    description: 'At {{file}}:{{line}} a TLS client accepts any certificate ({{reason}}), so whoever sits on the network path can impersonate the server and read or change the traffic, credentials included.',
    stride: ['S', 'I', 'T'],
    cwe: ['CWE-295'],
    capec: ['CAPEC-94'],
    attack: ['T1557'],
    owasp: ['A02:2021', 'A07:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'network attacker',
      prerequisites: 'on the path between the service and the server it connects to',
      threatAction: 'present a forged certificate that the client accepts',
      threatImpact: 'interception of credentials and data sent over the connection',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['credentials in transit', 'data in transit'],
    },
    mitigation: {
      title: 'Keep certificate validation on',
      content: 'Remove rejectUnauthorized: false and NODE_TLS_REJECT_UNAUTHORIZED=0; for private certificate authorities pass the CA certificate with the ca option instead.',
      controls: { cwe: ['CWE-295'], asvs: ['V9.2.1'], nist80053: ['SC-8', 'SC-23', 'IA-5'] },
      remediation: 'At {{file}}:{{line}} remove the setting that disables validation; trust a private CA with `ca: fs.readFileSync(caFile)` if needed.',
    },
    references: ['https://cwe.mitre.org/data/definitions/295.html', 'https://nodejs.org/api/tls.html#tlsconnectoptions-callback'],
  },
  check(ctx) {
    for (const f of ctx.factsOf('crypto')) {
      if (f.purpose !== 'tls' || !f.weak || !f.extractor.startsWith('js/')) continue;
      ctx.report({ key: factKey(f, 'tls'), evidence: [f.evidence], elements: elementsOf(ctx, f), data: { reason: (f.reason ?? 'certificate validation disabled').replace(/[&<>]/g, '') } });
    }
  },
});
