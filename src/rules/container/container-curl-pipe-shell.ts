import { defineRule } from '../types.js';
import { containerDeployments, deploymentKey, elementsOf, evidenceAtLine, lessLikely, workloadLabel } from './_shared.js';

export const rule = defineRule({
  meta: {
    id: 'container-curl-pipe-shell',
    pack: 'container',
    title: 'Dockerfile {{file}} pipes a download into a shell',
    description:
      'A RUN instruction in {{file}} downloads a script with curl or wget and runs it straight in a shell during the build. Nothing checks what was downloaded, so a compromised or spoofed server runs arbitrary commands in the build and in the resulting image.',
    stride: ['T'],
    cwe: ['CWE-494', 'CWE-829'],
    capec: ['CAPEC-186', 'CAPEC-185'],
    attack: ['T1195.002', 'T1059.004'],
    owasp: ['A08:2021'],
    likelihood: 'low',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker who controls the script host, its DNS or the network path',
      prerequisites: 'when the image is built',
      threatAction: 'serve a modified install script that the RUN instruction executes as root',
      threatImpact: 'arbitrary code in the image and in the build environment',
      impactedGoal: ['integrity', 'confidentiality'],
      impactedAssets: ['{{workload}} container image', 'build secrets'],
    },
    mitigation: {
      title: 'Verify install scripts before running them',
      content:
        'Download scripts to a file, verify them against a pinned checksum or signature, then run them; better, install the tool from the distribution package manager or a versioned, checksummed release artifact.',
      controls: { cwe: ['CWE-494'], asvs: ['V10.3.2'], nist80053: ['SI-7', 'SI-7(6)', 'CM-14'] },
      remediation:
        'Split the cited RUN into curl -fsSLo /tmp/install.sh URL, a sha256sum -c check against a digest committed in the Dockerfile, and sh /tmp/install.sh; or install the same tool with apt-get or apk at a pinned version.',
    },
    references: [
      'https://cwe.mitre.org/data/definitions/494.html',
      'https://docs.docker.com/build/building/best-practices/#run',
    ],
  },
  check(ctx) {
    for (const fact of containerDeployments(ctx)) {
      const line = fact.attributes?.curlPipeShellLine;
      if (fact.platform !== 'docker' || typeof line !== 'number') continue;
      ctx.report({
        key: deploymentKey(fact, 'curl-pipe-shell'),
        evidence: [evidenceAtLine(fact, line)],
        ...lessLikely(ctx, fact.evidence.file),
        elements: elementsOf(ctx, fact),
        data: { workload: workloadLabel(fact) },
      });
    }
  },
});
