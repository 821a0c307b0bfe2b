// Whether every caller of a file-local function passes a given argument: a fallback to request
// data for a missing argument (`data = data || req.body`, `function f(data = req.body)`) is then
// never taken, so the parameter's own value is all the function ever sees.
import { type AstNode, walk } from './ast.js';
import type { JsProgram } from './parse.js';

type Loose = Record<string, unknown>;

function isEmptyArg(node: AstNode): boolean {
  if (node.type === 'Identifier') return (node as unknown as { name: string }).name === 'undefined';
  if (node.type === 'Literal') return (node as unknown as Loose).value === null;
  return node.type === 'UnaryExpression' && (node as unknown as Loose).operator === 'void';
}

/**
 * True when `name` (the function `fn`, declared in this file) is only ever called directly, at
 * least once, and every call passes a non-empty argument at `index`. Any other use of the name (an
 * export, a callback, an assignment) leaves callers unknown: false.
 */
export function alwaysPassed(program: JsProgram, fn: { start: number; end: number }, name: string, index: number): boolean {
  let calls = 0;
  let escapes = false;
  let bound = false;
  walk(program as unknown as AstNode, (node, parent) => {
    if (escapes) return false;
    if (node.start === fn.start && node.end === fn.end && node.type !== 'Identifier') {
      // The function itself exported (`export function f`, `export default function f`).
      if (parent && /^Export/.test(parent.type)) escapes = true;
      // The name must be this function's own binding, not that of an enclosing one.
      const id = (node as unknown as Loose).id as { name?: string } | null | undefined;
      const declared = parent?.type === 'VariableDeclarator' ? ((parent as unknown as Loose).id as { name?: string }) : undefined;
      bound = id?.name === name || declared?.name === name;
    }
    if (node.type !== 'Identifier' || (node as unknown as { name: string }).name !== name || !parent) return;
    const p = parent as unknown as Loose;
    // Declarations and member names are no use of the binding.
    if ((parent.type === 'FunctionDeclaration' || parent.type === 'FunctionExpression' || parent.type === 'VariableDeclarator') && p.id === node) return;
    if (parent.type === 'MemberExpression' && p.property === node && !p.computed) return;
    if ((parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') && p.key === node && !p.shorthand && !p.computed) return;
    if (parent.type === 'CallExpression' && p.callee === node) {
      const args = p.arguments as AstNode[];
      const arg = args[index];
      if (!arg || args.slice(0, index + 1).some((a) => a.type === 'SpreadElement') || isEmptyArg(arg)) escapes = true;
      else calls++;
      return;
    }
    escapes = true;
  });
  return bound && !escapes && calls > 0;
}
