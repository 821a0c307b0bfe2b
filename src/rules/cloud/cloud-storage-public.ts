import { defineRule } from '../types.js';
import { elementsOf, evidenceAt, key, label, resources } from './_shared.js';

export const rule = defineRule({
  meta: {
    id: 'cloud-storage-public',
    pack: 'cloud',
    title: 'Storage {{resource}} is readable by anyone',
    description: '{{resource}} is made public ({{via}}). Every object in it can be listed or downloaded by anyone on the internet, without credentials.',
    stride: ['I'],
    cwe: ['CWE-732', 'CWE-284'],
    capec: ['CAPEC-122'],
    attack: ['T1530'],
    owasp: ['A01:2021'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'internet attacker',
      prerequisites: 'who finds or guesses the bucket name',
      threatAction: 'list and download the objects of {{resource}}',
      threatImpact: 'disclosure of every object stored in the bucket',
      impactedGoal: ['confidentiality'],
      impactedAssets: ['objects in {{resource}}'],
    },
    mitigation: {
      title: 'Keep storage private and block public access',
      content: 'Remove public ACLs and policies, enable the account- and bucket-level public access blocks (S3 Block Public Access, GCS public access prevention, Azure allowNestedItemsToBePublic false) and serve public files through a CDN with an origin access control.',
      controls: { cwe: ['CWE-732', 'CWE-284'], asvs: ['V4.1.3'], nist80053: ['AC-3', 'AC-6', 'SC-7'] },
      remediation: 'At {{file}}:{{line}} remove the public grant ({{via}}) and add a public access block (aws_s3_bucket_public_access_block with all four flags true, public_access_prevention = "enforced", or allow_nested_items_to_be_public = false).',
    },
    references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html', 'https://cloud.google.com/storage/docs/public-access-prevention'],
  },
  check(ctx) {
    for (const f of resources(ctx, 'storage-bucket')) {
      const a = f.attributes ?? {};
      if (a.public !== true || a.publicBlocked === true) continue;
      const at = typeof a.publicAt === 'string' ? evidenceAt(f, 'publicAt') : evidenceAt(f, 'publicLine');
      ctx.report({ key: key(f, 'public'), evidence: [at], elements: elementsOf(ctx, f), data: { resource: label(f), via: String(a.publicVia ?? 'public grant') } });
    }
  },
});
