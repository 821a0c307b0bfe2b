import { defineRule } from '../types.js';
import { elementsOf, evidenceAt, key, label, resources } from './_shared.js';

export const rule = defineRule({
  meta: {
    id: 'cloud-kms-rotation-disabled',
    pack: 'cloud',
    title: 'KMS key {{resource}} is never rotated',
    description: '{{resource}} does not enable automatic key rotation, so one key material protects all data for as long as the key lives and a leaked key stays useful.',
    stride: ['I'],
    cwe: ['CWE-324'],
    capec: ['CAPEC-97'],
    attack: ['T1552'],
    owasp: ['A02:2021'],
    likelihood: 'low',
    impact: 'medium',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker who obtains key material or long-lived grants',
      prerequisites: 'over the lifetime of {{resource}}',
      threatAction: 'decrypt all data ever protected by the key',
      threatImpact: 'long-term disclosure of encrypted data',
      impactedGoal: ['confidentiality'],
      impactedAssets: ['data encrypted with {{resource}}'],
    },
    mitigation: {
      title: 'Enable automatic key rotation',
      content: 'Turn on yearly (or shorter) automatic rotation for symmetric customer-managed keys.',
      controls: { cwe: ['CWE-324'], asvs: ['V6.4.2'], nist80053: ['SC-12', 'SC-12(1)'] },
      remediation: 'At {{file}}:{{line}} set enable_key_rotation = true (EnableKeyRotation: true).',
    },
    references: ['https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html'],
  },
  check(ctx) {
    for (const f of resources(ctx, 'kms-key')) {
      if (f.attributes?.rotation !== false) continue;
      ctx.report({ key: key(f, 'rotation'), evidence: [evidenceAt(f, 'rotationLine')], elements: elementsOf(ctx, f), data: { resource: label(f) } });
    }
  },
});
