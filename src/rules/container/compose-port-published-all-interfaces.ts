import { defineRule } from '../types.js';
import { containerDeployments, contextCap, deploymentContext, deploymentKey, elementsOf, lessLikely, workloadLabel } from './_shared.js';

export const rule = defineRule({
  meta: {
    id: 'compose-port-published-all-interfaces',
    pack: 'container',
    title: 'Service {{workload}} publishes its {{store}} port on all interfaces',
    description:
      'Compose service {{workload}} runs {{store}} and publishes it on every host interface ({{ports}}). Anyone who can reach the host, on a cloud VM the whole internet, can connect to the data store directly and bypass the application; ports published by Docker also bypass host firewalls such as ufw.',
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
      const store = fact.attributes?.datastore;
      if (fact.platform !== 'compose' || typeof store !== 'string' || fact.attributes?.publishedAllInterfaces !== true) continue;
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
        ...contextCap(deploymentContext(ctx, fact)),
      });
    }
  },
});
