// `jwt({ secret }).unless((ctx) => ...)` and `.unless({ custom: fn })` (koa-unless, express-unless):
// the guard is skipped for every request the function returns true for. The function is read as a
// predicate over the request path (path tests from guard-bypass, `if`/`return`, `!`, `&&`, `||`)
// and encoded as one `re:` entry of MwRef.unless; anything else leaves it unread (undefined).
import { isFunctionLike, literalValue, unwrap, type AstNode, type FunctionLike, type JsIndex } from './ast.js';
import { escapeRe, pathTest } from './guard-bypass.js';

const ALWAYS = '[\\s\\S]*';
const NEVER = '(?!)';

const not = (p: string): string => `^(?![\\s\\S]*?(?:${p}))`;
const and = (a: string, b: string): string => `^(?=[\\s\\S]*?(?:${a}))(?=[\\s\\S]*?(?:${b}))`;
const or = (a: string, b: string): string => `(?:${a})|(?:${b})`;

/** The paths an expression is true for, as a regex source. */
function predicate(expr: AstNode | null | undefined, req: string, index: JsIndex, depth = 0): string | undefined {
  const n = unwrap(expr);
  if (!n || depth > 8) return undefined;
  const literal = literalValue(n, index);
  if (literal === true) return ALWAYS;
  if (literal === false || literal === null) return NEVER;
  if (n.type === 'UnaryExpression' && n.operator === '!') {
    const p = predicate(n.argument as AstNode, req, index, depth + 1);
    return p === undefined ? undefined : not(p);
  }
  if (n.type === 'LogicalExpression' && (n.operator === '&&' || n.operator === '||')) {
    const a = predicate(n.left as AstNode, req, index, depth + 1);
    const b = predicate(n.right as AstNode, req, index, depth + 1);
    if (a === undefined || b === undefined) return undefined;
    return n.operator === '&&' ? and(a, b) : or(a, b);
  }
  const test = pathTest(n, req, index);
  if (!test || test.lists.length > 0 || test.unless.length === 0) return undefined;
  return test.unless.map((u) => (u.startsWith('re:') ? `(?:${u.slice(3)})` : `^${escapeRe(u)}\\/?$`)).join('|');
}

/** What a statement list returns, when every path through it ends in an understood `return`. */
function returned(stmts: readonly AstNode[], req: string, index: JsIndex, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  for (let i = 0; i < stmts.length; i++) {
    const s = stmts[i];
    if (s.type === 'ReturnStatement') return predicate(s.argument as AstNode | null, req, index, depth + 1);
    if (s.type === 'IfStatement') {
      const test = predicate(s.test as AstNode, req, index, depth + 1);
      const then = returned(block(s.consequent as AstNode), req, index, depth + 1);
      const otherwise = s.alternate ? returned(block(s.alternate as AstNode), req, index, depth + 1) : returned(stmts.slice(i + 1), req, index, depth + 1);
      if (test === undefined || then === undefined || otherwise === undefined) return undefined;
      return or(and(test, then), and(not(test), otherwise));
    }
    // Declarations are read through their uses (pathTest follows consts); anything else may decide.
    if (s.type !== 'VariableDeclaration') return undefined;
  }
  // Falling off the end returns undefined: the guard runs.
  return NEVER;
}

function block(s: AstNode): AstNode[] {
  return s.type === 'BlockStatement' ? (s.body as AstNode[]) : [s];
}

/** The `unless` entry of a custom skip function (`(ctx) => boolean`), or undefined when unread. */
export function customUnless(value: AstNode | undefined, index: JsIndex): string | undefined {
  const v = unwrap(value);
  const fn = v && isFunctionLike(v) ? (v as FunctionLike) : v?.type === 'Identifier' ? index.functionByName(v.name) : undefined;
  const param = fn?.params[0] as AstNode | undefined;
  if (!fn || !fn.body || param?.type !== 'Identifier') return undefined;
  const body = fn.body as AstNode;
  const p = body.type === 'BlockStatement' ? returned(body.body as AstNode[], param.name, index) : predicate(body, param.name, index);
  return p === undefined || p === NEVER ? undefined : `re:${p}`;
}
