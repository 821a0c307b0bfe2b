// How the polyglot taint engine reads Kotlin trees (tree-sitter-kotlin node kinds), and the Kotlin
// taint language: Spring code in Kotlin calls the same Java libraries, so the sinks, sanitisers and
// propagators are the Java tables. Calls are `call_expression(callee, call_suffix)`; a method call's
// callee is a `navigation_expression(receiver, navigation_suffix)`, so callParts gives the dotted
// name and the receiver as for Java.
import type { SgNode } from '@ast-grep/napi';
import type { CallArg, FunctionParts, TaintLanguage, TaintSyntax } from '../../_polyglot/taint/types.js';
import { JAVA_TAINT } from './taint-lang.js';

function named(node: SgNode | null | undefined, kind: string): SgNode | undefined {
  return node?.children().find((c) => c.kind() === kind);
}

function functionParts(fn: SgNode): FunctionParts {
  const params = (named(fn, 'function_value_parameters')?.children() ?? []).filter((p) => p.kind() === 'parameter').map((p) => named(p, 'simple_identifier')?.text() ?? '_');
  return { name: named(fn, 'simple_identifier')?.text(), params, body: named(fn, 'function_body') ?? null };
}

/** `a.b` → the property name of its suffix (`.b`, `?.b`). */
function suffixName(nav: SgNode): string {
  return named(named(nav, 'navigation_suffix'), 'simple_identifier')?.text() ?? '';
}

/** The value of each `value_argument` (`name = v` and `*xs` give v and xs). Trailing lambdas are not arguments. */
function args(call: SgNode): CallArg[] {
  const list = named(named(call, 'call_suffix'), 'value_arguments');
  const out: CallArg[] = [];
  for (const arg of list?.children() ?? []) {
    if (arg.kind() !== 'value_argument') continue;
    const value = arg.namedChildren().pop();
    if (value) out.push({ node: value, spread: arg.children().some((c) => c.text() === '*') || undefined });
  }
  return out;
}

function callParts(call: SgNode): { callee: SgNode | null; args: CallArg[]; name?: string; receiver?: SgNode | null } {
  const callee = call.child(0);
  if (callee?.kind() === 'navigation_expression') {
    const receiver = callee.child(0);
    return { callee: null, args: args(call), name: `${receiver?.text() ?? ''}.${suffixName(callee)}`, receiver };
  }
  // `ProcessBuilder(a, b)`, `File(p)`: constructors are plain calls of the type name.
  return { callee: null, args: args(call), name: (callee?.text() ?? '').replace(/<.*$/s, ''), receiver: null };
}

function targetName(node: SgNode): string | undefined {
  switch (node.kind()) {
    case 'simple_identifier':
      return node.text();
    case 'directly_assignable_expression':
    case 'navigation_expression':
    case 'indexing_expression': {
      // `this.x = v` writes x (a property), `obj.f = v` and `obj[k] = v` write obj.
      const head = node.child(0);
      if (!head) return undefined;
      if (head.kind() === 'this_expression') return suffixName(node) || undefined;
      return targetName(head);
    }
    case 'call_expression':
      return node.child(0) ? targetName(node.child(0) as SgNode) : undefined;
    default:
      return undefined;
  }
}

/** `"a" + b` and templates `"a $b ${c}"`: string building in order. */
function concatParts(node: SgNode): SgNode[] | undefined {
  if (node.kind() === 'additive_expression' && node.children().some((c) => c.text() === '+')) {
    const parts = node.namedChildren();
    return parts.length === 2 ? parts : undefined;
  }
  if (node.kind() === 'string_literal') {
    const parts = node.namedChildren();
    return parts.length > 1 ? parts : undefined;
  }
  return undefined;
}

export const KOTLIN_SYNTAX: TaintSyntax = {
  // `"$q"` is a template reading q, not a variable named `$q`.
  nameSigils: '@',
  functionKinds: ['function_declaration', 'secondary_constructor'],
  functionParts,
  functionName: (fn) => named(fn, 'simple_identifier')?.text(),
  scopeKinds: ['class_declaration', 'object_declaration', 'class_body', 'lambda_literal', 'anonymous_function', 'object_literal'],
  callKinds: ['call_expression'],
  callParts,
  memberKinds: ['navigation_expression', 'indexing_expression'],
  memberParts(node) {
    if (node.kind() === 'indexing_expression') return { object: node.child(0), property: '[]' };
    return { object: node.child(0), property: suffixName(node) };
  },
  // `$q` inside a template is an interpolated_identifier whose text is `q`.
  identifierKinds: ['simple_identifier', 'interpolated_identifier'],
  assignmentKinds: ['property_declaration', 'assignment'],
  assignmentParts(node) {
    const parts = node.namedChildren();
    const value = parts[parts.length - 1];
    if (node.kind() === 'property_declaration') {
      const name = named(named(node, 'variable_declaration'), 'simple_identifier');
      return name && value && parts.length > 1 && value.kind() !== 'variable_declaration' ? { targets: [name], values: [value], augmented: false } : undefined;
    }
    const target = parts[0];
    if (!target || !value || target === value) return undefined;
    // A bare `x = v` targets the identifier itself, so the engine replaces x instead of merging.
    const only = target.namedChildren();
    const left = only.length === 1 && only[0].kind() === 'simple_identifier' ? only[0] : target;
    return { targets: [left], values: [value], augmented: !node.children().some((c) => c.text() === '=') };
  },
  returnKinds: ['jump_expression'],
  loopKinds: ['for_statement'],
  loopParts(node) {
    const targets: SgNode[] = [];
    let iterable: SgNode | null = null;
    for (const c of node.namedChildren()) {
      const kind = c.kind();
      if (kind === 'variable_declaration') targets.push(...c.namedChildren().filter((x) => x.kind() === 'simple_identifier'));
      else if (kind === 'multi_variable_declaration') targets.push(...c.findAll({ rule: { kind: 'simple_identifier' } }));
      else if (kind !== 'control_structure_body' && kind !== 'annotation' && !iterable) iterable = c;
    }
    return { targets, iterable };
  },
  opaqueKinds: ['integer_literal', 'long_literal', 'hex_literal', 'bin_literal', 'real_literal', 'boolean_literal', 'character_literal', 'null', 'line_comment', 'multiline_comment', 'string_content', 'equality_expression', 'comparison_expression', 'check_expression', 'callable_reference', 'type_test'],
  conditionalKinds: ['if_expression', 'when_expression', 'when_entry', 'for_statement', 'while_statement', 'do_while_statement', 'try_expression', 'catch_block', 'elvis_expression', 'control_structure_body'],
  targetName,
  selfNames: ['this'],
  concatParts,
  isStringBuilding(node) {
    // Spring MVC view names: `return "redirect:" + url` and `return "redirect:$url"`.
    let head: SgNode | null = node;
    while (head?.kind() === 'additive_expression') head = head.child(0);
    return (node.kind() === 'additive_expression' || node.kind() === 'string_literal') && head?.kind() === 'string_literal' && /^"redirect:/.test(head.text());
  },
};

export const KOTLIN_TAINT: TaintLanguage = {
  ...JAVA_TAINT,
  lang: 'kotlin',
  syntax: KOTLIN_SYNTAX,
  // Its own list: the engine caches a language's tables by sink list, and Kotlin's differ from Java's.
  sinks: [...JAVA_TAINT.sinks],
};
