// XPath expression built from request data: reports tainted `xpath` sink facts from the taint extractors.
import { at, reportTaintSinks } from '../../extract/js/_lib/taint-report.js';
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'xpath-injection',
    pack: 'web',
    title: 'XPath expression built from request data',
    description:
      'Request data is concatenated into an XPath expression, so a client can close the quoted value and add predicates of its own: it reads nodes it should not see (other users\' records, secrets kept in the document) or turns a lookup that checks credentials into one that always matches.',
    stride: ['I', 'T', 'S'],
    cwe: ['CWE-643'],
    capec: ['CAPEC-83'],
    attack: ['T1190'],
    owasp: ['A03:2021'],
    likelihood: 'high',
    impact: 'medium',
    confidence: 'high',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can send requests to {{route}}',
      threatAction: 'add predicates to the XPath expression evaluated by {{api}} through {{source}}',
      threatImpact: 'reading XML data beyond the intended node or bypassing a check made by the lookup',
      impactedGoal: ['confidentiality', 'integrity'],
      impactedAssets: ['XML documents'],
    },
    mitigation: {
      title: 'Pass request values to XPath as variables',
      content:
        'Keep the XPath expression constant and bind request values as variables (xpath.evaluate with a variable resolver, fontoxpath variables), or check them against an allow-list; never splice them into the expression text.',
      controls: { cwe: ['CWE-643'], asvs: ['V5.3.10'], nist80053: ['SI-10'] },
      remediation: 'At {{file}}:{{line}}, keep the expression of {{api}} constant and pass {{source}} as an XPath variable, or check it against an allow-list first.',
    },
    references: ['https://owasp.org/www-community/attacks/XPATH_Injection', 'https://cwe.mitre.org/data/definitions/643.html'],
  },
  check(ctx) {
    reportTaintSinks(ctx, {
      kind: 'xpath',
      remediation: (f) => `At ${at(f)}, keep the XPath expression of ${f.api} constant and bind ${f.source} as a variable (or check it against an allow-list) instead of concatenating it.`,
    });
  },
});
