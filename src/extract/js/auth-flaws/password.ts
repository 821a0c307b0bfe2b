// What the two password parts share: the names a password goes by, and the lines that may name the
// handler holding a site (for the rule to find its route, also when registered in another file).
import type { AstNode, JsIndex } from '../_lib/ast.js';

/** A password by its name: `password`, `newPassword`, `new_password`, `pwd`, `passwordConfirm`; never `passwordResetToken` or `showPassword`. */
export const PASSWORD_NAME = /^(new|old|current|curr|confirm|repeat|verify|user|account|plain|raw)?_?(password|passwd|pwd|pass|passphrase)_?(confirm(ation)?|repeat(ed)?|again|verify|2|new|old)?$/i;

/**
 * Lines an entry point may name as the handler holding `node`: every enclosing function and the
 * declaration, property or wrapper call it sits in (what `routeOfHandler` reads; a route
 * registered in another file names the handler's own line, `export function changePassword () {`).
 */
export function handlerLines(node: AstNode, index: JsIndex): string {
  const lines = new Set<number>();
  let inFunction = false;
  for (const a of index.ancestors(node)) {
    const fn = a.type === 'FunctionExpression' || a.type === 'ArrowFunctionExpression' || a.type === 'FunctionDeclaration';
    if (fn) inFunction = true;
    if (fn || (inFunction && HOLDERS.has(a.type))) lines.add(index.line(a));
  }
  return [...lines].sort((x, y) => x - y).join(',');
}
const HOLDERS = new Set(['MethodDefinition', 'VariableDeclarator', 'AssignmentExpression', 'Property', 'CallExpression', 'ExportNamedDeclaration', 'ExportDefaultDeclaration', 'PropertyDefinition']);
