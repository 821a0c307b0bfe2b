// Whether a GraphQL server's per-request `context` function can refuse a call. Apollo runs it before
// any resolver: one that throws on a missing or bad token guards every operation; one that only
// decodes a token it may be given (`try { user = jwt.verify(...) } catch { user = {} }`) lets
// anonymous calls through, and the resolvers decide. Anything the function calls that could throw
// outside a `try` that swallows errors (a helper imported from elsewhere, `jwt.verify`) leaves the
// answer open.
import { calleeProperty, childNodes, functionOf, isFunctionLike, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../../js/_lib/ast.js';

export type ContextVerdict = 'absent' | 'decorates' | 'rejects' | 'unknown';

/** Calls that never throw on a missing credential (`jwt.decode`, reading a header). */
const SAFE_CALLEE = /^(?:jsonwebtoken\.decode|jwt-decode(?:\.\w+)?|String|Boolean|Number|Object\.\w+|JSON\.stringify|console\.\w+)$/;
/** String methods, safe on a value given a default (`(req.headers.authorization || '').replace(...)`). */
const STRING_METHOD = /^(?:split|replace|replaceAll|slice|substring|substr|trim|toLowerCase|toUpperCase|startsWith|endsWith|includes)$/;
/** Header readers that answer `undefined` for a missing header (`req.get('authorization')`, `headers.get(...)`). */
const HEADER_READ = /^(?:get|header)$/;

export function contextVerdict(fn: FunctionLike | undefined, index: JsIndex, depth = 0): ContextVerdict {
  if (!fn) return 'unknown';
  const body = unwrap(fn.body as AstNode | null);
  if (!body) return 'unknown';
  let verdict: ContextVerdict = 'decorates';
  const visit = (node: AstNode, swallowed: boolean): void => {
    if (verdict === 'rejects') return;
    if (node.type === 'TryStatement') {
      // A catch that throws again (or a finally) passes errors on.
      const handler = node.handler?.body as AstNode | undefined;
      const rethrows = !handler || hasThrow(handler);
      visit(node.block as AstNode, swallowed || !rethrows);
      if (handler) visit(handler, swallowed);
      if (node.finalizer) visit(node.finalizer as AstNode, swallowed);
      return;
    }
    if (node.type === 'ThrowStatement' && !swallowed) {
      verdict = 'rejects';
      return;
    }
    if ((node.type === 'CallExpression' || node.type === 'NewExpression') && !swallowed && !safeCall(node, index)) {
      const helper = node.type === 'CallExpression' && node.callee.type === 'Identifier' && depth < 2 ? functionOf(node.callee, index) : undefined;
      const v = helper ? contextVerdict(helper, index, depth + 1) : 'unknown';
      if (v === 'rejects') verdict = 'rejects';
      else if (v === 'unknown') verdict = 'unknown';
    }
    for (const child of children(node)) visit(child, swallowed);
  };
  visit(body, false);
  return verdict;
}

function safeCall(node: AstNode & { type: 'CallExpression' | 'NewExpression' }, index: JsIndex): boolean {
  const resolved = index.resolvedCallee(node) ?? '';
  if (SAFE_CALLEE.test(resolved)) return true;
  if (node.type !== 'CallExpression') return false;
  const prop = calleeProperty(node) ?? '';
  if (HEADER_READ.test(prop)) return true;
  if (!STRING_METHOD.test(prop)) return false;
  // The receiver has a default or is read optionally: no TypeError when the header is missing.
  const callee = node.callee as AstNode;
  return node.optional || (callee.type === 'MemberExpression' && /\|\||\?\?|\?\./.test(index.text(callee.object as AstNode)));
}

function hasThrow(root: AstNode): boolean {
  let found = false;
  const visit = (n: AstNode) => {
    if (found) return;
    if (n.type === 'ThrowStatement') found = true;
    else for (const c of children(n)) visit(c);
  };
  visit(root);
  return found;
}

/** Child nodes, not entering nested functions (callbacks run later, or not at all). */
function children(node: AstNode): AstNode[] {
  return childNodes(node).filter((c) => !isFunctionLike(c));
}
