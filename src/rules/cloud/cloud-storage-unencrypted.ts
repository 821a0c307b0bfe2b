import { defineRule } from '../types.js';
import { elementsOf, key, label, resources } from './_shared.js';

export const rule = defineRule({
  meta: {
    id: 'cloud-storage-unencrypted',
    pack: 'cloud',
    title: 'S3 bucket {{resource}} has no encryption configuration',
    description: '{{resource}} declares no server-side encryption configuration. S3 applies SSE-S3 by default since 2023, but without an explicit configuration there is no customer-managed key, no key policy and no audit trail of key use to separate who may read the data from who administers the bucket.',
    stride: ['I'],
    cwe: ['CWE-311'],
    capec: ['CAPEC-37'],
    attack: ['T1530'],
    owasp: ['A02:2021'],
    likelihood: 'low',
    impact: 'medium',
    confidence: 'medium',
    grammar: {
      threatSource: 'insider or attacker with read access to the storage account',
      prerequisites: 'who holds broad S3 read permissions',
      threatAction: 'read objects of {{resource}} without a separate key permission',
      threatImpact: 'disclosure of stored data without a key-level control',
      impactedGoal: ['confidentiality'],
      impactedAssets: ['objects in {{resource}}'],
    },
    mitigation: {
      title: 'Configure encryption with a managed key',
      content: 'Declare server-side encryption explicitly with a customer-managed KMS key (SSE-KMS) and a key policy limited to the workloads that need the data; enable bucket keys to keep the cost down.',
      controls: { cwe: ['CWE-311'], asvs: ['V6.2.1'], nist80053: ['SC-28', 'SC-12'] },
      remediation: 'Add encryption for {{resource}} near {{file}}:{{line}} (aws_s3_bucket_server_side_encryption_configuration with sse_algorithm = "aws:kms" and kms_master_key_id, or BucketEncryption in CloudFormation).',
    },
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/serv-side-encryption.html'],
  },
  check(ctx) {
    for (const f of resources(ctx, 'storage-bucket')) {
      if (f.attributes?.encrypted !== false) continue;
      ctx.report({ key: key(f, 'unencrypted'), evidence: [f.evidence], elements: elementsOf(ctx, f), data: { resource: label(f) } });
    }
  },
});
