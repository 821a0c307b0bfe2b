// The keys of an object, apart from its values. `Object.keys(x)`, `for (k in x)` and the first item
// of each `Object.entries(x)` pair hold request data only when the client chose the keys: the keys
// of an object literal are names the code wrote, whatever values it holds. A list filtered through
// an allow-list (`.filter((k) => COLUMNS.includes(k))`, `.filter(([key]) => ALLOWED.has(key))`)
// keeps only entries the server named. Column lists built this way are the usual dynamic
// `INSERT (${columns})` / `SET "${key}" = $n` of a query builder written by hand.
import type { Expression, Node } from 'oxc-parser';
import { exprKey, unwrap } from './taint-ast.js';
import type { GuardEnv } from './taint-guards.js';
import { validated } from './taint-guards.js';
import { type AV, isTainted } from './taint-types.js';
import { derive, flagsOf, paramLike, withClean } from './taint-value.js';

/**
 * `field` of the keys of a parameter: no caller's object literal has a member of this name, so a
 * caller passing one gets clean keys (`member` in the recorder, `composeFlags` in link).
 */
export const KEYS_FIELD = '[keys]';

/** What the keys of `v` hold. */
export function keysOf(v: AV | undefined): AV | undefined {
  if (!isTainted(v)) return undefined;
  // An object literal whose request data all sits in named members: its keys are the code's.
  if (v.fields && v.flags.fields) return undefined;
  // A parameter as it came in: the caller's argument decides, by its own keys.
  const field = !v.src?.length && paramLike(flagsOf(v)) ? KEYS_FIELD : undefined;
  return derive(v, field !== undefined ? { shape: 'strings', whole: 'no', field } : { shape: 'strings', whole: 'no' });
}

/** `Object.entries(x)`: the pairs (values as before) and what their keys hold. */
export function entriesOf(list: AV | undefined, x: AV | undefined): AV | undefined {
  return isTainted(list) ? { ...list, entries: { keys: keysOf(x) } } : list;
}

/** What a `.filter(cb)` check vouches for: the element itself, or the key of a `[key, value]` pair. */
export interface FilterCheck {
  clean: number;
  key: boolean;
}

/** Bodies longer than this are no one-line allow-list check (and not worth walking). */
const MAX_CHECK = 400;

/**
 * `list.filter((k) => ALLOWED.includes(k))`, `entries.filter(([key, value]) => SET.has(key))`: the
 * kinds the callback's test makes its element (or the pair's key) safe for, when every list the
 * test consults is the server's own (`tainted(name)` false for each free name it reads).
 */
export function filterCheck(cb: Expression | undefined, env: GuardEnv, tainted: (name: string) => boolean): FilterCheck | undefined {
  const f = cb ? unwrap(cb) : undefined;
  if (!f || (f.type !== 'ArrowFunctionExpression' && f.type !== 'FunctionExpression')) return undefined;
  const p0 = f.params[0];
  let name: string | undefined;
  let key = false;
  if (p0?.type === 'Identifier') name = p0.name;
  else if (p0?.type === 'ArrayPattern' && p0.elements[0]?.type === 'Identifier') {
    name = p0.elements[0].name;
    key = true;
  }
  if (name === undefined) return undefined;
  let test: Expression | undefined;
  if (f.body?.type === 'BlockStatement') {
    const only = f.body.body.length === 1 ? f.body.body[0] : undefined;
    test = only?.type === 'ReturnStatement' && only.argument ? only.argument : undefined;
  } else test = f.body ?? undefined;
  if (!test || test.end - test.start > MAX_CHECK) return undefined;
  let clean = 0;
  for (const v of validated(test, true, env)) if (exprKey(v.expr) === name) clean |= v.clean;
  if (!clean) return undefined;
  const own = new Set<string>();
  for (const p of f.params) collectNames(p, own);
  return freeNames(test, own).some(tainted) ? undefined : { clean, key };
}

/** The filtered list: its elements, or its pairs' keys, are safe for the kinds the check gives. */
export function filtered(list: AV, check: FilterCheck | undefined): AV | undefined {
  const out = derive(list, { whole: 'no' });
  if (!check || !out) return out;
  if (!check.key) return withClean(out, check.clean);
  return list.entries ? { ...out, entries: { keys: withClean(list.entries.keys, check.clean) } } : out;
}

function collectNames(n: Node | null | undefined, out: Set<string>): void {
  if (!n) return;
  if (n.type === 'Identifier') out.add(n.name);
  else if (n.type === 'ArrayPattern') for (const e of n.elements) collectNames(e, out);
  else if (n.type === 'ObjectPattern') for (const p of n.properties) collectNames(p.type === 'RestElement' ? p.argument : p.value, out);
  else if (n.type === 'AssignmentPattern') collectNames(n.left, out);
  else if (n.type === 'RestElement') collectNames(n.argument, out);
}

/** Names the test reads that are not the callback's own parameters (the lists it consults). */
function freeNames(test: Node, own: Set<string>): string[] {
  const out: string[] = [];
  const visit = (n: unknown, depth: number): void => {
    if (!n || typeof n !== 'object' || depth > 24) return;
    const node = n as Node;
    if (node.type === 'Identifier') {
      if (!own.has(node.name)) out.push(node.name);
      return;
    }
    if (node.type === 'MemberExpression') {
      visit(node.object, depth + 1);
      if (node.computed) visit(node.property, depth + 1);
      return;
    }
    for (const [k, v] of Object.entries(node)) {
      if (k === 'type' || k === 'start' || k === 'end' || k === 'range' || k === 'loc') continue;
      if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
      else if (v && typeof v === 'object') visit(v, depth + 1);
    }
  };
  visit(test, 0);
  return out;
}
