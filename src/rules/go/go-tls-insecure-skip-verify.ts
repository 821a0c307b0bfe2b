// tls.Config{InsecureSkipVerify: true}: the client accepts any certificate.
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'go-tls-insecure-skip-verify',
    pack: 'go',
    title: 'TLS certificate verification is disabled (InsecureSkipVerify)',
    description: 'The tls.Config at {{file}}:{{line}} sets InsecureSkipVerify: true, so connections made with it accept any certificate for any host. Anyone on the network path can impersonate the server and read or change the traffic.',
    stride: ['S', 'T', 'I'],
    cwe: ['CWE-295'],
    capec: ['CAPEC-94'],
    attack: ['T1557'],
    owasp: ['A02:2021', 'A07:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'network attacker',
      prerequisites: 'who is on the network path between {{component}} and the server it connects to',
      threatAction: 'impersonate the server with any certificate and intercept the connection',
      threatImpact: 'disclosure and tampering of the credentials and data exchanged over the connection',
      impactedGoal: ['confidentiality', 'integrity', 'authenticity'],
      impactedAssets: ['data in transit', 'service credentials'],
    },
    mitigation: {
      title: 'Verify server certificates',
      content: 'Remove InsecureSkipVerify. For private CAs add the CA to RootCAs; for self-signed test servers use a separate configuration that never reaches production.',
      controls: { cwe: ['CWE-295'], asvs: ['V9.2.1'], nist80053: ['SC-8', 'SC-23', 'IA-5'] },
      remediation: 'At {{file}}:{{line}}, delete InsecureSkipVerify: true and load the private CA into tls.Config.RootCAs (x509.NewCertPool, AppendCertsFromPEM) if the server uses one.',
    },
    references: ['https://pkg.go.dev/crypto/tls#Config', 'https://cwe.mitre.org/data/definitions/295.html'],
  },
  check(ctx) {
    for (const f of ctx.factsOf('crypto')) {
      if (f.extractor !== 'go/tls' || f.algorithm !== 'InsecureSkipVerify') continue;
      const c = ctx.componentOf(f.evidence.file);
      ctx.report({ key: f.key ?? `${f.evidence.file}#InsecureSkipVerify`, evidence: [f.evidence], elements: c ? [c.id] : undefined });
    }
  },
});
