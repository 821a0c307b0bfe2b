// XML parser factories created without the features that turn off DTDs and external entities.
import { configs, elementsOf, factKey } from '../web/_web-routes.js';
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'java-xxe-unhardened-factory',
    pack: 'java',
    title: 'Java XML parser factory without XXE hardening',
    description:
      'A JAXP or dom4j/JDOM parser is created without disallowing DOCTYPE declarations or external entities, so any XML it parses can read local files or reach internal hosts (XXE). Where request data demonstrably reaches the parser, the xxe rule reports it instead.',
    stride: ['I', 'D'],
    cwe: ['CWE-611'],
    capec: ['CAPEC-221'],
    attack: ['T1190'],
    owasp: ['A05:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'attacker who can supply XML',
      prerequisites: 'whose document reaches the {{library}} parser created at {{file}}:{{line}}',
      threatAction: 'declare external entities that the parser resolves',
      threatImpact: 'reading of server files, requests to internal services and denial of service by entity expansion',
      impactedGoal: ['confidentiality', 'availability'],
      impactedAssets: ['server files', 'internal services'],
    },
    mitigation: {
      title: 'Disable DTDs and external entities on every XML factory',
      content:
        'Set the feature http://apache.org/xml/features/disallow-doctype-decl to true (or XMLConstants.ACCESS_EXTERNAL_DTD and ACCESS_EXTERNAL_SCHEMA to empty strings, and XMLInputFactory.SUPPORT_DTD to false) right after creating the factory.',
      controls: { cwe: ['CWE-611'], asvs: ['V5.5.2'], nist80053: ['SI-10', 'CM-6'] },
      remediation: 'At {{file}}:{{line}}, call factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true) on the {{library}} before creating parsers.',
    },
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html#java', 'https://cwe.mitre.org/data/definitions/611.html'],
  },
  check(ctx) {
    const covered = new Set(ctx.factsOf('sink').filter((s) => s.sink === 'xml' && s.tainted).map((s) => s.evidence.file));
    for (const f of configs(ctx, 'xml-parser')) {
      if (f.values.hardened !== false || covered.has(f.evidence.file)) continue;
      ctx.report({ key: factKey(f, 'xxe'), evidence: [f.evidence], elements: elementsOf(ctx, f), data: { library: String(f.values.library) } });
    }
  },
});
