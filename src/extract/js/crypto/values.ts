import { literalValue, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';

/** A numeric argument through same-file consts; undefined when not static. */
export function numericArg(node: AstNode | undefined, index: JsIndex): number | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  const v = literalValue(n, index);
  if (typeof v === 'number') return v;
  if (n.type === 'Identifier') {
    const init = index.constInit(n.name);
    return init ? numericArg(init, index) : undefined;
  }
  return undefined;
}
