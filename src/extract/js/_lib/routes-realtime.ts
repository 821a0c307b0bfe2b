// Non-REST entry points: socket.io events (`io.on('connection', s => s.on('event', ...))`, with
// `io.use(guard)` as the handshake guard), `ws` servers, and standalone GraphQL servers
// (ApolloServer + startStandaloneServer / listen, graphql-yoga createServer). GraphQL mounted on an
// Express/Koa app is handled by the router scan, where the mount path and middleware are known.
import type { FactInput } from '../../../model/types.js';
import {
  calleeName,
  calleeObject,
  calleeProperty,
  functionOf,
  memberPath,
  nodesUnder,
  objectProp,
  paramNames,
  resolveObject,
  stringValue,
  unwrap,
  type AstNode,
  type FunctionLike,
  type JsIndex,
} from './ast.js';
import { classifyGuard } from './routes-guards.js';
import { mwRef } from './routes-refs.js';
import { routeFact, type MwRef } from './routes.js';

function socketGuards(index: JsIndex, ioName: string): MwRef[] {
  const out: MwRef[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    if (calleeProperty(call) !== 'use') continue;
    const obj = memberPath(calleeObject(call))?.join('.');
    if (obj !== ioName) continue;
    for (const a of call.arguments) out.push(mwRef(a as AstNode, index));
  }
  return out;
}

function connectionHandlers(index: JsIndex): { call: AstNode; fn: FunctionLike; server: string; namespace: string }[] {
  const out: { call: AstNode; fn: FunctionLike; server: string; namespace: string }[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    if (calleeProperty(call) !== 'on' || stringValue(call.arguments[0] as AstNode, index) !== 'connection') continue;
    const fn = functionOf(call.arguments[1] as AstNode, index);
    if (!fn) continue;
    const obj = calleeObject(call);
    let server = memberPath(obj)?.join('.') ?? '';
    let namespace = '';
    if (obj && obj.type === 'CallExpression' && calleeProperty(obj) === 'of') {
      namespace = stringValue(obj.arguments[0] as AstNode, index) ?? '';
      server = memberPath(calleeObject(obj))?.join('.') ?? '';
    }
    out.push({ call, fn, server, namespace });
  }
  return out;
}

export function realtimeFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const socketIo = index.imports('socket.io');
  const ws = index.imports('ws');
  if (socketIo || ws) {
    for (const { call, fn, server, namespace } of connectionHandlers(index)) {
      const socket = paramNames(fn)[0];
      const guards = socketIo ? socketGuards(index, server) : [];
      const inline = classifyGuard(fn, index);
      const events = nodesUnder(fn.body as AstNode, 'CallExpression').filter((c) => calleeProperty(c) === 'on' && memberPath(calleeObject(c))?.[0] === socket);
      const wsPath = ws ? wsServerPath(index, server) : '';
      const list = events.length > 0 ? events : [call as AstNode & { arguments: unknown[] }];
      for (const ev of list) {
        const name = ev === call ? 'connection' : (stringValue((ev as { arguments: AstNode[] }).arguments[0], index) ?? '?');
        const path = ws ? `${wsPath || '/'}#${name}` : `${namespace || '/'}#${name}`;
        out.push(
          routeFact({
            framework: socketIo ? 'socket.io' : 'ws',
            protocol: 'websocket',
            method: 'MESSAGE',
            path,
            evidence: index.evidence(ev),
            handler: { file: index.file, line: index.line(ev) },
            meta: { mw: guards, local: path, ...(inline ? { inline: { level: inline.level, why: inline.why } } : {}) },
          }),
        );
      }
    }
  }
  // Standalone GraphQL servers.
  for (const n of [...index.nodesOf('NewExpression'), ...index.nodesOf('CallExpression')]) {
    const r = index.resolvedCallee(n) ?? '';
    if (!/^(@apollo\/server\.ApolloServer|apollo-server\.ApolloServer|graphql-yoga\.createServer|@graphql-yoga\/node\.createServer|graphql-yoga\.GraphQLServer)$/.test(r)) continue;
    if (/applyMiddleware|expressMiddleware|koaMiddleware|createYoga/.test(index.content) && !/startStandaloneServer|\.listen\(/.test(index.content)) continue;
    const opts = resolveObject(n.arguments[0] as AstNode, index);
    const context = objectProp(opts, 'context');
    const fn = context ? functionOf(context, index) : undefined;
    const verdict = fn ? classifyGuard(fn, index) : undefined;
    out.push(routeFact({ framework: r.split('.')[0], protocol: 'graphql', method: 'POST', path: '/graphql', evidence: index.evidence(n), meta: { mw: [], local: '/graphql', ...(verdict ? { inline: { level: verdict.level, why: verdict.why } } : {}) }, extraTags: fn ? ['graphql-context-auth'] : [] }));
  }
  return out;
}

function wsServerPath(index: JsIndex, server: string): string {
  for (const d of index.nodesOf('VariableDeclarator')) {
    if (d.id.type !== 'Identifier' || d.id.name !== server) continue;
    const init = unwrap(d.init as AstNode | null);
    if (init && init.type === 'NewExpression') return stringValue(objectProp(resolveObject(init.arguments[0] as AstNode, index), 'path'), index) ?? '';
  }
  return '';
}

/** GraphQL middleware passed to use(): express-graphql, apollo expressMiddleware, yoga, graphql-http. */
export function graphqlMiddleware(arg: AstNode, index: JsIndex): boolean {
  const n = unwrap(arg);
  if (n.type !== 'CallExpression') return false;
  const r = index.resolvedCallee(n) ?? calleeName(n) ?? '';
  return /^(express-graphql\.graphqlHTTP|express-graphql|@apollo\/server\/express4\.expressMiddleware|@as-integrations\/\w+|graphql-yoga\.createYoga|graphql-http\/lib\/use\/express\.createHandler|koa-graphql|apollo-server-koa)/.test(r);
}
