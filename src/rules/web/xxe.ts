// XML external entity expansion of request data: reports tainted `xml` sink facts from the taint extractors.
import { at, reportTaintSinks } from '../../extract/js/_lib/taint-report.js';
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'xxe',
    pack: 'web',
    title: 'XML external entity expansion of request data',
    description:
      'Request XML is parsed with entity substitution enabled (libxmljs noent: true), so a client can read local files or reach internal hosts through external entities.',
    stride: ['I', 'D'],
    cwe: ['CWE-611'],
    capec: ['CAPEC-221'],
    attack: ['T1190'],
    owasp: ['A05:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can send requests to {{route}}',
      threatAction: 'declare external entities in the XML sent as {{source}} that {{api}} expands',
      threatImpact: 'reading local files, reaching internal services or exhausting memory',
      impactedGoal: ['confidentiality', 'availability'],
      impactedAssets: ['server files', 'internal network'],
    },
    mitigation: {
      title: 'Parse XML without entity expansion',
      content:
        'Leave noent and dtdload disabled (the libxmljs default), or use a parser that never resolves external entities.',
      controls: { cwe: ['CWE-611'], asvs: ['V5.5.2'], nist80053: ['SI-10', 'CM-6'] },
      remediation: 'At {{file}}:{{line}}, remove noent: true (and dtdload) from the {{api}} options.',
      remediationByLanguage: {
        java: "At {{file}}:{{line}}, harden the parser before {{api}}: setFeature(\"http://apache.org/xml/features/disallow-doctype-decl\", true), and set XMLConstants.ACCESS_EXTERNAL_DTD and ACCESS_EXTERNAL_SCHEMA to an empty string.",
        csharp: "At {{file}}:{{line}}, set DtdProcessing = DtdProcessing.Prohibit and XmlResolver = null on the reader settings.",
        python: "At {{file}}:{{line}}, parse with defusedxml (defusedxml.ElementTree.fromstring), or lxml with resolve_entities=False and no_network=True.",
        php: "At {{file}}:{{line}}, do not pass LIBXML_NOENT or LIBXML_DTDLOAD to the parser.",
      },
    },
    references: [
      'https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html',
      'https://cwe.mitre.org/data/definitions/611.html',
    ],
  },
  check(ctx) {
    reportTaintSinks(ctx, {
      kind: 'xml',
      remediation: (f) => `At ${at(f)}, remove noent: true (and dtdload: true) from the ${f.api} options so ${f.source} cannot declare external entities.`,
    });
  },
});
