// Route factories of the repository given only options, whose route hands the request to a
// handler a package built (a queue consumer, a webhook receiver):
//   export function createQueueRoute({ schema, path }) {
//     const consume = handleCallback(async (message) => { ... }, { retry });   // from a package
//     return (request) => consume(request);
//   }
//   export const POST = createQueueRoute({ schema, path: '/api/digest' });    (route file)
// The request never reaches the repository's own code before the package's handler, so what
// checks the caller is the package's and cannot be read here: `unknown`, as js/nextjs does for a
// package handler exported directly (`export const POST = handleCallback(...)`).
import { calleeName, isFunctionLike, memberPath, unwrap, unwrapAwait, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { returnedFunction } from '../_lib/routes-guards.js';

const REQUEST = /^(req|request)$/;
/** Modules of the repository itself (relative, or a tsconfig alias). */
const PROJECT_MODULE = /^(\.|[@~#]\/)/;

/** Text such a factory holds (asked before any tree walk). */
export function mayBuildLibraryHandler(content: string): boolean {
  return content.includes('return') && /return\s+(?:async\s+)?\(\s*(?:req|request)\b/.test(content);
}

/** The single expression a function's body evaluates or returns. */
function onlyResult(fn: FunctionLike): AstNode | undefined {
  const body = unwrap(fn.body as AstNode | null);
  if (!body) return undefined;
  if (body.type !== 'BlockStatement') return unwrapAwait(body);
  const stmts = body.body as AstNode[];
  if (stmts.length !== 1 || stmts[0].type !== 'ReturnStatement') return undefined;
  return unwrapAwait(stmts[0].argument as AstNode | undefined);
}

/** `handleCallback(...)` of a package import: its name and module, or undefined. */
function packageCall(node: AstNode | undefined, index: JsIndex): string | undefined {
  const call = node ? unwrap(node) : undefined;
  if (!call || call.type !== 'CallExpression') return undefined;
  const path = memberPath(unwrap(call.callee as AstNode));
  const b = path ? index.bindings.get(path[0]) : undefined;
  return b && !PROJECT_MODULE.test(b.module) ? `${calleeName(call) ?? path![0]}() from ${b.module}` : undefined;
}

/** The value a top-level `const` of the factory is bound to. */
function ownInit(fn: FunctionLike, name: string): AstNode | undefined {
  const body = unwrap(fn.body as AstNode | null);
  if (!body || body.type !== 'BlockStatement') return undefined;
  for (const s of body.body as AstNode[]) {
    if (s.type !== 'VariableDeclaration') continue;
    for (const d of s.declarations) if (d.id.type === 'Identifier' && d.id.name === name) return (d.init as AstNode | null) ?? undefined;
  }
  return undefined;
}

/** Why `fn` (given no callback) builds a route that hands its request to a package's handler, or undefined. */
export function libraryBuiltHandler(fn: FunctionLike, index: JsIndex): string | undefined {
  const runner = returnedFunction(fn, index);
  const request = runner && isFunctionLike(runner) ? unwrap(runner.params[0] as AstNode | undefined) : undefined;
  if (!runner || request?.type !== 'Identifier' || !REQUEST.test(request.name)) return undefined;
  const result = onlyResult(runner);
  if (!result || result.type !== 'CallExpression' || !result.arguments.some((a) => { const u = unwrap(a as AstNode); return u.type === 'Identifier' && u.name === request.name; })) return undefined;
  const callee = unwrap(result.callee as AstNode);
  // `return (request) => consume(request)`, `consume` a local of the factory built by the package.
  const built = callee.type === 'Identifier' ? packageCall(ownInit(fn, callee.name), index) : undefined;
  return built ? `hands the request to the handler ${built} builds; its checks are the package's` : undefined;
}
