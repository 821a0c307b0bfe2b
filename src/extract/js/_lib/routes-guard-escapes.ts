// Tests that decide on the caller only in part: one operand of the test's top-level `&&`/`||`
// reads neither the request nor anything the guard computed from it (a deployment switch, a
// feature flag, the application's own state). Three shapes:
// - `state`: `const anyUser = req.user || await query.user.findAny(); if (anyUser) next(); else
//   redirect('/setup')`: a pre-setup gate. Once the application holds data every request passes.
// - `opt-out`: `if (!req.session.loggedIn && !isElectron() && !config.noAuthentication) reject()`:
//   the check runs unless the deployment turns it off. Still a guard, tagged with the escape.
// - `opt-in`: `if (getConfig('maintenance_mode') && (!req.user || req.user.role_id > 1)) return 503`,
//   `if (env.DISALLOW_ANONYMOUS_LINKS && !req.user) redirect('/login')`: the refusal needs the
//   flag on. Not an authorisation check of the route (it holds only where the flag is set).
import { isFunctionLike, nodesUnder, someNode, unwrap, type AstNode, type FunctionLike, type JsIndex } from './ast.js';
import { identityIn } from './routes-guard-signals.js';

export interface Escape {
  kind: 'state' | 'opt-out' | 'opt-in';
  /** The caller-independent operand, as written (short). */
  text: string;
}

const declared = new WeakMap<FunctionLike, Set<string>>();

/** Names the guard binds itself (parameters and locals, nested callbacks included). */
function localNames(fn: FunctionLike): Set<string> {
  let names = declared.get(fn);
  if (names) return names;
  names = new Set<string>();
  const add = (p: AstNode | null | undefined): void => {
    const n = unwrap(p);
    if (!n) return;
    if (n.type === 'Identifier') names!.add(n.name);
    else for (const id of nodesUnder(n, 'Identifier')) names!.add(id.name);
  };
  const fns: FunctionLike[] = [fn];
  if (fn.body) someNode(fn.body as AstNode, (n) => (isFunctionLike(n) && fns.push(n), false));
  for (const f of fns) for (const p of f.params) add(p as AstNode);
  if (fn.body) for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) add(d.id as AstNode);
  declared.set(fn, names);
  return names;
}

/** Reads the request or something the guard derived from it (or `this`). */
function callerDependent(node: AstNode, fn: FunctionLike, index: JsIndex): boolean {
  const locals = localNames(fn);
  if (identityIn(node, index)) return true;
  return someNode(node, (n) => n.type === 'ThisExpression' || (n.type === 'Identifier' && locals.has(n.name) && !propertyName(n, index)));
}

/** `x` in `a.x` or `{ x: 1 }`: a property name, not a variable. */
function propertyName(id: AstNode, index: JsIndex): boolean {
  const p = index.parent(id) as (AstNode & { property?: AstNode; computed?: boolean; key?: AstNode }) | undefined;
  if (!p) return false;
  if (p.type === 'MemberExpression' && p.property === id && !p.computed) return true;
  return p.type === 'Property' && p.key === id && !p.computed;
}

function stripNot(node: AstNode): AstNode {
  let n = unwrap(node);
  while (n.type === 'UnaryExpression' && n.operator === '!') n = unwrap(n.argument as AstNode);
  return n;
}

/** A local whose value is a logical expression (`const ok = req.user || await anyUser()`): that expression. */
function expand(node: AstNode, index: JsIndex, depth = 0): AstNode {
  const n = stripNot(node);
  if (n.type === 'Identifier' && depth < 2) {
    const init = index.initAt(n.name, n);
    const u = init ? stripNot(init as AstNode) : undefined;
    if (u && u.type === 'LogicalExpression') return expand(u, index, depth + 1);
  }
  return n;
}

function operands(node: AstNode, operator: string): AstNode[] {
  const n = unwrap(node);
  if (n.type === 'LogicalExpression' && n.operator === operator) return [...operands(n.left as AstNode, operator), ...operands(n.right as AstNode, operator)];
  return [n];
}

/** Tri-state value of a test with the given operands forced false (undefined: decided at run time). */
function valueWithOff(node: AstNode, off: ReadonlySet<AstNode>, index: JsIndex, depth = 0): boolean | undefined {
  const n = unwrap(node);
  if (off.has(n)) return false;
  if (n.type === 'UnaryExpression' && n.operator === '!') {
    const v = valueWithOff(n.argument as AstNode, off, index, depth);
    return v === undefined ? undefined : !v;
  }
  if (n.type === 'Identifier' && depth < 2) {
    const init = index.initAt(n.name, n);
    if (init && unwrap(init as AstNode).type === 'LogicalExpression') return valueWithOff(init as AstNode, off, index, depth + 1);
    return undefined;
  }
  if (n.type === 'LogicalExpression' && (n.operator === '&&' || n.operator === '||')) {
    const l = valueWithOff(n.left as AstNode, off, index, depth);
    const r = valueWithOff(n.right as AstNode, off, index, depth);
    if (n.operator === '&&') return l === false || r === false ? false : l === true && r === true ? true : undefined;
    return l === true || r === true ? true : l === false && r === false ? false : undefined;
  }
  return undefined;
}

/** An awaited call or a data lookup (`findAny()`, `count()`, `exists()`): the application's stored state. */
function storedState(node: AstNode): boolean {
  return someNode(node, (n) => n.type === 'AwaitExpression' || (n.type === 'CallExpression' && /^(find|count|exists?|any)\w*$/i.test(((unwrap(n.callee as AstNode) as { property?: { name?: string } }).property?.name) ?? '')));
}

/**
 * The escape of a test whose refusal fires when the test is `refusesWhen`: undefined unless the
 * test mixes a check of the caller with an operand that does not read the caller at all.
 */
export function callerEscape(test: AstNode, refusesWhen: boolean, fn: FunctionLike, index: JsIndex): Escape | undefined {
  const t = expand(test, index);
  if (t.type !== 'LogicalExpression' || (t.operator !== '&&' && t.operator !== '||')) return undefined;
  const ops = operands(t, t.operator).map((o) => expand(o, index));
  const flat = ops.flatMap((o) => (o.type === 'LogicalExpression' && (o.operator === '&&' || o.operator === '||') ? [o, ...operands(o, o.operator)] : [o]));
  if (!flat.some((o) => identityIn(o, index))) return undefined;
  const free = ops.filter((o) => !callerDependent(o, fn, index));
  if (free.length === 0) return undefined;
  const text = index.text(free[0]).replace(/\s+/g, ' ').slice(0, 60);
  if (free.some(storedState)) return { kind: 'state', text };
  // With the free operands off (a flag unset, not Electron; `ops` have their `!` stripped): can the refusal still fire?
  const off = new Set<AstNode>(free);
  const v = valueWithOff(test, off, index);
  return { kind: v === !refusesWhen ? 'opt-in' : 'opt-out', text };
}
