import { defineRule } from '../types.js';
import { configs, elementsOf, factKey } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'ignored-authorization-result',
    pack: 'web',
    title: 'Authorization check result ignored in {{file}}',
    description:
      'At {{file}}:{{line}} {{name}}() is called and its result dropped, but {{name}}() (at {{helperAt}}) answers a refusal by returning {{verdict}} rather than throwing. A caller it refuses passes the check and the request goes on.',
    stride: ['E', 'I'],
    cwe: ['CWE-252', 'CWE-863'],
    capec: ['CAPEC-122'],
    attack: ['T1078'],
    owasp: ['A01:2021', 'API1:2023'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'remote caller the check should refuse',
      prerequisites: 'who reaches the code path that calls the check',
      threatAction: 'continue past an authorization check whose negative answer is never read',
      threatImpact: 'access to data or actions the check was meant to deny',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['protected resources'],
    },
    mitigation: {
      title: 'Act on every authorization verdict',
      content: 'Read the result of an authorization helper and stop the request when it refuses, or make the helper throw on refusal so that a caller cannot forget to check it.',
      controls: { cwe: ['CWE-252', 'CWE-863'], asvs: ['V4.1.3', 'V4.1.5'], nist80053: ['AC-3', 'AC-6'] },
      remediation: 'At {{file}}:{{line}} keep the result of {{name}}() and refuse the request when it is negative (`const r = await {{name}}(…); if (!r.isValid) throw …`), or make {{name}}() throw instead of returning {{verdict}}.',
    },
    references: ['https://cwe.mitre.org/data/definitions/252.html', 'https://owasp.org/Top10/A01_2021-Broken_Access_Control/'],
  },
  check(ctx) {
    const helpers = configs(ctx, 'authz-verdict-helper');
    for (const d of configs(ctx, 'authz-verdict-dropped')) {
      // A helper of that name answers by its return value; one that only throws makes a dropped result harmless.
      const same = helpers.filter((h) => h.values.name === d.values.name);
      if (same.length === 0) continue;
      const h = same[0];
      ctx.report({
        key: factKey(d, 'ignored'),
        evidence: [d.evidence, h.evidence],
        elements: elementsOf(ctx, d),
        data: {
          name: String(d.values.name),
          helperAt: `${h.evidence.file}:${h.evidence.line}`,
          verdict: h.values.verdict === 'object' ? 'a verdict object (isValid: false)' : 'false',
        },
      });
    }
  },
});
