// Runtime tests of isomorphic modules (code shared by a server and a browser bundle): which branch
// of `if (isNode) {...} else {...}` or `if (typeof window !== 'undefined') {...}` runs only in a
// browser. A sink there is the browser's own (`eval` of a script the page's user typed), never the
// server's. Judged by what the test reads, through a module-level constant
// (`const isNode = typeof global == 'object' && global.global === global`), not by its name.
import type { Expression, Program } from 'oxc-parser';

/** `'browser'`: the test is true only in a browser; `'server'`: true only in Node. */
export type Runtime = 'browser' | 'server' | undefined;

const BROWSER_GLOBALS = new Set(['window', 'document']);
const NODE_GLOBALS = new Set(['process', 'global', 'require', 'module', '__dirname', 'Buffer']);

function flip(r: Runtime): Runtime {
  return r === 'browser' ? 'server' : r === 'server' ? 'browser' : undefined;
}

/** Module-level `const`/`let`/`var` initialisers by name (one declaration only), memoised per program. */
const TOP = new WeakMap<Program, Map<string, Expression | null>>();

function topLevel(program: Program): Map<string, Expression | null> {
  let map = TOP.get(program);
  if (map) return map;
  map = new Map();
  for (const stmt of program.body) {
    if (stmt.type !== 'VariableDeclaration') continue;
    for (const d of stmt.declarations) {
      if (d.id.type !== 'Identifier') continue;
      map.set(d.id.name, map.has(d.id.name) ? null : (d.init as Expression | null));
    }
  }
  TOP.set(program, map);
  return map;
}

function typeofGlobal(e: Expression): string | undefined {
  return e.type === 'UnaryExpression' && e.operator === 'typeof' && e.argument.type === 'Identifier' ? e.argument.name : undefined;
}

export function runtimeOf(test: Expression, program: Program, depth = 0): Runtime {
  if (depth > 4) return undefined;
  switch (test.type) {
    case 'ParenthesizedExpression':
      return runtimeOf(test.expression, program, depth + 1);
    case 'UnaryExpression':
      return test.operator === '!' ? flip(runtimeOf(test.argument, program, depth + 1)) : undefined;
    case 'LogicalExpression': {
      const a = runtimeOf(test.left, program, depth + 1);
      const b = runtimeOf(test.right, program, depth + 1);
      // `a && b` holds only where both do: one side tied to a runtime ties the whole.
      if (test.operator === '&&') return a === b || !b ? a : !a ? b : undefined;
      return test.operator === '||' && a === b ? a : undefined;
    }
    case 'Identifier': {
      const init = topLevel(program).get(test.name);
      return init ? runtimeOf(init, program, depth + 1) : undefined;
    }
    case 'MemberExpression':
      // `process.browser`: set by browser bundlers only.
      return !test.computed && test.object.type === 'Identifier' && test.object.name === 'process' && test.property.name === 'browser' ? 'browser' : undefined;
    case 'BinaryExpression': {
      if (!['===', '==', '!==', '!='].includes(test.operator)) return undefined;
      const left = test.left as Expression;
      const name = typeofGlobal(left) ?? typeofGlobal(test.right);
      const other = typeofGlobal(left) ? test.right : left;
      if (!name || other.type !== 'Literal' || typeof other.value !== 'string') return undefined;
      const where: Runtime = BROWSER_GLOBALS.has(name) ? 'browser' : NODE_GLOBALS.has(name) ? 'server' : undefined;
      if (!where) return undefined;
      // `typeof window !== 'undefined'` / `typeof global == 'object'`: present; `=== 'undefined'`: absent.
      const present = (other.value !== 'undefined') !== (test.operator === '!==' || test.operator === '!=');
      return present ? where : flip(where);
    }
    default:
      return undefined;
  }
}
