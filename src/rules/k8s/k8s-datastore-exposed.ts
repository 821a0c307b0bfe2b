import { defineRule } from '../types.js';
import { elementsOf, key, label, workloads } from './_shared.js';

export const rule = defineRule({
  meta: {
    id: 'k8s-datastore-exposed',
    pack: 'k8s',
    title: 'Data store {{workload}} is reachable from outside the cluster',
    description: '{{workload}} runs {{store}} and is exposed by {{exposedBy}}. Databases and caches expect to sit on a private network; from the internet they meet password guessing, unauthenticated defaults and protocol exploits.',
    stride: ['I', 'T', 'D'],
    cwe: ['CWE-668'],
    capec: ['CAPEC-112'],
    attack: ['T1190'],
    owasp: ['A05:2021'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'internet attacker',
      prerequisites: 'who can reach the address published by {{exposedBy}}',
      threatAction: 'connect to {{store}} directly and guess credentials or exploit the protocol',
      threatImpact: 'data read, altered or deleted outside the application',
      impactedGoal: ['confidentiality', 'integrity', 'availability'],
      impactedAssets: ['data in {{workload}}'],
    },
    mitigation: {
      title: 'Keep data stores on ClusterIP Services',
      content: 'Expose data stores only through ClusterIP Services reached by the services that need them; administrators use kubectl port-forward or a bastion, not a LoadBalancer or NodePort.',
      controls: { cwe: ['CWE-668'], asvs: ['V1.9.1'], nist80053: ['SC-7', 'AC-4'] },
      remediation: 'Change the exposing object ({{exposedAt}}) to type: ClusterIP or remove its Ingress route, and add a NetworkPolicy that admits only the application pods.',
    },
    references: ['https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types', 'https://cwe.mitre.org/data/definitions/668.html'],
  },
  check(ctx) {
    for (const w of workloads(ctx)) {
      const a = w.attributes ?? {};
      if (typeof a.datastore !== 'string' || w.exposure !== 'internet') continue;
      const at = String(a.exposedAt ?? '');
      const colon = at.lastIndexOf(':');
      const evidence = colon > 0 ? { file: at.slice(0, colon), line: Number(at.slice(colon + 1)) } : w.evidence;
      ctx.report({ key: key(w, 'exposed'), evidence: [evidence, w.evidence], elements: elementsOf(ctx, w), data: { workload: label(w), store: a.datastore, exposedBy: String(a.exposedBy ?? 'a public Service'), exposedAt: at } });
    }
  },
});
