import { defineRule } from '../types.js';

/** Stores whose server images accept connections without credentials unless configured otherwise. */
const OPEN_BY_DEFAULT = /\b(redis|valkey|keydb|memcached|mongo|elasticsearch|opensearch)\b/i;

export const rule = defineRule({
  meta: {
    id: 'datastore-without-authentication',
    pack: 'core',
    title: '{{store}} accepts connections without credentials',
    description: '{{from}} connects to {{store}} with no credentials in its connection settings, and the store runs with its default open configuration, so any network peer can read and change its data.',
    stride: ['S', 'T', 'I'],
    cwe: ['CWE-306'],
    capec: ['CAPEC-115'],
    attack: ['T1078', 'T1213'],
    owasp: ['A07:2021'],
    likelihood: 'medium',
    impact: 'medium',
    confidence: 'medium',
    architectural: true,
    grammar: {
      threatSource: 'threat actor on the internal network',
      prerequisites: 'who can reach {{store}}, for example from any compromised container',
      threatAction: 'connect to {{store}} without credentials and read or overwrite {{data}}',
      threatImpact: 'disclosure and tampering of cached or stored data',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['{{data}}'],
    },
    mitigation: {
      title: 'Require authentication on data stores',
      content: 'Enable authentication on every data store (Redis requirepass/ACLs, MongoDB users, Elasticsearch security) and pass credentials from a secret store.',
      controls: { cwe: ['CWE-306'], asvs: ['V14.1.3', 'V2.10.1'], nist80053: ['IA-2', 'AC-3', 'SC-7'] },
      remediation: 'Configure a password or ACL user on {{store}} and put the credentials in the connection URL of {{from}} from a secret (e.g. rediss://user:${REDIS_PASSWORD}@host).',
    },
    references: ['https://cwe.mitre.org/data/definitions/306.html', 'https://redis.io/docs/latest/operate/oss_and_stack/management/security/'],
  },
  check(ctx) {
    for (const flow of ctx.system.flows) {
      if (flow.authenticated === true) continue;
      const store = ctx.component(flow.to);
      const from = ctx.component(flow.from);
      if (!store || !from || (store.kind !== 'datastore' && store.kind !== 'queue')) continue;
      // Only self-hosted stores we can see deployed: a managed service's auth is not visible here.
      const deployedImage = store.tech.find((t) => OPEN_BY_DEFAULT.test(t) && t.includes(':')) ?? store.tech.find((t) => OPEN_BY_DEFAULT.test(t));
      if (!deployedImage || store.evidence.length === 0 || !store.evidence.some((e) => /compose|\.ya?ml$/i.test(e.file))) continue;
      ctx.report({
        key: `${from.name}->${store.name}`,
        elements: [flow.id, store.id],
        evidence: [...flow.evidence.slice(0, 2), store.evidence[0]],
        data: { store: store.name, from: from.name, data: flow.data.join(', ') || `data in ${store.name}` },
      });
    }
  },
});
