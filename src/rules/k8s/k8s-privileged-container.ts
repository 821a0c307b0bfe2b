import { defineRule } from '../types.js';
import { elementsOf, evidenceAt, key, label, workloads } from './_shared.js';

export const rule = defineRule({
  meta: {
    id: 'k8s-privileged-container',
    pack: 'k8s',
    title: '{{workload}} runs a privileged container',
    description: '{{workload}} sets securityContext.privileged: true. The container gets every capability and all host devices, so code execution inside it is root on the node and on every pod scheduled there.',
    stride: ['E'],
    cwe: ['CWE-250'],
    capec: ['CAPEC-69'],
    attack: ['T1611'],
    owasp: ['A05:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker who gains code execution in {{workload}}',
      prerequisites: 'while the container runs privileged',
      threatAction: 'mount the node disk or load kernel modules and escape to the node',
      threatImpact: 'control of the node, its kubelet credentials and every co-located pod',
      impactedGoal: ['confidentiality', 'integrity', 'availability'],
      impactedAssets: ['cluster nodes', 'co-located workloads'],
    },
    mitigation: {
      title: 'Run pods under the restricted Pod Security Standard',
      content: 'Remove privileged mode, drop all capabilities and add back only what is needed, and enforce the restricted Pod Security Standard (Pod Security Admission label pod-security.kubernetes.io/enforce: restricted) on the namespace.',
      controls: { cwe: ['CWE-250'], asvs: ['V1.2.1'], nist80053: ['AC-6', 'CM-7', 'SC-39'] },
      remediation: 'Delete privileged: true at {{file}}:{{line}}; if the workload needs one kernel feature, add just that capability under securityContext.capabilities.add and set allowPrivilegeEscalation: false.',
    },
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/', 'https://cwe.mitre.org/data/definitions/250.html'],
  },
  check(ctx) {
    for (const w of workloads(ctx)) {
      if (w.privileged !== true) continue;
      ctx.report({ key: key(w, 'privileged'), evidence: [evidenceAt(w, 'privilegedLine')], elements: elementsOf(ctx, w), data: { workload: label(w) } });
    }
  },
});
