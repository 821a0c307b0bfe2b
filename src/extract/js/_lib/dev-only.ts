// Development-only code: what runs only when the environment is not production. Branch-aware:
// `if (NODE_ENV === 'production') { A } else { B }` makes B development-only, never A.
import { calleeProperty, memberPath, stringValue, unwrap, type AstNode, type JsIndex } from './ast.js';

/**
 * Which branch of an environment test runs only outside production: `'dev'` when the test is true
 * only in development or test (`NODE_ENV === 'development'`, `!== 'production'`, `isDev`,
 * `__DEV__`, `config.debug`), `'prod'` when it is false only there (`NODE_ENV === 'production'`,
 * `isProd`), so its else-branch is the development one. Undefined when the test says neither.
 */
export type Polarity = 'dev' | 'prod' | undefined;

const DEV_VALUE = /^(dev|development|test|testing|local)$/i;
const PROD_VALUE = /^(prod|production)$/i;
const DEV_NAME = /^_*(is_?)?(dev|development|debug|test|testing|local|dev_?mode|debug_?mode)$|^__DEV__$/i;
const PROD_NAME = /^(is_?)?(prod|production)$/i;
/** An expression that reads the environment's name: NODE_ENV, app.get('env'), config.env, mode, stage. */
const ENV_READ = /NODE_ENV|\benv\b|ENV\b|\bmode\b|environment|\bstage\b/i;

function flip(p: Polarity): Polarity {
  return p === 'dev' ? 'prod' : p === 'prod' ? 'dev' : undefined;
}

function valuePolarity(value: string): Polarity {
  return DEV_VALUE.test(value) ? 'dev' : PROD_VALUE.test(value) ? 'prod' : undefined;
}

export function envPolarity(node: AstNode | null | undefined, index: JsIndex): Polarity {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'UnaryExpression' && n.operator === '!') return flip(envPolarity(n.argument, index));
  if (n.type === 'LogicalExpression') {
    const a = envPolarity(n.left as AstNode, index);
    const b = envPolarity(n.right, index);
    // `a && b` is true only where both are, false wherever either is; `||` the other way round.
    if (n.operator === '&&') return a === 'dev' || b === 'dev' ? 'dev' : a === 'prod' && b === 'prod' ? 'prod' : undefined;
    if (n.operator === '||') return a === 'prod' || b === 'prod' ? (a === 'dev' || b === 'dev' ? undefined : 'prod') : a === 'dev' && b === 'dev' ? 'dev' : undefined;
    return undefined;
  }
  if (n.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(n.operator)) {
    const left = n.left as AstNode;
    const l = stringValue(left, index);
    const r = stringValue(n.right, index);
    // `config().env !== Env.Dev`: an enum member named for the environment stands for its value.
    const named = (x: AstNode) => {
      const path = memberPath(unwrap(x));
      const last = path && path.length >= 2 ? path[path.length - 1] : undefined;
      return last && valuePolarity(last) ? last : undefined;
    };
    const ln = l === undefined && r === undefined ? named(left) : undefined;
    const rn = l === undefined && r === undefined && ln === undefined ? named(n.right) : undefined;
    const value = l ?? r ?? ln ?? rn;
    const other = l !== undefined || ln !== undefined ? n.right : left;
    if (value === undefined || !ENV_READ.test(index.text(other))) return undefined;
    const p = valuePolarity(value);
    return n.operator.startsWith('!') ? flip(p) : p;
  }
  // ['development', 'test'].includes(process.env.NODE_ENV)
  if (n.type === 'CallExpression' && calleeProperty(n) === 'includes') {
    const callee = unwrap(n.callee as AstNode);
    const list = callee.type === 'MemberExpression' ? unwrap(callee.object as AstNode) : undefined;
    if (list?.type !== 'ArrayExpression' || !ENV_READ.test(index.text(n.arguments[0] as AstNode ?? n))) return undefined;
    const ps = new Set(list.elements.map((e) => valuePolarity(stringValue(e as AstNode, index) ?? '')));
    return ps.size === 1 ? [...ps][0] : undefined;
  }
  const path = memberPath(n);
  const last = path?.[path.length - 1];
  if (!last) return undefined;
  return DEV_NAME.test(last) ? 'dev' : PROD_NAME.test(last) ? 'prod' : undefined;
}

/**
 * Code that runs only outside production: the consequent of a development test (`NODE_ENV ===
 * 'development'`, `!== 'production'`, `isDev`, `app.get('env') === 'development'`), the else-branch
 * of a production test, the right side of `isDev && …` or `isProd || …`. A production branch is not.
 */
export function devOnly(node: AstNode, index: JsIndex): boolean {
  let child: AstNode = node;
  for (const a of index.ancestors(node)) {
    if (a.type === 'IfStatement' || a.type === 'ConditionalExpression') {
      if (child !== a.test) {
        const p = envPolarity(a.test as AstNode, index);
        if ((child === a.consequent && p === 'dev') || (child === a.alternate && p === 'prod')) return true;
      }
    } else if (a.type === 'LogicalExpression' && child === a.right) {
      const p = envPolarity(a.left as AstNode, index);
      if ((a.operator === '&&' && p === 'dev') || (a.operator === '||' && p === 'prod')) return true;
    }
    child = a;
  }
  return false;
}

/**
 * A handler whose first statement refuses outside development (`if (config.env !== Env.Dev) throw
 * new ErrorForbidden();`, `if (isProduction) return res.sendStatus(404);`): the rest runs only there.
 */
export function refusesOutsideDev(fn: AstNode, index: JsIndex): boolean {
  const body = unwrap((fn as { body?: AstNode | null }).body ?? null);
  if (!body || body.type !== 'BlockStatement') return false;
  const first = body.body[0] as AstNode | undefined;
  if (!first || first.type !== 'IfStatement' || first.alternate) return false;
  if (envPolarity(first.test as AstNode, index) !== 'prod') return false;
  const c = unwrap(first.consequent as AstNode);
  const exits = (s: AstNode | undefined) => s?.type === 'ThrowStatement' || s?.type === 'ReturnStatement';
  return exits(c) || (c.type === 'BlockStatement' && exits(c.body[c.body.length - 1] as AstNode | undefined));
}
