import { defineRule } from '../types.js';
import { elementsOf, evidenceAt, key, label, resources } from './_shared.js';

export const rule = defineRule({
  meta: {
    id: 'cloud-cdn-weak-tls',
    pack: 'cloud',
    title: 'CloudFront distribution {{resource}} allows {{problem}}',
    description: '{{resource}} allows {{problem}}. Viewers can be downgraded to clear text or to TLS versions with known weaknesses, exposing session cookies and tokens on hostile networks.',
    stride: ['I', 'T'],
    cwe: ['CWE-319', 'CWE-326'],
    capec: ['CAPEC-94'],
    attack: ['T1557'],
    owasp: ['A02:2021'],
    likelihood: 'medium',
    impact: 'medium',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker on the same network as a viewer',
      prerequisites: 'such as public Wi-Fi',
      threatAction: 'downgrade or intercept connections to {{resource}}',
      threatImpact: 'theft of cookies, tokens and personal data in transit',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['traffic of {{resource}} viewers'],
    },
    mitigation: {
      title: 'Redirect to HTTPS and require TLS 1.2',
      content: 'Set the viewer protocol policy to redirect-to-https (or https-only) and use a custom certificate with minimum protocol version TLSv1.2_2021.',
      controls: { cwe: ['CWE-319', 'CWE-326'], asvs: ['V9.1.1', 'V9.1.2'], nist80053: ['SC-8', 'SC-8(1)', 'SC-13'] },
      remediation: 'At {{file}}:{{line}} set viewer_protocol_policy = "redirect-to-https" and minimum_protocol_version = "TLSv1.2_2021" with an ACM certificate.',
    },
    references: ['https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html'],
  },
  check(ctx) {
    for (const f of resources(ctx, 'cdn')) {
      const a = f.attributes ?? {};
      if (a.allowsHttp === true) ctx.report({ key: key(f, 'http'), evidence: [evidenceAt(f, 'httpLine')], elements: elementsOf(ctx, f), data: { resource: label(f), problem: 'plain HTTP (viewer protocol policy allow-all)' } });
      if (typeof a.minTls === 'string') ctx.report({ key: key(f, 'tls'), evidence: [evidenceAt(f, 'tlsLine')], elements: elementsOf(ctx, f), data: { resource: label(f), problem: `TLS below 1.2 (${a.minTls})` } });
    }
  },
});
