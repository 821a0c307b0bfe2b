// Trusting every proxy hop: Express `app.set('trust proxy', true)` / `app.enable('trust proxy')`,
// Koa `app.proxy = true` or `new Koa({ proxy: true })` without `maxIpsCount`, Fastify
// `fastify({ trustProxy: true })` (also through Nest's `new FastifyAdapter({ trustProxy: true })`). The client address is then the left-most X-Forwarded-For entry,
// which the client writes itself (a proxy appends, it does not replace), so anything keyed on the
// address (rate limits, lockouts, allow-lists) can be dodged with a header. A hop count, a subnet
// list or a function trusts only the proxies in front and is not reported.
import type { FactInput } from '../../../model/types.js';
import { calleeProperty, literalValue, memberPath, objectProp, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { configFact, devOnly } from './common.js';

const isTrue = (node: AstNode | undefined | null): boolean => literalValue(node) === true;

export function proxyFacts(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const add = (at: AstNode, framework: string, how: string): void => {
    if (devOnly(at, index)) return;
    out.push(configFact(index, at, 'trust-proxy', { hops: 'all', framework }, `${how}: the client address is the left-most X-Forwarded-For entry`, `${framework}:${index.line(at)}`));
  };
  const content = index.content;
  // Each text test (a scan of the whole file) is asked only once a node has the shape it guards:
  // most files have none, and the facts are the same.
  let written: boolean | undefined;
  for (const call of index.nodesOf('CallExpression')) {
    const prop = calleeProperty(call);
    const args = call.arguments as AstNode[];
    if (literalValue(args[0], index) !== 'trust proxy') continue;
    if (!(written ??= content.includes('trust proxy'))) break;
    if ((prop === 'set' && isTrue(args[1])) || (prop === 'enable' && args.length === 1)) add(call, 'express', `app.${prop}('trust proxy'${prop === 'set' ? ', true' : ''})`);
  }
  // Koa counts X-Forwarded-For entries from the right only when maxIpsCount is set.
  if (index.imports('koa') && !content.includes('maxIpsCount')) {
    for (const assign of index.nodesOf('AssignmentExpression')) {
      const path = memberPath(assign.left as AstNode);
      if (path?.length === 2 && path[1] === 'proxy' && isTrue(assign.right as AstNode)) add(assign, 'koa', `${path.join('.')} = true`);
    }
    for (const made of index.nodesOf('NewExpression')) {
      const opts = (made.arguments as AstNode[])[0];
      if (opts && unwrap(opts).type === 'ObjectExpression' && index.resolvedCallee(made) === 'koa' && isTrue(objectProp(unwrap(opts), 'proxy'))) add(made, 'koa', 'new Koa({ proxy: true })');
    }
  }
  let option: boolean | undefined;
  for (const call of index.nodesOf('CallExpression')) {
    const opts = (call.arguments as AstNode[])[0];
    if (!opts || unwrap(opts).type !== 'ObjectExpression' || !/^fastify(\.default)?$/.test(index.resolvedCallee(call) ?? '')) continue;
    if (!(option ??= content.includes('trustProxy'))) break;
    if (isTrue(objectProp(unwrap(opts), 'trustProxy'))) add(call, 'fastify', 'fastify({ trustProxy: true })');
  }
  // Nest on Fastify hands the options to Fastify: `new FastifyAdapter({ trustProxy: true })`.
  for (const made of index.nodesOf('NewExpression')) {
    const opts = (made.arguments as AstNode[])[0];
    if (!opts || unwrap(opts).type !== 'ObjectExpression' || !/^@nestjs\/platform-fastify\.FastifyAdapter$/.test(index.resolvedCallee(made) ?? '')) continue;
    if (!(option ??= content.includes('trustProxy'))) break;
    if (isTrue(objectProp(unwrap(opts), 'trustProxy'))) add(made, 'fastify', 'new FastifyAdapter({ trustProxy: true })');
  }
  return out;
}
