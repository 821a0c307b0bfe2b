// XML-RPC servers (the `xmlrpc` package) as entry points: `xmlrpc.createServer({ port, path })`
// listens on a port of its own, outside any web framework's middleware, and every
// `server.on('<method>', (err, params, callback) => ...)` is a method a client calls by name in a
// POSTed `<methodCall>`. Nothing authenticates the caller unless the handler does (see readme.md).
import type { EntrypointFact, FactInput } from '../../../model/types.js';
import { calleeName, calleeProperty, functionOf, nodesUnder, objectProp, stringValue, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';
import { jsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { authLikeName, isTestFile } from '../_lib/routes.js';
import type { Extractor } from '../../types.js';

const SERVER = /^xmlrpc\.(?:createServer|createSecureServer)$/;
/** Events the server emits itself, not methods a client calls. */
const OWN_EVENTS = new Set(['error', 'NotFound', 'listening', 'close', 'connection', 'request', 'clientError']);

function serverFacts(index: JsIndex): FactInput[] {
  const facts: FactInput[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    if (!SERVER.test(index.resolvedCallee(call) ?? '')) continue;
    const parent = index.parent(call);
    const name = parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : parent?.type === 'AssignmentExpression' && parent.left.type === 'Identifier' ? parent.left.name : undefined;
    if (!name) continue;
    const options = call.arguments[0] as AstNode | undefined;
    // The package answers every path; `path` in the options is what its clients are told to use.
    const path = stringValue(objectProp(options, 'path'), index) ?? '/';
    const secure = /createSecureServer$/.test(index.resolvedCallee(call) ?? '');
    for (const on of index.nodesOf('CallExpression')) {
      if (calleeProperty(on) !== 'on' || on.callee.type !== 'MemberExpression' || unwrap(on.callee.object as AstNode).type !== 'Identifier' || (unwrap(on.callee.object as AstNode) as { name: string }).name !== name) continue;
      const method = stringValue(on.arguments[0] as AstNode, index);
      const fn = functionOf(on.arguments[1] as AstNode, index);
      if (!method || !fn || OWN_EVENTS.has(method)) continue;
      // A handler that calls a credential check of its own (`checkAuth(params[0], params[1])`): not known to be open.
      const checks = fn.body ? nodesUnder(fn.body as AstNode, 'CallExpression').map((c) => calleeName(c) ?? '').find((n) => n && authLikeName(n)) : undefined;
      const fact: Omit<EntrypointFact, 'extractor'> = {
        kind: 'entrypoint',
        protocol: 'http',
        framework: 'xmlrpc',
        method: 'POST',
        // One URL serves every method: the method name, sent in the body, tells them apart.
        path: `${path}#${method}`,
        middleware: [],
        auth: checks ? 'unknown' : 'none',
        ...(checks ? { authEvidence: [`${checks}()`] } : {}),
        handler: { file: index.file, line: index.line(fn), name: method },
        tags: ['xml-rpc', 'own-listener', ...(secure ? ['tls'] : [])],
        evidence: index.evidence(on),
        key: `${index.file}#xmlrpc:${method}`,
      };
      facts.push(fact);
    }
  }
  return facts;
}

export const extractor: Extractor = {
  id: 'js/xmlrpc',
  title: 'XML-RPC servers and their methods',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  signals: ['xmlrpc'],
  extract(file, ctx) {
    if (!/createS(?:ecureS)?erver/.test(file.content)) return null;
    const facts = serverFacts(jsIndex(file, ctx));
    return facts.length > 0 ? facts : null;
  },
};
