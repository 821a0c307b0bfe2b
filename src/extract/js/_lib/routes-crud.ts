// Generated CRUD resources (finale-rest / epilogue) read by the Express route scan: the endpoints a
// `resource({ model, endpoints, actions })` call creates, expanded once per element when the call
// sits in a loop over a constant list (`for (const { name, model } of models)` or
// `models.forEach((m) => ...)`), with `resource.<action>.auth(fn)` milestone hooks as guards.
import {
  calleeObject,
  calleeProperty,
  isFunctionLike,
  memberPath,
  nodesUnder,
  objectProp,
  resolveObject,
  stringValue,
  unwrap,
  type AstNode,
  type CallLike,
  type JsIndex,
} from './ast.js';
import { mwRef } from './routes-refs.js';
import type { MwRef } from './routes.js';

export const FINALE_INIT = /^(finale-rest|epilogue|finale)(\.default)?\.initialize$/;
export const FINALE_RESOURCE = /^(finale-rest|epilogue|finale)(\.default)?\.resource$/;

const COLLECTION: [string, string][] = [['GET', 'list'], ['POST', 'create']];
/** finale's update controller answers PUT unless the resource sets `updateMethod`. */
const ITEM: [string, string][] = [['GET', 'read'], ['PUT', 'update'], ['DELETE', 'delete']];

/** Loop variables bound to one element of a constant list: name → the node it stands for. */
type Env = Map<string, AstNode>;

export interface CrudRoute {
  method: string;
  path: string;
  action: string;
  /** Model identifier (`UserModel`), or `resource` when unknown. */
  model: string;
  hooks: MwRef[];
}

/** The constant array of object literals a loop iterates, resolved through one `const`. */
function constList(node: AstNode | undefined, index: JsIndex): AstNode[] | undefined {
  let n = unwrap(node);
  if (n && n.type === 'Identifier') n = unwrap(index.constInit(n.name));
  if (!n || n.type !== 'ArrayExpression') return undefined;
  const out: AstNode[] = [];
  for (const e of n.elements) {
    const el = e ? unwrap(e as AstNode) : undefined;
    if (!el || el.type !== 'ObjectExpression') return undefined;
    out.push(el);
  }
  return out;
}

/** Bindings of a loop pattern (`m` or `{ name, model: M }`) to one element. */
function bind(pattern: AstNode, element: AstNode): Env {
  const env: Env = new Map();
  const p = unwrap(pattern);
  if (p.type === 'Identifier') env.set(p.name, element);
  else if (p.type === 'ObjectPattern') {
    for (const prop of p.properties) {
      if (prop.type !== 'Property' || prop.key.type !== 'Identifier') continue;
      let local = unwrap(prop.value as AstNode);
      if (local.type === 'AssignmentPattern') local = unwrap(local.left as AstNode);
      const value = objectProp(element, prop.key.name);
      if (local.type === 'Identifier' && value) env.set(local.name, value);
    }
  }
  return env;
}

/** One environment per element when `node` sits in a loop over a constant list; else one empty one. */
function loopEnvs(node: AstNode, index: JsIndex): Env[] {
  for (const a of index.ancestors(node)) {
    if (a.type === 'ForOfStatement') {
      const list = constList(a.right as AstNode, index);
      const left = a.left as AstNode;
      const pattern = left.type === 'VariableDeclaration' ? (left.declarations[0]?.id as AstNode | undefined) : left;
      if (list && pattern) return list.map((el) => bind(pattern, el));
    }
    if (isFunctionLike(a)) {
      const call = index.parent(a);
      if (call && call.type === 'CallExpression' && call.arguments[0] === a) {
        const callee = unwrap(call.callee as AstNode);
        if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && ['forEach', 'map'].includes(callee.property.name)) {
          const list = constList(callee.object as AstNode, index);
          const pattern = a.params[0] as AstNode | undefined;
          if (list && pattern) return list.map((el) => bind(pattern, el));
        }
      }
      return [new Map()];
    }
  }
  return [new Map()];
}

/** A string built from literals and loop variables (`/api/${name}s`), or undefined. */
function evaluate(node: AstNode | undefined, env: Env, index: JsIndex, depth = 0): string | undefined {
  const n = unwrap(node);
  if (!n || depth > 4) return undefined;
  const direct = stringValue(n, index);
  if (direct !== undefined) return direct;
  if (n.type === 'Identifier' && env.has(n.name)) return evaluate(env.get(n.name), env, index, depth + 1);
  if (n.type === 'MemberExpression') {
    const path = memberPath(n);
    const base = path && path.length === 2 ? env.get(path[0]) : undefined;
    return base ? evaluate(objectProp(base, path![1]), env, index, depth + 1) : undefined;
  }
  if (n.type === 'TemplateLiteral') {
    let out = '';
    for (let i = 0; i < n.quasis.length; i++) {
      out += n.quasis[i].value.cooked ?? n.quasis[i].value.raw;
      if (i < n.expressions.length) {
        const part = evaluate(n.expressions[i] as AstNode, env, index, depth + 1);
        if (part === undefined) return undefined;
        out += part;
      }
    }
    return out;
  }
  if (n.type === 'BinaryExpression' && n.operator === '+') {
    const l = evaluate(n.left as AstNode, env, index, depth + 1);
    const r = l === undefined ? undefined : evaluate(n.right as AstNode, env, index, depth + 1);
    return l !== undefined && r !== undefined ? l + r : undefined;
  }
  return undefined;
}

/** A template rendered with `{expr}` for what cannot be evaluated. */
function display(node: AstNode, env: Env, index: JsIndex): string {
  const v = evaluate(node, env, index);
  if (v !== undefined) return v;
  const n = unwrap(node);
  if (n.type !== 'TemplateLiteral') return `{${index.text(n).slice(0, 30)}}`;
  return n.quasis.map((q, i) => (q.value.cooked ?? '') + (i < n.expressions.length ? (evaluate(n.expressions[i] as AstNode, env, index) ?? `{${index.text(n.expressions[i] as AstNode)}}`) : '')).join('');
}

/** `resource.delete.auth(fn)` / `resource.all.start(fn)` hooks of the variable holding the resource. */
function milestoneHooks(call: CallLike, index: JsIndex): Map<string, MwRef[]> {
  const hooks = new Map<string, MwRef[]>();
  const parent = index.parent(call);
  const varName = parent && parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : undefined;
  if (!varName) return hooks;
  const scope = index.enclosingFunction(call) ?? index.program;
  for (const c of nodesUnder(scope as AstNode, 'CallExpression')) {
    const path = memberPath(c.callee as AstNode);
    if (!path || path[0] !== varName || path.length < 3 || !['auth', 'start'].includes(path[path.length - 1])) continue;
    const action = path[1];
    const ref = mwRef(c.arguments[0] as AstNode, index);
    const list = hooks.get(action) ?? [];
    list.push(ref.role === 'other' && path[path.length - 1] === 'auth' ? { ...ref, role: 'auth-unknown', name: `${varName}.${action}.auth` } : ref);
    hooks.set(action, list);
  }
  return hooks;
}

/** The routes one `resource(...)` call creates (several when it runs in a loop over a constant list). */
export function crudRoutes(call: CallLike, index: JsIndex): CrudRoute[] {
  const hooks = milestoneHooks(call, index);
  const hooksFor = (action: string) => [...(hooks.get('all') ?? []), ...(hooks.get(action) ?? [])];
  const out: CrudRoute[] = [];
  for (const env of loopEnvs(call, index)) {
    const opts = resolveObject(call.arguments[0] as AstNode, index);
    const modelNode = unwrap(objectProp(opts, 'model'));
    const modelValue = modelNode && modelNode.type === 'Identifier' && env.has(modelNode.name) ? env.get(modelNode.name) : modelNode;
    const model = memberPath(modelValue)?.pop() ?? 'resource';
    const endpointsNode = unwrap(objectProp(opts, 'endpoints'));
    const endpoints = endpointsNode && endpointsNode.type === 'ArrayExpression' ? endpointsNode.elements.map((e) => display(e as AstNode, env, index)) : [`/${model.toLowerCase()}s`, `/${model.toLowerCase()}s/:id`];
    const actionsNode = unwrap(objectProp(opts, 'actions'));
    const allowed = actionsNode && actionsNode.type === 'ArrayExpression' ? new Set(actionsNode.elements.map((e) => stringValue(e as AstNode, index) ?? '')) : undefined;
    const updateMethod = stringValue(objectProp(opts, 'updateMethod'), index)?.toUpperCase();
    const item: [string, string][] = ITEM.map(([m, a]) => [a === 'update' && updateMethod ? updateMethod : m, a]);
    const groups: [string | undefined, [string, string][]][] = [[endpoints[0], COLLECTION], [endpoints[1], item]];
    for (const [path, actions] of groups) {
      if (path === undefined) continue;
      for (const [method, action] of actions) if (!allowed || allowed.has(action)) out.push({ method, path, action, model, hooks: hooksFor(action) });
    }
  }
  return out;
}

// resourcejs: `Resource(app, '/form/:formId', 'submission', Model).rest({ before: [...] })`. The
// resource hangs its routes on `app` under `<route>/<name>` (the name lower-cased), the item routes
// under `/:<name>Id`; `rest()` registers them all, `.index()`, `.get()`, `.post()`, ... one each.
// `before` middleware runs on every route, `before<Method>` (`beforePost`) on that one only.
const RESOURCEJS = /^resourcejs(\.default)?(\.Resource)?$/;
const RESOURCEJS_METHODS: Record<string, [string, boolean][]> = {
  index: [['GET', false]],
  get: [['GET', true]],
  post: [['POST', false]],
  put: [['PUT', true]],
  patch: [['PATCH', true]],
  delete: [['DELETE', true]],
};

export interface ResourcejsRoute {
  method: string;
  /** Path under the app: `<route>/<name>` or `<route>/<name>/:<name>Id`. */
  path: string;
  action: string;
  model: string;
  /** The before-middleware expressions that run ahead of the generated handler. */
  before: AstNode[];
}

/**
 * Is `callee` the resourcejs factory or class: the module itself, `require('resourcejs').Resource`,
 * a local class extending it, or a local constant a plugin hook hands it back from
 * (`const R = hooks.alter('Resource', Resource)`)?
 */
function resourcejsCallee(callee: AstNode | undefined, index: JsIndex, depth = 0): boolean {
  const n = unwrap(callee);
  if (!n || depth > 3) return false;
  if (RESOURCEJS.test(index.resolvedName(n) ?? '')) return true;
  if (n.type !== 'Identifier') return false;
  const cls = index.classByName(n.name);
  if (cls) return resourcejsCallee(cls.superClass as AstNode | undefined, index, depth + 1);
  const init = unwrap(index.constInit(n.name));
  if (!init) return false;
  // `const Resource = ResourceFactory.Resource`: an alias.
  if (init.type === 'MemberExpression' || init.type === 'Identifier') return resourcejsCallee(init, index, depth + 1);
  return init.type === 'CallExpression' && init.arguments.some((a) => resourcejsCallee(a as AstNode, index, depth + 1));
}

/** The options object a method was given, also through a pass-through hook (`hooks.alter('routes', { ... })`). */
function resourcejsOptions(arg: AstNode | undefined, index: JsIndex): AstNode | undefined {
  const direct = resolveObject(arg, index);
  if (direct) return direct;
  const n = unwrap(arg);
  if (!n || n.type !== 'CallExpression') return undefined;
  for (const a of n.arguments) {
    const o = resolveObject(a as AstNode, index);
    if (o) return o;
  }
  return undefined;
}

/**
 * The routes one method call of a resourcejs resource registers (`.rest(opts)`: all of them), and the
 * construction call that names the app, route and model; undefined for any other call.
 */
export function resourcejsRoutes(call: CallLike, index: JsIndex): { base: CallLike; routes: ResourcejsRoute[] } | undefined {
  const method = calleeProperty(call);
  if (!method || !resourceMethod(method)) return undefined;
  // Down the chain `Resource(...).index(o).get(o)` to the construction.
  let base = unwrap(calleeObject(call));
  while (base && base.type === 'CallExpression' && resourceMethod(calleeProperty(base))) base = unwrap(calleeObject(base));
  if (!base || (base.type !== 'CallExpression' && base.type !== 'NewExpression') || !resourcejsCallee(base.callee as AstNode, index)) return undefined;
  const args = base.arguments as AstNode[];
  const name = stringValue(args[2], index);
  if (!name) return undefined;
  const route = stringValue(args[1], index) ?? '';
  const collection = joinRoute(route, name.toLowerCase());
  const opts = resourcejsOptions(call.arguments[0] as AstNode | undefined, index);
  const list = (key: string): AstNode[] => {
    const v = objectProp(opts, key);
    return v ? [v] : [];
  };
  const model = memberPath(args[3])?.pop() ?? name;
  const routes: ResourcejsRoute[] = [];
  for (const action of method === 'rest' ? Object.keys(RESOURCEJS_METHODS) : [method]) {
    for (const [verb, item] of RESOURCEJS_METHODS[action]) {
      const before = [...list('before'), ...list(`before${action[0].toUpperCase()}${action.slice(1)}`)];
      routes.push({ method: verb, path: item ? `${collection}/:${name.toLowerCase()}Id` : collection, action, model, before });
    }
  }
  return { base, routes };
}

const resourceMethod = (name: string | undefined): boolean => name === 'rest' || (name !== undefined && Object.hasOwn(RESOURCEJS_METHODS, name));

function joinRoute(a: string, b: string): string {
  return `${a.replace(/\/+$/, '')}/${b.replace(/^\/+/, '')}`;
}
