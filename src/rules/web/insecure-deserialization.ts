// Unsafe deserialisation of request data: reports tainted `deserialize` sink facts from the taint extractors.
import { at, reportTaintSinks } from '../../extract/js/_lib/taint-report.js';
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'insecure-deserialization',
    pack: 'web',
    title: 'Unsafe deserialisation of request data',
    description:
      'Request data is deserialised with a library that can create functions or arbitrary objects (node-serialize, funcster, cryo, js-yaml load with the full schema or before version 4), so a client can run code in the server.',
    stride: ['T', 'E'],
    cwe: ['CWE-502'],
    capec: ['CAPEC-586'],
    attack: ['T1190', 'T1059.007'],
    owasp: ['A08:2021'],
    likelihood: 'high',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'remote attacker',
      prerequisites: 'who can send requests to {{route}}',
      threatAction: 'send a crafted serialised object in {{source}} that {{api}} turns into code',
      threatImpact: 'running their own code in the server process',
      impactedGoal: ['confidentiality', 'integrity', 'availability'],
      impactedAssets: ['server process'],
    },
    mitigation: {
      title: 'Parse request data with data-only formats',
      content:
        'Use JSON.parse, or js-yaml 4 load (or safeLoad in js-yaml 3) with the default safe schema; never deserialise functions or class instances from request data.',
      controls: { cwe: ['CWE-502'], asvs: ['V5.5.3'], nist80053: ['SI-10'] },
      remediation: 'At {{file}}:{{line}}, replace {{api}} with a data-only parser (JSON.parse, or js-yaml 4 load with the default schema).',
      remediationByLanguage: {
        python: "At {{file}}:{{line}}, replace {{api}} with a data-only format (json.loads, or yaml.safe_load); never unpickle data a client can send, and sign it with hmac if it must round-trip.",
        java: "At {{file}}:{{line}}, do not deserialise {{source}} with Java serialisation; parse JSON into a fixed class, or set an ObjectInputFilter allow-list (setObjectInputFilter) before readObject.",
        csharp: "At {{file}}:{{line}}, replace {{api}} with System.Text.Json into a fixed type (BinaryFormatter is obsolete and unsafe); with Newtonsoft.Json keep TypeNameHandling.None.",
        ruby: "At {{file}}:{{line}}, replace {{api}} with JSON.parse or YAML.safe_load (listing permitted_classes only if needed); never Marshal.load data a client can send.",
        php: "At {{file}}:{{line}}, replace unserialize() with json_decode(), or at least pass the option allowed_classes set to false so no object is instantiated.",
      },
    },
    references: [
      'https://cheatsheetseries.owasp.org/cheatsheets/Deserialization_Cheat_Sheet.html',
      'https://cwe.mitre.org/data/definitions/502.html',
    ],
  },
  check(ctx) {
    reportTaintSinks(ctx, {
      kind: 'deserialize',
      remediation: (f) =>
        f.api.startsWith('js-yaml')
          ? `At ${at(f)}, upgrade js-yaml to 4.x and call load(${f.source}) without a custom schema (or use safeLoad on 3.x).`
          : `At ${at(f)}, replace ${f.api} with JSON.parse and validate the result against a schema.`,
    });
  },
});
