import { defineRule } from '../types.js';
import { elementsOf, evidenceAt, key, label, resources } from './_shared.js';

export const rule = defineRule({
  meta: {
    id: 'cloud-database-unencrypted',
    pack: 'cloud',
    title: 'Database {{resource}} stores data unencrypted',
    description: '{{resource}} does not enable storage encryption. Its disks, snapshots and read replicas hold the data in clear, and encryption cannot be switched on later without a copy and restore.',
    stride: ['I'],
    cwe: ['CWE-311'],
    capec: ['CAPEC-37'],
    attack: ['T1530'],
    owasp: ['A02:2021'],
    likelihood: 'low',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'insider or attacker with access to snapshots or backups',
      prerequisites: 'who can copy or share a snapshot of {{resource}}',
      threatAction: 'restore the snapshot elsewhere and read the data',
      threatImpact: 'disclosure of the whole database',
      impactedGoal: ['confidentiality'],
      impactedAssets: ['data in {{resource}}'],
    },
    mitigation: {
      title: 'Encrypt database storage with KMS',
      content: 'Create databases with storage encryption on and a customer-managed KMS key; migrate existing ones through an encrypted snapshot copy.',
      controls: { cwe: ['CWE-311'], asvs: ['V6.2.1'], nist80053: ['SC-28', 'SC-28(1)'] },
      remediation: 'At {{file}}:{{line}} set storage_encrypted = true (StorageEncrypted: true) with kms_key_id.',
    },
    references: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html'],
  },
  check(ctx) {
    for (const f of resources(ctx, 'database')) {
      if (f.attributes?.encrypted !== false) continue;
      ctx.report({ key: key(f, 'unencrypted'), evidence: [evidenceAt(f, 'encryptedLine')], elements: elementsOf(ctx, f), data: { resource: label(f) } });
    }
  },
});
