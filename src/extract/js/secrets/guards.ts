// A literal secret production never uses: it sits in a development-only branch, or code before it
// in the same block throws in production (`if (isProduction) throw …`, or a call to a helper of
// the file that does: `this.rejectErrors('jwtSecret not found')` then `jwtSecret = 'supersecret'`).
// Such a default only signs development cookies and tokens: the rule rates it low.
import { calleeProperty, memberPath, nodesUnder, propertyKey, unwrap, type AstNode, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { devOnly } from '../_lib/dev-only.js';

/** A test that is true in production: `isProduction`, `this.#isProd`, `NODE_ENV === 'production'`. */
const PRODUCTION_TEST = /\bis_?prod(uction)?\b|#isProd(uction)?\b|\bIS_PROD(UCTION)?\b|(===?|!==?)\s*['"`]prod(uction)?['"`]|['"`]prod(uction)?['"`]\s*(===?|!==?)/i;

export function productionRefused(lit: AstNode, index: JsIndex): boolean {
  if (devOnly(lit, index)) return true;
  let child: AstNode = lit;
  for (const a of index.ancestors(lit)) {
    if (a.type === 'BlockStatement') {
      for (const s of a.body as AstNode[]) {
        if (s === child) break;
        if (throwsInProduction(s, index, true)) return true;
      }
    }
    if (a.type === 'FunctionDeclaration' || a.type === 'FunctionExpression' || a.type === 'ArrowFunctionExpression') return false;
    child = a;
  }
  return false;
}

/** `if (<production test>) { … throw … }`, or (one hop) a call to a function or method of the file whose body has one. */
function throwsInProduction(stmt: AstNode, index: JsIndex, follow: boolean): boolean {
  for (const test of nodesUnder(stmt, 'IfStatement')) {
    if (PRODUCTION_TEST.test(index.text(test.test as AstNode)) && !/^!/.test(index.text(test.test as AstNode).trim()) && nodesUnder(test.consequent as AstNode, 'ThrowStatement').length > 0) return true;
  }
  if (!follow || stmt.type !== 'ExpressionStatement') return false;
  const call = unwrap(stmt.expression as AstNode);
  if (call.type !== 'CallExpression') return false;
  const target = calleeFunction(call, stmt, index);
  return !!target?.body && throwsInProduction(target.body as AstNode, index, false);
}

/** `helper()` declared in the file, or `this.helper()` of the enclosing class. */
function calleeFunction(call: AstNode & { type: 'CallExpression' }, at: AstNode, index: JsIndex): FunctionLike | undefined {
  const path = memberPath(call.callee as AstNode);
  if (path?.length === 1) return index.functionByName(path[0]);
  if (path?.length !== 2 || path[0] !== 'this') return undefined;
  const name = calleeProperty(call);
  const cls = index.enclosingClass(at);
  for (const m of (cls?.body.body ?? []) as AstNode[]) {
    if (m.type === 'MethodDefinition' && propertyKey(m) === name) return m.value as FunctionLike;
  }
  return undefined;
}
