import { calleeObject, calleeProperty, isFunctionLike, memberPath, paramNames, propertyKey, stringValue, unwrap, type AstNode, type CallLike, type JsIndex } from './ast.js';
import { mwRef } from './routes-refs.js';
import type { MwRef } from './routes.js';

/**
 * Route collectors: an object of the application's own code that records routes
 * (`{ method, path, middlewares, handler }`) and later applies them to a framework router.
 *
 *   export const endpoints = new EndpointGroupList()            // the collector
 *   export const adminRoutes = endpoints.group(requireAdmin)    // a group: its middleware first
 *   adminRoutes.get('/api/users', ctrl.list)                    // routes recorded (any module)
 *   for (const e of endpoints.listAll()) e.apply(router)        // applied to a koa/express router
 *
 * The group is a router (its routes get the group's middleware on the edge to its collector);
 * the collector is mounted where it is applied. Only files that say `.group(` or `.apply(` are read.
 */

/** A method that makes a route group: `group`, `createGroup`, `newGroup`. */
const GROUP_METHOD = /^(group|\w+Group)$/;

export interface RouteGroup {
  /** Name the group is bound to. */
  name: string;
  decl: AstNode;
  /** The call making it (its creation key). */
  made: AstNode;
  /** The collector it comes from: a name of this file or an import of another module. */
  from: string;
  /** `new Collector()` bound to `from` in this file (the collector itself is created here). */
  created?: AstNode;
  prefix: string;
  mw: MwRef[];
}

/** Top-level `const name = <init>` declarators of the file, by name. */
function topLevel(index: JsIndex): Map<string, { decl: AstNode; init: AstNode }> {
  const out = new Map<string, { decl: AstNode; init: AstNode }>();
  for (const d of index.nodesOf('VariableDeclarator')) {
    if (d.id.type !== 'Identifier' || !d.init || index.enclosingFunction(d as AstNode)) continue;
    out.set(d.id.name, { decl: d as AstNode, init: unwrap(d.init as AstNode) });
  }
  return out;
}

/**
 * `const g = collector.group(mw, { middleware: mw2, first: false })`, `router.group('/v1')`:
 * groups made from a collector created in this file (`new X()`), imported from a module of the
 * repository, or a router of this file (`isReceiver`). A callback argument
 * (`app.group('/api', (r) => ...)`) is another idiom, not read here.
 */
export function routeGroups(index: JsIndex, isReceiver: (name: string) => boolean): RouteGroup[] {
  if (!index.content.includes('.group(') && !index.content.includes('Group(')) return [];
  const decls = topLevel(index);
  const out: RouteGroup[] = [];
  for (const [name, { decl, init }] of decls) {
    if (init.type !== 'CallExpression' || !GROUP_METHOD.test(calleeProperty(init as CallLike) ?? '')) continue;
    const obj = unwrap(calleeObject(init as CallLike));
    if (obj?.type !== 'Identifier') continue;
    const args = (init as CallLike).arguments as AstNode[];
    if (args.some((a) => isFunctionLike(unwrap(a)))) continue;
    const own = decls.get(obj.name);
    const created = own?.init.type === 'NewExpression' && unwrap(own.init.callee as AstNode).type === 'Identifier' ? own.init : undefined;
    const b = index.bindings.get(obj.name);
    if (!created && !isReceiver(obj.name) && !(b && /^(\.|[@~#]\/)/.test(b.module))) continue;
    let prefix = '';
    const mw: MwRef[] = [];
    args.forEach((a, i) => {
      const n = unwrap(a);
      const s = i === 0 ? stringValue(n, index) : undefined;
      if (s !== undefined && s.startsWith('/')) prefix = s;
      else if (n.type === 'ObjectExpression') {
        // `{ middleware: authorized(READ), first: false }`: the middleware and where it goes.
        const p = (n.properties as AstNode[]).find((x) => x.type === 'Property' && propertyKey(x) === 'middleware');
        if (p) mw.push(mwRef((p as { value: AstNode }).value, index));
      } else mw.push(mwRef(n, index));
    });
    out.push({ name, decl, made: init, from: obj.name, created: created && own ? own.decl : undefined, prefix, mw });
  }
  return out;
}

/**
 * `e.apply(router)` with one argument (Function.prototype.apply takes a this and a list), where
 * `e` is a collector or an element of one (`for (const e of endpoints.listAll())`,
 * `endpoints.all.forEach((e) => e.apply(router))`): the name of the collector, and whether the
 * call runs in such a loop (a direct `X.apply(router)` may as well be a registrar module's own).
 */
export function appliedCollector(call: CallLike, index: JsIndex): { name: string; looped: boolean } | undefined {
  if (call.arguments.length !== 1 || calleeProperty(call) !== 'apply') return undefined;
  const obj = unwrap(calleeObject(call));
  if (obj?.type !== 'Identifier') return undefined;
  let source: AstNode = obj;
  let looped = false;
  for (const a of index.ancestors(call as AstNode)) {
    if (a.type === 'ForOfStatement') {
      const left = unwrap(a.left as AstNode);
      const id = left.type === 'VariableDeclaration' ? unwrap((left.declarations as { id: AstNode }[])[0]?.id) : left;
      if (id?.type === 'Identifier' && id.name === obj.name) {
        source = a.right as AstNode;
        looped = true;
        break;
      }
    }
    if (isFunctionLike(a) && paramNames(a)[0] === obj.name) {
      const p = index.parent(a);
      if (p?.type === 'CallExpression' && ['forEach', 'map'].includes(calleeProperty(p as CallLike) ?? '')) {
        source = calleeObject(p as CallLike) ?? source;
        looped = true;
      }
      break;
    }
  }
  // `endpoints.listAll()`, `group.endpoints`: the collector at the root of the expression.
  let n: AstNode | undefined = unwrap(source);
  while (n && (n.type === 'CallExpression' || n.type === 'MemberExpression')) n = unwrap(n.type === 'CallExpression' ? (n.callee as AstNode) : (n.object as AstNode));
  const name = n?.type === 'Identifier' ? memberPath(n)?.[0] : undefined;
  return name === undefined ? undefined : { name, looped };
}
