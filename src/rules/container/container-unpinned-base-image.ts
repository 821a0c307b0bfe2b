import { defineRule } from '../types.js';
import { contextCap, deploymentAround, deploymentContext, elementsOf, isContainerFact, lessLikely, workloadLabel } from './_shared.js';

export const rule = defineRule({
  meta: {
    id: 'container-unpinned-base-image',
    pack: 'container',
    title: 'Image {{image}} is not pinned to a version',
    description:
      '{{file}} uses {{image}} {{how}}, so each build or deployment pulls whatever that tag points to at the time: builds are not reproducible, a vulnerable or compromised upstream image is picked up silently, and incident response cannot tell which image version runs.',
    stride: ['T'],
    cwe: ['CWE-1357', 'CWE-829'],
    capec: ['CAPEC-538', 'CAPEC-186'],
    attack: ['T1195.002', 'T1525'],
    owasp: ['A08:2021', 'A06:2021'],
    likelihood: 'low',
    impact: 'medium',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker who compromises the upstream image publisher or the registry',
      prerequisites: 'when the next build or deployment pulls {{image}}',
      threatAction: 'publish a malicious or vulnerable image under the floating latest tag',
      threatImpact: 'attacker-controlled or vulnerable code running in {{workload}}',
      impactedGoal: ['integrity', 'confidentiality'],
      impactedAssets: ['{{workload}} container'],
    },
    mitigation: {
      title: 'Pin container images to a version and digest',
      content:
        'Reference base and service images by an explicit version tag plus digest (image:1.2.3@sha256:...), update them deliberately through a dependency bot such as Renovate or Dependabot, and scan the pinned images.',
      controls: { cwe: ['CWE-1357'], asvs: ['V14.2.4', 'V10.3.2'], nist80053: ['CM-2', 'SI-7', 'CM-14'] },
      remediation:
        'On the cited line replace the floating reference with an explicit version and digest, for example FROM node:20.11.1-alpine3.19@sha256:... or image: postgres:16.2@sha256:..., and let Renovate or Dependabot propose updates.',
    },
    references: [
      'https://docs.docker.com/build/building/best-practices/#pin-base-image-versions',
      'https://docs.docker.com/reference/dockerfile/#from',
      'https://cwe.mitre.org/data/definitions/1357.html',
    ],
  },
  check(ctx) {
    for (const dep of ctx.factsOf('dependency')) {
      if (dep.ecosystem !== 'docker' || dep.version !== 'latest' || !isContainerFact(dep)) continue;
      const deployment = deploymentAround(ctx, dep.evidence);
      const explicit = /:latest\b/.test(dep.evidence.snippet ?? '');
      ctx.report({
        key: `${dep.evidence.file}#${dep.name}`,
        evidence: [dep.evidence],
        ...lessLikely(ctx, dep.evidence.file),
        ...(deployment ? contextCap(deploymentContext(ctx, deployment)) : {}),
        elements: deployment ? elementsOf(ctx, deployment) : [],
        data: {
          image: dep.name,
          how: explicit ? 'with the floating latest tag' : 'without a tag (Docker pulls latest)',
          workload: deployment ? workloadLabel(deployment) : dep.evidence.file,
        },
      });
    }
  },
});
