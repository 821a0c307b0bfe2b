// How the polyglot taint engine reads PHP trees (tree-sitter-php node kinds). Method and static
// calls are named `object.method` / `Class.method` (dots, like the other languages); `echo`,
// `include`/`require` and backticks are read as calls so the sinks see their operands.
import type { SgNode } from '@ast-grep/napi';
import type { CallArg, FunctionParts, TaintSyntax } from '../../_polyglot/taint/types.js';

function functionParts(fn: SgNode): FunctionParts {
  // Top-level script code runs for each request like a function body.
  if (fn.kind() === 'program') return { name: '<script>', params: [], body: fn };
  const params = (fn.field('parameters')?.namedChildren() ?? [])
    .filter((p) => /parameter$/.test(String(p.kind())))
    .map((p) => p.field('name')?.text() ?? p.children().find((c) => c.kind() === 'variable_name')?.text() ?? '_');
  return { name: fn.field('name')?.text(), params, body: fn.field('body') };
}

function args(list: SgNode | null | undefined): CallArg[] {
  const out: CallArg[] = [];
  for (const a of list?.children() ?? []) {
    if (a.kind() !== 'argument') continue;
    const named = a.namedChildren();
    const value = named[named.length - 1];
    if (!value) continue;
    const keyword = named.length > 1 && named[0].kind() === 'name' ? named[0].text() : undefined;
    out.push(keyword ? { node: value, keyword } : a.text().startsWith('...') ? { node: value, spread: true } : { node: value });
  }
  return out;
}

const INCLUDES = new Set(['include_expression', 'include_once_expression', 'require_expression', 'require_once_expression']);

function callParts(call: SgNode): { callee: SgNode | null; args: CallArg[]; name?: string; receiver?: SgNode | null } {
  const kind = String(call.kind());
  if (INCLUDES.has(kind)) return { callee: null, args: call.namedChildren().map((node) => ({ node })), name: 'include', receiver: null };
  if (kind === 'echo_statement' || kind === 'print_intrinsic') return { callee: null, args: call.namedChildren().map((node) => ({ node })), name: 'echo', receiver: null };
  if (kind === 'shell_command_expression') return { callee: null, args: call.namedChildren().map((node) => ({ node })), name: 'shell_exec', receiver: null };
  if (kind === 'function_call_expression') return { callee: null, args: args(call.field('arguments')), name: (call.field('function')?.text() ?? '').replace(/^\\/, ''), receiver: null };
  if (kind === 'scoped_call_expression') {
    const scope = (call.field('scope')?.text() ?? '').split('\\').pop() ?? '';
    return { callee: null, args: args(call.field('arguments')), name: `${scope}.${call.field('name')?.text() ?? ''}`, receiver: null };
  }
  if (kind === 'object_creation_expression') {
    const type = call.namedChildren().find((c) => c.kind() === 'name' || c.kind() === 'qualified_name');
    return { callee: null, args: args(call.children().find((c) => c.kind() === 'arguments')), name: (type?.text() ?? '').split('\\').pop() ?? '', receiver: null };
  }
  const object = call.field('object');
  return { callee: null, args: args(call.field('arguments')), name: `${object?.text() ?? ''}.${call.field('name')?.text() ?? ''}`, receiver: object };
}

function targetName(node: SgNode): string | undefined {
  switch (node.kind()) {
    case 'variable_name':
      return node.text();
    case 'subscript_expression':
    case 'member_access_expression':
    case 'member_call_expression':
      return node.namedChildren()[0] ? targetName(node.namedChildren()[0]) : undefined;
    default:
      return undefined;
  }
}

export const PHP_SYNTAX: TaintSyntax = {
  functionKinds: ['program', 'function_definition', 'method_declaration', 'anonymous_function', 'arrow_function'],
  functionParts,
  functionName: (fn) => (fn.kind() === 'program' ? '<script>' : fn.field('name')?.text()),
  scopeKinds: ['class_declaration'],
  callKinds: ['function_call_expression', 'member_call_expression', 'nullsafe_member_call_expression', 'scoped_call_expression', 'object_creation_expression', 'include_expression', 'include_once_expression', 'require_expression', 'require_once_expression', 'echo_statement', 'print_intrinsic', 'shell_command_expression'],
  callParts,
  memberKinds: ['subscript_expression', 'member_access_expression'],
  memberParts(node) {
    return { object: node.namedChildren()[0] ?? null, property: node.kind() === 'subscript_expression' ? '[]' : (node.field('name')?.text() ?? '') };
  },
  identifierKinds: ['variable_name'],
  assignmentKinds: ['assignment_expression', 'augmented_assignment_expression'],
  assignmentParts(node) {
    const left = node.field('left');
    const right = node.field('right');
    return left && right ? { targets: [left], values: [right], augmented: node.kind() === 'augmented_assignment_expression' } : undefined;
  },
  returnKinds: ['return_statement'],
  loopKinds: ['foreach_statement'],
  loopParts(node) {
    const named = node.namedChildren();
    const iterable = named[0] ?? null;
    const binding = named[1];
    const targets = binding?.kind() === 'pair' ? binding.namedChildren() : binding ? [binding] : [];
    return { targets, iterable };
  },
  opaqueKinds: ['integer', 'float', 'boolean', 'null', 'comment', 'class_constant_access_expression'],
  conditionalKinds: ['if_statement', 'else_clause', 'else_if_clause', 'switch_statement', 'case_statement', 'while_statement', 'foreach_statement', 'for_statement', 'try_statement', 'catch_clause', 'conditional_expression', 'match_expression'],
  targetName,
  selfNames: ['$this'],
  concatParts(node) {
    if (node.kind() === 'binary_expression' && node.field('operator')?.text() === '.') {
      const left = node.field('left');
      const right = node.field('right');
      return left && right ? [left, right] : undefined;
    }
    if (node.kind() === 'encapsed_string') {
      const parts = node.namedChildren().filter((c) => c.kind() !== 'escape_sequence');
      return parts.some((p) => p.kind() !== 'string_content') ? parts : undefined;
    }
    return undefined;
  },
};
