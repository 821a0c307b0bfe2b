// Meteor's HTTP entry points: the webapp package's connect/Express stacks
// (`WebApp.connectHandlers.use('/x', fn)`, Meteor 3 `WebApp.handlers.get('/x', fn)`), and the
// router packages built on them: simple:json-routes `JsonRoutes.add('get', '/x', fn)`,
// meteorhacks:picker `Picker.route('/x', (params, req, res) => ...)` (also after `.filter(...)`),
// and nimble:restivus `new Restivus(opts).addRoute('x', { authRequired }, { get, post })`.
import { calleeName, calleeObject, calleeProperty, functionOf, literalValue, memberPath, objectProp, stringValue, unwrap, type AstNode, type CallLike, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { adminLikeText } from '../_lib/routes.js';
import { resolveHandler } from '../_lib/routes-handler.js';

export interface HttpEntry {
  method: string;
  path: string;
  fn?: FunctionLike;
  /** Middleware given before the handler (`WebApp.handlers.get('/x', mw, handler)`). */
  mw: AstNode[];
  at: AstNode;
  tags: string[];
  /** Declared by the route's options (Restivus `authRequired` / `roleRequired`). */
  declared?: { level: 'user' | 'admin'; why: string };
}

/** The webapp package's stacks: Meteor 2 connect, Meteor 3 Express. */
const WEBAPP_STACK = /^WebApp\.(?:connectHandlers|rawConnectHandlers|handlers|rawHandlers|expressHandlers|rawExpressHandlers)$/;
const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'options', 'head', 'all', 'use']);

/** The stack a call chain starts from: `WebApp.connectHandlers.use(a).use(b)` → `WebApp.connectHandlers`. */
function stackOf(call: CallLike): string | undefined {
  let obj = calleeObject(call);
  for (let i = 0; obj && i < 6; i++) {
    const u = unwrap(obj);
    if (u.type === 'CallExpression' && calleeProperty(u) === 'use') {
      obj = calleeObject(u);
      continue;
    }
    const path = memberPath(u)?.join('.');
    return path && WEBAPP_STACK.test(path) ? path : undefined;
  }
  return undefined;
}

function webappRoute(call: CallLike, index: JsIndex): HttpEntry | undefined {
  const verb = calleeProperty(call);
  if (!verb || !VERBS.has(verb) || !stackOf(call)) return undefined;
  const args = call.arguments.map((a) => a as AstNode);
  const path = stringValue(args[0], index);
  // A path-less `use(fn)` is middleware for every request, not an endpoint of its own.
  if (path === undefined) return undefined;
  const fns = args.slice(1);
  const last = fns[fns.length - 1];
  if (!last) return undefined;
  // `safeRoute(async (req, res) => ...)`, `asyncHandler(fn)`: the wrapped function answers.
  const fn = resolveHandler(last, index).fn;
  const tags = ['meteor-webapp', ...(verb === 'use' ? ['prefix-route'] : [])];
  return { method: verb === 'use' ? 'ALL' : verb.toUpperCase(), path: verb === 'use' ? prefixPath(path) : path, fn, mw: fns.slice(0, -1), at: call as AstNode, tags };
}

/** `use('/x', fn)` answers every path below `/x`. */
function prefixPath(path: string): string {
  const p = path.startsWith('/') ? path : `/${path}`;
  return p === '/' ? '/*' : `${p.replace(/\/+$/, '')}/*`;
}

function jsonRoute(call: CallLike, index: JsIndex): HttpEntry | undefined {
  if (calleeName(call) !== 'JsonRoutes.add') return undefined;
  const method = stringValue(call.arguments[0] as AstNode, index);
  const path = stringValue(call.arguments[1] as AstNode, index);
  if (!method || path === undefined) return undefined;
  return { method: method.toUpperCase(), path: path.startsWith('/') ? path : `/${path}`, fn: resolveHandler(call.arguments[2] as AstNode, index).fn, mw: [], at: call as AstNode, tags: ['json-routes'] };
}

/** `Picker.route(...)`, `Picker.filter(f).route(...)`, `const post = Picker.filter(f); post.route(...)`. */
function pickerRoute(call: CallLike, index: JsIndex): HttpEntry | undefined {
  if (calleeProperty(call) !== 'route') return undefined;
  let obj = unwrap(calleeObject(call));
  if (obj?.type === 'Identifier' && obj.name !== 'Picker') obj = unwrap(index.constInit(obj.name));
  const filtered = obj?.type === 'CallExpression' && calleeName(obj) === 'Picker.filter';
  if (!filtered && !(obj?.type === 'Identifier' && obj.name === 'Picker')) return undefined;
  const path = stringValue(call.arguments[0] as AstNode, index);
  if (path === undefined) return undefined;
  // `Picker.filter((req) => req.method === 'POST')`: the verb the filter lets through.
  const verb = filtered ? /method\s*===?\s*['"`](\w+)['"`]/.exec(index.text(obj as AstNode))?.[1] : undefined;
  return { method: verb ? verb.toUpperCase() : 'ALL', path, fn: resolveHandler(call.arguments[1] as AstNode, index).fn, mw: [], at: call as AstNode, tags: ['picker'] };
}

/** Restivus options of a same-file `new Restivus({...})` bound to the receiver's name. */
function restivusBase(recv: AstNode | undefined, index: JsIndex): string | undefined {
  const r = unwrap(recv);
  const init = r?.type === 'Identifier' ? unwrap(index.constInit(r.name)) : r;
  const known = init?.type === 'NewExpression' && /(^|\.)Restivus$/.test(calleeName(init as unknown as CallLike) ?? '');
  if (!known) return r?.type === 'Identifier' && /api|restivus/i.test(r.name) ? '/api' : undefined;
  const opts = unwrap((init as { arguments: AstNode[] }).arguments[0]);
  const apiPath = stringValue(objectProp(opts, 'apiPath'), index) ?? 'api/';
  const version = stringValue(objectProp(opts, 'version'), index);
  return `/${[apiPath, version].filter(Boolean).map((s) => s!.replace(/^\/+|\/+$/g, '')).join('/')}`;
}

function declaredAuth(opts: AstNode | undefined, index: JsIndex): HttpEntry['declared'] {
  const role = objectProp(opts, 'roleRequired');
  if (role) {
    const text = index.text(role);
    return { level: adminLikeText(text) ? 'admin' : 'user', why: `roleRequired: ${text.replace(/\s+/g, ' ').slice(0, 50)}` };
  }
  return literalValue(objectProp(opts, 'authRequired')) === true ? { level: 'user', why: 'authRequired: true' } : undefined;
}

function restivusRoutes(call: CallLike, index: JsIndex): HttpEntry[] {
  if (calleeProperty(call) !== 'addRoute' || call.arguments.length < 2) return [];
  const base = restivusBase(calleeObject(call), index);
  const path = stringValue(call.arguments[0] as AstNode, index);
  if (base === undefined || path === undefined) return [];
  const routeOpts = call.arguments.length >= 3 ? unwrap(call.arguments[1] as AstNode) : undefined;
  const endpoints = unwrap(call.arguments[call.arguments.length - 1] as AstNode);
  if (endpoints?.type !== 'ObjectExpression') return [];
  const full = `${base}/${path.replace(/^\/+/, '')}`;
  const out: HttpEntry[] = [];
  for (const p of endpoints.properties) {
    if (p.type !== 'Property' || p.computed || p.key.type !== 'Identifier') continue;
    const verb = p.key.name.toLowerCase();
    if (!VERBS.has(verb) && verb !== 'delete') continue;
    const v = unwrap(p.value as AstNode);
    const fn = functionOf(v, index) ?? functionOf(objectProp(v, 'action'), index);
    const declared = (v.type === 'ObjectExpression' ? declaredAuth(v, index) : undefined) ?? declaredAuth(routeOpts, index);
    // An endpoint's own `authRequired: false` opens it whatever the route says.
    const open = v.type === 'ObjectExpression' && literalValue(objectProp(v, 'authRequired')) === false;
    out.push({ method: verb.toUpperCase(), path: full, fn, mw: [], at: p as AstNode, tags: ['restivus'], declared: open ? undefined : declared });
  }
  return out;
}

export function httpEntries(index: JsIndex): HttpEntry[] {
  const out: HttpEntry[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    const e = webappRoute(call, index) ?? jsonRoute(call, index) ?? pickerRoute(call, index);
    if (e) out.push(e);
    else out.push(...restivusRoutes(call, index));
  }
  return out;
}
