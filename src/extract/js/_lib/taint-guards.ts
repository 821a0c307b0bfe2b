// Validation checks that stop taint: `if (!ALLOWED.includes(x)) return`, `if (!/^\d+$/.test(id))
// throw`, `if (!full.startsWith(root)) return`, `typeof x !== 'string'`, comparisons with
// literals, and validators named by convention (`isValidPath(p)`). `validated(test, truth)` lists
// the expressions known to be valid, and for which sink kinds, when `test` evaluates to `truth`.
import type { Expression, MemberExpression, Statement } from 'oxc-parser';
import { argExpr, calleeText, exprKey, calleeTail, propName, stringValue, unwrap } from './taint-ast.js';
import { classHas } from './taint-regex.js';
import { ALL_KINDS, bits, type FnNode, type SchemaRef } from './taint-types.js';

export interface Validated {
  expr: Expression;
  clean: number;
  /** Equal to a literal or to an entry of a list: the value is one of a known set, not merely well-formed. */
  exact?: boolean;
  /** Passed a schema imported from another module: a scalar, or not, as link decides (`Flags.schema`). */
  schema?: SchemaRef;
}

/**
 * What the engine knows about the names a check uses: the pattern of a regex constant
 * (`const NAME_RE = /^[\w-]+$/`), the local function a call reaches, and whether the function
 * being walked normalises paths (a leading `..` test is then a containment check).
 */
export interface GuardEnv {
  regexOf(e: Expression): string | undefined;
  /** What a variable holding a list lookup's result vouches for when it is truthy (see `listMatch`). */
  foundOf?(e: Expression): Expression[] | undefined;
  /** What a variable holding a validator's error message vouches for when it is empty (see `pathErrorOf`). */
  errorOf?(e: Expression): { exprs: Expression[]; clean?: number } | undefined;
  /** Whether a list searched by a lookup holds no request data (the server's own entries). */
  ownList?(e: Expression): boolean;
  fnOf(callee: Expression): FnNode | undefined;
  normalises(): boolean;
  /** Whether a schema validates scalars only (`z.string()…`, or a constant of the file holding one). */
  scalarSchema?(schema: Expression): boolean;
  /** The module and export a schema name is imported from, when it is (link decides what it is). */
  importedSchema?(schema: Expression): SchemaRef | undefined;
}

const PATH_LIKE = bits('path', 'archive');
const STRING_ONLY = bits('nosql', 'merge', 'mass-assignment');
const QUOTES_MATTER = bits('sql', 'command', 'code-eval', 'template', 'html', 'xml');

const NAMED_VALIDATOR = /^(?:is|has)(?:Valid|Safe|Allowed|Whitelisted|Allowlisted|Permitted|Trusted|Legal|Known)\w*$/;
/**
 * A containment test by its name, from a library or a module out of sight (`isContainedWithin(root,
 * p)`, `isPathInside(p, root)`, `pathIsInside(p, root)`, `isSubPath`): true when the path stays in
 * the directory. Which argument is the root varies, so both count as checked paths. A function of
 * the file is judged by its body instead.
 */
const CONTAINMENT_NAME = /^(?:is(?:Path)?(?:Inside|Within|ContainedWithin|ContainedIn|Contained|SubPath|SubDir|Subdirectory|Under|DescendantOf|ChildOf|ChildPath)(?:Dir|Directory|Path|Root)?|(?:path|dir)Is(?:Inside|Within|Under))$/;

export function validatorBits(name: string): number {
  if (/^is(?:Int|Float|Numeric|Decimal|Hexadecimal|Octal|UUID|MongoId|Alpha|Alphanumeric|Boolean|Port|Date|ISO\w*|Hash|MD5|Base64|Ascii|Slug|Length|In|Whitelisted)$/.test(name)) {
    return ALL_KINDS;
  }
  if (name === 'isEmail') return ALL_KINDS & ~QUOTES_MATTER;
  if (/^is\w+$/.test(name)) return STRING_ONLY;
  return 0;
}

/** Kinds an anchored allow-list regex (`/^[a-z0-9_-]+$/`) makes safe. */
export function regexBits(pattern: string): number {
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

/** `path.resolve(x)`, `path.normalize(x)`, `path.join(root, x)`: the request part `x` is what a containment check vouches for. */
function withPathOperand(e: Expression, clean: number): Validated[] {
  const out: Validated[] = [{ expr: e, clean }];
  const n = unwrap(e);
  if (n.type === 'CallExpression' && /^(?:path\.)?(?:resolve|normalize|join|relative)$/.test(calleeText(n.callee)) && n.arguments.length) {
    const last = argExpr(n.arguments[n.arguments.length - 1]);
    if (last) out.push({ expr: last, clean });
  }
  return out;
}

/**
 * A local helper whose body is a containment test: every return is a boolean expression and one
 * of them compares a path prefix (`resolved.startsWith(base)`, `!path.relative(base, p).startsWith('..')`).
 */
function containmentHelper(fn: FnNode): boolean {
  const body = fn.body;
  if (!body) return false;
  const returns: Expression[] = [];
  if (body.type !== 'BlockStatement') returns.push(body);
  else {
    for (const st of body.body) {
      if (st.type === 'ReturnStatement' && st.argument) returns.push(st.argument);
      else if (st.type === 'IfStatement' && st.consequent.type === 'ReturnStatement' && st.consequent.argument) returns.push(st.consequent.argument);
    }
  }
  if (!returns.length) return false;
  let prefix = false;
  for (const r of returns) {
    const e = unwrap(r);
    if (e.type === 'Literal') {
      if (typeof e.value !== 'boolean') return false;
      continue;
    }
    if (e.type !== 'LogicalExpression' && e.type !== 'BinaryExpression' && e.type !== 'UnaryExpression' && e.type !== 'CallExpression') return false;
    if (/\.startsWith\(|\.indexOf\([^)]*\)\s*={2,3}\s*0/.test(calleeTextOf(r))) prefix = true;
  }
  return prefix;
}

const FALSY = new Set([false, null, 0, '']);
const walkingHelpers = new Set<FnNode>();

/** A statement that returns somewhere inside (a block, an `if`, a `try`): the helper is then no plain validator. */
function hasReturn(st: Statement | null | undefined, depth = 0): boolean {
  if (!st || depth > 6) return false;
  switch (st.type) {
    case 'ReturnStatement':
      return true;
    case 'BlockStatement':
      return st.body.some((x) => hasReturn(x, depth + 1));
    case 'IfStatement':
      return hasReturn(st.consequent, depth + 1) || hasReturn(st.alternate, depth + 1);
    case 'TryStatement':
      return hasReturn(st.block, depth + 1) || hasReturn(st.handler?.body, depth + 1) || hasReturn(st.finalizer, depth + 1);
    default:
      return /Statement$/.test(st.type) && st.type !== 'ExpressionStatement' && st.type !== 'ThrowStatement' && st.type !== 'EmptyStatement';
  }
}

/** `return false` / `return null` / `return;` / `throw ...` at the end of a guard's branch. */
function rejects(st: Statement): boolean {
  const last = st.type === 'BlockStatement' ? st.body[st.body.length - 1] : st;
  if (!last) return false;
  if (last.type === 'ThrowStatement') return !(st.type === 'BlockStatement' && st.body.slice(0, -1).some((x) => hasReturn(x)));
  if (last.type !== 'ReturnStatement') return false;
  if (st.type === 'BlockStatement' && st.body.slice(0, -1).some((x) => hasReturn(x))) return false;
  if (!last.argument) return true;
  const a = unwrap(last.argument);
  return (a.type === 'Literal' && FALSY.has(a.value as never)) || (a.type === 'Identifier' && a.name === 'undefined');
}

/**
 * A local validator judged by its body: `if (!/^[\w-]+$/.test(name)) { log(...); return false }
 * ... return true`. When it returns true, every rejecting check before the final `return true`
 * failed, so what those checks vouch for about a parameter holds for the argument passed in its
 * place. A copy made by `path.resolve(param)` in the body stands for the parameter (paths only).
 */
function helperChecks(fn: FnNode, args: readonly (Expression | { type: 'SpreadElement' })[], env: GuardEnv, throws = false): Validated[] {
  const body = fn.body;
  if (!body || body.type !== 'BlockStatement' || body.body.length > 12 || walkingHelpers.has(fn)) return [];
  const last = body.body[body.body.length - 1];
  const lastArg = last?.type === 'ReturnStatement' && last.argument ? unwrap(last.argument) : undefined;
  // A boolean validator ends `return true`; an asserting one may return anything (or nothing) once its checks passed.
  if (!throws && (lastArg?.type !== 'Literal' || lastArg.value !== true)) return [];
  const stmts = last?.type === 'ReturnStatement' ? body.body.slice(0, -1) : body.body;
  const params = new Map<string, number>();
  fn.params.forEach((p, i) => {
    if (p.type === 'Identifier') params.set(p.name, i);
  });
  if (!params.size) return [];
  const derived = new Map<string, string>();
  const tests: Expression[] = [];
  for (const st of stmts) {
    if (st.type === 'VariableDeclaration') {
      for (const d of st.declarations) {
        const init = d.init ? unwrap(d.init) : undefined;
        if (d.id.type !== 'Identifier' || init?.type !== 'CallExpression') continue;
        if (!/^(?:path\.)?(?:resolve|normalize|join)$/.test(calleeText(init.callee))) continue;
        const lastOp = argExpr(init.arguments[init.arguments.length - 1]);
        const op = lastOp ? unwrap(lastOp) : undefined;
        if (op?.type === 'Identifier' && params.has(op.name)) derived.set(d.id.name, op.name);
      }
      continue;
    }
    if (st.type === 'IfStatement' && !st.alternate && rejects(st.consequent) && (!throws || !hasReturn(st.consequent))) tests.push(st.test);
    else if (hasReturn(st)) return [];
  }
  const out: Validated[] = [];
  walkingHelpers.add(fn);
  try {
    for (const t of tests) {
      for (const v of validated(t, false, env)) {
        const e = unwrap(v.expr);
        if (e.type !== 'Identifier') continue;
        const via = derived.get(e.name);
        const idx = params.get(via ?? e.name);
        const arg = idx === undefined ? undefined : args[idx];
        if (!arg || arg.type === 'SpreadElement') continue;
        const clean = via ? v.clean & PATH_LIKE : v.clean;
        if (clean) out.push(...withPathOperand(arg as Expression, clean));
        else if (v.schema && !via) out.push({ expr: arg as Expression, clean: 0, schema: v.schema });
      }
    }
  } finally {
    walkingHelpers.delete(fn);
  }
  return out;
}

/**
 * `ensureInside(root, p);` as a statement: a local helper whose checks throw (`if
 * (!resolved.startsWith(root)) throw ...`) vouches, past the call, for the arguments it checked.
 */
export function assertedByCall(call: Expression, env: GuardEnv): Validated[] {
  const n = unwrap(call);
  if (n.type !== 'CallExpression' || !n.arguments.length) return [];
  const fn = env.fnOf(unwrap(n.callee));
  return fn ? helperChecks(fn, n.arguments, env, true) : [];
}

/** Source-like text of an expression, enough to spot `.startsWith(` (calleeText covers callees only). */
function calleeTextOf(e: Expression): string {
  const n = unwrap(e);
  switch (n.type) {
    case 'LogicalExpression':
    case 'BinaryExpression':
      return `${calleeTextOf(n.left as Expression)} ${n.operator} ${calleeTextOf(n.right)}`;
    case 'UnaryExpression':
      return `${n.operator}${calleeTextOf(n.argument)}`;
    case 'CallExpression':
      return `${calleeText(n.callee)}(${n.arguments.map((a) => (a.type === 'SpreadElement' ? '' : calleeTextOf(a))).join(',')})`;
    case 'Literal':
      return JSON.stringify(n.value);
    default:
      return calleeText(n);
  }
}

/** A check that the value does not begin with `..`: containment once the function normalised the path. */
function leadingDotDot(n: Expression): Expression | undefined {
  const e = unwrap(n);
  // x.startsWith('..') / x.startsWith(`..${path.sep}`)
  if (e.type === 'CallExpression') {
    const callee = unwrap(e.callee);
    const a0 = argExpr(e.arguments[0]);
    if (callee.type !== 'MemberExpression' || propName(callee) !== 'startsWith' || !a0) return undefined;
    const lit = unwrap(a0);
    const text = stringValue(lit) ?? (lit.type === 'TemplateLiteral' ? (lit.quasis[0]?.value.cooked ?? '') : '');
    return text.startsWith('..') ? unwrap(callee.object) : undefined;
  }
  return undefined;
}

/** `x.split(sep)[0] === '..'` or `x === '..'`: the expression tested, when the literal is `..`. */
function dotDotCompare(left: Expression, right: Expression): Expression | undefined {
  if (stringValue(right) !== '..') return undefined;
  if (left.type === 'MemberExpression' && left.computed) {
    const obj = unwrap(left.object);
    if (obj.type === 'CallExpression') {
      const callee = unwrap(obj.callee);
      if (callee.type === 'MemberExpression' && propName(callee) === 'split') return unwrap(callee.object);
    }
  }
  return undefined;
}

/**
 * The value a membership test looks up, and the request values it is built from: a string joined
 * from them (`${pkg}/${file}`, `a + '/' + b`) that is one of the server's own entries leaves each
 * part a piece of a known string.
 */
function members(e: Expression, depth = 0): Validated[] {
  const n = unwrap(e);
  const out: Validated[] = [{ expr: e, clean: ALL_KINDS, exact: depth === 0 }];
  if (depth > 4) return out;
  if (n.type === 'TemplateLiteral') for (const x of n.expressions) out.push(...members(x, depth + 1));
  else if (n.type === 'BinaryExpression' && n.operator === '+') out.push(...members(n.left as Expression, depth + 1), ...members(n.right, depth + 1));
  return out;
}

/**
 * `list.find((x) => x.name === name)` (also `findLast`, `some`): the values outside
 * the callback compared with an element's member. A match means each equals one of the list's own
 * entries; the list itself must not be request data (the caller checks).
 */
export function listMatch(call: Expression): Expression[] {
  const n = unwrap(call);
  if (n.type !== 'CallExpression') return [];
  const callee = unwrap(n.callee);
  if (callee.type !== 'MemberExpression' || !/^(?:find|findLast|some)$/.test(propName(callee) ?? '')) return [];
  const fn = argExpr(n.arguments[0]);
  const f = fn ? unwrap(fn) : undefined;
  if (!f || (f.type !== 'ArrowFunctionExpression' && f.type !== 'FunctionExpression')) return [];
  const p0 = f.params[0];
  if (p0?.type !== 'Identifier') return [];
  let body: Expression | undefined;
  if (f.body?.type === 'BlockStatement') {
    const only = f.body.body.length === 1 ? f.body.body[0] : undefined;
    body = only?.type === 'ReturnStatement' && only.argument ? only.argument : undefined;
  } else body = f.body ?? undefined;
  const out: Expression[] = [];
  const visit = (e: Expression, depth: number): void => {
    const b = unwrap(e);
    if (depth > 4) return;
    if (b.type === 'LogicalExpression' && b.operator === '&&') {
      visit(b.left, depth + 1);
      visit(b.right, depth + 1);
      return;
    }
    if (b.type !== 'BinaryExpression' || (b.operator !== '===' && b.operator !== '==')) return;
    const l = unwrap(b.left as Expression);
    const r = unwrap(b.right);
    const elemSide = (x: Expression): boolean => (exprKey(x) ?? '').split('.')[0] === p0.name;
    if (elemSide(l) && !elemSide(r) && !isLiteral(r)) out.push(r);
    else if (elemSide(r) && !elemSide(l) && !isLiteral(l)) out.push(l);
  };
  if (body) visit(body, 0);
  return out;
}

/** `yauzl.validateFileName(name)` returns an error message for absolute or `..` entry names, null otherwise. */
export function pathErrorOf(call: Expression): Expression | undefined {
  const n = unwrap(call);
  if (n.type !== 'CallExpression' || calleeTail(n.callee) !== 'validateFileName') return undefined;
  return /^(?:yauzl\.)?validateFileName$/.test(calleeText(n.callee)) ? argExpr(n.arguments[0]) : undefined;
}

/** A URL validator named for the error it returns (`getPublicUrlValidationError(url)`, `checkWebhookUrlError(ctx, url)`). */
const URL_ERROR_HELPER = /^(?:get|check|validate|find)\w*(?:Url|Uri|Host|Hostname)\w*Error$/;
export const URL_ERROR_CLEAN = bits('ssrf', 'redirect');

/**
 * `const err = await getPublicUrlValidationError(c, url); if (err) return ...`: a helper that answers an
 * error message for a URL it refuses (private hosts, IP literals), null otherwise. Its arguments passed.
 */
export function urlErrorOf(call: Expression): Expression[] | undefined {
  let n = unwrap(call);
  if (n.type === 'AwaitExpression') n = unwrap(n.argument);
  if (n.type !== 'CallExpression' || !URL_ERROR_HELPER.test(calleeTail(n.callee) ?? '')) return undefined;
  const args = n.arguments.map(argExpr).filter((a): a is Expression => !!a && (a.type === 'Identifier' || a.type === 'MemberExpression'));
  return args.length > 0 ? args : undefined;
}

function callChecks(call: Expression, truth: boolean, env?: GuardEnv): Validated[] {
  const n = unwrap(call);
  if (n.type !== 'CallExpression') return [];
  const named = !truth ? pathErrorOf(n) : undefined;
  if (named) return [{ expr: named, clean: PATH_LIKE }];
  const callee = unwrap(n.callee);
  const a0 = argExpr(n.arguments[0]);
  const a1 = argExpr(n.arguments[1]);
  // `isWithin(base, p)`, `file.isPathInside(root, p)`: a local helper judged by its body.
  const fn = truth && a0 ? env?.fnOf(callee) : undefined;
  if (fn && containmentHelper(fn)) {
    return n.arguments.flatMap((a) => (a.type === 'SpreadElement' ? [] : withPathOperand(a, PATH_LIKE)));
  }
  if (fn) {
    const checked = helperChecks(fn, n.arguments, env!);
    if (checked.length) return checked;
  }
  if (!truth && env?.normalises()) {
    const checked = leadingDotDot(n);
    if (checked) return withPathOperand(checked, PATH_LIKE);
  }
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
      return truth ? members(a0) : [];
    }
    if (method === 'startsWith' && truth) {
      const lit = stringValue(unwrap(a0));
      let clean = PATH_LIKE | bits('redirect');
      if (lit !== undefined && /^https?:\/\/[^/]+\//.test(lit)) clean |= bits('ssrf');
      if (lit !== undefined && !lit.startsWith('/') && !/^https?:\/\//.test(lit)) clean = PATH_LIKE;
      return withPathOperand(recv, clean);
    }
    if ((method === 'test' || method === 'exec') && truth) {
      // A literal, or a constant holding one (`const NAME_RE = /^[\w-]+$/`).
      const pattern = recv.type === 'Literal' && 'regex' in recv ? recv.regex.pattern : env?.regexOf(recv);
      const clean = pattern !== undefined ? regexBits(pattern) : 0;
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
    if (truth && CONTAINMENT_NAME.test(method) && !env?.fnOf(callee)) return [a0, a1].flatMap((a) => (a ? withPathOperand(a, PATH_LIKE) : []));
    return [];
  }
  if (callee.type === 'Identifier' && a0) {
    if (callee.name === 'isNaN' && !truth) return [{ expr: a0, clean: ALL_KINDS }];
    if (truth && NAMED_VALIDATOR.test(callee.name)) return [{ expr: a0, clean: ALL_KINDS }];
    // Only when its body is out of sight: a local helper is judged by what it does (containmentHelper).
    if (truth && CONTAINMENT_NAME.test(callee.name) && !env?.fnOf(callee)) return [a0, a1].flatMap((a) => (a ? withPathOperand(a, PATH_LIKE) : []));
    if (truth && /^is(?:Int|Numeric|UUID|MongoId|Alphanumeric|Uuid)$/.test(callee.name)) return [{ expr: a0, clean: ALL_KINDS }];
  }
  return [];
}

/** `test === true` / `test !== false` (same: true) and `test === false` (same: false), for any test. */
function booleanCompare(n: Expression & { type: 'BinaryExpression' }): { test: Expression; same: boolean } | undefined {
  const eq = n.operator === '===' || n.operator === '==';
  if (!eq && n.operator !== '!==' && n.operator !== '!=') return undefined;
  const right = unwrap(n.right);
  if (right.type !== 'Literal' || typeof right.value !== 'boolean') return undefined;
  return { test: n.left as Expression, same: eq === right.value };
}

function binaryChecks(n: Expression, truth: boolean, env?: GuardEnv): Validated[] {
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
      if ((found && truth) || (missing && !truth)) return members(a0);
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
  // `p.split(path.sep)[0] === '..'` false, once the function normalised the path.
  if ((op === '===' || op === '==') && !truth && env?.normalises()) {
    const checked = dotDotCompare(left, right);
    if (checked) return withPathOperand(checked, PATH_LIKE);
  }
  // x === 'literal'
  if ((op === '===' || op === '==') && truth) {
    if (isLiteral(right)) return [{ expr: left, clean: ALL_KINDS, exact: true }];
    if (isLiteral(left)) return [{ expr: right, clean: ALL_KINDS, exact: true }];
  }
  if ((op === '!==' || op === '!=') && !truth) {
    if (isLiteral(right)) return [{ expr: left, clean: ALL_KINDS, exact: true }];
    if (isLiteral(left)) return [{ expr: right, clean: ALL_KINDS, exact: true }];
  }
  if (op === 'in' && truth) return [{ expr: left, clean: ALL_KINDS }];
  return [];
}

/** What both operands of a disjunction vouch for: the values each side checks, with the kinds both make safe. */
function bothSides(left: Expression, right: Expression, truth: boolean, env: GuardEnv | undefined, depth: number): Validated[] {
  const l = validated(left, truth, env, depth + 1);
  if (!l.length) return [];
  const r = validated(right, truth, env, depth + 1);
  const out: Validated[] = [];
  for (const a of l) {
    const key = exprKey(a.expr);
    const b = key === undefined ? undefined : r.find((x) => exprKey(x.expr) === key);
    if (b && a.clean & b.clean) out.push({ expr: a.expr, clean: a.clean & b.clean, exact: a.exact && b.exact });
  }
  return out;
}

/** Expressions known valid (with the kinds they are safe for) when `test` is `truth`. */
export function validated(test: Expression, truth: boolean, env?: GuardEnv, depth = 0): Validated[] {
  if (depth > 12) return [];
  const n = unwrap(test);
  if (n.type === 'UnaryExpression' && n.operator === '!') return validated(n.argument, !truth, env, depth + 1);
  if (n.type === 'LogicalExpression') {
    if ((n.operator === '&&' && truth) || (n.operator === '||' && !truth)) {
      return [...validated(n.left, truth, env, depth + 1), ...validated(n.right, truth, env, depth + 1)];
    }
    // `if (x === 'http:' || x === 'https:')` (or `x !== 'a' && x !== 'b'` false): each side confines
    // the same value, so it holds whichever side is true. Only values every side vouches for count.
    if (n.operator === '||' && truth) return bothSides(n.left, n.right, truth, env, depth);
    // `if (p && !p.startsWith(root)) throw`: past it, p is empty or passed the check.
    const left = unwrap(n.left);
    if (n.operator === '&&' && !truth && (left.type === 'Identifier' || left.type === 'MemberExpression')) {
      const key = exprKey(left);
      return validated(n.right, false, env, depth + 1).filter((v) => key !== undefined && exprKey(v.expr) === key);
    }
    if (n.operator === '&&' && !truth) return bothSides(n.left, n.right, truth, env, depth);
    return [];
  }
  if (n.type === 'CallExpression') {
    // `if (!plugins.some((p) => p.name === name)) throw`
    const callee = unwrap(n.callee);
    // The method's name alone first (the callee text ends with it), the list's owner last: most
    // tests are no `some`/`find` call.
    const some = callee.type === 'MemberExpression' && /\.(?:some|find|findLast)$/.test(`.${propName(callee) ?? '[]'}`);
    const own = some && truth && env?.ownList?.(unwrap((callee as MemberExpression).object)) === true;
    const matched = own ? listMatch(n) : [];
    return matched.length ? matched.map((expr) => ({ expr, clean: ALL_KINDS, exact: true })) : callChecks(n, truth, env);
  }
  // `const plugin = plugins.find((p) => p.name === name); if (!plugin) throw ...`
  if (n.type === 'Identifier' && truth) return (env?.foundOf?.(n) ?? []).map((expr) => ({ expr, clean: ALL_KINDS, exact: true }));
  // `const err = yauzl.validateFileName(name); if (err) return`
  if (n.type === 'Identifier' && !truth) {
    const err = env?.errorOf?.(n);
    return (err?.exprs ?? []).map((expr) => ({ expr, clean: err?.clean ?? PATH_LIKE }));
  }
  if (n.type === 'BinaryExpression') {
    // `schema.safeParse(x).success === false`: the comparison with a boolean is the test itself.
    const flag = booleanCompare(n);
    return flag ? validated(flag.test, flag.same === truth, env, depth + 1) : binaryChecks(n, truth, env);
  }
  // `schema.safeParse(x).success`: x passed a scalar schema, so it is a string, number or the like.
  if (n.type === 'MemberExpression' && truth && propName(n) === 'success') {
    const parse = unwrap(n.object);
    const callee = parse.type === 'CallExpression' ? unwrap(parse.callee) : undefined;
    const a0 = parse.type === 'CallExpression' ? argExpr(parse.arguments[0]) : undefined;
    if (callee?.type === 'MemberExpression' && propName(callee) === 'safeParse' && a0 && env) {
      const schema = unwrap(callee.object);
      if (env.scalarSchema?.(schema)) return [{ expr: a0, clean: STRING_ONLY }];
      const imported = env.importedSchema?.(schema);
      if (imported) return [{ expr: a0, clean: 0, schema: imported }];
    }
  }
  // `if (!ROUTES[key]) return`: a lookup in our own table.
  if (n.type === 'MemberExpression' && n.computed && truth) {
    const obj = unwrap(n.object);
    if (obj.type === 'Identifier' && (/^[A-Z][A-Z0-9_]*$/.test(obj.name) || /allow|whitelist|permitted|routes/i.test(obj.name))) {
      return [{ expr: n.property as Expression, clean: ALL_KINDS }];
    }
  }
  return [];
}
