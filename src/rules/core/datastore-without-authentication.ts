import type { Component, Flow } from '../../model/types.js';
import { defineRule, type RuleContext } from '../types.js';

/** Stores whose server images accept connections without credentials unless configured otherwise. */
const OPEN_BY_DEFAULT = /\b(redis|valkey|keydb|memcached|mongo|elasticsearch|opensearch)\b/i;

/**
 * Image environment variables that create a login and so turn authentication on (official and
 * Bitnami images; `_FILE` variants read the value from a Docker secret).
 */
const AUTH_ENV = /^(?:MONGO_INITDB_ROOT_PASSWORD|MONGODB_ROOT_PASSWORD|MONGODB_PASSWORD|POSTGRES_PASSWORD|POSTGRESQL_PASSWORD|MYSQL_ROOT_PASSWORD|MYSQL_PASSWORD|MARIADB_ROOT_PASSWORD|MARIADB_PASSWORD|REDIS_PASSWORD|VALKEY_PASSWORD|KEYDB_PASSWORD|ELASTIC_PASSWORD|OPENSEARCH_INITIAL_ADMIN_PASSWORD|RABBITMQ_DEFAULT_PASS|MEMCACHED_PASSWORD)(?:_FILE)?$/;
/** Settings that switch authentication off again whatever password is set. */
const AUTH_OFF: [RegExp, RegExp][] = [
  [/^ALLOW_EMPTY_PASSWORD$/, /^(yes|true|1)$/i],
  [/^POSTGRES_HOST_AUTH_METHOD$/, /^trust$/i],
  [/^MYSQL_ALLOW_EMPTY_PASSWORD$/, /^(yes|true|1)$/i],
  [/^DISABLE_SECURITY_PLUGIN$/, /^true$/i],
  [/^xpack\.security\.enabled$/, /^false$/i],
];

/** Whether a deployment of the store (Compose service, Kubernetes workload) turns a login on. */
function deployedWithAuth(ctx: RuleContext, store: Component): boolean {
  const at = new Set(store.evidence.map((e) => `${e.file}:${e.line}`));
  return ctx.factsOf('deployment').some((d) => {
    if (!at.has(`${d.evidence.file}:${d.evidence.line}`)) return false;
    const env = d.env ?? {};
    if (Object.entries(env).some(([k, v]) => AUTH_OFF.some(([name, value]) => name.test(k) && value.test(v.trim())))) return false;
    const redisArgs = env.REDIS_ARGS ?? env.VALKEY_EXTRA_FLAGS ?? '';
    return d.attributes?.commandAuth === true || /--requirepass\b/.test(redisArgs) || Object.keys(env).some((k) => AUTH_ENV.test(k));
  });
}

/** Letters only, lower case: `MongoDB` and `mongo:8` compare as `mongodb`, `mongo`. */
function letters(s: string): string {
  return s.toLowerCase().replace(/[^a-z]/g, '');
}

/** Whether a store technology reported by a client (`mongodb`, `redis`, `sql`) is this store. */
function sameTech(tech: string, flow: Flow, store: Component): boolean {
  const names = [flow.protocol, ...store.tech].map(letters);
  if (tech === 'sql') return names.some((n) => /^(postgres|mysql|mariadb|mssql|sqlserver|oracle|cockroach|sql)/.test(n));
  const stem = letters(tech).replace(/db$/, '');
  return stem.length > 0 && names.some((n) => n.startsWith(stem));
}

/** Whether the calling component passes credentials to this store (js/datastores `datastore-credentials`). */
function clientLogsIn(ctx: RuleContext, flow: Flow, store: Component): boolean {
  return ctx.factsOf('config').some((c) => c.setting === 'datastore-credentials' && ctx.componentOf(c.evidence.file)?.id === flow.from && sameTech(String(c.values.tech ?? ''), flow, store));
}

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
      // A login set up on the server (image variables, --requirepass) or passed by the client.
      if (deployedWithAuth(ctx, store) || clientLogsIn(ctx, flow, store)) continue;
      ctx.report({
        key: `${from.name}->${store.name}`,
        elements: [flow.id, store.id],
        evidence: [...flow.evidence.slice(0, 2), store.evidence[0]],
        data: { store: store.name, from: from.name, data: flow.data.join(', ') || `data in ${store.name}` },
      });
    }
  },
});
