// Routers attached through a plugin registry rather than by import:
//   plugins/github/server/index.ts   PluginManager.add([{ type: Hook.API, value: router }])
//   server/routes/api/index.ts       PluginManager.getHooks(Hook.API).forEach((hook) => router.use('/', hook.value.routes()))
// Neither file names the other. Both sides meet at a named slot: the member path the consumer
// reads the router by (`value`, `value.router`) and the kind it asks for (`Hook.API` → `API`,
// `*` when the loop's source does not say). A registration is a mount of the registered module's
// export under its slots; the consumer's `use()` mounts the slot. Link then follows them as any
// other mount (a slot is a receiver id no file can spell).
import type { FactInput } from '../../../model/types.js';
import {
  calleeObject,
  calleeProperty,
  isFunctionLike,
  memberPath,
  nodesUnder,
  objectProp,
  paramNames,
  unwrap,
  unwrapAwait,
  type AstNode,
  type JsIndex,
} from './ast.js';
import { internalFact } from './routes.js';

const KIND_KEY = ['type', 'kind', 'hook'];
const LOOP_CALLS = new Set(['forEach', 'map', 'flatMap']);

function slotId(shape: string, kind: string): string {
  return `~plugin:${shape}:${kind}`;
}

/** `Hook.API` in the loop's source (`getHooks(Hook.API)`) → `API`; `*` when none. */
function kindOf(iterable: AstNode): string {
  for (const call of nodesUnder(iterable, 'CallExpression')) {
    const arg = unwrap(call.arguments[0] as AstNode | undefined);
    const path = arg && arg.type === 'MemberExpression' ? memberPath(arg) : undefined;
    if (path && path.length === 2 && /^[A-Z]/.test(path[0])) return path[1];
  }
  return '*';
}

/** The collection a loop variable walks: `xs.forEach((x) => ...)`, `for (const x of xs)`. */
function loopSource(name: string, at: AstNode, index: JsIndex): AstNode | undefined {
  for (const a of index.ancestors(at)) {
    if (isFunctionLike(a) && paramNames(a)[0] === name) {
      const call = index.parent(a);
      if (call && call.type === 'CallExpression' && LOOP_CALLS.has(calleeProperty(call) ?? '')) return calleeObject(call);
      return undefined;
    }
    if (a.type === 'ForOfStatement') {
      const left = a.left as AstNode;
      const decl = left.type === 'VariableDeclaration' ? (left.declarations[0]?.id as AstNode | undefined) : left;
      if (decl && decl.type === 'Identifier' && decl.name === name) return a.right as AstNode;
    }
  }
  return undefined;
}

/**
 * The slot a `use()` argument mounts: `hook.value.routes()` or `resolved.routes()` (with
 * `const resolved = await provider.value.router`), where the root is a loop variable.
 */
export function pluginSlotOf(arg: AstNode, index: JsIndex): string | undefined {
  const n = unwrap(arg);
  if (n.type !== 'CallExpression' || (calleeProperty(n) !== 'routes' && calleeProperty(n) !== 'middleware')) return undefined;
  const obj = calleeObject(n);
  let path = obj ? memberPath(unwrap(obj)) : undefined;
  if (path && path.length === 1) {
    const init = unwrapAwait(index.initAt(path[0], n));
    path = init ? memberPath(init) : undefined;
  }
  if (!path || path.length < 2) return undefined;
  const source = loopSource(path[0], n, index);
  return source ? slotId(path.slice(1).join('.'), kindOf(source)) : undefined;
}

/** Worth parsing for registrations: an object with a kind key and a `value`. */
export function mayRegisterPlugins(content: string): boolean {
  return content.includes('value') && /\b(type|kind|hook)\s*:/.test(content) && /\bvalue\s*[:,}]/.test(content);
}

/** `{ type: Hook.API, value: router }` / `{ type: Hook.AuthProvider, value: { router, id } }` with an imported router. */
export function pluginRegistrations(index: JsIndex, framework: string): FactInput[] {
  const out: FactInput[] = [];
  for (const obj of index.nodesOf('ObjectExpression')) {
    const kindNode = KIND_KEY.map((k) => unwrap(objectProp(obj, k))).find((v) => v !== undefined);
    const kindPath = kindNode && kindNode.type === 'MemberExpression' ? memberPath(kindNode) : undefined;
    const value = unwrap(objectProp(obj, 'value'));
    if (!kindPath || kindPath.length !== 2 || !value) continue;
    const routerNode = value.type === 'ObjectExpression' ? unwrap(objectProp(value, 'router')) : value;
    const shape = value.type === 'ObjectExpression' ? 'value.router' : 'value';
    if (!routerNode || routerNode.type !== 'Identifier') continue;
    const b = index.bindings.get(routerNode.name);
    if (!b || !b.module.startsWith('.')) continue;
    const child = { module: b.module, from: index.file, export: b.imported === '*' ? 'default' : b.imported };
    for (const kind of [kindPath[1], '*']) {
      const record = { kind: 'mount', framework, parent: { id: slotId(shape, kind) }, child, prefix: '', mw: [] };
      out.push(internalFact('js-router-mount', index.evidence(obj), record, `${index.file}#js-router-mount:plugin:${obj.start}:${kind}`));
    }
  }
  return out;
}
