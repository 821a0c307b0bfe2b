import { defineRule } from '../types.js';

export const rule = defineRule({
  meta: {
    id: 'graphql-query-depth-unbounded',
    pack: 'api',
    title: 'GraphQL server without depth or cost limits ({{framework}})',
    description: 'The {{framework}} server is created without a query depth, complexity or cost limit. One nested query over cyclic relations (author, posts, author...) can make the server and its database do exponential work.',
    stride: ['D'],
    cwe: ['CWE-770'],
    capec: ['CAPEC-130'],
    attack: ['T1499.003'],
    owasp: ['API4:2023'],
    likelihood: 'medium',
    impact: 'medium',
    confidence: 'medium',
    grammar: {
      threatSource: 'unauthenticated internet user',
      prerequisites: 'who can send queries to the GraphQL endpoint',
      threatAction: 'send deeply nested or aliased queries that fan out across relations',
      threatImpact: 'exhausted CPU, memory and database connections, denial of service',
      impactedGoal: ['availability'],
      impactedAssets: ['GraphQL API', 'backing databases'],
    },
    mitigation: {
      title: 'Limit query depth and cost',
      content: 'Add depth and complexity limits (graphql-depth-limit, graphql-query-complexity, GraphQL Armor, Mercurius queryDepth), cap aliases and batch sizes, paginate lists and set timeouts.',
      controls: { cwe: ['CWE-770'], asvs: ['V13.4.1'], nist80053: ['SC-5', 'SC-6'] },
      remediation: 'At {{file}}:{{line}} add validationRules: [depthLimit(8)] (or a cost-analysis rule or plugin) to the server options.',
    },
    references: ['https://cheatsheetseries.owasp.org/cheatsheets/GraphQL_Cheat_Sheet.html#query-limiting-depth-amount', 'https://owasp.org/API-Security/editions/2023/en/0xa4-unrestricted-resource-consumption/'],
  },
  check(ctx) {
    for (const f of ctx.factsOf('config')) {
      if (f.setting !== 'graphql-server' || f.values.depthLimited !== false) continue;
      const owner = ctx.componentOf(f.evidence.file);
      ctx.report({ key: `${f.key ?? f.evidence.file}#depth`, evidence: [f.evidence], elements: owner ? [owner.id] : [], data: { framework: String(f.values.framework) } });
    }
  },
});
