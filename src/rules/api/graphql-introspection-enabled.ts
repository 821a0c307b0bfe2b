import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'graphql-introspection-enabled',
    pack: 'api',
    title: 'GraphQL introspection is enabled ({{framework}})',
    description: 'The {{framework}} server answers introspection queries. Anyone who can reach the endpoint downloads the whole schema, including internal and admin fields, which turns guessing into a map of every operation worth attacking.',
    stride: ['I'],
    cwe: ['CWE-200'],
    capec: ['CAPEC-54'],
    attack: ['T1595.003'],
    owasp: ['API8:2023', 'A05:2021'],
    likelihood: 'medium',
    impact: 'low',
    confidence: 'high',
    grammar: {
      threatSource: 'unauthenticated internet user',
      prerequisites: 'who can reach the GraphQL endpoint',
      threatAction: 'send an introspection query and enumerate every type, field and mutation',
      threatImpact: 'a complete map of the API for targeted attacks',
      impactedGoal: ['confidentiality'],
      impactedAssets: ['API schema'],
    },
    mitigation: {
      title: 'Disable introspection in production',
      content: 'Turn introspection off for production deployments (or restrict it to authenticated staff), and publish the schema to client developers through a registry instead.',
      controls: { cwe: ['CWE-200'], asvs: ['V13.4.1'], nist80053: ['CM-7', 'SC-7'] },
      remediation: 'At {{file}}:{{line}} set introspection: false (Apollo), add NoSchemaIntrospectionCustomRule to validationRules (express-graphql, graphql-http) or use the disable-introspection plugin (Yoga, Mercurius), at least when NODE_ENV is production.',
    },
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/GraphQL_Cheat_Sheet.html#introspection-graphiql', 'https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/'],
  },
  check(ctx) {
    for (const f of ctx.factsOf('config')) {
      if (f.setting !== 'graphql-server' || f.values.introspection !== true) continue;
      const owner = ctx.componentOf(f.evidence.file);
      if (owner?.exposure === 'none') continue;
      ctx.report({ key: `${f.key ?? f.evidence.file}#introspection`, evidence: [f.evidence], elements: owner ? [owner.id] : [], data: { framework: String(f.values.framework) } });
    }
  },
});
