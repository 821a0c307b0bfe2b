// XML parsers configured to expand entities or load external DTDs, whether or not the taint
// extractors see request data reach them (the parse may run in a vm script or behind a wrapper).
// Where they do, `xxe` reports the flow and this rule stays silent on that line.
import { defineRule } from '../types.js';
import { configs, elementsOf, factKey } from './_web-routes.js';

export const rule = defineRule({
  meta: {
    id: 'xml-external-entities-enabled',
    pack: 'web',
    title: 'XML parser expands external entities in {{file}}',
    description:
      'At {{file}}:{{line}} the {{library}} parser is told to use {{option}} ({{flag}}). Any XML it parses can declare external entities that read local files or reach internal hosts, or expand entities until memory runs out.',
    stride: ['I', 'D'],
    cwe: ['CWE-611', 'CWE-776'],
    capec: ['CAPEC-221', 'CAPEC-197'],
    attack: ['T1190'],
    owasp: ['A05:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'medium',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can get an XML document parsed by the service (an upload, an import, a SOAP or SAML message)',
      threatAction: 'declare external entities that the {{library}} parser resolves',
      threatImpact: 'reading local files, reaching internal services or exhausting memory',
      impactedGoal: ['confidentiality', 'availability'],
      impactedAssets: ['server files', 'internal network'],
    },
    mitigation: {
      title: 'Parse XML without entity expansion',
      content: 'Leave entity substitution and external DTD loading off (the libxml2 and libxmljs defaults), or use a parser that never resolves external entities.',
      controls: { cwe: ['CWE-611'], asvs: ['V5.5.2'], nist80053: ['SI-10', 'CM-6'] },
      remediation: 'At {{file}}:{{line}}, remove {{flag}} from the parser options.',
    },
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html', 'https://cwe.mitre.org/data/definitions/611.html'],
  },
  check(ctx) {
    const flows = new Set(ctx.factsOf('sink').filter((s) => s.sink === 'xml' && s.tainted).map((s) => `${s.evidence.file}:${s.evidence.line}`));
    for (const f of configs(ctx, 'xml-parser')) {
      if (f.values.external !== true || flows.has(`${f.evidence.file}:${f.evidence.line}`)) continue;
      const flag = String(f.values.option);
      ctx.report({
        key: factKey(f, 'xml-entities'),
        evidence: [f.evidence],
        elements: elementsOf(ctx, f),
        data: { library: String(f.values.library), flag, option: flag.endsWith('NOENT') ? 'entity substitution' : 'external DTD loading' },
      });
    }
  },
});
