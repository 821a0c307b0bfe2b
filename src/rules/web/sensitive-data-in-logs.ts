import { defineRule } from '../types.js';
import { configs, elementsOf, factKey } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'sensitive-data-in-logs',
    pack: 'web',
    title: 'Sensitive data written to logs in {{file}}',
    description: 'At {{file}}:{{line}} {{api}} logs {{data}}. Logs are copied to log shippers, dashboards and support tickets and kept for a long time, so credentials or personal data in them reach many more people than the database does.',
    stride: ['I', 'R'],
    cwe: ['CWE-532'],
    capec: ['CAPEC-116', 'CAPEC-37'],
    attack: ['T1552', 'T1005'],
    owasp: ['A09:2021'],
    likelihood: 'medium',
    impact: 'medium',
    confidence: 'medium',
    grammar: {
      threatSource: 'insider or attacker with access to logs',
      prerequisites: 'who can read application logs or a log aggregation system',
      threatAction: 'collect passwords, tokens or personal data from log entries',
      threatImpact: 'account takeover and personal data exposure',
      impactedGoal: ['confidentiality'],
      impactedAssets: ['credentials', 'personal data'],
    },
    mitigation: {
      title: 'Keep secrets and raw request data out of logs',
      content: 'Log identifiers and outcomes, not request bodies, headers or credentials; configure the logger to redact sensitive keys (pino redact, winston format) and treat logs as sensitive data.',
      controls: { cwe: ['CWE-532'], asvs: ['V7.1.1', 'V7.1.2'], nist80053: ['AU-9', 'AU-3(3)', 'SC-28'] },
      remediation: 'At {{file}}:{{line}} log only non-sensitive fields (for example the user id and result) or add the field to the logger\'s redaction list.',
    },
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html#data-to-exclude', 'https://cwe.mitre.org/data/definitions/532.html'],
  },
  check(ctx) {
    for (const f of configs(ctx, 'log-sensitive-data')) {
      ctx.report({ key: factKey(f, 'log'), evidence: [f.evidence], elements: elementsOf(ctx, f), data: { api: String(f.values.api), data: String(f.values.data) } });
    }
  },
});
