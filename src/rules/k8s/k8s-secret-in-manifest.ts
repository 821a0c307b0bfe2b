import { defineRule } from '../types.js';
import { isKubernetesFact } from './_shared.js';
import { inExampleFolder } from '../container/_shared.js';

export const rule = defineRule({
  meta: {
    id: 'k8s-secret-in-manifest',
    pack: 'k8s',
    title: 'Hard-coded {{secretType}} in a Kubernetes manifest',
    description: '{{file}} holds a literal {{secretType}} ({{redacted}}) in {{where}}. Everyone who can read the repository or the rendered chart has it, and base64 in a Secret is an encoding, not encryption.',
    stride: ['I'],
    cwe: ['CWE-798', 'CWE-312'],
    capec: ['CAPEC-191'],
    attack: ['T1552.001', 'T1552.007'],
    owasp: ['A07:2021', 'A02:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'insider or attacker with read access to the repository or the cluster manifests',
      prerequisites: 'who can read {{file}}',
      threatAction: 'read the {{secretType}} and reuse it against the service it unlocks',
      threatImpact: 'unauthorised access to the systems that credential protects',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['credentials'],
    },
    mitigation: {
      title: 'Keep secret values out of manifests',
      content: 'Commit references, not values: create Secrets from a secret manager (External Secrets Operator, Secrets Store CSI driver) or commit them encrypted (Sealed Secrets, SOPS), and reference them with secretKeyRef. Rotate every value that was committed.',
      controls: { cwe: ['CWE-798'], asvs: ['V2.10.4', 'V6.4.1'], nist80053: ['IA-5(7)', 'SC-28'] },
      remediation: 'Remove the literal at {{file}}:{{line}}; load it from an external secret store or a sealed/SOPS-encrypted Secret and reference it through valueFrom.secretKeyRef. Then rotate the exposed credential.',
    },
    references: ['https://kubernetes.io/docs/concepts/security/secrets-good-practices/', 'https://cwe.mitre.org/data/definitions/798.html'],
  },
  check(ctx) {
    for (const secret of ctx.factsOf('secret')) {
      if (!isKubernetesFact(secret)) continue;
      const owner = ctx.system.components.find((c) => c.evidence.some((e) => e.file === secret.evidence.file));
      const where = secret.key?.includes('#env:') ? 'a container env value' : secret.key?.includes('#data:') ? 'a ConfigMap' : 'a Secret object';
      ctx.report({
        key: secret.key ?? `${secret.evidence.file}#${secret.redacted}`,
        evidence: [secret.evidence],
        elements: owner ? [owner.id] : [],
        data: { secretType: secret.secretType === 'generic-secret' ? 'secret' : secret.secretType.replace(/-/g, ' '), redacted: secret.redacted, where },
        // An example manifest (`kubernetes-examples/`) is copied and edited, not applied as it is: less likely.
        ...(inExampleFolder(secret.evidence.file) ? { likelihood: 'low' as const } : {}),
      });
    }
  },
});
