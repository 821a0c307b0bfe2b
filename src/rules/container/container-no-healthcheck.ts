import { defineRule } from '../types.js';
import { containerDeployments, deploymentKey, elementsOf, runtimeDeployments, workloadLabel } from './_shared.js';

export const rule = defineRule({
  meta: {
    id: 'container-no-healthcheck',
    pack: 'container',
    title: 'Image built from {{file}} has no health check',
    description:
      'The final stage of {{file}} defines no HEALTHCHECK and no Compose healthcheck covers the service, so a hung or deadlocked process keeps its container marked as running: nothing restarts it and depends_on with condition service_healthy cannot wait for it.',
    stride: ['D'],
    cwe: ['CWE-754'],
    capec: ['CAPEC-25'],
    attack: ['T1499.004'],
    owasp: ['A05:2021'],
    likelihood: 'low',
    impact: 'low',
    confidence: 'medium',
    grammar: {
      threatSource: 'remote attacker or a faulty request',
      prerequisites: 'that hangs or deadlocks the {{workload}} service',
      threatAction: 'leave the service unresponsive while its container is still reported as running',
      threatImpact: 'an outage that is neither detected nor repaired by an automatic restart',
      impactedGoal: ['availability'],
      impactedAssets: ['{{workload}} service'],
    },
    mitigation: {
      title: 'Give every long-running container a health check',
      content:
        'Add a HEALTHCHECK to the final stage (or healthcheck: in Compose, probes in Kubernetes) that exercises the service cheaply, such as a /healthz endpoint, so the runtime can detect a hung process and restart it.',
      controls: { cwe: ['CWE-754'], nist80053: ['SI-4', 'SI-13'] },
      remediation:
        'After the cited FROM line add for example HEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://localhost:8080/healthz || exit 1 with your port and health path (for distroless images call a health subcommand of the binary), or add a healthcheck: block to the Compose service.',
    },
    references: [
      'https://docs.docker.com/reference/dockerfile/#healthcheck',
      'https://docs.docker.com/reference/compose-file/services/#healthcheck',
      'https://cwe.mitre.org/data/definitions/754.html',
    ],
  },
  check(ctx) {
    const deployments = runtimeDeployments(ctx);
    for (const fact of deployments) {
      if (fact.platform !== 'docker' || fact.attributes?.healthcheck !== false) continue;
      // A Compose healthcheck on the service built from this folder covers the image, also one in a
      // test or CI Compose file: it shows the image has a probe its deployments use.
      const services = containerDeployments(ctx).filter((d) => d.platform === 'compose' && d.buildContext === fact.buildContext);
      if (services.some((s) => s.attributes?.healthcheck === true)) continue;
      // Only long-running servers need one: the image or its service listens on a port.
      const listens = (fact.ports ?? []).length > 0 || services.some((s) => (s.ports ?? []).length > 0);
      if (!listens) continue;
      ctx.report({
        key: deploymentKey(fact, 'healthcheck'),
        evidence: [fact.evidence],
        elements: elementsOf(ctx, fact),
        data: { workload: workloadLabel(fact) },
      });
    }
  },
});
