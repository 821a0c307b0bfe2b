// BinaryFormatter and its siblings: unsafe for any untrusted input, with no safe configuration.
import { configs, elementsOf, factKey } from '../web/_web-routes.js';
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'dotnet-binaryformatter',
    pack: 'csharp',
    title: '.NET BinaryFormatter-family serializer in use',
    description:
      'BinaryFormatter, SoapFormatter, NetDataContractSerializer, LosFormatter and ObjectStateFormatter instantiate any type named in the payload; deserializing data an attacker can influence runs code. Microsoft removed BinaryFormatter in .NET 9 for this reason.',
    stride: ['T', 'E'],
    cwe: ['CWE-502'],
    capec: ['CAPEC-586'],
    attack: ['T1190', 'T1059'],
    owasp: ['A08:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker who can supply serialized data',
      prerequisites: 'whose payload reaches the {{serializer}} at {{file}}:{{line}}',
      threatAction: 'send a gadget chain that the formatter instantiates while deserializing',
      threatImpact: 'code execution with the privileges of the application',
      impactedGoal: ['confidentiality', 'integrity', 'availability'],
      impactedAssets: ['server host', 'application data'],
    },
    mitigation: {
      title: 'Replace BinaryFormatter with a data-only serializer',
      content: 'Use System.Text.Json, XmlSerializer or DataContractSerializer with known types, or protobuf; never deserialize BinaryFormatter payloads, not even signed ones stored by the application.',
      controls: { cwe: ['CWE-502'], asvs: ['V5.5.3'], nist80053: ['SI-10'] },
      remediation: 'At {{file}}:{{line}}, replace the {{serializer}} with System.Text.Json.JsonSerializer.Deserialize of a concrete type.',
    },
    references: ['https://learn.microsoft.com/en-us/dotnet/standard/serialization/binaryformatter-security-guide', 'https://cwe.mitre.org/data/definitions/502.html'],
  },
  check(ctx) {
    for (const f of configs(ctx, 'dotnet-serializer')) {
      if (f.values.unsafe !== true) continue;
      ctx.report({ key: factKey(f, 'formatter'), evidence: [f.evidence], elements: elementsOf(ctx, f), data: { serializer: String(f.values.serializer) } });
    }
  },
});
