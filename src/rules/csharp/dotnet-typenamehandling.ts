// Json.NET with TypeNameHandling other than None: the payload chooses the types to create.
import { configs, elementsOf, factKey } from '../web/_web-routes.js';
import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'dotnet-typenamehandling',
    pack: 'csharp',
    title: 'Json.NET TypeNameHandling lets JSON choose .NET types',
    description:
      'With TypeNameHandling set to All, Auto, Objects or Arrays, Newtonsoft.Json creates whatever type a $type property names, so JSON from a client can instantiate gadget types and run code.',
    stride: ['T', 'E'],
    cwe: ['CWE-502'],
    capec: ['CAPEC-586'],
    attack: ['T1190', 'T1059'],
    owasp: ['A08:2021'],
    likelihood: 'medium',
    impact: 'high',
    confidence: 'high',
    grammar: {
      threatSource: 'attacker who can send JSON',
      prerequisites: 'that is deserialized with the settings at {{file}}:{{line}}',
      threatAction: 'name a gadget type in a $type property, which TypeNameHandling.{{mode}} instantiates',
      threatImpact: 'code execution with the privileges of the application',
      impactedGoal: ['confidentiality', 'integrity', 'availability'],
      impactedAssets: ['server host', 'application data'],
    },
    mitigation: {
      title: 'Keep TypeNameHandling at None or bind types explicitly',
      content: 'Leave TypeNameHandling at None; where polymorphism is needed, use a custom ISerializationBinder that allows only known types, or System.Text.Json with JsonDerivedType.',
      controls: { cwe: ['CWE-502'], asvs: ['V5.5.3'], nist80053: ['SI-10'] },
      remediation: 'At {{file}}:{{line}}, set TypeNameHandling = TypeNameHandling.None or add SerializationBinder = new KnownTypesBinder(...) allowing only your own types.',
    },
    references: ['https://www.newtonsoft.com/json/help/html/T_Newtonsoft_Json_TypeNameHandling.htm', 'https://cwe.mitre.org/data/definitions/502.html'],
  },
  check(ctx) {
    for (const f of configs(ctx, 'json-type-handling')) {
      ctx.report({ key: factKey(f, 'type-name-handling'), evidence: [f.evidence], elements: elementsOf(ctx, f), data: { mode: String(f.values.typeNameHandling) } });
    }
  },
});
