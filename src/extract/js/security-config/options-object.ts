// The object literal an options argument stands for: written inline, a const, or a `var`/`let` that
// is never reassigned (older Express code declares `var corsOptions = { … }` at module level).
import { resolveObject, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';

/** Is `name` assigned anywhere in the file after its declaration (`x = …`, `x += …`, `x++`)? */
function reassigned(name: string, index: JsIndex): boolean {
  for (const a of index.nodesOf('AssignmentExpression')) {
    const left = unwrap(a.left as AstNode);
    if (left.type === 'Identifier' && left.name === name) return true;
  }
  for (const u of index.nodesOf('UpdateExpression')) {
    const arg = unwrap(u.argument as AstNode);
    if (arg.type === 'Identifier' && arg.name === name) return true;
  }
  return false;
}

/** Initialiser of the one module-level declaration of `name` (any kind), if there is exactly one. */
function moduleInit(name: string, index: JsIndex): AstNode | undefined {
  let found: AstNode | undefined;
  let count = 0;
  for (const d of index.nodesOf('VariableDeclarator')) {
    const id = d.id as AstNode;
    if (id.type !== 'Identifier' || id.name !== name || index.enclosingFunction(d)) continue;
    count++;
    found = (d.init as AstNode | null) ?? undefined;
  }
  return count === 1 ? found : undefined;
}

/** The object literal behind an options argument, following names that are never reassigned. */
export function optionsObject(node: AstNode | null | undefined, index: JsIndex): AstNode | undefined {
  const direct = resolveObject(node, index);
  if (direct) return direct;
  let n = unwrap(node);
  for (let i = 0; i < 3 && n && n.type === 'Identifier'; i++) {
    const name = n.name;
    const init = index.initAt(name, n) ?? moduleInit(name, index);
    if (!init || reassigned(name, index)) return undefined;
    n = unwrap(init);
  }
  return n && n.type === 'ObjectExpression' ? n : undefined;
}
