import type { ConfigFact } from '../../model/types.js';
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
    // Every schema document seen declares all the types it returns and none returns to itself: no
    // query can nest deeper than the schema, so a depth limit guards nothing (code-first schemas,
    // or one document naming another's types, leave the question open).
    const shapes = new Map<string, ConfigFact[]>();
    for (const c of ctx.factsOf('config')) {
      if (c.setting !== 'graphql-schema-shape') continue;
      const id = ctx.componentOf(c.evidence.file)?.id ?? '';
      shapes.set(id, [...(shapes.get(id) ?? []), c]);
    }
    const flat = (id: string) => (shapes.get(id) ?? []).length > 0 && shapes.get(id)!.every((c) => c.values.closed === true && c.values.cyclic === false);
    for (const f of ctx.factsOf('config')) {
      if (f.setting !== 'graphql-server' || f.values.depthLimited !== false) continue;
      const owner = ctx.componentOf(f.evidence.file);
      if (flat(owner?.id ?? '')) continue;
      ctx.report({ key: `${f.key ?? f.evidence.file}#depth`, evidence: [f.evidence], elements: owner ? [owner.id] : [], data: { framework: String(f.values.framework) } });
    }
  },
});
