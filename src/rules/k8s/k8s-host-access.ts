import { defineRule } from '../types.js';
import { elementsOf, evidenceAt, key, label, workloads } from './_shared.js';

export const rule = defineRule({
  meta: {
    id: 'k8s-host-access',
    pack: 'k8s',
    title: '{{workload}} reaches into its node ({{access}})',
    description: '{{workload}} shares host namespaces, mounts sensitive host paths or adds escape-prone capabilities ({{access}}). A compromise of the pod becomes a compromise of the node.',
    stride: ['E', 'I'],
    cwe: ['CWE-250', 'CWE-668'],
    capec: ['CAPEC-69'],
    attack: ['T1611'],
    owasp: ['A05:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker who gains code execution in {{workload}}',
      prerequisites: 'while the pod uses {{access}}',
      threatAction: 'use the host access to read node secrets, control the container runtime or sniff node traffic',
      threatImpact: 'escape to the node and access to other workloads on it',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['cluster nodes', 'co-located workloads'],
    },
    mitigation: {
      title: 'Keep pods out of host namespaces and host paths',
      content: 'Do not set hostNetwork, hostPID or hostIPC, do not mount hostPath volumes of the runtime socket or system directories, and drop capabilities such as SYS_ADMIN; enforce the baseline or restricted Pod Security Standard.',
      controls: { cwe: ['CWE-250'], asvs: ['V1.2.1'], nist80053: ['AC-6', 'SC-39', 'CM-7'] },
      remediation: 'Remove the host access at {{file}}:{{line}} ({{access}}); use a Service instead of hostNetwork, and an API or a dedicated agent instead of mounting the runtime socket.',
    },
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline', 'https://attack.mitre.org/techniques/T1611/'],
  },
  check(ctx) {
    for (const w of workloads(ctx)) {
      const access = w.hostAccess ?? [];
      if (access.length === 0) continue;
      ctx.report({ key: key(w, 'host-access'), evidence: [evidenceAt(w, 'hostAccessLine')], elements: elementsOf(ctx, w), data: { workload: label(w), access: access.join(', ') } });
    }
  },
});
