// GraphQL servers created in JS/TS (Apollo Server, express-graphql / graphql-http, GraphQL Yoga,
// Mercurius): whether introspection is on and whether query depth or cost is limited.
import { calleeName, objectProp, literalValue } from '../../js/_lib/ast.js';
import type { AstNode, CallLike, JsIndex } from '../../js/_lib/ast.js';

export interface GraphqlServer {
  framework: string;
  /** true/false when written as a literal (or the library's fixed default), null when dynamic or left to the environment. */
  introspection: boolean | null;
  depthLimited: boolean;
  line: number;
}

/** Constructors/factories and the library default for introspection (null: depends on NODE_ENV). */
const SERVERS: Record<string, { framework: string; introspectionDefault: boolean | null; optionArg: number; library: RegExp }> = {
  ApolloServer: { framework: 'apollo-server', introspectionDefault: null, optionArg: 0, library: /^(apollo-server|@apollo\/server)/ },
  graphqlHTTP: { framework: 'express-graphql', introspectionDefault: true, optionArg: 0, library: /^express-graphql/ },
  createHandler: { framework: 'graphql-http', introspectionDefault: true, optionArg: 0, library: /^graphql-http/ },
  createYoga: { framework: 'graphql-yoga', introspectionDefault: true, optionArg: 0, library: /^(graphql-yoga|@graphql-yoga\/)/ },
};

const DEPTH_LIMIT = /depthLimit|depth-limit|createComplexityLimitRule|costAnalysis|queryComplexity|maxDepth|armor|costLimit|complexityLimit|useDepthLimit|queryDepth/;

function lastName(call: CallLike): string | undefined {
  const name = calleeName(call);
  return name?.slice(name.lastIndexOf('.') + 1);
}

/** Servers created in a file (calls and `new` from the shared index: no walk of its own). */
export function graphqlServers(index: JsIndex): GraphqlServer[] {
  const parsed = index.parsed;
  const servers: GraphqlServer[] = [];
  const libraries = [...index.modules];
  for (const node of [...index.nodesOf('CallExpression'), ...index.nodesOf('NewExpression')].sort((a, b) => a.start - b.start)) {
    const call = node as CallLike;
    const name = lastName(call) ?? '';
    let spec = SERVERS[name];
    let options: AstNode | undefined;
    if (spec) options = call.arguments[spec.optionArg] as AstNode | undefined;
    // Fastify: app.register(mercurius, { schema, resolvers, graphiql, queryDepth })
    if (!spec && name === 'register' && call.arguments[0]?.type === 'Identifier' && (call.arguments[0] as { name: string }).name === 'mercurius') {
      spec = { framework: 'mercurius', introspectionDefault: true, optionArg: 1, library: /^mercurius/ };
      options = call.arguments[1] as AstNode | undefined;
    }
    if (!spec) continue;
    // `createHandler()` of a webhook SDK or a local helper is no GraphQL server: its library is.
    if (!libraries.some((m) => spec.library.test(m))) continue;
    const optionText = options ? parsed.text(options as unknown as { start: number; end: number }) : '';
    const introspectionNode = options ? objectProp(options, 'introspection') : undefined;
    const literal = introspectionNode ? literalValue(introspectionNode) : undefined;
    const introspection = introspectionNode ? (typeof literal === 'boolean' ? literal : null) : /NoSchemaIntrospectionCustomRule|disableIntrospection|useDisableIntrospection/.test(optionText) ? false : spec.introspectionDefault;
    servers.push({ framework: spec.framework, introspection, depthLimited: DEPTH_LIMIT.test(optionText), line: parsed.lineAt(node.start) });
  }
  return servers;
}
