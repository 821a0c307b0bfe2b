// XML response built from request data: reports tainted `xml-injection` sink facts from the taint extractors.
import { at, reportTaintSinks } from '../../extract/js/_lib/taint-report.js';
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'xml-injection',
    pack: 'web',
    title: 'XML response built from request data',
    description:
      'A response sent as XML (its content type says so) is built as text with request data inside its markup and no escaping: a client closes the element and adds elements or attributes of its own, changing what the XML or SOAP consumer of the document reads (a role, a status, a second record).',
    stride: ['T'],
    cwe: ['CWE-91'],
    capec: ['CAPEC-250'],
    attack: ['T1190'],
    owasp: ['A03:2021'],
    likelihood: 'medium',
    impact: 'medium',
    confidence: 'high',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can send requests to {{route}}',
      threatAction: 'inject XML markup through {{source}} into the document sent by {{api}}',
      threatImpact: 'forged elements and values read by the consumers of the XML or SOAP response',
      impactedGoal: ['integrity'],
      impactedAssets: ['XML responses'],
    },
    mitigation: {
      title: 'Build XML with a serializer, not string templates',
      content:
        'Build XML documents with a serializer that escapes text and attribute values (xmlbuilder2, xml2js Builder, fast-xml-parser XMLBuilder), or escape `<`, `>`, `&` and quotes in every request value put into markup.',
      controls: { cwe: ['CWE-91'], asvs: ['V5.3.10'], nist80053: ['SI-10'] },
      remediation: 'At {{file}}:{{line}}, build the XML sent by {{api}} with a serializer (xmlbuilder2, xml2js Builder) or escape {{source}} for XML first.',
    },
    references: ['https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/07-Testing_for_XML_Injection', 'https://cwe.mitre.org/data/definitions/91.html'],
  },
  check(ctx) {
    reportTaintSinks(ctx, {
      kind: 'xml-injection',
      remediation: (f) => `At ${at(f)}, build the XML sent by ${f.api} with a serializer (xmlbuilder2, xml2js Builder) or escape ${f.source} for XML (<, >, &, quotes) before putting it into the markup.`,
    });
  },
});
