// Validation checks that stop taint: `if (!ALLOWED.includes(x)) return`, `if (!/^\d+$/.test(id))
// throw`, `if (!full.startsWith(root)) return`, `typeof x !== 'string'`, comparisons with
// literals, and validators named by convention (`isValidPath(p)`). `validated(test, truth)` lists
// the expressions known to be valid, and for which sink kinds, when `test` evaluates to `truth`.
import type { Expression } from 'oxc-parser';
import { argExpr, calleeText, propName, stringValue, unwrap } from './taint-ast.js';
import { classHas } from './taint-regex.js';
import { ALL_KINDS, bits } from './taint-types.js';

export interface Validated {
  expr: Expression;
  clean: number;
}

const PATH_LIKE = bits('path', 'archive');
const STRING_ONLY = bits('nosql', 'merge', 'mass-assignment');
const QUOTES_MATTER = bits('sql', 'command', 'code-eval', 'template', 'html', 'xml');

const NAMED_VALIDATOR = /^(?:is|has)(?:Valid|Safe|Allowed|Whitelisted|Allowlisted|Permitted|Trusted|Legal|Known)\w*$/;

function validatorBits(name: string): number {
  if (/^is(?:Int|Float|Numeric|Decimal|Hexadecimal|Octal|UUID|MongoId|Alpha|Alphanumeric|Boolean|Port|Date|ISO\w*|Hash|MD5|Base64|Ascii|Slug|Length|In|Whitelisted)$/.test(name)) {
    return ALL_KINDS;
  }
  if (name === 'isEmail') return ALL_KINDS & ~QUOTES_MATTER;
  if (/^is\w+$/.test(name)) return STRING_ONLY;
  return 0;
}

/** Kinds an anchored allow-list regex (`/^[a-z0-9_-]+$/`) makes safe. */
function regexBits(pattern: string): number {
  if (!pattern.startsWith('^') || !pattern.endsWith('$') || pattern.endsWith('\\$')) return 0;
  const body = pattern.slice(1, -1);
  if (/(^|[^\\])\.[*+{]/.test(body)) return 0;
  const single = /^\[((?:\\.|[^\]\\])+)\](?:[+*]|\{\d+(?:,\d*)?\})?$/.exec(body);
  if (!single) return ALL_KINDS;
  const has = (c: string): boolean => classHas(single[1], c);
  let clean = ALL_KINDS;
  if (has('.') && (has('/') || has('\\'))) clean &= ~PATH_LIKE;
  if (has('/') || has(':')) clean &= ~bits('redirect', 'ssrf');
  if (has("'") || has('"') || has(';') || has('<') || has(' ')) clean &= ~QUOTES_MATTER;
  return clean;
}

function isLiteral(e: Expression): boolean {
  const n = unwrap(e);
  return n.type === 'Literal' || (n.type === 'TemplateLiteral' && n.expressions.length === 0);
}

function numberValue(e: Expression): number | undefined {
  const n = unwrap(e);
  if (n.type === 'Literal' && typeof n.value === 'number') return n.value;
  if (n.type === 'UnaryExpression' && n.operator === '-') {
    const a = unwrap(n.argument);
    if (a.type === 'Literal' && typeof a.value === 'number') return -a.value;
  }
  return undefined;
}

function callChecks(call: Expression, truth: boolean): Validated[] {
  const n = unwrap(call);
  if (n.type !== 'CallExpression') return [];
  const callee = unwrap(n.callee);
  const a0 = argExpr(n.arguments[0]);
  const a1 = argExpr(n.arguments[1]);
  if (callee.type === 'MemberExpression') {
    const method = propName(callee);
    const recv = unwrap(callee.object);
    if (!method || !a0) return [];
    if (method === 'includes' || method === 'has' || method === 'hasOwnProperty') {
      if (isLiteral(a0)) {
        // `x.includes('..')`: rejecting traversal sequences, valid when false.
        const lit = stringValue(unwrap(a0)) ?? '';
        return !truth && (lit.includes('..') || lit === '/' || lit === '\\') ? [{ expr: recv, clean: PATH_LIKE }] : [];
      }
      return truth ? [{ expr: a0, clean: ALL_KINDS }] : [];
    }
    if (method === 'startsWith' && truth) {
      const lit = stringValue(unwrap(a0));
      let clean = PATH_LIKE | bits('redirect');
      if (lit !== undefined && /^https?:\/\/[^/]+\//.test(lit)) clean |= bits('ssrf');
      if (lit !== undefined && !lit.startsWith('/') && !/^https?:\/\//.test(lit)) clean = PATH_LIKE;
      return [{ expr: recv, clean }];
    }
    if ((method === 'test' || method === 'exec') && truth && recv.type === 'Literal' && 'regex' in recv) {
      const clean = regexBits(recv.regex.pattern);
      return clean ? [{ expr: a0, clean }] : [];
    }
    if (method === 'match' && truth && a0.type === 'Literal' && 'regex' in a0) {
      const clean = regexBits(a0.regex.pattern);
      return clean ? [{ expr: recv, clean }] : [];
    }
    const recvName = calleeText(recv);
    if (truth && /^(?:validator|v)$/.test(recvName)) {
      const clean = validatorBits(method);
      return clean ? [{ expr: a0, clean }] : [];
    }
    if (truth && (recvName === 'Number' && /^is(?:Integer|SafeInteger|Finite)$/.test(method))) return [{ expr: a0, clean: ALL_KINDS }];
    if (truth && recvName === 'Object' && method === 'hasOwn' && a1) return [{ expr: a1, clean: ALL_KINDS }];
    if (truth && recvName === 'Object.prototype.hasOwnProperty' && method === 'call' && a1) return [{ expr: a1, clean: ALL_KINDS }];
    if (truth && NAMED_VALIDATOR.test(method)) return [{ expr: a0, clean: ALL_KINDS }];
    return [];
  }
  if (callee.type === 'Identifier' && a0) {
    if (callee.name === 'isNaN' && !truth) return [{ expr: a0, clean: ALL_KINDS }];
    if (truth && NAMED_VALIDATOR.test(callee.name)) return [{ expr: a0, clean: ALL_KINDS }];
    if (truth && /^is(?:Int|Numeric|UUID|MongoId|Alphanumeric|Uuid)$/.test(callee.name)) return [{ expr: a0, clean: ALL_KINDS }];
  }
  return [];
}

function binaryChecks(n: Expression, truth: boolean): Validated[] {
  if (n.type !== 'BinaryExpression') return [];
  const op = n.operator;
  const left = unwrap(n.left as Expression);
  const right = unwrap(n.right);
  // ALLOWED.indexOf(x) === -1  /  x.indexOf('..') !== -1  /  full.indexOf(root) === 0
  const idx = left.type === 'CallExpression' ? left : undefined;
  const num = numberValue(right);
  if (idx && num !== undefined) {
    const callee = unwrap(idx.callee);
    const a0 = argExpr(idx.arguments[0]);
    if (callee.type === 'MemberExpression' && propName(callee) === 'indexOf' && a0) {
      const found = (op === '!==' || op === '!=' ? num === -1 : op === '>' ? num === -1 : op === '>=' ? num === 0 : false);
      const missing = (op === '===' || op === '==') && num === -1;
      const atStart = (op === '===' || op === '==') && num === 0;
      const recv = unwrap(callee.object);
      if (isLiteral(a0)) {
        const lit = stringValue(unwrap(a0)) ?? '';
        if (!lit.includes('..')) return [];
        return (found && !truth) || (missing && truth) ? [{ expr: recv, clean: PATH_LIKE }] : [];
      }
      if (atStart && truth) return [{ expr: recv, clean: PATH_LIKE | bits('redirect') }];
      if ((found && truth) || (missing && !truth)) return [{ expr: a0, clean: ALL_KINDS }];
    }
    return [];
  }
  // typeof x === 'string'
  if (left.type === 'UnaryExpression' && left.operator === 'typeof') {
    const t = stringValue(right);
    const eq = op === '===' || op === '==';
    const ne = op === '!==' || op === '!=';
    if ((eq && truth) || (ne && !truth)) {
      if (t === 'string') return [{ expr: left.argument, clean: STRING_ONLY }];
      if (t === 'number' || t === 'boolean') return [{ expr: left.argument, clean: ALL_KINDS }];
    }
    return [];
  }
  // x === 'literal'
  if ((op === '===' || op === '==') && truth) {
    if (isLiteral(right)) return [{ expr: left, clean: ALL_KINDS }];
    if (isLiteral(left)) return [{ expr: right, clean: ALL_KINDS }];
  }
  if ((op === '!==' || op === '!=') && !truth) {
    if (isLiteral(right)) return [{ expr: left, clean: ALL_KINDS }];
    if (isLiteral(left)) return [{ expr: right, clean: ALL_KINDS }];
  }
  if (op === 'in' && truth) return [{ expr: left, clean: ALL_KINDS }];
  return [];
}

/** Expressions known valid (with the kinds they are safe for) when `test` is `truth`. */
export function validated(test: Expression, truth: boolean, depth = 0): Validated[] {
  if (depth > 12) return [];
  const n = unwrap(test);
  if (n.type === 'UnaryExpression' && n.operator === '!') return validated(n.argument, !truth, depth + 1);
  if (n.type === 'LogicalExpression') {
    if ((n.operator === '&&' && truth) || (n.operator === '||' && !truth)) {
      return [...validated(n.left, truth, depth + 1), ...validated(n.right, truth, depth + 1)];
    }
    return [];
  }
  if (n.type === 'CallExpression') return callChecks(n, truth);
  if (n.type === 'BinaryExpression') return binaryChecks(n, truth);
  // `if (!ROUTES[key]) return`: a lookup in our own table.
  if (n.type === 'MemberExpression' && n.computed && truth) {
    const obj = unwrap(n.object);
    if (obj.type === 'Identifier' && (/^[A-Z][A-Z0-9_]*$/.test(obj.name) || /allow|whitelist|permitted|routes/i.test(obj.name))) {
      return [{ expr: n.property as Expression, clean: ALL_KINDS }];
    }
  }
  return [];
}
