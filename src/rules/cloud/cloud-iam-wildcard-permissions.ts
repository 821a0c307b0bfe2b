import { defineRule } from '../types.js';
import { elementsOf, evidenceAt, key, label, resources } from './_shared.js';

export const rule = defineRule({
  meta: {
    id: 'cloud-iam-wildcard-permissions',
    pack: 'cloud',
    title: 'IAM policy {{resource}} grants {{grant}}',
    description: '{{resource}} allows {{grant}}{{lambda}}. Whoever obtains these credentials, through a compromised workload or leaked keys, gets far more than the task needs.',
    stride: ['E'],
    cwe: ['CWE-269', 'CWE-732'],
    capec: ['CAPEC-122'],
    attack: ['T1078.004', 'T1098'],
    owasp: ['A01:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker who obtains the credentials of a principal using {{resource}}',
      prerequisites: 'for example through code execution in a function that runs with it',
      threatAction: 'use the wildcard permissions to read data, create access keys or change IAM',
      threatImpact: 'privilege escalation across the cloud account',
      impactedGoal: ['confidentiality', 'integrity', 'availability'],
      impactedAssets: ['cloud account resources'],
    },
    mitigation: {
      title: 'Grant least privilege',
      content: 'List the exact actions and resource ARNs each principal needs (IAM Access Analyzer policy generation helps), never Action "*" or service-wide wildcards, and give every function its own role.',
      controls: { cwe: ['CWE-269', 'CWE-732'], asvs: ['V4.1.3'], nist80053: ['AC-6', 'AC-6(10)', 'AC-2'] },
      remediation: 'At {{file}}:{{line}} replace the wildcard with the specific actions and resource ARNs the workload uses.',
    },
    references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege', 'https://attack.mitre.org/techniques/T1078/004/'],
  },
  check(ctx) {
    for (const f of resources(ctx, 'iam-policy')) {
      const a = f.attributes ?? {};
      const wildcards = String(a.wildcardActions ?? '');
      const sensitive = String(a.sensitiveOnAnyResource ?? '');
      if (!wildcards && !sensitive) continue;
      const grant = wildcards ? `wildcard actions (${wildcards})` : `${sensitive} on every resource`;
      const lambdas = String(a.usedByLambdas ?? '');
      ctx.report({ key: key(f, 'wildcard'), evidence: [evidenceAt(f, 'policyLine')], elements: elementsOf(ctx, f), data: { resource: label(f), grant, lambda: lambdas ? ` to the Lambda function ${lambdas} through its execution role` : '' } });
    }
  },
});
