import { defineRule } from '../types.js';
import { containerDeployments, deploymentKey, elementsOf, evidenceAtLine, lessLikely, workloadLabel } from './_shared.js';

export const rule = defineRule({
  meta: {
    id: 'container-add-from-url',
    pack: 'container',
    title: 'Dockerfile {{file}} adds a remote file without an integrity check',
    description:
      'An ADD instruction in {{file}} downloads a file from a URL at build time without --checksum, so whatever the server, or anyone on the network path, returns is built into the image unverified.',
    stride: ['T'],
    cwe: ['CWE-494'],
    capec: ['CAPEC-186', 'CAPEC-185'],
    attack: ['T1195.002', 'T1105'],
    owasp: ['A08:2021'],
    likelihood: 'low',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker who controls the download server, its DNS or the network path',
      prerequisites: 'when the image is built',
      threatAction: 'serve a tampered file to the ADD instruction',
      threatImpact: 'malicious code built into the image and run in every container started from it',
      impactedGoal: ['integrity'],
      impactedAssets: ['{{workload}} container image'],
    },
    mitigation: {
      title: 'Verify downloaded build inputs',
      content:
        'Download remote build inputs only with a pinned checksum (ADD --checksum=sha256:..., or curl followed by sha256sum -c against a committed digest), prefer versioned release artifacts over HTTPS, or install from the distribution package manager.',
      controls: { cwe: ['CWE-494'], asvs: ['V10.3.2'], nist80053: ['SI-7', 'SI-7(6)', 'CM-14'] },
      remediation:
        'On the cited ADD line add --checksum=sha256:DIGEST-OF-THE-FILE (BuildKit), or replace it with RUN curl -fsSLo FILE URL followed by a sha256sum -c check against a digest committed in the Dockerfile.',
    },
    references: [
      'https://docs.docker.com/reference/dockerfile/#add---checksum',
      'https://cwe.mitre.org/data/definitions/494.html',
    ],
  },
  check(ctx) {
    for (const fact of containerDeployments(ctx)) {
      const line = fact.attributes?.addFromUrlLine;
      if (fact.platform !== 'docker' || typeof line !== 'number') continue;
      ctx.report({
        key: deploymentKey(fact, 'add-url'),
        evidence: [evidenceAtLine(fact, line)],
        ...lessLikely(ctx, fact.evidence.file),
        elements: elementsOf(ctx, fact),
        data: { workload: workloadLabel(fact) },
      });
    }
  },
});
