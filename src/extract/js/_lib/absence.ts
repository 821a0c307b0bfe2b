// A test that something is missing (`!user`, `!auth?.user`, `session == null`): the member path
// of what it checks. Shared by the readers of guards that stop when no caller was found.
import { memberPath, unwrap, type AstNode } from './ast.js';

/** `!x`, `!x?.user`, `x == null`, `x === undefined`: the member path tested for absence. */
export function absentPath(test: AstNode): string[] | undefined {
  const t = unwrap(test);
  let inner: AstNode | undefined;
  if (t.type === 'UnaryExpression' && t.operator === '!') inner = unwrap(t.argument as AstNode);
  else if (t.type === 'BinaryExpression' && (t.operator === '==' || t.operator === '===')) {
    const r = unwrap(t.right as AstNode);
    if ((r.type === 'Literal' && (r as { value: unknown }).value === null) || (r.type === 'Identifier' && r.name === 'undefined')) inner = unwrap(t.left as AstNode);
  }
  return inner ? memberPath(inner) : undefined;
}

/** The same on either side of `||` (`!user || user.isGuest`), left first. */
export function absentPaths(test: AstNode): string[][] {
  const t = unwrap(test);
  if (t.type === 'LogicalExpression' && t.operator === '||') return [...absentPaths(t.left as AstNode), ...absentPaths(t.right as AstNode)];
  const path = absentPath(t);
  return path ? [path] : [];
}
