// GraphQL servers created in JS/TS (Apollo Server, express-graphql / graphql-http, GraphQL Yoga,
// Mercurius): whether introspection is on and whether query depth or cost is limited.
import { calleeName, calleeProperty, chainRoot, functionOf, objectProp, literalValue, unwrap } from '../../js/_lib/ast.js';
import type { AstNode, CallLike, JsIndex } from '../../js/_lib/ast.js';
import { contextVerdict, type ContextVerdict } from './context.js';

export interface GraphqlServer {
  framework: string;
  /** true/false when written as a literal (or the library's fixed default), null when dynamic or left to the environment. */
  introspection: boolean | null;
  depthLimited: boolean;
  /**
   * `standalone`: the server listens on its own port (no HTTP middleware in front); `bare`: mounted
   * on an Express app of the same file whose other middleware cannot refuse a request; `mounted` otherwise.
   */
  listener: 'standalone' | 'bare' | 'mounted';
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
    const listener = listen ? 'standalone' : spec.framework === 'apollo-server' && bareMount(index) ? 'bare' : 'mounted';
    servers.push({ framework: spec.framework, introspection, depthLimited: DEPTH_LIMIT.test(optionText), listener, context, line: parsed.lineAt(node.start) });
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

/** Middleware that never refuses a request: body parsers, CORS, security headers, logging, compression, uploads. */
const INERT_MIDDLEWARE = /^(?:cors|json|urlencoded|raw|text|helmet|compression|morgan|cookieParser|graphqlUploadExpress|expressPino|pinoHttp|pino)$/;
/** Express app calls a chain may pass through before the mount (`express().disable('x-powered-by').get(...)`). */
const APP_CHAIN = new Set(['use', 'get', 'post', 'put', 'patch', 'delete', 'all', 'disable', 'enable', 'set', 'engine']);

/**
 * An Apollo server mounted on an Express app created in the same file, with nothing in front of it
 * that can refuse a call: `server.applyMiddleware({ app })` (apollo-server-express 2/3) or
 * `app.use('/graphql', cors(), express.json(), expressMiddleware(server))` (Apollo 4), where every
 * middleware the app uses is a parser, CORS, headers or a logger. An app handed in from elsewhere,
 * or any other middleware (`app.use(requireLogin)`, `passport.authenticate(...)`), keeps it `mounted`.
 */
function bareMount(index: JsIndex): boolean {
  if (!index.imports('express')) return false;
  const calls = index.nodesOf('CallExpression');
  let appName: string | undefined;
  let mountCall: AstNode | undefined;
  for (const c of calls) {
    const prop = calleeProperty(c);
    if (prop === 'applyMiddleware') {
      const app = unwrap(objectProp(c.arguments[0] as AstNode | undefined, 'app') ?? null);
      if (app?.type === 'Identifier') appName = app.name;
    } else if (prop === 'expressMiddleware') {
      mountCall = c as AstNode;
    }
  }
  if (!appName && mountCall) {
    const use = calls.find((c) => calleeProperty(c) === 'use' && c.arguments.some((a) => unwrap(a as AstNode) === mountCall));
    const root = use ? chainRoot(use as AstNode, APP_CHAIN) : undefined;
    if (root?.type === 'Identifier') appName = root.name;
  }
  if (!appName) return false;
  const declarator = index.nodesOf('VariableDeclarator').find((d) => d.id.type === 'Identifier' && d.id.name === appName && d.init);
  const created = declarator?.init ? unwrap(chainRoot(declarator.init as AstNode, APP_CHAIN)) : undefined;
  if (created?.type !== 'CallExpression' || calleeName(created) !== 'express') return false;
  for (const c of calls) {
    if (calleeProperty(c) !== 'use') continue;
    const root = unwrap(chainRoot(c as AstNode, APP_CHAIN));
    if (!(root === created || (root.type === 'Identifier' && root.name === appName))) continue;
    for (const arg of c.arguments) {
      const a = unwrap(arg as AstNode);
      if (a === mountCall || a.type === 'Literal' || a.type === 'TemplateLiteral') continue;
      const name = a.type === 'CallExpression' ? calleeProperty(a) : a.type === 'Identifier' ? a.name : a.type === 'MemberExpression' && !a.computed && a.property.type === 'Identifier' ? a.property.name : undefined;
      if (!name || !INERT_MIDDLEWARE.test(name)) return false;
    }
  }
  return true;
}
