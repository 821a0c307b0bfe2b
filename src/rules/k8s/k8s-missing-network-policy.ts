import { defineRule } from '../types.js';
import { elementsOf, key, label, workloads } from './_shared.js';

export const rule = defineRule({
  meta: {
    id: 'k8s-missing-network-policy',
    pack: 'k8s',
    title: 'No NetworkPolicy selects {{workload}}',
    description: 'No NetworkPolicy in the manifests selects the pods of {{workload}}, so every pod in the cluster can connect to them and they can connect anywhere. A compromised neighbour moves laterally without any network control.',
    stride: ['E', 'I'],
    cwe: ['CWE-923'],
    capec: ['CAPEC-555'],
    attack: ['T1210'],
    owasp: ['A05:2021'],
    likelihood: 'low',
    impact: 'medium',
    confidence: 'medium',
    grammar: {
      threatSource: 'attacker who controls another pod in the cluster',
      prerequisites: 'when no NetworkPolicy restricts traffic to {{workload}}',
      threatAction: 'connect directly to {{workload}} and probe or abuse its internal endpoints',
      threatImpact: 'lateral movement inside the cluster',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['{{workload}}'],
    },
    mitigation: {
      title: 'Default-deny network policies per namespace',
      content: 'Add a default-deny NetworkPolicy to each namespace and allow only the flows the architecture needs (ingress controller to the gateway, services to their data stores), using a CNI that enforces policies.',
      controls: { cwe: ['CWE-923'], asvs: ['V1.9.1'], nist80053: ['SC-7', 'AC-4'] },
      remediation: 'Add a NetworkPolicy whose podSelector matches {{workload}} and lists its allowed ingress sources and egress targets, next to {{file}}.',
    },
    references: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/', 'https://attack.mitre.org/techniques/T1210/'],
  },
  check(ctx) {
    for (const w of workloads(ctx)) {
      if (w.attributes?.networkPolicy !== false) continue;
      ctx.report({ key: key(w, 'netpol'), evidence: [w.evidence], elements: elementsOf(ctx, w), data: { workload: label(w) } });
    }
  },
});
