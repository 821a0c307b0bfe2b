// How the polyglot taint engine reads Python trees (tree-sitter-python node kinds).
import type { SgNode } from '@ast-grep/napi';
import type { SinkKind } from '../../../model/types.js';
import type { CallArg, FunctionParts, TaintSyntax } from '../../_polyglot/taint/types.js';

function paramNames(fn: SgNode): string[] {
  const out: string[] = [];
  for (const p of fn.field('parameters')?.namedChildren() ?? []) {
    const kind = p.kind();
    if (kind === 'identifier') out.push(p.text());
    else if (kind === 'default_parameter' || kind === 'typed_default_parameter') out.push(p.field('name')?.text() ?? '_');
    else if (kind === 'typed_parameter') out.push(p.namedChildren()[0]?.text().replace(/^\*+/, '') ?? '_');
    else if (kind === 'list_splat_pattern' || kind === 'dictionary_splat_pattern') out.push(p.namedChildren()[0]?.text() ?? '_');
  }
  return out;
}

function functionParts(fn: SgNode): FunctionParts {
  const params = paramNames(fn);
  const receiver = params[0] === 'self' || params[0] === 'cls' ? params.shift() : undefined;
  return { name: fn.field('name')?.text(), params, body: fn.field('body'), receiver };
}

function callParts(call: SgNode): { callee: SgNode | null; args: CallArg[] } {
  const args: CallArg[] = [];
  const list = call.field('arguments');
  if (list?.kind() === 'generator_expression') args.push({ node: list });
  else {
    for (const a of list?.namedChildren() ?? []) {
      const kind = a.kind();
      if (kind === 'comment') continue;
      if (kind === 'keyword_argument') {
        const value = a.field('value');
        if (value) args.push({ node: value, keyword: a.field('name')?.text() });
      } else if (kind === 'list_splat' || kind === 'dictionary_splat') {
        const inner = a.namedChildren()[0];
        if (inner) args.push({ node: inner, spread: true });
      } else args.push({ node: a });
    }
  }
  return { callee: call.field('function'), args };
}

function targetName(node: SgNode): string | undefined {
  switch (node.kind()) {
    case 'identifier':
      return node.text();
    case 'attribute':
      return node.field('object') ? targetName(node.field('object') as SgNode) : undefined;
    case 'subscript':
      return node.field('value') ? targetName(node.field('value') as SgNode) : undefined;
    case 'list_splat_pattern':
    case 'as_pattern_target':
      return node.namedChildren()[0] ? targetName(node.namedChildren()[0]) : undefined;
    default:
      return undefined;
  }
}

function unpack(node: SgNode | null): SgNode[] {
  if (!node) return [];
  const kind = node.kind();
  if (kind === 'pattern_list' || kind === 'tuple_pattern' || kind === 'list_pattern' || kind === 'expression_list') return node.namedChildren();
  return [node];
}

/** Does a block end the request or the iteration (return, raise, abort(), continue)? */
function exits(block: SgNode | null): boolean {
  const last = block?.namedChildren().filter((c) => c.kind() !== 'comment').pop();
  if (!last) return false;
  const kind = last.kind();
  if (kind === 'return_statement' || kind === 'raise_statement' || kind === 'continue_statement' || kind === 'break_statement') return true;
  return kind === 'expression_statement' && /^(abort|flask\.abort|raise_|sys\.exit)\s*\(/.test(last.text());
}

const ALLOW_LIST = /^(?:not\s+)?\(?\s*([A-Za-z_]\w*)\s+(not\s+)?in\s+[A-Za-z_][\w.]*\s*\)?$/;
const VALIDATOR_CALL = /^(not\s+)?(?:re\.(?:fullmatch|match)|[\w.]*(?:is_valid|is_safe|is_allowed|isvalid|issafe|url_has_allowed_host_and_scheme|is_safe_url|validate_\w+|safe_for_\w+|\w*_is_safe|\w*allowed\w*|\w*whitelist\w*|\w*allowlist\w*)\w*)\s*\(([\s\S]*)\)$/;
const DIGIT_CHECK = /^(not\s+)?([A-Za-z_]\w*)\.(isdigit|isnumeric|isdecimal|isalnum|isalpha|isidentifier)\(\)$/;

/**
 * `if x not in ALLOWED: abort(400)` and `if not re.fullmatch(r'[\w-]+', x): return` clean x after
 * the if; `if x in ALLOWED:` / `if is_safe_url(x):` clean x inside it.
 */
/** Does a block assign the variable (`x = reverse('home')`)? */
function assigns(block: SgNode | null | undefined, name: string): boolean {
  return !!block && new RegExp(`(^|\\n)\\s*${name}\\s*=[^=]`).test(block.text());
}

/** `urlsplit(x).netloc` / `urlparse(x).netloc` (also through `urllib.parse.`): the host part of a URL. */
const NETLOC = /\burl(?:split|parse)\(\s*([A-Za-z_]\w*)\s*\)\.netloc\b/;
/** Conditions that hold when the URL has no host (a local path): safe inside the if. */
const NO_HOST = /^not (?:urllib\.parse\.)?url(?:split|parse)\(\s*\w+\s*\)\.netloc$|\.netloc (?:==|is) (?:''|""|None)$/;

/**
 * Open-redirect checks on the host of a URL. `if not nxt or urlsplit(nxt).netloc != '': nxt = '/'`
 * (or the branch exits) leaves only local paths after the if; `if not urlparse(nxt).netloc:` and
 * `if urlsplit(nxt).netloc == '':` hold only for local paths inside it.
 */
function hostCheck(text: string, body: SgNode | null): { names: string[]; kinds: SinkKind[]; within?: boolean } | undefined {
  const name = NETLOC.exec(text)?.[1];
  if (!name) return undefined;
  if (NO_HOST.test(text)) return { names: [name], kinds: ['redirect'], within: true };
  return exits(body) || assigns(body, name) ? { names: [name], kinds: ['redirect'] } : undefined;
}

function guard(node: SgNode): { names: string[]; kinds?: SinkKind[]; within?: boolean; after?: boolean } | undefined {
  const condition = node.field('condition');
  if (!condition) return undefined;
  // `x and is_safe(x)` / `not x or not is_safe(x)`: the validator decides.
  const text = condition.text().replace(/\s+/g, ' ').trim().replace(/^[A-Za-z_]\w* and (?=\w)/, '').replace(/^not [A-Za-z_]\w* or (?=not \w)/, '');
  const body = node.field('consequence');
  const netloc = hostCheck(text, body);
  if (netloc) return netloc;
  let negated: boolean;
  let names: string[];
  let kinds: SinkKind[] | undefined;
  const allow = ALLOW_LIST.exec(text);
  const validator = VALIDATOR_CALL.exec(text);
  const digits = DIGIT_CHECK.exec(text);
  if (allow) {
    negated = text.startsWith('not ') !== Boolean(allow[2]);
    names = [allow[1]];
  } else if (digits) {
    negated = Boolean(digits[1]);
    names = [digits[2]];
  } else if (validator) {
    negated = Boolean(validator[1]);
    const args = validator[2].split(',').map((a) => a.trim());
    // re.match(pattern, value): only an anchored allow-list pattern validates the value.
    if (/^re\./.test(text.replace(/^not /, ''))) {
      if (!/^[rRbB]*['"]\^?[[\\\w\]\-+*{},.]*\$?['"]$/.test(args[0] ?? '') || !/[$]|fullmatch/.test(text)) return undefined;
      names = args.slice(1, 2).filter((a) => /^[A-Za-z_]\w*$/.test(a));
    } else {
      names = args.map((a) => a.replace(/^url\s*=\s*/, '')).filter((a) => /^[A-Za-z_]\w*$/.test(a)).slice(0, 1);
      if (/url_has_allowed_host_and_scheme|is_safe_url/.test(text)) kinds = ['redirect'];
    }
  } else if (/^(?:"\.\."|'\.\.') in ([A-Za-z_]\w*)$/.test(text)) {
    negated = true;
    names = [/in ([A-Za-z_]\w*)$/.exec(text)?.[1] ?? ''];
    kinds = ['path'];
  } else return undefined;
  if (names.length === 0) return undefined;
  if (negated) return exits(body) || names.every((n) => assigns(body, n)) ? { names, kinds } : undefined;
  // `if is_safe(x): ... else: x = default` (or the else exits): x is safe inside and after.
  const alternative = node.field('alternative');
  const elseBody = alternative?.kind() === 'else_clause' ? alternative.field('body') : undefined;
  const after = !!elseBody && (exits(elseBody) || names.every((n) => assigns(elseBody, n)));
  return { names, kinds, within: true, after };
}

export const PY_SYNTAX: TaintSyntax = {
  functionKinds: ['function_definition'],
  functionParts,
  scopeKinds: ['class_definition', 'lambda'],
  callKinds: ['call'],
  callParts,
  memberKinds: ['attribute', 'subscript'],
  memberParts(node) {
    if (node.kind() === 'subscript') return { object: node.field('value'), property: '[]' };
    return { object: node.field('object'), property: node.field('attribute')?.text() ?? '' };
  },
  identifierKinds: ['identifier'],
  assignmentKinds: ['assignment', 'augmented_assignment', 'named_expression'],
  assignmentParts(node) {
    if (node.kind() === 'named_expression') {
      const name = node.field('name');
      const value = node.field('value');
      return name && value ? { targets: [name], values: [value], augmented: false } : undefined;
    }
    const right = node.field('right');
    if (!right) return undefined;
    return { targets: unpack(node.field('left')), values: unpack(right), augmented: node.kind() === 'augmented_assignment' };
  },
  returnKinds: ['return_statement'],
  loopKinds: ['for_statement'],
  loopParts(node) {
    return { targets: unpack(node.field('left')), iterable: node.field('right') };
  },
  opaqueKinds: ['comparison_operator', 'not_operator', 'integer', 'float', 'true', 'false', 'none', 'lambda', 'comment', 'keyword_argument_name'],
  conditionalKinds: ['if_statement', 'elif_clause', 'else_clause', 'for_statement', 'while_statement', 'try_statement', 'except_clause', 'match_statement', 'case_clause'],
  targetName,
  selfNames: ['self', 'cls'],
  guard,
  guardKinds: ['if_statement'],
  concatParts(node) {
    const kind = node.kind();
    if (kind === 'binary_operator') {
      const op = node.field('operator')?.text();
      if (op !== '+' && op !== '%') return undefined;
      const left = node.field('left');
      const right = node.field('right');
      return left && right ? [left, right] : undefined;
    }
    if (kind === 'string') {
      const parts = node.namedChildren().filter((c) => c.kind() === 'string_content' || c.kind() === 'interpolation');
      return parts.some((p) => p.kind() === 'interpolation') ? parts : undefined;
    }
    if (kind === 'call') {
      const fn = node.field('function');
      if (fn?.kind() !== 'attribute' || fn.field('attribute')?.text() !== 'format') return undefined;
      const receiver = fn.field('object');
      if (!receiver || (receiver.kind() !== 'string' && receiver.kind() !== 'concatenated_string')) return undefined;
      return [receiver, ...callParts(node).args.map((a) => a.node)];
    }
    return undefined;
  },
  isStringBuilding(node) {
    const kind = node.kind();
    if (kind === 'string') return node.namedChildren().some((c) => c.kind() === 'interpolation');
    if (kind === 'binary_operator') {
      const op = node.field('operator')?.text();
      const left = node.field('left')?.kind();
      return (op === '+' || op === '%') && (left === 'string' || left === 'binary_operator' || left === 'concatenated_string');
    }
    return kind === 'call' && /^(?:'[^']*'|"[^"]*")\.format\(/.test(node.text());
  },
};
