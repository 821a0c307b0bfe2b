// Non-REST entry points: socket.io and ws events (routes-socket.ts), Hocuspocus collaboration
// sockets (routes-hocuspocus.ts), and standalone GraphQL servers
// (ApolloServer + startStandaloneServer / listen, graphql-yoga createServer). GraphQL mounted on an
// Express/Koa app is handled by the router scan, where the mount path and middleware are known.
import type { FactInput } from '../../../model/types.js';
import { calleeName, functionOf, objectProp, resolveObject, unwrap, type AstNode, type JsIndex } from './ast.js';
import { classifyGuard } from './routes-guards.js';
import { hocuspocusFacts } from './routes-hocuspocus.js';
import { socketFacts } from './routes-socket.js';
import { routeFact } from './routes.js';

export function realtimeFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [...socketFacts(index), ...hocuspocusFacts(index)];
  // Standalone GraphQL servers.
  for (const n of [...index.nodesOf('NewExpression'), ...index.nodesOf('CallExpression')]) {
    const r = index.resolvedCallee(n) ?? '';
    if (!/^(@apollo\/server\.ApolloServer|apollo-server\.ApolloServer|graphql-yoga\.createServer|@graphql-yoga\/node\.createServer|graphql-yoga\.GraphQLServer)$/.test(r)) continue;
    if (/applyMiddleware|expressMiddleware|koaMiddleware|createYoga/.test(index.content) && !/startStandaloneServer|\.listen\(/.test(index.content)) continue;
    const opts = resolveObject(n.arguments[0] as AstNode, index);
    const context = objectProp(opts, 'context');
    const fn = context ? functionOf(context, index) : undefined;
    const verdict = fn ? classifyGuard(fn, index) : undefined;
    out.push(routeFact({ framework: r.split('.')[0], protocol: 'graphql', method: 'POST', path: '/graphql', evidence: index.evidence(n), meta: { mw: [], local: '/graphql', ...(verdict ? { inline: { level: verdict.level, why: verdict.why } } : {}) }, extraTags: [...(fn ? ['graphql-context-auth'] : []), ...(ownListener(r, index) ? ['own-listener'] : [])] }));
  }
  return out;
}

/**
 * A server listening by itself: the `apollo-server` package (it has no framework mount),
 * `startStandaloneServer` of Apollo 4, or GraphQL Yoga's own server. It gets a port of its own,
 * with none of the web app's middleware in front (`own-listener`).
 */
function ownListener(resolved: string, index: JsIndex): boolean {
  return /^(apollo-server\.ApolloServer|graphql-yoga\.createServer|@graphql-yoga\/node\.createServer|graphql-yoga\.GraphQLServer)$/.test(resolved) || index.content.includes('startStandaloneServer');
}

/** GraphQL middleware passed to use(): express-graphql, apollo expressMiddleware, yoga, graphql-http. */
export function graphqlMiddleware(arg: AstNode, index: JsIndex): boolean {
  const n = unwrap(arg);
  if (n.type !== 'CallExpression') return false;
  const r = index.resolvedCallee(n) ?? calleeName(n) ?? '';
  return /^(express-graphql\.graphqlHTTP|express-graphql|@apollo\/server\/express4\.expressMiddleware|@as-integrations\/\w+|graphql-yoga\.createYoga|graphql-http\/lib\/use\/express\.createHandler|koa-graphql|apollo-server-koa)/.test(r);
}
