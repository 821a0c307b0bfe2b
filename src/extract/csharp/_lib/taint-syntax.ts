// How the polyglot taint engine reads C# trees (tree-sitter-c-sharp node kinds).
import type { SgNode } from '@ast-grep/napi';
import type { CallArg, FunctionParts, TaintSyntax } from '../../_polyglot/taint/types.js';

function functionParts(fn: SgNode): FunctionParts {
  const list = fn.field('parameters') ?? fn.children().find((c) => c.kind() === 'parameter_list' || c.kind() === 'implicit_parameter') ?? null;
  const params =
    list?.kind() === 'implicit_parameter' || list?.kind() === 'identifier'
      ? [list.text()]
      : (list?.children() ?? []).filter((p) => p.kind() === 'parameter').map((p) => p.field('name')?.text() ?? '_');
  return { name: fn.field('name')?.text(), params, body: fn.field('body') ?? fn.children().find((c) => c.kind() === 'block' || c.kind() === 'arrow_expression_clause') ?? null };
}

function args(list: SgNode | null): CallArg[] {
  const out: CallArg[] = [];
  for (const a of list?.children() ?? []) {
    if (a.kind() !== 'argument') continue;
    const named = a.namedChildren();
    const value = named[named.length - 1];
    if (!value) continue;
    const keyword = a.field('name')?.text();
    out.push(keyword ? { node: value, keyword } : { node: value });
  }
  return out;
}

function callParts(call: SgNode): { callee: SgNode | null; args: CallArg[]; name?: string; receiver?: SgNode | null } {
  if (call.kind() === 'object_creation_expression') {
    return { callee: null, args: args(call.field('arguments')), name: (call.field('type')?.text() ?? '').replace(/<.*$/s, ''), receiver: null };
  }
  const fn = call.field('function');
  if (fn?.kind() === 'generic_name') return { callee: null, args: args(call.field('arguments')), name: fn.text().replace(/<.*$/s, ''), receiver: null };
  return { callee: fn, args: args(call.field('arguments')) };
}

function targetName(node: SgNode): string | undefined {
  switch (node.kind()) {
    case 'identifier':
      return node.text();
    case 'member_access_expression': {
      const object = node.field('expression');
      if (object?.kind() === 'this_expression' || object?.kind() === 'this') return node.field('name')?.text();
      return object ? targetName(object) : undefined;
    }
    case 'element_access_expression':
      return node.field('expression') ? targetName(node.field('expression') as SgNode) : undefined;
    case 'invocation_expression': {
      const fn = node.field('function');
      return fn?.kind() === 'member_access_expression' && fn.field('expression') ? targetName(fn.field('expression') as SgNode) : undefined;
    }
    default:
      return undefined;
  }
}

export const CS_SYNTAX: TaintSyntax = {
  functionKinds: ['method_declaration', 'local_function_statement', 'constructor_declaration', 'lambda_expression'],
  functionParts,
  functionName: (fn) => fn.field('name')?.text(),
  scopeKinds: ['class_declaration', 'anonymous_method_expression'],
  callKinds: ['invocation_expression', 'object_creation_expression'],
  callParts,
  memberKinds: ['member_access_expression', 'element_access_expression', 'conditional_access_expression'],
  memberParts(node) {
    if (node.kind() === 'element_access_expression') return { object: node.field('expression'), property: '[]' };
    if (node.kind() === 'conditional_access_expression') return { object: node.field('condition') ?? node.namedChildren()[0] ?? null, property: '?' };
    return { object: node.field('expression'), property: node.field('name')?.text() ?? '' };
  },
  identifierKinds: ['identifier'],
  assignmentKinds: ['assignment_expression', 'variable_declarator'],
  assignmentParts(node) {
    if (node.kind() === 'variable_declarator') {
      const name = node.field('name');
      const value = node.namedChildren().filter((c) => c !== name && c.kind() !== 'bracketed_argument_list').pop();
      return name && value && value.id() !== name.id() ? { targets: [name], values: [value], augmented: false } : undefined;
    }
    const left = node.field('left');
    const right = node.field('right');
    return left && right ? { targets: [left], values: [right], augmented: node.field('operator')?.text() !== '=' } : undefined;
  },
  returnKinds: ['return_statement', 'arrow_expression_clause'],
  loopKinds: ['foreach_statement'],
  loopParts(node) {
    const left = node.field('left');
    return { targets: left ? [left] : [], iterable: node.field('right') };
  },
  opaqueKinds: ['integer_literal', 'real_literal', 'boolean_literal', 'null_literal', 'character_literal', 'comment', 'typeof_expression', 'is_expression', 'nameof_expression' as string],
  conditionalKinds: ['if_statement', 'for_statement', 'foreach_statement', 'while_statement', 'do_statement', 'try_statement', 'catch_clause', 'switch_statement', 'switch_section', 'conditional_expression'],
  targetName,
  selfNames: ['this'],
  concatParts(node) {
    if (node.kind() === 'binary_expression' && node.field('operator')?.text() === '+') {
      const left = node.field('left');
      const right = node.field('right');
      return left && right ? [left, right] : undefined;
    }
    if (node.kind() === 'interpolated_string_expression') {
      const parts = node.namedChildren().filter((c) => c.kind() === 'string_content' || c.kind() === 'interpolation');
      return parts.some((p) => p.kind() === 'interpolation') ? parts : undefined;
    }
    return undefined;
  },
};
