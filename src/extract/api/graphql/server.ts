// GraphQL servers created in JS/TS (Apollo Server, express-graphql / graphql-http, GraphQL Yoga,
// Mercurius): whether introspection is on and whether query depth or cost is limited.
import { calleeName, functionOf, objectProp, literalValue, unwrap } from '../../js/_lib/ast.js';
import type { AstNode, CallLike, JsIndex } from '../../js/_lib/ast.js';
import { contextVerdict, type ContextVerdict } from './context.js';

export interface GraphqlServer {
  framework: string;
  /** true/false when written as a literal (or the library's fixed default), null when dynamic or left to the environment. */
  introspection: boolean | null;
  depthLimited: boolean;
  /** `standalone`: the server listens on its own port (no HTTP middleware in front); `mounted` otherwise. */
  listener: 'standalone' | 'mounted';
  /** Whether the per-request `context` function can refuse a call (context.ts). */
  context: ContextVerdict;
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
    // Own keys only: `e.toString()` must not find Object.prototype's.
    let spec = Object.hasOwn(SERVERS, name) ? SERVERS[name] : undefined;
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
    const listen = standaloneOptions(call, spec.framework, index);
    // Apollo 4 takes the context in `startStandaloneServer(server, { context })`, earlier ones in the constructor.
    const contextNode = objectProp(listen?.options, 'context') ?? objectProp(options, 'context');
    const context: ContextVerdict = !contextNode ? 'absent' : contextVerdict(functionOf(contextNode, index), index);
    servers.push({ framework: spec.framework, introspection, depthLimited: DEPTH_LIMIT.test(optionText), listener: listen ? 'standalone' : 'mounted', context, line: parsed.lineAt(node.start) });
  }
  return servers;
}

/**
 * An Apollo server that listens by itself: the `apollo-server` package (`server.listen()`, no
 * framework), or `startStandaloneServer(server, options)` of `@apollo/server/standalone` in the file.
 */
function standaloneOptions(call: CallLike, framework: string, index: JsIndex): { options?: AstNode } | undefined {
  if (framework !== 'apollo-server') return undefined;
  const resolved = index.resolvedCallee(call) ?? '';
  if (/^apollo-server\.ApolloServer$/.test(resolved)) return {};
  for (const c of index.nodesOf('CallExpression')) {
    if (!/^@apollo\/server\/standalone\.startStandaloneServer$/.test(index.resolvedCallee(c) ?? '')) continue;
    const options = c.arguments[1] ? unwrap(c.arguments[1] as AstNode) : undefined;
    return { options: options?.type === 'ObjectExpression' ? options : undefined };
  }
  return undefined;
}
