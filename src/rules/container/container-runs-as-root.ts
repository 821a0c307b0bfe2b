import { defineRule } from '../types.js';
import { baseImageOnly, contextCap, deploymentContext, deploymentKey, elementsOf, evidenceAtLine, runtimeDeployments, workloadLabel } from './_shared.js';

export const rule = defineRule({
  meta: {
    id: 'container-runs-as-root',
    pack: 'container',
    title: 'Container {{workload}} runs as root',
    description:
      'The container of {{workload}} runs its process as root, uid 0 ({{reason}}). Any code execution in it is root inside the container, one kernel or runtime flaw or one writable host mount away from root on the host.',
    stride: ['E'],
    cwe: ['CWE-250'],
    capec: ['CAPEC-69'],
    attack: ['T1611', 'T1068'],
    owasp: ['A05:2021'],
    // A hardening gap: it matters only after an attacker already runs code in the container.
    likelihood: 'low',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker who gains code execution in the {{workload}} container',
      prerequisites: 'through a flaw in the application or one of its dependencies',
      threatAction: 'act as root inside the container and exploit a container runtime or kernel flaw to break out of it',
      threatImpact: 'control of the host and of every other container running on it',
      impactedGoal: ['confidentiality', 'integrity', 'availability'],
      impactedAssets: ['container host', 'data of co-located workloads'],
    },
    mitigation: {
      title: 'Run containers as an unprivileged user',
      content:
        'Create a dedicated user with a fixed high UID in the image and switch to it with USER in the final stage (or set user: in Compose, runAsNonRoot in Kubernetes). Files the process does not need to write stay owned by root.',
      controls: { cwe: ['CWE-250'], asvs: ['V1.2.1'], nist80053: ['AC-6', 'AC-6(10)', 'CM-7'] },
      remediation:
        'At the cited line, make the container run as a non-root user: in the final Dockerfile stage add RUN useradd --system --uid 10001 app (addgroup -S / adduser -S on Alpine) and USER 10001 after the last RUN, or replace USER root; in Compose replace user: root with a numeric non-root UID such as user: "10001".',
    },
    references: [
      'https://docs.docker.com/reference/dockerfile/#user',
      'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html',
      'https://cwe.mitre.org/data/definitions/250.html',
    ],
  },
  check(ctx) {
    for (const fact of runtimeDeployments(ctx)) {
      if (fact.runsAsRoot !== true || baseImageOnly(ctx, fact)) continue;
      const userLine = fact.attributes?.userLine;
      const reason =
        fact.platform === 'compose'
          ? 'user: root in the Compose service'
          : userLine !== undefined
            ? 'USER root in the stage that runs'
            : 'no USER instruction in the stage that runs';
      ctx.report({
        key: deploymentKey(fact),
        evidence: [evidenceAtLine(fact, userLine)],
        elements: elementsOf(ctx, fact),
        data: { workload: workloadLabel(fact), reason },
        ...contextCap(deploymentContext(ctx, fact)),
      });
    }
  },
});
