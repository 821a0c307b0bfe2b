// tls.Config{MinVersion: tls.VersionTLS10}: deprecated protocol versions are accepted.
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'go-tls-weak-min-version',
    pack: 'go',
    title: 'TLS configuration accepts deprecated versions ({{version}})',
    description: 'The tls.Config at {{file}}:{{line}} sets MinVersion to {{version}}, so peers can negotiate TLS 1.0 or 1.1, which are deprecated (RFC 8996) and rely on weak constructions.',
    stride: ['I', 'T'],
    cwe: ['CWE-326', 'CWE-757'],
    capec: ['CAPEC-620'],
    attack: ['T1557'],
    owasp: ['A02:2021'],
    likelihood: 'low',
    impact: 'medium',
    confidence: 'high',
    grammar: {
      threatSource: 'network attacker',
      prerequisites: 'who can interfere with the handshake between {{component}} and its peer',
      threatAction: 'force a downgrade to a deprecated TLS version',
      threatImpact: 'weaker protection of data in transit',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['data in transit'],
    },
    mitigation: {
      title: 'Require TLS 1.2 or later',
      content: 'Set MinVersion to tls.VersionTLS12 (or leave it unset: Go defaults to TLS 1.2 for clients and servers).',
      controls: { cwe: ['CWE-326'], asvs: ['V9.1.3'], nist80053: ['SC-8', 'SC-13'] },
      remediation: 'At {{file}}:{{line}}, set MinVersion: tls.VersionTLS12 (or tls.VersionTLS13).',
    },
    references: ['https://pkg.go.dev/crypto/tls#Config', 'https://datatracker.ietf.org/doc/html/rfc8996'],
  },
  check(ctx) {
    for (const f of ctx.factsOf('crypto')) {
      if (f.extractor !== 'go/tls' || !/^Version(TLS10|TLS11|SSL30)$/.test(f.algorithm)) continue;
      const c = ctx.componentOf(f.evidence.file);
      ctx.report({ key: f.key ?? `${f.evidence.file}#${f.algorithm}`, evidence: [f.evidence], elements: c ? [c.id] : undefined, data: { version: f.algorithm.replace('Version', '') } });
    }
  },
});
