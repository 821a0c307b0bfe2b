// GraphQL: schema files (`.graphql`, `.gql`, `.graphqls`) and `gql`/`graphql` tagged templates in
// JS/TS give one entry point per root field (queries, mutations, subscriptions); GraphQL servers
// created in JS/TS give a `graphql-server` config fact (introspection, depth limiting).
import type { ConfigFact, EntrypointFact, FactInput } from '../../../model/types.js';
import { isJsFile, isTestFile } from '../../js/_lib/parse.js';
import { jsIndex } from '../../js/_lib/ast.js';
import type { ExtractContext, Extractor, SourceFile } from '../../types.js';
import { fieldAuth, rootFields } from './sdl.js';
import { graphqlServers } from './server.js';

const SCHEMA_FILE = /\.(?:graphql|graphqls|gql)$/i;

function fieldFacts(file: string, sdl: string, lineOffset: number): FactInput[] {
  return rootFields(sdl, lineOffset).map((field): Omit<EntrypointFact, 'extractor'> => ({
    kind: 'entrypoint',
    protocol: 'graphql',
    framework: 'graphql',
    method: field.operation,
    path: field.name,
    middleware: field.directives.map((d) => `@${d}`),
    auth: fieldAuth(field),
    ...(field.directives.length > 0 ? { authEvidence: field.directives.map((d) => `@${d}`) } : {}),
    tags: field.operation === 'MUTATION' ? ['graphql-mutation'] : [],
    evidence: { file, line: field.line, snippet: field.name },
    key: `${file}#graphql:${field.operation} ${field.name}`,
  }));
}

const JS_SIGNAL = /\b(?:gql|graphql)`|ApolloServer|graphqlHTTP|createHandler|createYoga|mercurius/;

function jsFacts(file: SourceFile, ctx: ExtractContext): FactInput[] {
  if (!JS_SIGNAL.test(file.content)) return [];
  let index;
  try {
    index = jsIndex(file, ctx);
  } catch {
    return [];
  }
  const parsed = index.parsed;
  const facts: FactInput[] = [];
  for (const node of index.nodesOf('TaggedTemplateExpression')) {
    const tag = node.tag;
    if (tag.type !== 'Identifier' || (tag.name !== 'gql' && tag.name !== 'graphql')) continue;
    const text = parsed.text(node.quasi);
    if (!/\btype\s+(?:Query|Mutation|Subscription)\b|\bschema\s*\{/.test(text)) continue;
    facts.push(...fieldFacts(file.path, text, parsed.lineAt(node.quasi.start) - 1));
  }
  for (const server of graphqlServers(index)) {
    const fact: Omit<ConfigFact, 'extractor'> = {
      kind: 'config',
      setting: 'graphql-server',
      values: { framework: server.framework, introspection: server.introspection, depthLimited: server.depthLimited },
      summary: `${server.framework} server`,
      evidence: { file: file.path, line: server.line },
      key: `${file.path}#graphql-server:${server.framework}`,
    };
    facts.push(fact);
  }
  return facts;
}

function extract(file: SourceFile, ctx: ExtractContext): FactInput[] | null {
  const facts = SCHEMA_FILE.test(file.path) ? fieldFacts(file.path, file.content, 0) : jsFacts(file, ctx);
  return facts.length > 0 ? facts : null;
}

export const extractor: Extractor = {
  id: 'api/graphql',
  title: 'GraphQL schemas and servers',
  // Schemas in tests and specs (`spec/server.spec.js`, `test/fixtures/schema.graphql`) set up the
  // test's own server: their fields are not the product's operations.
  matches: (path) => (SCHEMA_FILE.test(path) || isJsFile(path)) && !isTestFile(path),
  signals: ['type Query', 'type Mutation', 'type Subscription', 'extend type', 'schema', 'gql`', 'graphql`', 'ApolloServer', 'graphqlHTTP', 'createHandler', 'mercurius', 'createYoga'],
  extract,
};
