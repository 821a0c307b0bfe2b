import { defineRule } from '../types.js';
import { configs, elementsOf, factKey } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'stored-template-code-execution',
    pack: 'web',
    title: 'Stored content compiled as a {{engine}} template in {{file}}',
    description:
      'At {{file}}:{{line}} {{engine}} compiles {{template}}, the text of a record read at line {{readLine}} ({{read}}). {{engine}} templates are JavaScript, so whoever can write that record (another user, an API token, a compromised account) runs code in the server process with its secrets and data.',
    stride: ['T', 'E'],
    cwe: ['CWE-1336', 'CWE-94'],
    capec: ['CAPEC-242'],
    attack: ['T1059.007', 'T1190'],
    owasp: ['A03:2021'],
    // The attacker must first be able to write the record; the capability is by design in some
    // products (user-authored share templates), so it is reported for the trust it implies.
    likelihood: 'low',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'attacker who can write the stored record',
      prerequisites: 'through an account, an API token or another injection that stores content',
      threatAction: 'store template code in the record that {{engine}} compiles',
      threatImpact: 'running code on the server and reading its secrets and every user\'s data',
      impactedGoal: ['confidentiality', 'integrity', 'availability'],
      impactedAssets: ['server process', 'application secrets'],
    },
    mitigation: {
      title: 'Do not compile stored content with a code-running template engine',
      content:
        'Render stored content as data inside templates the application ships; if users must author templates, use a logic-less engine (Mustache, Liquid in strict mode) or run the rendering in an isolated process without secrets, and limit who may write template records to administrators.',
      controls: { cwe: ['CWE-1336', 'CWE-94'], asvs: ['V5.2.5', 'V1.14.6'], nist80053: ['SI-10', 'AC-6', 'SC-39'] },
      remediation: 'At {{file}}:{{line}} replace {{engine}} on the stored text with a logic-less engine (e.g. Mustache.render(text, view)), or restrict writes of the template record to administrators and render it in a sandboxed worker.',
    },
    references: ['https://portswigger.net/web-security/server-side-template-injection', 'https://cwe.mitre.org/data/definitions/1336.html'],
  },
  check(ctx) {
    for (const f of configs(ctx, 'stored-template-compiled')) {
      const v = f.values;
      ctx.report({
        key: factKey(f, 'stored-template'),
        evidence: [f.evidence],
        elements: elementsOf(ctx, f),
        data: { engine: String(v.engine), template: String(v.template), read: String(v.read), readLine: String(v.readLine) },
      });
    }
  },
});
