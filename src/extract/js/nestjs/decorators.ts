import { calleeName, memberPath, stringValue, unwrap, type AstNode, type JsIndex } from '../_lib/ast.js';

export interface DecoratorInfo {
  name: string;
  args: AstNode[];
  node: AstNode;
}

/** Decorators on a class, method, property or parameter: `@Get(':id')` → { name: 'Get', args }. */
export function decoratorsOf(node: AstNode): DecoratorInfo[] {
  const decs = (node as unknown as { decorators?: { expression: AstNode }[] }).decorators ?? [];
  return decs.map((d) => {
    const e = unwrap(d.expression);
    if (e.type === 'CallExpression') return { name: calleeName(e)?.split('.').pop() ?? '', args: e.arguments as AstNode[], node: d as unknown as AstNode };
    return { name: memberPath(e)?.pop() ?? '', args: [], node: d as unknown as AstNode };
  });
}

/**
 * A parameter as Nest reads it: the name or pattern it binds (inside a constructor's `private
 * readonly x` and a default value) and its decorators.
 */
export function parameterOf(p: AstNode): { target: AstNode; decorators: DecoratorInfo[] } {
  const inner = p.type === 'TSParameterProperty' ? (p.parameter as AstNode) : p;
  const target = inner.type === 'AssignmentPattern' ? unwrap(inner.left as AstNode) : inner;
  return { target, decorators: inner === p ? decoratorsOf(p) : decoratorsOf(p).concat(decoratorsOf(inner)) };
}

/** Path argument of `@Controller('x')`, `@Controller({ path: 'x' })`, `@Get()`, `@Get(['a', 'b'])`. */
export function decoratorPath(args: AstNode[], index: JsIndex): string {
  const a = unwrap(args[0]);
  if (!a) return '';
  const s = stringValue(a, index);
  if (s !== undefined) return s;
  if (a.type === 'ArrayExpression') return stringValue(a.elements[0] as AstNode, index) ?? '';
  if (a.type === 'ObjectExpression') {
    for (const p of a.properties) {
      if (p.type === 'Property' && p.key.type === 'Identifier' && p.key.name === 'path') return stringValue(p.value as AstNode, index) ?? '';
    }
  }
  return '';
}

/** Every path of `@Get(['a', 'b'])` / `@Controller(['x', 'y'])` (Nest serves the handler at each); one otherwise. */
export function decoratorPaths(args: AstNode[], index: JsIndex): string[] {
  const a = unwrap(args[0]);
  if (a?.type !== 'ArrayExpression') return [decoratorPath(args, index)];
  const all = a.elements.map((e) => (e ? stringValue(e as AstNode, index) : undefined)).filter((s): s is string => s !== undefined);
  return all.length > 0 ? [...new Set(all)] : [''];
}

