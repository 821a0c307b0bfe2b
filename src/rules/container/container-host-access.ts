import { defineRule } from '../types.js';
import { contextCap, deploymentContext, deploymentKey, elementsOf, runtimeDeployments, workloadLabel } from './_shared.js';

/** Readable names for the host access labels of the extractors. */
function describeAccess(label: string): string {
  const fixed: Record<string, string> = {
    'docker.sock': 'the Docker socket mounted',
    'host-root': 'the host root filesystem mounted',
    'network:host': 'the host network namespace',
    'pid:host': 'the host process namespace',
    'ipc:host': 'the host IPC namespace',
    'userns:host': 'the host user namespace',
  };
  if (fixed[label]) return fixed[label];
  if (label.endsWith('.sock')) return `the ${label.slice(0, -5)} runtime socket mounted`;
  if (label.startsWith('mount:')) return `host ${label.slice(6)} mounted`;
  if (label.startsWith('cap:')) return `the ${label.slice(4)} capability`;
  return label;
}

export const rule = defineRule({
  meta: {
    id: 'container-host-access',
    pack: 'container',
    title: 'Service {{workload}} reaches into its host',
    description:
      'Compose service {{workload}} gets direct access to its host: {{access}}. The Docker socket is full control of the Docker daemon (start a privileged container that mounts /), host namespaces remove network, process or IPC isolation, and host system mounts or capabilities such as SYS_ADMIN open known container escapes.',
    stride: ['E', 'T', 'I'],
    cwe: ['CWE-250', 'CWE-653'],
    capec: ['CAPEC-122'],
    attack: ['T1611', 'T1610'],
    owasp: ['A05:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker who gains code execution in the {{workload}} container',
      prerequisites: 'while the container has {{access}}',
      threatAction: 'use that host access to start new containers, inspect host processes or escape to the host',
      threatImpact: 'control of the Docker host and of every container on it',
      impactedGoal: ['confidentiality', 'integrity', 'availability'],
      impactedAssets: ['container host', 'data of co-located workloads'],
    },
    mitigation: {
      title: 'Keep containers out of host namespaces and away from the Docker socket',
      content:
        'Do not mount the container runtime socket or host system paths, do not share the host network, PID, IPC or user namespace, and do not add SYS_ADMIN or ALL capabilities. Where a tool needs the Docker API, put a filtering socket proxy in front of it that allows only the calls it needs.',
      controls: { cwe: ['CWE-250', 'CWE-653'], asvs: ['V1.2.1'], nist80053: ['AC-6', 'SC-39', 'CM-7'] },
      remediation:
        'In the cited service remove the host access: drop the docker.sock volume (or point the tool at a read-only socket proxy), replace network_mode, pid or ipc: host with published ports or a shared Compose network, remove host system path mounts and the SYS_ADMIN or ALL entries of cap_add.',
    },
    references: [
      'https://docs.docker.com/engine/security/#docker-daemon-attack-surface',
      'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html',
      'https://attack.mitre.org/techniques/T1611/',
    ],
  },
  check(ctx) {
    for (const fact of runtimeDeployments(ctx)) {
      const access = fact.hostAccess ?? [];
      if (access.length === 0) continue;
      ctx.report({
        key: deploymentKey(fact),
        evidence: [fact.evidence],
        elements: elementsOf(ctx, fact),
        ...contextCap(deploymentContext(ctx, fact)),
        data: { workload: workloadLabel(fact), access: access.map(describeAccess).join(', ') },
      });
    }
  },
});
