// The access check a controller's actions share (underscore lib, used by routes-handler): when
// most actions of one class that touch a record by a request id first call the same method of
// their own (`if ((await this.checkAuth(params.id, 'project', 'edit')) !== true) return ...`),
// that call is the controller's object-level authorization. Actions that call it are checked;
// actions that load or change a record by a request id without it are what bola-idor reports.
import { calleeObject, calleeProperty, isFunctionLike, nodesUnder, unwrap, type AstNode, type FunctionLike, type JsIndex } from './ast.js';

export interface GateHelpers<A> {
  /** The record accesses of one action, judged alone. */
  accesses: (fn: FunctionLike, index: JsIndex) => A[];
  /** A request id in an expression of the action (`params.id`, `ctx.params.project_id`), if any. */
  requestId: (fn: FunctionLike, index: JsIndex) => (node: AstNode) => string | undefined;
  /** Whether a function is a request handler (an action). */
  action: (fn: FunctionLike) => boolean;
}

interface ClassGate {
  name: string;
  checked: Set<AstNode>;
  /** Actions that test another check of their own (`if (this.getRole() !== 'admin')`): not skipping it. */
  own: Set<AstNode>;
}

const cache = new WeakMap<AstNode, ClassGate | null>();

/**
 * The accesses of an action with its class's shared check applied: none when the action makes
 * the check on a request id, each marked with the check's name when the action skips it.
 */
export function siblingGated<A extends object>(fn: FunctionLike, index: JsIndex, helpers: GateHelpers<A>): (A & { sibling?: string })[] {
  const found = helpers.accesses(fn, index);
  const gate = classGate(fn, index, helpers);
  if (!gate) return found;
  if (gate.checked.has(fn as AstNode)) return [];
  if (gate.own.has(fn as AstNode)) return found;
  return found.map((a) => ({ ...a, sibling: gate.name }));
}

/** Does the action make the access check most actions of its class share (on a request id)? */
export function gateChecked<A>(fn: FunctionLike, index: JsIndex, helpers: GateHelpers<A>): boolean {
  return classGate(fn, index, helpers)?.checked.has(fn as AstNode) ?? false;
}

function classGate<A>(fn: FunctionLike, index: JsIndex, helpers: GateHelpers<A>): ClassGate | undefined {
  const method = index.parent(fn as AstNode);
  if (!method || method.type !== 'MethodDefinition') return undefined;
  const body = index.parent(method);
  if (!body || body.type !== 'ClassBody') return undefined;
  const known = cache.get(body);
  if (known !== undefined) return known ?? undefined;
  const calls = new Map<string, Set<AstNode>>();
  const own = new Set<AstNode>();
  let actions = 0;
  for (const m of body.body) {
    const value = m.type === 'MethodDefinition' ? unwrap(m.value as AstNode) : undefined;
    if (!value || !isFunctionLike(value) || !value.body || !helpers.action(value)) continue;
    const names = gateCalls(value, index, helpers.requestId(value, index));
    if (names.size === 0 && gateCalls(value, index, () => 'any', true).size > 0) {
      own.add(value as AstNode);
      continue;
    }
    if (names.size === 0 && helpers.accesses(value, index).length === 0) continue;
    actions++;
    for (const n of names) calls.set(n, (calls.get(n) ?? new Set()).add(value as AstNode));
  }
  let best: ClassGate | undefined;
  for (const [name, users] of calls) if (!best || users.size > best.checked.size) best = { name, checked: users, own };
  // "Most actions": at least three, and at least as many as the actions that touch records without it.
  const gate = best && best.checked.size >= 3 && best.checked.size * 2 >= actions ? best : undefined;
  cache.set(body, gate ?? null);
  return gate;
}

/**
 * Methods of the class itself (`this.checkAuth(...)`) an action calls with a request id (or, `bare`,
 * with no argument) and whose answer it tests before going on (`if (!(await this.x(id)))`, `const ok = await this.x(id); if (!ok)`).
 */
function gateCalls(fn: FunctionLike, index: JsIndex, requestId: (node: AstNode) => string | undefined, bare = false): Set<string> {
  const out = new Set<string>();
  const tests: AstNode[] = [...nodesUnder(fn.body as AstNode, 'IfStatement').map((s) => s.test as AstNode), ...nodesUnder(fn.body as AstNode, 'ConditionalExpression').map((c) => (c as unknown as { test: AstNode }).test)];
  for (const call of nodesUnder(fn.body as AstNode, 'CallExpression')) {
    const obj = unwrap(calleeObject(call));
    const name = calleeProperty(call);
    if (!name || !obj || obj.type !== 'ThisExpression') continue;
    // `bare`: checks of the caller alone (`this.getRole()`), taking no argument.
    if (bare ? call.arguments.length > 0 : !call.arguments.some((a) => requestId(a as AstNode) !== undefined)) continue;
    if (tested(call, tests, index)) out.add(name);
  }
  return out;
}

function tested(call: AstNode, tests: readonly AstNode[], index: JsIndex): boolean {
  if (tests.some((t) => t.start <= call.start && call.end <= t.end)) return true;
  let n: AstNode = call;
  let parent = index.parent(n);
  while (parent && (parent.type === 'AwaitExpression' || parent.type === 'ParenthesizedExpression')) {
    n = parent;
    parent = index.parent(n);
  }
  if (!parent || parent.type !== 'VariableDeclarator' || parent.id.type !== 'Identifier') return false;
  const name = parent.id.name;
  return tests.some((t) => nodesUnder(t, 'Identifier').some((i) => i.name === name));
}
