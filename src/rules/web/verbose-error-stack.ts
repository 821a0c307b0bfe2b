import { defineRule } from '../types.js';
import { configs, elementsOf, factKey } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'verbose-error-stack',
    pack: 'web',
    title: 'Error details returned to clients in {{file}}',
    description: 'The error response at {{file}}:{{line}} ({{what}}) sends {{detail}} to the client outside development, revealing file paths, library versions, queries and code structure that help an attacker aim further attacks.',
    stride: ['I'],
    cwe: ['CWE-209', 'CWE-497'],
    capec: ['CAPEC-54', 'CAPEC-215'],
    attack: ['T1592', 'T1190'],
    owasp: ['A05:2021', 'API8:2023'],
    likelihood: 'high',
    impact: 'low',
    confidence: 'high',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can trigger an error, for example with malformed input',
      threatAction: 'read {{detail}} from error responses',
      threatImpact: 'disclosure of internal paths, dependencies and logic that guides targeted exploits',
      impactedGoal: ['confidentiality'],
      impactedAssets: ['application internals'],
    },
    mitigation: {
      title: 'Return generic errors and log the details',
      content: 'Send a generic message and a correlation id to clients; log the stack trace server-side; gate detailed error pages on NODE_ENV being development.',
      controls: { cwe: ['CWE-209'], asvs: ['V7.4.1', 'V14.3.2'], nist80053: ['SI-11'] },
      remediation: 'At {{file}}:{{line}} respond with `{ error: \'Internal error\', id: requestId }` and log `err.stack` instead, or wrap the detailed response in `if (process.env.NODE_ENV === \'development\')`.',
    },
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/Error_Handling_Cheat_Sheet.html', 'https://expressjs.com/en/advanced/best-practice-security.html'],
  },
  check(ctx) {
    for (const f of configs(ctx, 'error-handler')) {
      if (f.values.devOnly === true) continue;
      if (f.values.exposesStack === true) {
        ctx.report({ key: factKey(f, 'stack'), evidence: [f.evidence], elements: elementsOf(ctx, f), data: { what: f.values.library === 'custom' ? 'err.stack in the response body' : `${String(f.values.library)} middleware`, detail: 'stack traces' } });
      } else if (f.values.exposesMessage === true) {
        // A message is less than a stack, and many are written for the client; the database's and
        // libraries' own messages (SQL fragments, file paths, hosts) pass the same way.
        ctx.report({
          key: factKey(f, 'message'),
          evidence: [f.evidence],
          elements: elementsOf(ctx, f),
          data: { what: 'the message of every error the catch-all handler receives', detail: 'internal error messages' },
          likelihood: 'low',
          confidence: 'low',
          remediation: `At ${f.evidence.file}:${f.evidence.line} send the message only for errors raised for the client (an HttpError with expose, a 4xx status) and a generic text with a correlation id otherwise; log the original error server-side.`,
        });
      }
    }
  },
});
