// How the polyglot taint engine reads Java trees (tree-sitter-java node kinds). Method calls have
// no node spanning `object.method`, so callParts gives the dotted name and the object instead.
import type { SgNode } from '@ast-grep/napi';
import type { CallArg, FunctionParts, TaintSyntax } from '../../_polyglot/taint/types.js';

function functionParts(fn: SgNode): FunctionParts {
  const params = (fn.field('parameters')?.namedChildren() ?? [])
    .filter((p) => p.kind() === 'formal_parameter' || p.kind() === 'spread_parameter')
    .map((p) => p.field('name')?.text() ?? p.namedChildren().filter((c) => c.kind() === 'identifier' || c.kind() === 'variable_declarator').pop()?.text() ?? '_');
  return { name: fn.field('name')?.text(), params, body: fn.field('body') };
}

function args(list: SgNode | null): CallArg[] {
  return (list?.namedChildren() ?? []).filter((a) => a.kind() !== 'line_comment' && a.kind() !== 'block_comment').map((node) => ({ node }));
}

function callParts(call: SgNode): { callee: SgNode | null; args: CallArg[]; name?: string; receiver?: SgNode | null } {
  if (call.kind() === 'object_creation_expression') {
    const type = call.field('type');
    return { callee: null, args: args(call.field('arguments')), name: (type?.text() ?? '').replace(/<.*$/s, ''), receiver: null };
  }
  const object = call.field('object');
  const method = call.field('name')?.text() ?? '';
  return { callee: null, args: args(call.field('arguments')), name: object ? `${object.text()}.${method}` : method, receiver: object };
}

function targetName(node: SgNode): string | undefined {
  switch (node.kind()) {
    case 'identifier':
      return node.text();
    case 'field_access': {
      // `this.x = v` writes x (a field), `obj.f = v` writes obj.
      const object = node.field('object');
      if (object?.kind() === 'this') return node.field('field')?.text();
      return object ? targetName(object) : undefined;
    }
    case 'array_access':
      return node.field('array') ? targetName(node.field('array') as SgNode) : undefined;
    case 'method_invocation':
      return node.field('object') ? targetName(node.field('object') as SgNode) : undefined;
    default:
      return undefined;
  }
}

/** `"a" + b`, `String.format("%s", b)`, `"%s".formatted(b)`: string building in order. */
function concatParts(node: SgNode): SgNode[] | undefined {
  if (node.kind() === 'binary_expression' && node.field('operator')?.text() === '+') {
    const left = node.field('left');
    const right = node.field('right');
    return left && right ? [left, right] : undefined;
  }
  if (node.kind() === 'method_invocation' && /^String\.format$/.test(`${node.field('object')?.text()}.${node.field('name')?.text()}`)) {
    return args(node.field('arguments')).map((a) => a.node);
  }
  return undefined;
}

export const JAVA_SYNTAX: TaintSyntax = {
  functionKinds: ['method_declaration', 'constructor_declaration'],
  functionParts,
  functionName: (fn) => fn.field('name')?.text(),
  scopeKinds: ['class_declaration', 'lambda_expression', 'class_body', 'interface_declaration'],
  callKinds: ['method_invocation', 'object_creation_expression'],
  callParts,
  memberKinds: ['field_access', 'array_access'],
  memberParts(node) {
    if (node.kind() === 'array_access') return { object: node.field('array'), property: '[]' };
    return { object: node.field('object'), property: node.field('field')?.text() ?? '' };
  },
  identifierKinds: ['identifier'],
  assignmentKinds: ['assignment_expression', 'variable_declarator'],
  assignmentParts(node) {
    if (node.kind() === 'variable_declarator') {
      const name = node.field('name');
      const value = node.field('value');
      return name && value ? { targets: [name], values: [value], augmented: false } : undefined;
    }
    const left = node.field('left');
    const right = node.field('right');
    if (!left || !right) return undefined;
    return { targets: [left], values: [right], augmented: node.field('operator')?.text() !== '=' };
  },
  returnKinds: ['return_statement'],
  loopKinds: ['enhanced_for_statement'],
  loopParts(node) {
    const name = node.field('name');
    return { targets: name ? [name] : [], iterable: node.field('value') };
  },
  opaqueKinds: ['decimal_integer_literal', 'hex_integer_literal', 'decimal_floating_point_literal', 'true', 'false', 'null_literal', 'character_literal', 'line_comment', 'block_comment', 'instanceof_expression', 'class_literal', 'lambda_expression'],
  conditionalKinds: ['if_statement', 'for_statement', 'enhanced_for_statement', 'while_statement', 'do_statement', 'try_statement', 'catch_clause', 'switch_expression', 'switch_block_statement_group', 'switch_rule', 'ternary_expression'],
  targetName,
  selfNames: ['this'],
  concatParts,
  isStringBuilding(node) {
    // Only Spring MVC view names use a return sink: `return "redirect:" + url`.
    let head: SgNode | null = node;
    while (head?.kind() === 'binary_expression') head = head.field('left');
    return node.kind() === 'binary_expression' && head?.kind() === 'string_literal' && /^"redirect:/.test(head.text());
  },
};
