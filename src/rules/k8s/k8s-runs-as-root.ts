import { defineRule } from '../types.js';
import { elementsOf, evidenceAt, key, label, workloads } from './_shared.js';

export const rule = defineRule({
  meta: {
    id: 'k8s-runs-as-root',
    pack: 'k8s',
    title: '{{workload}} runs as root',
    description: '{{workload}} {{why}}. Root in the container owns its files, can use every capability the runtime grants and is one kernel or runtime flaw away from root on the node.',
    stride: ['E'],
    cwe: ['CWE-250'],
    capec: ['CAPEC-69'],
    attack: ['T1611', 'T1068'],
    owasp: ['A05:2021'],
    likelihood: 'low',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'attacker who gains code execution in {{workload}}',
      prerequisites: 'while its containers run as user 0',
      threatAction: 'tamper with the container file system and exploit a runtime or kernel flaw as root',
      threatImpact: 'persistence in the pod and a shorter path to the node',
      impactedGoal: ['integrity', 'confidentiality'],
      impactedAssets: ['{{workload}}', 'cluster nodes'],
    },
    mitigation: {
      title: 'Run containers as a non-root user',
      content: 'Build images with a numeric non-root USER and set securityContext.runAsNonRoot: true (and runAsUser) on the pod so the kubelet refuses to start them as root.',
      controls: { cwe: ['CWE-250'], asvs: ['V1.2.1'], nist80053: ['AC-6', 'CM-7'] },
      remediation: 'At {{file}}:{{line}} set securityContext.runAsNonRoot: true and runAsUser: 10001 (a uid the image owns its files for), and allowPrivilegeEscalation: false.',
    },
    references: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/', 'https://cwe.mitre.org/data/definitions/250.html'],
  },
  check(ctx) {
    for (const w of workloads(ctx)) {
      // Explicit uid 0 always; an unset user only where the pod is reachable from the internet.
      const explicit = w.runsAsRoot === true;
      if (!explicit && !(w.runsAsRoot === undefined && w.exposure === 'internet')) continue;
      ctx.report({
        key: key(w, 'root'),
        evidence: [explicit ? evidenceAt(w, 'runAsLine') : w.evidence],
        elements: elementsOf(ctx, w),
        data: { workload: label(w), why: explicit ? 'sets runAsUser: 0' : 'is internet-facing and sets neither runAsNonRoot nor a non-zero runAsUser, so it runs as the image user, root by default' },
        confidence: explicit ? 'high' : 'medium',
      });
    }
  },
});
