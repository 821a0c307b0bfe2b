// How the polyglot taint engine reads Ruby trees (tree-sitter-ruby node kinds). Backticks and %x
// (`subshell`) are read as a call to Kernel.` so the command sink sees their interpolations.
import type { SgNode } from '@ast-grep/napi';
import type { SinkKind } from '../../../model/types.js';
import type { CallArg, FunctionParts, TaintSyntax } from '../../_polyglot/taint/types.js';

/**
 * `if uri.host == Rails.application.domain` (or `.host.in?(ALLOWED)`): inside, the URL's host is
 * fixed by the server, so a redirect or request to it goes nowhere the client chose.
 */
function guard(node: SgNode): { names: string[]; kinds?: SinkKind[]; within?: boolean } | undefined {
  const condition = node.field('condition')?.text().replace(/\s+/g, ' ').trim() ?? '';
  const m = /^(@?[a-z_]\w*)\.host\s*(?:==\s*(.+)|\.in\?\s*\(?\s*([A-Z][\w:]*)\s*\)?)$/.exec(condition);
  if (!m || /\b(?:params|request|cookies)\b/.test(m[2] ?? '')) return undefined;
  return { names: [m[1]], kinds: ['redirect', 'ssrf'], within: true };
}

function functionParts(fn: SgNode): FunctionParts {
  const list = fn.field('parameters') ?? fn.children().find((c) => c.kind() === 'block_parameters' || c.kind() === 'method_parameters') ?? null;
  const params = (list?.namedChildren() ?? []).map((p) => (p.kind() === 'identifier' ? p.text() : (p.field('name')?.text() ?? p.text().replace(/^[*&:]+|:.*$/g, ''))));
  return { name: fn.field('name')?.text(), params, body: fn.field('body') ?? fn.children().find((c) => c.kind() === 'body_statement' || c.kind() === 'block_body') ?? null };
}

function callParts(call: SgNode): { callee: SgNode | null; args: CallArg[]; name?: string; receiver?: SgNode | null } {
  if (call.kind() === 'subshell') {
    return { callee: null, args: call.namedChildren().filter((c) => c.kind() === 'interpolation').map((node) => ({ node })), name: 'Kernel.`', receiver: null };
  }
  const receiver = call.field('receiver');
  const method = call.field('method')?.text() ?? '';
  const args: CallArg[] = [];
  for (const a of call.field('arguments')?.namedChildren() ?? []) {
    if (a.kind() === 'pair') {
      const key = a.field('key')?.text().replace(/^:|:$/g, '');
      const value = a.field('value');
      if (value) args.push({ node: value, keyword: key });
    } else if (a.kind() === 'splat_argument' || a.kind() === 'hash_splat_argument') {
      const inner = a.namedChildren()[0];
      if (inner) args.push({ node: inner, spread: true });
    } else if (a.kind() !== 'block_argument') args.push({ node: a });
  }
  return { callee: null, args, name: receiver ? `${receiver.text()}.${method}` : method, receiver };
}

/**
 * `session[:key]`: each key is its own variable, named by the key symbol (the read evaluates that
 * symbol node), so a value written under one key does not taint reads of the others. `undefined`
 * for the session itself, `null` for something else.
 */
function sessionKey(node: SgNode): SgNode | undefined | null {
  const [object, key] = node.namedChildren();
  if (object?.kind() !== 'identifier' || object.text() !== 'session') return null;
  return key?.kind() === 'simple_symbol' && node.namedChildren().length === 2 ? key : undefined;
}

function targetName(node: SgNode): string | undefined {
  switch (node.kind()) {
    case 'identifier':
    case 'instance_variable':
      return node.text();
    case 'element_reference': {
      const key = sessionKey(node);
      if (key !== null) return key?.text();
      return node.namedChildren()[0] ? targetName(node.namedChildren()[0]) : undefined;
    }
    case 'call':
      return node.field('receiver') ? targetName(node.field('receiver') as SgNode) : undefined;
    default:
      return undefined;
  }
}

export const RUBY_SYNTAX: TaintSyntax = {
  functionKinds: ['method', 'singleton_method', 'do_block', 'block'],
  functionParts,
  functionName: (fn) => fn.field('name')?.text(),
  scopeKinds: ['class', 'module', 'lambda'],
  callKinds: ['call', 'subshell'],
  callParts,
  memberKinds: ['element_reference'],
  memberParts(node) {
    const key = sessionKey(node);
    if (key !== null) return { object: key ?? null, property: '[]' };
    return { object: node.namedChildren()[0] ?? null, property: '[]' };
  },
  // A symbol reads as the session value stored under it (see sessionKey); unset, it is clean.
  identifierKinds: ['identifier', 'instance_variable', 'simple_symbol'],
  assignmentKinds: ['assignment', 'operator_assignment'],
  assignmentParts(node) {
    const left = node.field('left');
    const right = node.field('right');
    if (!left || !right) return undefined;
    const targets = left.kind() === 'left_assignment_list' ? left.namedChildren() : [left];
    const values = right.kind() === 'right_assignment_list' ? right.namedChildren() : [right];
    return { targets, values, augmented: node.kind() === 'operator_assignment' };
  },
  returnKinds: ['return'],
  loopKinds: ['for'],
  loopParts(node) {
    const pattern = node.field('pattern');
    return { targets: pattern ? [pattern] : [], iterable: node.field('value')?.namedChildren()[0] ?? node.field('value') };
  },
  opaqueKinds: ['integer', 'float', 'true', 'false', 'nil', 'comment', 'hash_key_symbol', 'constant'],
  conditionalKinds: ['if', 'unless', 'elsif', 'else', 'case', 'when', 'while', 'until', 'begin', 'rescue', 'if_modifier', 'unless_modifier', 'conditional', 'ensure'],
  targetName,
  selfNames: ['self'],
  guard,
  guardKinds: ['if', 'if_modifier'],
  concatParts(node) {
    if (node.kind() === 'binary' && node.field('operator')?.text() === '+') {
      const left = node.field('left');
      const right = node.field('right');
      return left && right ? [left, right] : undefined;
    }
    if (node.kind() === 'string') {
      const parts = node.namedChildren().filter((c) => c.kind() === 'string_content' || c.kind() === 'interpolation');
      return parts.some((p) => p.kind() === 'interpolation') ? parts : undefined;
    }
    return undefined;
  },
};
