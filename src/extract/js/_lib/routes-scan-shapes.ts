// Shapes the router scan recognises without its receiver state: creation calls of apps and routers,
// path arguments, loops that register one route per element, static-file and koa-mount middleware,
// rest parameters that carry a router, fastify plugin functions.
import {
  calleeObject,
  calleeProperty,
  isFunctionLike,
  memberPath,
  nodesUnder,
  objectKeys,
  objectProp,
  paramNames,
  resolveObject,
  stringValue,
  topLevelReturn,
  unwrap,
  type AstNode,
  type CallLike,
  type FunctionLike,
  type JsIndex,
} from './ast.js';
import { resolveHandler } from './routes-handler.js';

export type RouterFramework = 'express' | 'koa' | 'fastify';

const ROUTER_NAME = /(routes?|routers?|controllers?|endpoints?|resources?)$|^(api|v\d+)$/i;
const ROUTER_MODULE = /(^|\/)(routes?|routers?|controllers?|api|endpoints?|resources?|modules)(\/|$)/i;

/**
 * Is an imported thing passed to use() a router (mounted) rather than middleware? Only a first
 * guess from names: link corrects it from what the module is seen to export (`MwRef.router`).
 */
export function routerish(name: string, module: string): boolean {
  if (/(^|\/)middlewares?(\/|$)/i.test(module)) return false;
  if (ROUTER_MODULE.test(module) || /route/i.test(module.split('/').pop() ?? '')) return true;
  // `authController`, `authRouter`: what it is beats what it is about.
  if (/(routes?|routers?|controllers?)$/i.test(name)) return true;
  if (/guard|auth(?!or)|limit|cors|helmet|session|passport|csrf|logger|upload/i.test(name) && !/route/i.test(name)) return false;
  return ROUTER_NAME.test(name);
}

export function creation(node: AstNode | undefined, index: JsIndex, fw: RouterFramework): { kind: 'app' | 'router'; prefix: string } | undefined {
  const n = unwrap(node);
  if (!n || (n.type !== 'CallExpression' && n.type !== 'NewExpression')) return undefined;
  const r = index.resolvedCallee(n) ?? '';
  if (fw === 'express') {
    if (r === 'express' || r === 'express.default') return { kind: 'app', prefix: '' };
    if (/^(express(\.default)?\.Router|express-promise-router|express-promise-router\.default)$/.test(r)) return { kind: 'router', prefix: '' };
    const wrapped = expressWrapperCall(n.callee as AstNode, index);
    if (wrapped) return { kind: wrapped, prefix: '' };
    const adapter = EXPRESS_ADAPTER_FACTORY.exec(r);
    if (adapter) return { kind: adapter[1] === 'Router' ? 'router' : 'app', prefix: '' };
    // Restify routes the express way (`server.get(path, ...handlers)`, `server.use(mw)`, `del`);
    // restify-router's routers are attached with `router.applyRoutes(server, prefix)`.
    if (/^restify(\.default)?\.createServer$/.test(r)) return { kind: 'app', prefix: '' };
    if (/^restify-router(\.Router|\.default)?$/.test(r)) return { kind: 'router', prefix: '' };
  } else if (fw === 'koa') {
    if (r === 'koa' || r === 'koa.default') return { kind: 'app', prefix: '' };
    // `websockify(new Koa())` (koa-websocket): a wrapper given a new app returns that app.
    const inner = n.type === 'CallExpression' && n.arguments.length === 1 ? unwrap(n.arguments[0] as AstNode) : undefined;
    if (inner?.type === 'NewExpression' && creation(inner, index, fw)?.kind === 'app') return { kind: 'app', prefix: '' };
    if (/^(@koa\/router|koa-router|koa-joi-router)(\.Router|\.default)?$/.test(r)) {
      const prefix = stringValue(objectProp(resolveObject(n.arguments[0] as AstNode, index), 'prefix'), index) ?? '';
      return { kind: 'router', prefix };
    }
  } else if (/^fastify(\.fastify|\.default)?$/.test(r)) return { kind: 'app', prefix: '' };
  return undefined;
}

/**
 * A package's Express adapter module (`@modelcontextprotocol/sdk/server/express.js`) exporting a
 * factory of a ready-configured Express app or router (`createMcpExpressApp()`). Local modules
 * are left out: their factories are followed through the code itself.
 */
const EXPRESS_ADAPTER_FACTORY = /^[@\w][^.]*(?:\/[^/]+)*\/express(?:\.js)?\.create\w*(App|Application|Router)$/;

/**
 * `const express = require('../shared/express'); const app = express('admin'); express.Router('api')`:
 * the application's own wrapper module of express (a local module named `express`, imported under
 * that name), called the way express is. It builds an app (or a router) with the app's settings.
 */
function expressWrapperCall(callee: AstNode, index: JsIndex): 'app' | 'router' | undefined {
  const path = memberPath(unwrap(callee));
  if (!path || path[0] !== 'express' || path.length > 2 || (path.length === 2 && path[1] !== 'Router')) return undefined;
  const b = index.bindings.get('express');
  if (!b || !b.module.startsWith('.') || b.module.split('/').pop()?.replace(/\.[cm]?[jt]s$/, '') !== 'express') return undefined;
  if (path.length === 1) return b.imported === 'default' || b.imported === '*' ? 'app' : undefined;
  return 'router';
}

/** Path argument: literal/const string, regex literal, or an array of those. */
export function pathsOf(node: AstNode | undefined, index: JsIndex): string[] | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  const s = stringValue(n, index) ?? staticField(n, index);
  if (s !== undefined) return [s];
  if (n.type === 'Literal' && 'regex' in n && n.regex) return [index.text(n)];
  if (n.type === 'ArrayExpression') {
    const out: string[] = [];
    for (const e of n.elements) {
      const p = e && e.type !== 'SpreadElement' ? pathsOf(e as AstNode, index) : undefined;
      if (!p) return undefined;
      out.push(...p);
    }
    return out;
  }
  return undefined;
}

/** `AzureSSO.LOGIN_URI` with `static LOGIN_URI = '/api/v1/azure/login'` in a class of this file. */
export function staticField(n: AstNode, index: JsIndex): string | undefined {
  const path = n.type === 'MemberExpression' ? memberPath(n) : undefined;
  const cls = path?.length === 2 ? index.classByName(path[0]) : undefined;
  const field = cls?.body.body.find((m) => m.type === 'PropertyDefinition' && m.static && m.key.type === 'Identifier' && m.key.name === path![1]);
  return field && field.type === 'PropertyDefinition' ? stringValue(field.value as AstNode | null, index) : undefined;
}

/**
 * A path computed at run time, as a parametrised path (koa): `` `${config.id}.callback` `` is
 * `:id.callback`, `config.id` is `:id`; never the source text.
 */
export function parametrisedPath(node: AstNode | undefined): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  const param = (e: AstNode): string => `:${(memberPath(unwrap(e)) ?? []).pop()?.replace(/\W/g, '') || 'param'}`;
  if (n.type === 'TemplateLiteral') return n.quasis.map((q, i) => `${q.value.cooked ?? q.value.raw}${i < n.expressions.length ? param(n.expressions[i] as AstNode) : ''}`).join('');
  return n.type === 'Identifier' || n.type === 'MemberExpression' ? param(n) : undefined;
}

/**
 * A handler argument that is a request handler by its parameters (`(req, res)`, a static method
 * `routeGetFile(this: void, req: Request, res: Response)`), not a client's callback `(err, res)`.
 */
export function requestHandlerArg(call: CallLike, index: JsIndex): boolean {
  const args = call.arguments as AstNode[];
  const fn = args.length >= 2 ? resolveHandler(args[args.length - 1], index).fn : undefined;
  const names = fn ? paramNames(fn).filter((n) => n !== 'this') : [];
  return /^_?(req|request)$/.test(names[0] ?? '') && /^_?(res|response)$/.test(names[1] ?? '');
}

/**
 * `routes.forEach((r) => router.use(r.path, r.route))` over a const array of object literals:
 * the call's arguments once per element, with `r.key` replaced by the element's property.
 */
export function loopExpansions(call: CallLike, index: JsIndex): AstNode[][] | undefined {
  const fn = index.enclosingFunction(call);
  const loop = fn ? index.parent(fn) : undefined;
  if (!fn || !loop || loop.type !== 'CallExpression' || !['forEach', 'map'].includes(calleeProperty(loop) ?? '')) return undefined;
  const list = calleeObject(loop);
  const array = list && list.type === 'Identifier' ? unwrap(index.constInit(list.name)) : list;
  const param = fn.params[0] as AstNode | undefined;
  if (!array || array.type !== 'ArrayExpression' || !param || param.type !== 'Identifier') return undefined;
  const out: AstNode[][] = [];
  for (const el of array.elements) {
    const obj = el ? unwrap(el as AstNode) : undefined;
    if (!obj || obj.type !== 'ObjectExpression') return undefined;
    out.push(
      (call.arguments as AstNode[]).map((a) => {
        const path = memberPath(a);
        return path && path.length === 2 && path[0] === param.name ? (objectProp(obj, path[1]) ?? a) : a;
      }),
    );
  }
  return out;
}

/**
 * koa: `for (const router of createRouters()) app.use(router.routes())` over an array literal, a
 * same-file constant holding one, or a same-file function returning one: one `use()` per element.
 */
export function forOfExpansions(call: CallLike, index: JsIndex): AstNode[][] | undefined {
  const loop = index.ancestors(call).find((a) => a.type === 'ForOfStatement' || isFunctionLike(a));
  if (!loop || loop.type !== 'ForOfStatement') return undefined;
  const left = unwrap(loop.left as AstNode);
  const decl = left.type === 'VariableDeclaration' && left.declarations.length === 1 ? unwrap(left.declarations[0].id as AstNode) : undefined;
  if (!decl || decl.type !== 'Identifier') return undefined;
  let list = unwrap(loop.right as AstNode);
  if (list.type === 'Identifier') list = unwrap(index.constInit(list.name)) ?? list;
  if (list.type === 'CallExpression' && list.callee.type === 'Identifier') {
    const fn = index.functionByName(list.callee.name);
    list = (fn && unwrap(topLevelReturn(fn))) ?? list;
  }
  if (list.type !== 'ArrayExpression' || list.elements.length === 0 || list.elements.length > 20) return undefined;
  const named = (a: AstNode): boolean => {
    const n = unwrap(a);
    const base = n.type === 'CallExpression' && calleeProperty(n) === 'routes' ? calleeObject(n) : n;
    return !!base && base.type === 'Identifier' && base.name === decl.name;
  };
  const args = call.arguments as AstNode[];
  if (!args.some(named)) return undefined;
  const out: AstNode[][] = [];
  for (const el of list.elements) {
    const e = el ? unwrap(el as AstNode) : undefined;
    if (!e || e.type !== 'Identifier') return undefined;
    out.push(args.map((a) => (named(a) ? e : a)));
  }
  return out;
}


export const SWAGGER_UI = /^swagger-ui-express(\.default)?\.(setup|serve|serveFiles|serveWithOptions)$/;
export const STATIC_MIDDLEWARE = /^(express(\.default)?\.static|serve-static(\.default)?|koa-static(\.default)?|@koa\/static(\.default)?)$/;

/** `express.static(dir)` / `serveStatic(dir)` / koa-static `serve(dir)`, directly or through a same-file constant. */
export function staticMiddleware(arg: AstNode, index: JsIndex): boolean {
  let n = unwrap(arg);
  if (n.type === 'Identifier') n = unwrap(index.constInit(n.name)) ?? n;
  return n.type === 'CallExpression' && STATIC_MIDDLEWARE.test(index.resolvedCallee(n) ?? '');
}

/** koa-mount around a static middleware, `mount('/assets', serve(dir))`: its prefix (Koa's `use` takes no path). */
export function mountedStatic(arg: AstNode, index: JsIndex): string | undefined {
  const n = unwrap(arg);
  if (n.type !== 'CallExpression' || !/^koa-mount(\.default)?$/.test(index.resolvedCallee(n) ?? '') || n.arguments.length !== 2) return undefined;
  if (!staticMiddleware(n.arguments[1] as AstNode, index)) return undefined;
  return stringValue(n.arguments[0] as AstNode, index);
}

/** `mount('/api', api)` (koa-mount): the prefix it mounts at (`mount(app)` mounts at the root). */
export function koaMountPrefix(arg: AstNode, index: JsIndex): string | undefined {
  const n = unwrap(arg);
  if (n.type !== 'CallExpression' || !/^koa-mount(\.default)?$/.test(index.resolvedCallee(n) ?? '')) return undefined;
  return n.arguments.length >= 2 ? stringValue(n.arguments[0] as AstNode, index) : '/';
}

/**
 * Position among the call's arguments of a name bound by a rest parameter: `(...[router, tenant])`
 * or `(...args) { const [router, { queries }] = args; }` (a declaration directly in its body).
 */
export function restSlot(fn: FunctionLike, name: string): number {
  const at = fn.params.findIndex((p) => (p as AstNode).type === 'RestElement');
  if (at < 0) return -1;
  const rest = unwrap((fn.params[at] as AstNode & { argument: AstNode }).argument);
  const pos = (pat: AstNode): number => (pat.type === 'ArrayPattern' ? pat.elements.findIndex((e) => e && unwrap(e as AstNode).type === 'Identifier' && (unwrap(e as AstNode) as { name: string }).name === name) : -1);
  if (rest.type === 'ArrayPattern') return pos(rest) >= 0 ? at + pos(rest) : -1;
  if (rest.type !== 'Identifier') return -1;
  const body = unwrap(fn.body as AstNode | null);
  if (!body || body.type !== 'BlockStatement') return -1;
  for (const st of body.body as AstNode[]) {
    if (st.type !== 'VariableDeclaration') continue;
    for (const d of st.declarations) {
      const init = unwrap(d.init as AstNode | null);
      if (init?.type === 'Identifier' && init.name === rest.name && d.id.type === 'ArrayPattern' && pos(d.id as AstNode) >= 0) return at + pos(d.id as AstNode);
    }
  }
  return -1;
}

/** The enclosing function whose rest parameter (`...args`) an identifier names, and its position. */
export function restParamOf(n: AstNode, at: AstNode, index: JsIndex): { fn: FunctionLike; index: number; name: string } | undefined {
  if (n.type !== 'Identifier') return undefined;
  for (const a of index.ancestors(at)) {
    if (!isFunctionLike(a)) continue;
    const i = a.params.findIndex((p) => (p as AstNode).type === 'RestElement' && unwrap((p as AstNode & { argument: AstNode }).argument).type === 'Identifier' && (unwrap((p as AstNode & { argument: AstNode }).argument) as { name: string }).name === n.name);
    if (i >= 0) return { fn: a, index: i, name: n.name };
    if (paramNames(a).includes(n.name)) return undefined;
  }
  return undefined;
}

/**
 * `api.post(url, { json: payload })`, `ky.get(url, { searchParams })`: an HTTP client's request
 * options where a route would take its handler (a fastify options object names its `handler`).
 */
export function clientOptions(call: CallLike): boolean {
  const args = call.arguments as AstNode[];
  if (args.length < 2) return false;
  const last = unwrap(args[args.length - 1]);
  if (last.type !== 'ObjectExpression') return false;
  return !last.properties.some((p) => p.type === 'Property' && !p.computed && p.key.type === 'Identifier' && p.key.name === 'handler');
}

/**
 * `(await api.post('/users', user)).data`, `api.get('/x').then(...)`: the call's result is awaited
 * or read like a response. Registering a route returns the router, which nobody awaits.
 */
export function responseAwaited(call: CallLike, index: JsIndex): boolean {
  let child: AstNode = call as AstNode;
  let up = index.parent(child) as AstNode | undefined;
  while (up && (up.type === 'ParenthesizedExpression' || up.type === 'TSNonNullExpression' || up.type === 'TSAsExpression')) {
    child = up;
    up = index.parent(up) as AstNode | undefined;
  }
  if (up?.type === 'AwaitExpression') return true;
  return up?.type === 'MemberExpression' && up.object === child && !up.computed && /^(then|data|json)$/.test((up.property as AstNode & { name?: string }).name ?? '');
}

/** Keys of an object pattern parameter (`{ app, io }`). */
export function objectKeysOf(p: AstNode): string[] {
  const n = unwrap(p);
  const pat = n.type === 'AssignmentPattern' ? unwrap(n.left as AstNode) : n;
  if (pat.type !== 'ObjectPattern') return [];
  return pat.properties.flatMap((q) => (q.type === 'Property' && q.key.type === 'Identifier' && unwrap(q.value as AstNode).type === 'Identifier' && (unwrap(q.value as AstNode) as { name: string }).name === q.key.name ? [q.key.name] : []));
}

/** Receiver key of the router/app a creation call makes (no identifier can spell it). */
export function creationKey(node: AstNode): string {
  // Calls chained on it start where it starts: the end tells them apart.
  return `<new>@${node.start}-${node.end}`;
}

/**
 * A hapi route object handed to `server.route({...})` in a file that does not import fastify: its
 * `path` (fastify's is usually `url`) carries hapi's `{param}` segments, or its route options sit in
 * `options`/`config` with hapi's keys (`auth`, `pre`, `validate`). Hapi plugins often import only
 * boom/joi, and their `(request, reply)` handlers look like fastify's; the hapi extractor reads them.
 */
export function hapiRouteObject(opts: AstNode, index: JsIndex): boolean {
  const path = stringValue(objectProp(opts, 'path'), index);
  if (path === undefined || objectProp(opts, 'url') !== undefined) return false;
  if (/\{\w+[?*]?\d*\}/.test(path)) return true;
  const options = resolveObject(objectProp(opts, 'options') ?? objectProp(opts, 'config'), index);
  if (objectKeys(options).some((k) => k === 'auth' || k === 'pre' || k === 'validate')) return true;
  // Hapi's toolkit `h`, or hapi 16's `reply(value)` interface called as a function; fastify's
  // `reply` is an object (`reply.send()`).
  const handler = objectProp(opts, 'handler') ?? objectProp(options, 'handler');
  const fn = handler ? resolveHandler(handler, index).fn : undefined;
  const toolkit = fn ? paramNames(fn)[1] : undefined;
  if (!fn || !toolkit) return false;
  return toolkit === 'h' || nodesUnder(fn, 'CallExpression').some((c) => { const callee = unwrap(c.callee as AstNode); return callee.type === 'Identifier' && callee.name === toolkit; });
}

/** The function of a fastify plugin value: `fn`, `fp(fn)`, `fastifyPlugin(fn, opts)`. */
export function pluginFunction(value: AstNode | undefined, index: JsIndex): FunctionLike | undefined {
  const v = unwrap(value);
  if (!v) return undefined;
  if (isFunctionLike(v)) return v;
  if (v.type === 'Identifier') {
    // `const auth = fp(async (fastify) => ...); export default auth`
    const init = index.functionByName(v.name) ? undefined : unwrap(index.constInit(v.name));
    return init?.type === 'CallExpression' ? pluginFunction(init, index) : index.functionByName(v.name);
  }
  if (v.type === 'CallExpression' && /^(fastify-plugin|fastify-plugin\.default)$|^fp$/.test(index.resolvedCallee(v) ?? '')) return pluginFunction(v.arguments[0] as AstNode, index);
  return undefined;
}

/**
 * A plugin wrapped by `fastify-plugin` (`export default fp(fn)`, `const auth = fp(fn); export
 * default auth`): Fastify runs it in the registering context, so its hooks apply there.
 */
export function skipsEncapsulation(value: AstNode | undefined, index: JsIndex): boolean {
  let v = unwrap(value);
  if (v?.type === 'Identifier') v = unwrap(index.constInit(v.name));
  return v?.type === 'CallExpression' && /^(fastify-plugin|fastify-plugin\.default)$|^fp$/.test(index.resolvedCallee(v) ?? '');
}
