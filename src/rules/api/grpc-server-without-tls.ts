import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'grpc-server-without-tls',
    pack: 'api',
    title: 'gRPC service {{service}} is served without TLS',
    description: 'The {{language}} server that implements {{service}} listens with insecure (plaintext) credentials. Requests, responses and any tokens in metadata cross the network in clear text and can be read or altered by anyone on the path, unless a service mesh encrypts the hop.',
    stride: ['I', 'T', 'S'],
    cwe: ['CWE-319'],
    capec: ['CAPEC-94'],
    attack: ['T1557', 'T1040'],
    owasp: ['A02:2021'],
    likelihood: 'low',
    impact: 'medium',
    confidence: 'medium',
    grammar: {
      threatSource: 'attacker with a position on the network path between services',
      prerequisites: 'when no mesh or tunnel encrypts traffic to {{service}}',
      threatAction: 'read or modify gRPC calls to {{service}} in transit',
      threatImpact: 'disclosure and tampering of the data and credentials exchanged',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['data exchanged with {{service}}'],
    },
    mitigation: {
      title: 'Serve gRPC over TLS (mutual TLS between services)',
      content: 'Create the server with TLS credentials, preferably mutual TLS so callers are authenticated too, or run it in a mesh that enforces mTLS (STRICT peer authentication) and document that choice.',
      controls: { cwe: ['CWE-319'], asvs: ['V9.2.1', 'V9.2.2'], nist80053: ['SC-8', 'SC-8(1)', 'IA-9'] },
      remediation: 'At {{file}}:{{line}} pass TLS server credentials (Go: grpc.NewServer(grpc.Creds(credentials.NewTLS(cfg))); Python: server.add_secure_port with grpc.ssl_server_credentials; Node: grpc.ServerCredentials.createSsl) and give clients matching channel credentials.',
    },
    references: ['https://grpc.io/docs/guides/auth/', 'https://cwe.mitre.org/data/definitions/319.html'],
  },
  check(ctx) {
    for (const f of ctx.factsOf('config')) {
      if (f.setting !== 'grpc-server' || f.values.tls !== false) continue;
      const line = typeof f.values.insecureLine === 'number' ? f.values.insecureLine : f.evidence.line;
      const owner = ctx.componentOf(f.evidence.file);
      ctx.report({
        key: `${f.evidence.file}#grpc-server:${String(f.values.service)}#plaintext`,
        evidence: [{ file: f.evidence.file, line }],
        elements: owner ? [owner.id] : [],
        data: { service: String(f.values.service), language: String(f.values.language ?? 'gRPC') },
      });
    }
  },
});
