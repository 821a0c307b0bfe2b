// Small AST helpers the taint interpreter needs (generic ones live in ast.ts, owned elsewhere).
import type { Argument, Expression, Node, StaticMemberExpression, ComputedMemberExpression } from 'oxc-parser';
import type { FnNode } from './taint-types.js';

export type AnyNode = Node;

/** Strips parentheses, TypeScript assertions and optional chains that do not change values. */
export function unwrap(node: Expression): Expression {
  let n: Expression = node;
  for (;;) {
    switch (n.type) {
      case 'ParenthesizedExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
        n = n.expression;
        continue;
      case 'ChainExpression':
        n = n.expression as Expression;
        continue;
      default:
        return n;
    }
  }
}

export function isFn(node: Node | null | undefined): node is FnNode {
  return (
    !!node &&
    (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration')
  );
}

export type Member = StaticMemberExpression | ComputedMemberExpression;

/** The property name of a member access when it is static (`a.b`, `a['b']`). */
export function propName(node: Expression): string | undefined {
  if (node.type !== 'MemberExpression') return undefined;
  if (!node.computed) return node.property.type === 'Identifier' ? node.property.name : undefined;
  const p = unwrap(node.property as Expression);
  return stringValue(p);
}

/**
 * The name a callee's text ends with (`exit` of `process.exit`), undefined for other shapes: a
 * cheap test before building the whole text with `calleeText`.
 */
export function calleeTail(node: Expression): string | undefined {
  const n = unwrap(node);
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'MemberExpression') return propName(n) ?? '[]';
  return n.type === 'AwaitExpression' ? calleeTail(n.argument) : undefined;
}

/** A string literal or a template literal without expressions. */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

export function keyName(key: Node, computed: boolean): string | undefined {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  return undefined;
}

/** Readable callee text for API names: `db.query`, `knex().whereRaw`, `this.repo.query`. */
export function calleeText(node: Expression, depth = 0): string {
  const n = unwrap(node);
  if (depth > 8) return '…';
  switch (n.type) {
    case 'Identifier':
      return n.name;
    case 'ThisExpression':
      return 'this';
    case 'Super':
      return 'super';
    case 'MemberExpression': {
      const name = propName(n) ?? '[]';
      return `${calleeText(n.object, depth + 1)}.${name}`;
    }
    case 'CallExpression':
      return `${calleeText(n.callee, depth + 1)}()`;
    case 'NewExpression':
      return `new ${calleeText(n.callee, depth + 1)}()`;
    case 'AwaitExpression':
      return calleeText(n.argument, depth + 1);
    default:
      return '(expr)';
  }
}

/** The identifier at the root of a member/call chain (`res` in `res.status(500).send`). */
export function chainRoot(node: Expression): Expression {
  let n = unwrap(node);
  for (;;) {
    if (n.type === 'MemberExpression') n = unwrap(n.object);
    else if (n.type === 'CallExpression') n = unwrap(n.callee);
    else return n;
  }
}

/** Method names called along a chain (`status`, `type` in `res.status(200).type('json').send`). */
export function chainCalls(node: Expression): { name: string; args: Argument[] }[] {
  const out: { name: string; args: Argument[] }[] = [];
  let n = unwrap(node);
  for (let i = 0; i < 20; i++) {
    if (n.type === 'MemberExpression') n = unwrap(n.object);
    else if (n.type === 'CallExpression') {
      const c = unwrap(n.callee);
      const name = c.type === 'MemberExpression' ? propName(c) : c.type === 'Identifier' ? c.name : undefined;
      if (name) out.push({ name, args: n.arguments });
      n = c;
    } else break;
  }
  return out;
}

export function argExpr(arg: Argument | undefined): Expression | undefined {
  if (!arg) return undefined;
  return arg.type === 'SpreadElement' ? undefined : arg;
}

/** Does a statement always leave the enclosing block (return, throw, continue, break)? */
export function exits(stmt: Node | null | undefined): boolean {
  if (!stmt) return false;
  switch (stmt.type) {
    case 'ReturnStatement':
    case 'ThrowStatement':
    case 'ContinueStatement':
    case 'BreakStatement':
      return true;
    case 'BlockStatement': {
      const last = stmt.body[stmt.body.length - 1];
      return exits(last);
    }
    case 'IfStatement':
      return exits(stmt.consequent) && exits(stmt.alternate);
    case 'ExpressionStatement': {
      // `next(err)`-style early exits are not certain; only process.exit counts.
      const e = unwrap(stmt.expression);
      return e.type === 'CallExpression' && calleeTail(e.callee) === 'exit' && calleeText(e.callee) === 'process.exit';
    }
    default:
      return false;
  }
}

/** Names bound by a pattern (for hoisting and for clearing guards). */
export function patternNames(node: Node | null | undefined, out: string[] = []): string[] {
  if (!node) return out;
  switch (node.type) {
    case 'Identifier':
      out.push(node.name);
      break;
    case 'ObjectPattern':
      for (const p of node.properties) patternNames(p.type === 'RestElement' ? p.argument : p.value, out);
      break;
    case 'ArrayPattern':
      for (const e of node.elements) patternNames(e, out);
      break;
    case 'AssignmentPattern':
      patternNames(node.left, out);
      break;
    case 'RestElement':
      patternNames(node.argument, out);
      break;
    case 'TSParameterProperty':
      patternNames(node.parameter, out);
      break;
    default:
      break;
  }
  return out;
}

export function exportName(n: { type: string; name?: string; value?: unknown }): string {
  return n.type === 'Literal' ? String(n.value) : (n.name ?? '');
}

/** A stable text key for guard matching: `x`, `req.query.url`. */
export function exprKey(node: Node): string | undefined {
  const n = node.type === 'ParenthesizedExpression' || node.type === 'TSAsExpression' || node.type === 'TSNonNullExpression' || node.type === 'ChainExpression' ? unwrap(node as Expression) : node;
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'ThisExpression') return 'this';
  if (n.type === 'MemberExpression') {
    const base = exprKey(n.object);
    const key = propName(n);
    return base && key !== undefined ? `${base}.${key}` : undefined;
  }
  return undefined;
}
