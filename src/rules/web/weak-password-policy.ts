import { defineRule } from '../types.js';
import { elementsOf, factKey, serverSites } from './_web-routes.js';

const HOW: Record<string, string> = {
  pattern: 'the pattern',
  length: 'the length check',
  validator: 'the validator',
  schema: 'the schema',
  decorator: 'the validation decorator',
};

export const rule = defineRule({
  meta: {
    id: 'weak-password-policy',
    pack: 'web',
    title: 'Password policy accepts {{min}}-character passwords in {{file}}',
    description:
      'At {{file}}:{{line}} {{how}} {{check}}, the strictest length check made there on a new `{{field}}`, accepts passwords of {{min}} character(s), below the 8 that NIST SP 800-63B sets as the minimum for a password the user chooses. Short passwords fall to online guessing and password spraying in few attempts, and to offline cracking at once if the hashes leak.',
    stride: ['S'],
    cwe: ['CWE-521'],
    capec: ['CAPEC-49', 'CAPEC-16', 'CAPEC-565'],
    attack: ['T1110.001', 'T1110.003'],
    owasp: ['A07:2021', 'API2:2023'],
    likelihood: 'medium',
    impact: 'medium',
    confidence: 'medium',
    grammar: {
      threatSource: 'remote attacker with a password wordlist',
      prerequisites: 'who can reach the login of an account whose owner chose a short password',
      threatAction: 'guess or spray short passwords that the policy at {{file}}:{{line}} lets users choose',
      threatImpact: 'takeover of the accounts with short passwords',
      impactedGoal: ['authenticity', 'confidentiality'],
      impactedAssets: ['user accounts', 'user credentials'],
    },
    mitigation: {
      title: 'Require at least 8 characters and reject known passwords',
      content: 'Ask for at least 8 characters (15 where the password is the only factor), allow at least 64, and check new passwords against a list of breached or common passwords (or a strength estimator such as zxcvbn) instead of composition rules; enforce it on the server for sign-up, reset and change alike.',
      controls: { cwe: ['CWE-521'], asvs: ['V2.1.1', 'V2.1.7'], nist80053: ['IA-5(1)'] },
      remediation: 'At {{file}}:{{line}} raise the minimum length of `{{field}}` from {{min}} to at least 8 characters (and check new passwords against a breached-password list or zxcvbn), on the server for sign-up, reset and change alike.',
    },
    references: ['https://cwe.mitre.org/data/definitions/521.html', 'https://pages.nist.gov/800-63-3/sp800-63b.html#memsecret', 'https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#implement-proper-password-strength-controls'],
  },
  check(ctx) {
    for (const { fact: f, route } of serverSites(ctx, 'password-policy', 6)) {
      ctx.report({
        key: factKey(f),
        evidence: [f.evidence],
        elements: elementsOf(ctx, route ?? f),
        data: {
          min: String(f.values.min),
          how: HOW[String(f.values.how)] ?? 'the check',
          check: `\`${String(f.values.check)}\``,
          field: String(f.values.field),
        },
      });
    }
  },
});
