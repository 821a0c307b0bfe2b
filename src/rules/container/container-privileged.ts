import { defineRule } from '../types.js';
import { contextCap, deploymentContext, deploymentKey, elementsOf, runtimeDeployments, workloadLabel } from './_shared.js';

export const rule = defineRule({
  meta: {
    id: 'container-privileged',
    pack: 'container',
    title: 'Service {{workload}} runs as a privileged container',
    description:
      'Compose service {{workload}} sets privileged: true: the container gets every Linux capability, all host devices and no seccomp or AppArmor confinement, so root in this container is root on the host.',
    stride: ['E'],
    cwe: ['CWE-250'],
    capec: ['CAPEC-69'],
    attack: ['T1611'],
    owasp: ['A05:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker who gains code execution in the {{workload}} container',
      prerequisites: 'while the container runs in privileged mode',
      threatAction: 'mount the host disks or load kernel modules from inside the container',
      threatImpact: 'full control of the host and of every workload on it',
      impactedGoal: ['confidentiality', 'integrity', 'availability'],
      impactedAssets: ['container host', 'data of co-located workloads'],
    },
    mitigation: {
      title: 'Do not run containers in privileged mode',
      content:
        'Remove privileged mode. Grant only the single capability (cap_add) or device (devices:) the workload really needs, keep the default seccomp and AppArmor profiles and set no-new-privileges.',
      controls: { cwe: ['CWE-250'], asvs: ['V1.2.1'], nist80053: ['AC-6', 'CM-7', 'SC-39'] },
      remediation:
        'Delete privileged: true from the cited service. If it needs one kernel feature, add only that capability under cap_add (for example NET_ADMIN) and add security_opt: ["no-new-privileges:true"].',
    },
    references: [
      'https://docs.docker.com/reference/compose-file/services/#privileged',
      'https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities',
      'https://cwe.mitre.org/data/definitions/250.html',
    ],
  },
  check(ctx) {
    for (const fact of runtimeDeployments(ctx)) {
      if (fact.privileged !== true) continue;
      ctx.report({
        key: deploymentKey(fact),
        evidence: [fact.evidence],
        elements: elementsOf(ctx, fact),
        ...contextCap(deploymentContext(ctx, fact)),
        data: { workload: workloadLabel(fact) },
      });
    }
  },
});
