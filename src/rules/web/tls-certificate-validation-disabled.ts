// TLS certificate validation switched off in JS/TS clients (`rejectUnauthorized: false`,
// `NODE_TLS_REJECT_UNAUTHORIZED = '0'`): reads `crypto` facts with purpose `tls` from js/crypto.
import type { CryptoFact } from '../../model/types.js';
import type { RuleContext } from '../types.js';
import { defineRule } from '../types.js';
import { elementsOf, factKey, scopeOf } from './_web-routes.js';

/** Backing services by the words of a client's file (`storage/redis.ts`, `config/database.js`). */
const STORE_WORDS: [RegExp, string][] = [
  [/redis|valkey/i, 'Redis'],
  [/kafka/i, 'Kafka'],
  [/amqp|rabbit/i, 'AMQP'],
  [/mongo/i, 'MongoDB'],
  [/elastic|opensearch/i, 'search'],
  [/mail|smtp/i, 'SMTP'],
  [/database|(^|[/_.-])db([/_.-]|$)|sequelize|knex|typeorm|postgres|mysql|mariadb|mssql/i, 'database'],
];

/** The `tech` of a datastore client, as the store it names. */
function storeOfTech(tech: string): string {
  if (/^(sql|postgres|postgresql|mysql|mariadb|mssql|sqlserver|oracle|sqlite)$/i.test(tech)) return 'database';
  for (const [re, name] of STORE_WORDS) if (re.test(tech)) return name;
  return tech;
}

/** The backing service a TLS client talks to: a datastore client in the same file, else the file's words. */
function storeOf(ctx: RuleContext, f: CryptoFact): string | undefined {
  const client = ctx.factsOf('datastore-client').find((d) => d.evidence.file === f.evidence.file);
  if (client) return storeOfTech(client.tech);
  const tail = f.evidence.file.split('/').slice(-2).join('/');
  return STORE_WORDS.find(([re]) => re.test(tail))?.[1];
}

/** A container health check probes the service's own port: no trust boundary is crossed. */
const LOCAL_PROBE = /(^|\/)(health-?check|healthz|liveness|readiness|probe)[^/]*$/i;

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
    // The client side of an outbound link: exploiting it needs a position on the network path
    // between the service and its backing service or API, which being reachable from the internet
    // does not give. Likelihood low offsets the exposure factor: medium by default.
    const groups = new Map<string, CryptoFact[]>();
    for (const f of ctx.factsOf('crypto')) {
      if (f.purpose !== 'tls' || !f.weak || !f.extractor.startsWith('js/')) continue;
      const store = LOCAL_PROBE.test(f.evidence.file) ? undefined : storeOf(ctx, f);
      // Configurations of one store (a migration tool's config and the runtime options) are one weakness.
      const id = store ? `${scopeOf(ctx, f.evidence.file)}#${store}` : `#${factKey(f)}#${f.evidence.line}`;
      groups.set(id, [...(groups.get(id) ?? []), f]);
    }
    for (const [id, facts] of groups) {
      const f = facts[0];
      const store = id.startsWith('#') ? undefined : id.slice(id.indexOf('#') + 1);
      const probe = LOCAL_PROBE.test(f.evidence.file);
      const reason = (f.reason ?? 'certificate validation disabled').replace(/[&<>]/g, '');
      ctx.report({
        key: facts.length > 1 ? `${factKey(f)}#tls:${store}` : factKey(f, 'tls'),
        evidence: facts.map((x) => x.evidence),
        elements: [...new Set(facts.flatMap((x) => elementsOf(ctx, x)))],
        data: { reason: store ? `${reason}, on the ${store} connection` : reason },
        likelihood: 'low',
        // A health check of the service's own port: low.
        ...(probe ? { impact: 'low' as const } : {}),
      });
    }
  },
});
