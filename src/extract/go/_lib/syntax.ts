// How the polyglot taint engine reads Go trees (tree-sitter-go node kinds).
import type { SgNode } from '@ast-grep/napi';
import type { SinkKind } from '../../../model/types.js';
import type { CallArg, FunctionParts, TaintSyntax } from '../../_polyglot/taint/types.js';
import { paramsOf } from './index.js';

function functionParts(fn: SgNode): FunctionParts {
  const receiver = fn.kind() === 'method_declaration' ? paramsOf(fn.field('receiver'))[0]?.name : undefined;
  return {
    name: fn.kind() === 'func_literal' ? undefined : fn.field('name')?.text(),
    params: paramsOf(fn.field('parameters')).map((p) => p.name),
    body: fn.field('body'),
    receiver,
  };
}

function callParts(call: SgNode): { callee: SgNode | null; args: CallArg[] } {
  const args: CallArg[] = [];
  for (const a of call.field('arguments')?.namedChildren() ?? []) {
    if (a.kind() === 'comment') continue;
    if (a.kind() === 'variadic_argument') {
      const inner = a.namedChildren()[0];
      if (inner) args.push({ node: inner, spread: true });
    } else args.push({ node: a });
  }
  return { callee: call.field('function'), args };
}

function targetName(node: SgNode): string | undefined {
  switch (node.kind()) {
    case 'identifier':
      return node.text() === '_' ? undefined : node.text();
    case 'unary_expression':
    case 'parenthesized_expression':
      return node.namedChildren()[0] ? targetName(node.namedChildren()[0]) : undefined;
    case 'selector_expression':
      return node.field('operand') ? targetName(node.field('operand') as SgNode) : undefined;
    case 'index_expression':
      return node.field('operand') ? targetName(node.field('operand') as SgNode) : undefined;
    default:
      return undefined;
  }
}

function list(node: SgNode | null): SgNode[] {
  if (!node) return [];
  return node.kind() === 'expression_list' ? node.namedChildren() : [node];
}

/** Does a block end the handler (return, panic, http.Error followed by return...)? */
function exits(block: SgNode | null): boolean {
  const stmts = block?.namedChildren().flatMap((c) => (c.kind() === 'statement_list' ? c.namedChildren() : [c])) ?? [];
  const last = stmts.filter((c) => c.kind() !== 'comment').pop();
  if (!last) return false;
  return last.kind() === 'return_statement' || last.kind() === 'continue_statement' || /^(panic|log\.Fatal|c\.Abort|ctx\.Abort)/.test(last.text());
}

/**
 * `if !allowed[x] { return }`, `if _, ok := allowed[x]; !ok { return }`, `if !re.MatchString(x) { return }`,
 * `if strings.Contains(x, "..") { return }` clean x after the if.
 */
function guard(node: SgNode): { names: string[]; kinds?: SinkKind[]; within?: boolean } | undefined {
  const condition = node.field('condition')?.text().replace(/\s+/g, ' ').trim() ?? '';
  const init = node.field('initializer')?.text() ?? '';
  const body = node.field('consequence');
  let m = /^!\s*([A-Za-z_]\w*)\[([A-Za-z_]\w*)\]$/.exec(condition);
  if (m && exits(body)) return { names: [m[2]] };
  m = /^!\s*(?:[\w.]+)\.(?:MatchString|Match)\(([A-Za-z_]\w*)\)$/.exec(condition);
  if (m && exits(body)) return { names: [m[1]] };
  m = /^!\s*(?:slices\.Contains|contains|isAllowed|isValid\w*|allowed)\(\s*[\w.]+\s*,\s*([A-Za-z_]\w*)\s*\)$/.exec(condition) ?? /^!\s*(?:isAllowed|isValid\w*|validate\w*)\(\s*([A-Za-z_]\w*)\s*\)$/.exec(condition);
  if (m && exits(body)) return { names: [m[1]] };
  m = /^!\s*ok$/.exec(condition) ? /^_?\s*,?\s*ok\s*:?=\s*[A-Za-z_]\w*\[([A-Za-z_]\w*)\]$/.exec(init.replace(/^\w+\s*,\s*/, '_, ')) : null;
  if (m && exits(body)) return { names: [m[1]] };
  m = /^strings\.Contains\(\s*([A-Za-z_]\w*)\s*,\s*"\.\."\s*\)$/.exec(condition);
  if (m && exits(body)) return { names: [m[1]], kinds: ['path'] };
  return undefined;
}

export const GO_SYNTAX: TaintSyntax = {
  functionKinds: ['function_declaration', 'method_declaration', 'func_literal'],
  functionParts,
  scopeKinds: ['type_declaration'],
  callKinds: ['call_expression'],
  callParts,
  memberKinds: ['selector_expression', 'index_expression', 'slice_expression', 'type_assertion_expression'],
  memberParts(node) {
    if (node.kind() === 'selector_expression') return { object: node.field('operand'), property: node.field('field')?.text() ?? '' };
    return { object: node.field('operand'), property: '[]' };
  },
  identifierKinds: ['identifier'],
  assignmentKinds: ['short_var_declaration', 'assignment_statement', 'var_spec', 'const_spec'],
  assignmentParts(node) {
    const kind = node.kind();
    if (kind === 'var_spec' || kind === 'const_spec') {
      const values = list(node.field('value'));
      const targets = node.namedChildren().filter((c) => c.kind() === 'identifier');
      return values.length > 0 ? { targets, values, augmented: false } : undefined;
    }
    const op = node.field('operator')?.text() ?? '=';
    return { targets: list(node.field('left')), values: list(node.field('right')), augmented: op !== '=' && op !== ':=' };
  },
  returnKinds: ['return_statement'],
  loopKinds: ['for_statement'],
  loopParts(node) {
    const range = node.namedChildren().find((c) => c.kind() === 'range_clause');
    if (!range) return undefined;
    return { targets: list(range.field('left')), iterable: range.field('right') };
  },
  opaqueKinds: ['int_literal', 'float_literal', 'true', 'false', 'nil', 'comment', 'func_literal', 'interpreted_string_literal', 'raw_string_literal', 'rune_literal'],
  conditionalKinds: ['if_statement', 'for_statement', 'expression_switch_statement', 'type_switch_statement', 'select_statement', 'expression_case', 'default_case'],
  targetName,
  guard,
  guardKinds: ['if_statement'],
  concatParts(node) {
    if (node.kind() === 'binary_expression') {
      if (node.field('operator')?.text() !== '+') return undefined;
      const left = node.field('left');
      const right = node.field('right');
      return left && right ? [left, right] : undefined;
    }
    if (node.kind() === 'call_expression' && /^fmt\.Sprintf$/.test(node.field('function')?.text() ?? '')) {
      const args = node.field('arguments')?.namedChildren() ?? [];
      return args.length > 1 ? args : undefined;
    }
    return undefined;
  },
  isStringBuilding(node) {
    return node.kind() === 'binary_expression' || /^fmt\.Sprintf\(/.test(node.text());
  },
};
