import { defineRule } from '../types.js';
import { elementsOf, evidenceAt, key, label, resources } from './_shared.js';

export const rule = defineRule({
  meta: {
    id: 'cloud-database-publicly-accessible',
    pack: 'cloud',
    title: 'Database {{resource}} is publicly accessible',
    description: '{{resource}} sets publicly accessible: it gets a public address and, with a permissive security group, accepts connections from the internet.',
    stride: ['I', 'T', 'S'],
    cwe: ['CWE-668'],
    capec: ['CAPEC-112'],
    attack: ['T1190'],
    owasp: ['A05:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'internet attacker',
      prerequisites: 'who can reach the public endpoint of {{resource}}',
      threatAction: 'connect to the database directly and guess or reuse credentials',
      threatImpact: 'data read or altered outside the application',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['data in {{resource}}'],
    },
    mitigation: {
      title: 'Keep databases in private subnets',
      content: 'Turn off public accessibility, place the instance in private subnets and reach it from the application tier or through a bastion.',
      controls: { cwe: ['CWE-668'], asvs: ['V1.9.1'], nist80053: ['SC-7', 'AC-4'] },
      remediation: 'At {{file}}:{{line}} set publicly_accessible = false (PubliclyAccessible: false).',
    },
    references: ['https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html'],
  },
  check(ctx) {
    for (const f of resources(ctx, 'database')) {
      if (f.attributes?.publiclyAccessible !== true) continue;
      ctx.report({ key: key(f, 'public'), evidence: [evidenceAt(f, 'publicLine')], elements: elementsOf(ctx, f), data: { resource: label(f) } });
    }
  },
});
