import type { DeploymentFact } from '../../model/types.js';
import { defineRule } from '../types.js';
import { containerDeployments, contextCap, deploymentContext, deploymentKey, elementsOf, lessLikely, workloadLabel } from './_shared.js';

/**
 * Images of admin planes that answer without a login in their default setup: a workflow engine's
 * frontend (anyone can start, signal or terminate workflows), its web UI, debugging and database
 * consoles. pgAdmin asks for a login, but with the account the same file creates.
 */
const ADMIN_PLANES: [RegExp, string][] = [
  [/^temporalio\/(auto-setup|server)$/, 'Temporal frontend'],
  [/^temporalio\/ui$/, 'Temporal web UI'],
  [/^getsentry\/spotlight$/, 'Sentry Spotlight'],
  [/^(redis|redislabs)\/redisinsight$/, 'RedisInsight'],
  [/^dpage\/pgadmin4$/, 'pgAdmin'],
  [/^(library\/)?(adminer|mongo-express)$/, 'database admin console'],
  [/^(phpmyadmin\/)?phpmyadmin$/, 'phpMyAdmin'],
];

/** The admin plane a service's image runs, if it is one of the above. */
function adminPlane(fact: DeploymentFact): string | undefined {
  const name = (fact.image ?? '')
    .replace(/@.*$/, '')
    .replace(/:[^/]*$/, '')
    .replace(/^(docker\.io|ghcr\.io|quay\.io|index\.docker\.io)\//, '');
  return ADMIN_PLANES.find(([re]) => re.test(name))?.[1];
}

export const rule = defineRule({
  meta: {
    id: 'compose-port-published-all-interfaces',
    pack: 'container',
    title: 'Service {{workload}} publishes its {{store}} port on all interfaces',
    description:
      'Compose service {{workload}} runs {{store}} and publishes it on every host interface ({{ports}}). Anyone who can reach the host, on a cloud VM the whole internet, can connect to it directly and bypass the application; ports published by Docker also bypass host firewalls such as ufw.',
    stride: ['I', 'T'],
    cwe: ['CWE-1327'],
    capec: ['CAPEC-1', 'CAPEC-300'],
    attack: ['T1190', 'T1046'],
    owasp: ['A05:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker on the internet or the host network',
      prerequisites: 'who can reach the Docker host',
      threatAction: 'connect directly to {{store}} on its published port and try default or weak credentials',
      threatImpact: 'reading, changing or deleting the stored data',
      impactedGoal: ['confidentiality', 'integrity', 'availability'],
      impactedAssets: ['data in {{workload}}'],
    },
    mitigation: {
      title: 'Keep data stores off public interfaces',
      content:
        'Do not publish data store ports. Application containers reach the store over the Compose network by service name; when host tools need it, bind the port to loopback only.',
      controls: { cwe: ['CWE-1327'], asvs: ['V1.14.1'], nist80053: ['SC-7', 'SC-7(5)', 'CM-7'] },
      remediation:
        'In the cited service remove the ports entry, or bind it to loopback, for example "127.0.0.1:5432:5432"; use expose: when only other containers need the port.',
    },
    references: [
      'https://docs.docker.com/reference/compose-file/services/#ports',
      'https://docs.docker.com/engine/network/packet-filtering-firewalls/',
      'https://cwe.mitre.org/data/definitions/1327.html',
    ],
  },
  check(ctx) {
    for (const fact of containerDeployments(ctx)) {
      if (fact.platform !== 'compose' || fact.attributes?.publishedAllInterfaces !== true) continue;
      const datastore = fact.attributes?.datastore;
      const admin = typeof datastore === 'string' ? undefined : adminPlane(fact);
      const store = typeof datastore === 'string' ? datastore : admin;
      if (!store) continue;
      const ports = String(fact.attributes.publishedPorts ?? '')
        .split(', ')
        .filter((p) => p.startsWith('0.0.0.0:'))
        .join(', ');
      ctx.report({
        key: deploymentKey(fact),
        evidence: [fact.evidence],
        elements: elementsOf(ctx, fact),
        data: { workload: workloadLabel(fact), store, ports },
        ...lessLikely(ctx, fact.evidence.file),
        // An admin plane controls the product's jobs or shows its data; the data stores hold all of it.
        ...(admin ? { impact: 'medium' as const } : {}),
        ...contextCap(deploymentContext(ctx, fact)),
      });
    }
  },
});
