// Hapi routes that reach `server.route` as data: descriptor objects (`{ method, url, handler }`)
// passed through a project-local route factory (`createRoutes(routes)` → `routes.map(createRoute)`
// → `{ path: url, config: { auth: strategy, app: { permissions } } }`), and the auth schemes the
// server wires up (`server.auth.scheme(name, impl)` + `server.auth.strategy(name, scheme)`).
//
// The factory lives in another file than its descriptors, and the Express link (which runs first)
// already links every route, so this step works after linkRoutes on the linked entry points:
//  - a factory's destructured parameter tells which descriptor key is the path, which switches
//    auth on (and its default: `auth = true`), which names the strategy (`strategy = 'jwt'`), and
//    which are copied into `config.app` / `config.plugins` (`permissions`);
//  - a route the factory authenticates is `user`; an app key an auth scheme reads
//    (`request.route.settings.app.permissions`) naming an admin role makes it `admin`;
//  - a strategy whose scheme looks a header token up in a table (no token verification) is a
//    machine credential: the route stays `user`, tagged `machine-credential`;
//  - descriptors keyed `url`/`uri` (not hapi's own `path`) count only where some hapi server
//    registers routes from data (`routes.map((r) => server.route(r))`).
import type { ConfigFact, EntrypointFact, Fact, FactInput } from '../../../model/types.js';
import {
  calleeName,
  isFunctionLike,
  literalValue,
  memberPath,
  nodesUnder,
  propertyKey,
  stringValue,
  unwrap,
  type AstNode,
  type FunctionLike,
  type JsIndex,
} from '../_lib/ast.js';
import { adminLikeText, joinPath } from '../_lib/routes.js';

const ROUTE_INFO = 'hapi-route-info';
const FACTORY = 'hapi-route-factory';
const SCHEME = 'hapi-auth-scheme';
const SCHEME_IMPL = 'hapi-scheme-impl';
const REGISTERS = 'hapi-registers-data';
const PREFIX = 'hapi-plugin-prefix';
const INTERNAL = new Set([ROUTE_INFO, FACTORY, SCHEME, SCHEME_IMPL, REGISTERS, PREFIX]);

/** Descriptor keys that are no auth configuration (the route itself). */
const ROUTE_KEYS = new Set(['method', 'path', 'url', 'uri', 'handler', 'validator', 'validate', 'config', 'options', 'payload', 'response', 'description', 'notes', 'tags']);

interface ModuleRef {
  module?: string;
  from: string;
  export: string;
}

/** What the per-file pass saw of one route: for link. */
export interface RouteInfo {
  /** The factory the descriptor array is passed to. */
  wrapper?: ModuleRef;
  /** Descriptor keys other than the route itself: literals as values, other values as text. */
  keys: Record<string, string | number | boolean | null>;
  /** Keys whose value is not a literal (`permissions: Roles.ADMIN`). */
  texts: string[];
  /** The route has its own hapi `options.auth` / `config.auth`. */
  own: boolean;
  /** Strategy named by the route's own auth option. */
  strategy?: string;
  /** `options.app` / `config.app` / `config.plugins.*` keys → value text. */
  app?: Record<string, string>;
  /** Keyed `url`/`uri`: a route only if a hapi server registers routes from data. */
  needsHapi?: boolean;
}

interface FactoryShape {
  exports: string[];
  pathKey: string;
  authKey?: string;
  authDefault?: string | number | boolean | null;
  strategyKey?: string;
  strategyDefault?: string;
  /** Descriptor key → the `app`/`plugins` key it is copied to. */
  appKeys: Record<string, string>;
}

interface SchemeImpl {
  exports: string[];
  /** `request.route.settings.app.<key>` read in `authenticate`. */
  readsApp: string[];
  /** Finds a header token in a table without verifying a signed token. */
  machine: boolean;
  why?: string;
}

function internal(index: JsIndex, at: AstNode, setting: string, data: unknown, key: string, values: Record<string, string | number> = {}): FactInput {
  return { kind: 'config', setting, values: { ...values, data: JSON.stringify(data) }, evidence: index.evidence(at), key: `${index.file}#config:${setting}:${key}` };
}

/** `require('./handlers/x')` (or its `.default`): the required module's default export. */
export function requiredHandler(node: AstNode | undefined, index: JsIndex): { module: string; from: string; export: string; name: string } | undefined {
  let n = unwrap(node);
  if (n?.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier' && n.property.name === 'default') n = unwrap(n.object as AstNode);
  if (!n || n.type !== 'CallExpression' || calleeName(n) !== 'require' || n.arguments.length !== 1) return undefined;
  const spec = stringValue(n.arguments[0] as AstNode, index);
  if (!spec || !spec.startsWith('.')) return undefined;
  return { module: spec, from: index.file, export: 'default', name: spec.split('/').pop() ?? spec };
}

/** Array methods whose result still holds the descriptors (`routes.map(addDefaults)`, `a.concat(b)`). */
const CARRY = new Set(['map', 'filter', 'concat', 'slice', 'flat']);

/** A call's callee as an import of this file (or one of its functions): the factory candidate. */
function factoryCallee(call: AstNode, index: JsIndex): ModuleRef | undefined {
  if (call.type !== 'CallExpression') return undefined;
  let callee = memberPath(call.callee as AstNode);
  // `routes.map(createRoute)`: the mapped function.
  if (callee?.length === 2 && (callee[1] === 'map' || callee[1] === 'forEach')) {
    const a = unwrap(call.arguments[0] as AstNode);
    callee = a?.type === 'Identifier' ? [a.name] : undefined;
  }
  if (!callee || /route$/i.test(callee[callee.length - 1]) && callee.length > 1) return undefined;
  const b = index.bindings.get(callee[0]);
  if (b && b.module.startsWith('.')) {
    const exp = b.imported === '*' || b.imported === 'default' ? (callee.length > 1 ? callee[callee.length - 1] : 'default') : callee.length > 1 ? callee[callee.length - 1] : b.imported;
    return { module: b.module, from: index.file, export: exp };
  }
  // A function of this file only when it builds routes (`routes.map(addDefaults)` carries them on).
  const local = callee.length === 1 ? index.functionByName(callee[0]) : undefined;
  if (local && factoryShape(local)) return { from: index.file, export: `local:${callee[0]}` };
  return undefined;
}

/**
 * The factory a descriptor's array reaches: `createRoutes([...])`, `const routes = [...];
 * createRoutes(routes)`, `createRoutes([...routes, ...more])`, `createRoutes(routes.map(addDefaults))`
 * or `routes.map(createRoute)`; the callee an import (or a function of this file). Bounded walk.
 */
export function wrapperOf(obj: AstNode, index: JsIndex): ModuleRef | undefined {
  const arr = index.parent(obj);
  if (!arr || arr.type !== 'ArrayExpression') return undefined;
  // Every descriptor of an array asks the same question: answered once per array (perf).
  if (WRAPPERS.has(arr)) return WRAPPERS.get(arr) ?? undefined;
  const found = arrayWrapper(arr, index);
  WRAPPERS.set(arr, found ?? null);
  return found;
}

const WRAPPERS = new WeakMap<AstNode, ModuleRef | null>();

function arrayWrapper(arr: AstNode, index: JsIndex): ModuleRef | undefined {
  const work: AstNode[] = [arr];
  const seen = new Set<string>();
  for (let steps = 0; work.length > 0 && steps < 24; steps++) {
    const node = work.shift()!;
    const up = index.parent(node);
    if (!up) continue;
    if (up.type === 'SpreadElement' || up.type === 'ParenthesizedExpression') work.push(up.type === 'SpreadElement' ? (index.parent(up) ?? up) : up);
    else if (up.type === 'MemberExpression' && up.object === node) {
      const call = index.parent(up);
      const prop = !up.computed && up.property.type === 'Identifier' ? up.property.name : '';
      if (call?.type === 'CallExpression' && call.callee === up) {
        const ref = prop === 'map' || prop === 'forEach' ? factoryCallee(call, index) : undefined;
        if (ref) return ref;
        if (CARRY.has(prop)) work.push(call);
      }
    } else if (up.type === 'CallExpression' && up.arguments.includes(node as never)) {
      const ref = factoryCallee(up, index);
      if (ref) return ref;
      if (memberPath(up.callee as AstNode)?.at(-1) === 'concat') work.push(up);
    } else if (up.type === 'VariableDeclarator' && up.init === node && up.id.type === 'Identifier') {
      const name = up.id.name;
      if (seen.has(name)) continue;
      seen.add(name);
      for (const id of index.nodesOf('Identifier')) {
        const p = index.parent(id);
        if (id.name !== name || p === up || (p?.type === 'Property' && p.key === id && !p.shorthand) || (p?.type === 'MemberExpression' && p.property === id)) continue;
        work.push(id);
      }
    }
  }
  return undefined;
}

/** The per-route record, when it has anything link can use. */
export function routeInfoFact(o: AstNode, options: AstNode | undefined, index: JsIndex, info: Omit<RouteInfo, 'keys' | 'texts' | 'wrapper'>, line: number): FactInput | undefined {
  const keys: RouteInfo['keys'] = {};
  const texts: string[] = [];
  if (o.type === 'ObjectExpression') {
    for (const p of o.properties) {
      const k = p.type === 'Property' ? propertyKey(p) : undefined;
      if (!k || ROUTE_KEYS.has(k) || p.type !== 'Property') continue;
      const v = literalValue(p.value as AstNode, index);
      if (v !== undefined) keys[k] = v;
      else {
        keys[k] = index.text(p.value as AstNode).slice(0, 80);
        texts.push(k);
      }
    }
  }
  const app: Record<string, string> = {};
  const optionsObj = unwrap(options);
  if (optionsObj?.type === 'ObjectExpression') {
    for (const holder of ['app', 'plugins']) {
      const prop = optionsObj.properties.find((p) => p.type === 'Property' && propertyKey(p) === holder);
      const h = unwrap(prop?.type === 'Property' ? (prop.value as AstNode) : undefined);
      if (h?.type !== 'ObjectExpression') continue;
      for (const p of h.properties) {
        const k = p.type === 'Property' ? propertyKey(p) : undefined;
        if (k && p.type === 'Property') app[k] = index.text(p.value as AstNode).slice(0, 80);
      }
    }
  }
  const wrapper = wrapperOf(o, index);
  if (!wrapper && !info.needsHapi && !info.strategy && Object.keys(app).length === 0) return undefined;
  const data: RouteInfo = { ...info, keys, texts, ...(wrapper ? { wrapper } : {}), ...(Object.keys(app).length ? { app } : {}) };
  return internal(index, o, ROUTE_INFO, data, String(line), { routeFile: index.file, routeLine: line });
}

/** Destructured keys of a factory's descriptor parameter: key → local name and literal default. */
function descriptorParam(fn: FunctionLike): Map<string, { local: string; def?: string | number | boolean | null }> | undefined {
  let p = fn.params[0] as AstNode | undefined;
  if (p?.type === 'AssignmentPattern') p = p.left as AstNode;
  if (!p || p.type !== 'ObjectPattern') return undefined;
  const out = new Map<string, { local: string; def?: string | number | boolean | null }>();
  for (const prop of p.properties) {
    if (prop.type !== 'Property') continue;
    const key = propertyKey(prop as AstNode);
    const v = unwrap(prop.value as AstNode);
    if (!key) continue;
    if (v.type === 'Identifier') out.set(key, { local: v.name });
    else if (v.type === 'AssignmentPattern' && v.left.type === 'Identifier') out.set(key, { local: v.left.name, def: literalValue(v.right as AstNode) });
  }
  return out;
}

/** A function building a hapi route from a descriptor (`({ method, url, auth = true }) => ({ path: url, ... })`). */
function factoryShape(fn: FunctionLike): Omit<FactoryShape, 'exports'> | undefined {
  const params = descriptorParam(fn);
  if (!params || !params.has('method')) return undefined;
  const byLocal = new Map([...params].map(([k, v]) => [v.local, k]));
  const body = fn.body as AstNode;
  let pathKey: string | undefined;
  let strategyKey: string | undefined;
  const appKeys: Record<string, string> = {};
  for (const prop of nodesUnder(body, 'Property')) {
    const key = propertyKey(prop as AstNode);
    const v = unwrap(prop.value as AstNode);
    const from = v.type === 'Identifier' ? byLocal.get(v.name) : undefined;
    if (key === 'path' && from) pathKey = from;
    if (key === 'auth' && from) strategyKey = from;
    if ((key === 'app' || key === 'plugins') && v.type === 'ObjectExpression') {
      for (const inner of v.properties) {
        const iv = inner.type === 'Property' ? unwrap(inner.value as AstNode) : undefined;
        const ik = inner.type === 'Property' ? propertyKey(inner as AstNode) : undefined;
        const d = iv?.type === 'Identifier' ? byLocal.get(iv.name) : undefined;
        if (ik && d) appKeys[d] = ik;
      }
    }
  }
  if (!pathKey) return undefined;
  // The strategy reaches `auth:` through a helper (`createDefaultConfig(strategy)`): named so.
  strategyKey ??= [...params.keys()].find((k) => /^strateg(y|ies)$/i.test(k));
  const authKey = params.has('auth') ? 'auth' : undefined;
  const strategyDefault = strategyKey ? params.get(strategyKey)?.def : undefined;
  return {
    pathKey,
    ...(authKey ? { authKey, authDefault: params.get(authKey)?.def } : {}),
    ...(strategyKey ? { strategyKey } : {}),
    ...(typeof strategyDefault === 'string' ? { strategyDefault } : {}),
    appKeys,
  };
}

/** Route factories of this file, with the names they are exported under (one level of `arr.map(factory)` wrappers too). */
export function factoryFacts(index: JsIndex): FactInput[] {
  if (!/\bpath\s*:/.test(index.content) || !/\bmethod\b/.test(index.content)) return [];
  const shapes = new Map<FunctionLike, Omit<FactoryShape, 'exports'>>();
  const names = new Map<string, FunctionLike>();
  for (const fn of [...index.nodesOf('ArrowFunctionExpression'), ...index.nodesOf('FunctionExpression'), ...index.nodesOf('FunctionDeclaration')] as FunctionLike[]) {
    const shape = fn.params[0] && factoryShape(fn);
    if (!shape) continue;
    shapes.set(fn, shape);
    const name = index.functionName(fn);
    if (name) names.set(name, fn);
  }
  if (shapes.size === 0) return [];
  const out: FactInput[] = [];
  const exported = new Map<FunctionLike, string[]>();
  const add = (fn: FunctionLike, name: string) => {
    const list = exported.get(fn) ?? [];
    list.push(name);
    exported.set(fn, list);
  };
  for (const [name, fn] of names) add(fn, `local:${name}`);
  for (const [name, value] of index.exports) {
    const v = unwrap(value);
    const fn = isFunctionLike(v) ? v : v.type === 'Identifier' ? index.functionByName(v.name) : undefined;
    if (!fn) continue;
    if (shapes.has(fn)) {
      add(fn, name);
      continue;
    }
    // `(routes) => routes.map(createRoute)`: a wrapper of a factory of this file.
    const used = nodesUnder(fn.body as AstNode, 'Identifier').map((i) => names.get(i.name)).find((f) => f !== undefined);
    if (used) add(used, name);
  }
  for (const [fn, exports] of exported) out.push(internal(index, fn, FACTORY, { ...shapes.get(fn)!, exports }, String(index.line(fn))));
  return out;
}

/** `server.auth.scheme(name, impl)` / `server.auth.strategy(name, scheme)`, and route registrations from data. */
export function schemeWiringFacts(index: JsIndex, hapiFile: boolean): FactInput[] {
  const schemes: { name: string; impl: ModuleRef }[] = [];
  const strategies: { name: string; scheme: string }[] = [];
  let registers: AstNode | undefined;
  const prefixes: { module: string; from: string; prefix: string }[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    const name = calleeName(call) ?? '';
    if (/(^|\.)auth\.scheme$/.test(name) && call.arguments.length >= 2) {
      const s = stringValue(call.arguments[0] as AstNode, index);
      const impl = unwrap(call.arguments[1] as AstNode);
      const path = memberPath(impl);
      const b = path ? index.bindings.get(path[0]) : undefined;
      const req = requiredHandler(impl, index);
      if (!s) continue;
      if (req) schemes.push({ name: s, impl: { module: req.module, from: index.file, export: 'default' } });
      else if (b && b.module.startsWith('.') && path) schemes.push({ name: s, impl: { module: b.module, from: index.file, export: b.imported === '*' || b.imported === 'default' ? (path.length > 1 ? path[path.length - 1] : 'default') : b.imported } });
      else if (path?.length === 1) schemes.push({ name: s, impl: { from: index.file, export: `local:${path[0]}` } });
    } else if (/(^|\.)auth\.strategy$/.test(name) && call.arguments.length >= 2) {
      const s = stringValue(call.arguments[0] as AstNode, index);
      const scheme = stringValue(call.arguments[1] as AstNode, index);
      if (s && scheme) strategies.push({ name: s, scheme });
    } else if (/(^|\.)register$/.test(name) && call.arguments.length >= 1) {
      prefixes.push(...pluginPrefixes(call.arguments[0] as AstNode, call.arguments[1] as AstNode | undefined, index));
    } else if (/(^|\.)route$/.test(name) && call.arguments.length === 1 && !registers) {
      // `routes.map((r) => server.route(r))`, `server.route(routes)`: routes given as data.
      const arg = unwrap(call.arguments[0] as AstNode);
      const receiver = memberPath(call.callee as AstNode)?.slice(-2, -1)[0] ?? '';
      if (arg.type !== 'ObjectExpression' && arg.type !== 'ArrayExpression' && stringValue(arg, index) === undefined && (hapiFile || /^(server|plugin|srv)$/.test(receiver))) registers = call;
    }
  }
  const out: FactInput[] = [];
  if (schemes.length || strategies.length) out.push(internal(index, index.program as AstNode, SCHEME, { schemes, strategies }, 'wiring'));
  if (registers) out.push(internal(index, registers, REGISTERS, { hapi: hapiFile }, 'routes'));
  if (prefixes.length > 0 && hapiFile) out.push(internal(index, index.program as AstNode, PREFIX, prefixes, 'plugins'));
  return out;
}

/** `routes.prefix` of a register options object. */
function routesPrefix(opts: AstNode | undefined, index: JsIndex): string | undefined {
  const o = unwrap(opts);
  if (o?.type !== 'ObjectExpression') return undefined;
  const routes = o.properties.find((p) => p.type === 'Property' && propertyKey(p) === 'routes');
  const r = routes?.type === 'Property' ? unwrap(routes.value as AstNode) : undefined;
  if (r?.type !== 'ObjectExpression') return undefined;
  const prefix = r.properties.find((p) => p.type === 'Property' && propertyKey(p) === 'prefix');
  return prefix?.type === 'Property' ? stringValue(prefix.value as AstNode, index) : undefined;
}

/** The module a plugin expression comes from: `require('./x')`, an imported name (`Users`, `Users.plugin`). */
function pluginModule(expr: AstNode | undefined, index: JsIndex): string | undefined {
  const n = unwrap(expr);
  if (!n) return undefined;
  const req = requiredHandler(n, index) ?? (n.type === 'MemberExpression' ? requiredHandler(n.object as AstNode, index) : undefined);
  if (req) return req.module;
  const path = memberPath(n);
  const b = path ? index.bindings.get(path[0]) : undefined;
  return b && b.module.startsWith('.') ? b.module : undefined;
}

/**
 * `server.register(plugin, { routes: { prefix } })`, `server.register({ plugin, routes: { prefix } })`
 * and arrays of either: the plugin modules and their prefixes.
 */
function pluginPrefixes(arg: AstNode, opts: AstNode | undefined, index: JsIndex): { module: string; from: string; prefix: string }[] {
  const a = unwrap(arg);
  const items = a.type === 'ArrayExpression' ? (a.elements as AstNode[]).filter(Boolean) : [a];
  const shared = routesPrefix(opts, index);
  const out: { module: string; from: string; prefix: string }[] = [];
  for (const item of items) {
    const i = unwrap(item);
    const isDescriptor = i.type === 'ObjectExpression' && i.properties.some((p) => p.type === 'Property' && propertyKey(p) === 'plugin');
    const pluginExpr = isDescriptor && i.type === 'ObjectExpression' ? (i.properties.find((p) => p.type === 'Property' && propertyKey(p) === 'plugin') as { value: AstNode } | undefined)?.value : i;
    const prefix = (isDescriptor ? routesPrefix(i, index) : undefined) ?? shared;
    const module = pluginModule(pluginExpr, index);
    if (module && prefix && prefix !== '/') out.push({ module, from: index.file, prefix });
  }
  return out;
}

/** Auth scheme implementations: `{ authenticate(request, h) { ... } }` and what they check. */
export function schemeImplFacts(index: JsIndex): FactInput[] {
  if (!index.content.includes('authenticate')) return [];
  const out: FactInput[] = [];
  for (const prop of index.nodesOf('Property')) {
    if (propertyKey(prop as AstNode) !== 'authenticate') continue;
    const fn = unwrap(prop.value as AstNode);
    if (!isFunctionLike(fn) || fn.params.length < 2) continue;
    const text = index.text(fn);
    const readsApp = [...new Set([...text.matchAll(/settings\.(?:app|plugins)\.(\w+)/g)].map((m) => m[1]))];
    // Also a helper of this file the body calls with those settings (`checkPermission(..., permissions)`).
    const verifies = /\b(verify|decode|jwtVerify|compare|timingSafeEqual)\s*\(/.test(text);
    const lookup = nodesUnder(fn.body as AstNode, 'CallExpression').find((c) => {
      const callee = memberPath(c.callee as AstNode);
      const last = callee?.[callee.length - 1] ?? '';
      return /^find/.test(last) && c.arguments.some((a) => /\b(token|api_?key|apiKey|key)\b/i.test(index.text(a as AstNode)));
    });
    const machine = !verifies && !!lookup && /headers/.test(text);
    // Which exports reach this property: the exported value encloses it.
    const exports: string[] = [];
    for (const [name, value] of index.exports) {
      const v = unwrap(value);
      const target = v.type === 'Identifier' ? (index.functionByName(v.name) ?? index.constInit(v.name)) : v;
      if (target && target.start <= prop.start && prop.end <= target.end) exports.push(name);
    }
    const top = index.ancestors(prop).filter((a) => isFunctionLike(a)).pop() as FunctionLike | undefined;
    const local = top ? index.functionName(top) : undefined;
    if (local) exports.push(`local:${local}`);
    const impl: SchemeImpl = { exports, readsApp, machine, ...(machine && lookup ? { why: `looks the request's token up (${index.text(lookup.callee as AstNode)}) without verifying it` } : {}) };
    out.push(internal(index, prop as AstNode, SCHEME_IMPL, impl, String(index.line(prop as AstNode))));
  }
  return out;
}

function noExt(file: string): string {
  return file.replace(/\.(m|c)?(t|j)sx?$/, '');
}

/** `../x` imported from `a/b/c.js` → `a/x`. */
function resolveRelative(from: string, module: string): string {
  const parts = from.split('/').slice(0, -1);
  for (const seg of module.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return noExt(parts.join('/'));
}

function refKeys(ref: ModuleRef): string[] {
  if (!ref.module) return [`${noExt(ref.from)}#${ref.export}`];
  const base = resolveRelative(ref.from, ref.module);
  return [`${base}#${ref.export}`, `${base}/index#${ref.export}`];
}

function parseData<T>(f: ConfigFact): T | undefined {
  try {
    return JSON.parse(String(f.values.data)) as T;
  } catch {
    return undefined;
  }
}

/** After linkRoutes: applies route factories and auth schemes to hapi routes, drops internal facts. */
export function linkFactories(facts: Fact[]): Fact[] {
  const factories = new Map<string, FactoryShape>();
  const impls = new Map<string, SchemeImpl>();
  const infos = new Map<string, RouteInfo>();
  const schemes: { file: string; name: string; impl: ModuleRef }[] = [];
  const strategies = new Map<string, string>();
  let registers = false;
  /** Plugin file (no extension) → the prefix its routes are registered under. */
  const prefixes = new Map<string, string>();
  // `server.route(r)` outside a file importing hapi counts where hapi is a dependency (fastify's is alike).
  let unsure = false;
  const hapiDep = facts.some((f) => f.kind === 'dependency' && (f.name === 'hapi' || f.name === '@hapi/hapi'));
  for (const f of facts) {
    if (f.kind !== 'config' || !INTERNAL.has(f.setting)) continue;
    const file = noExt(f.evidence.file);
    if (f.setting === FACTORY) {
      const s = parseData<FactoryShape>(f);
      for (const e of s?.exports ?? []) factories.set(`${file}#${e}`, s!);
    } else if (f.setting === SCHEME_IMPL) {
      const s = parseData<SchemeImpl>(f);
      for (const e of s?.exports ?? []) impls.set(`${file}#${e}`, s!);
    } else if (f.setting === ROUTE_INFO) {
      const s = parseData<RouteInfo>(f);
      if (s) infos.set(`${f.values.routeFile}:${f.values.routeLine}`, s);
    } else if (f.setting === SCHEME) {
      const s = parseData<{ schemes: { name: string; impl: ModuleRef }[]; strategies: { name: string; scheme: string }[] }>(f);
      for (const x of s?.schemes ?? []) schemes.push({ file: f.evidence.file, ...x });
      for (const x of s?.strategies ?? []) strategies.set(x.name, x.scheme);
    } else if (f.setting === PREFIX) {
      for (const p of parseData<{ module: string; from: string; prefix: string }[]>(f) ?? []) {
        const base = resolveRelative(p.from, p.module);
        for (const k of [base, `${base}/index`]) if (!prefixes.has(k)) prefixes.set(k, p.prefix);
      }
    } else if (f.setting === REGISTERS) {
      if (parseData<{ hapi?: boolean }>(f)?.hapi) registers = true;
      else unsure = true;
    }
  }
  if (unsure && hapiDep) registers = true;
  const hasInternal = infos.size > 0 || factories.size > 0 || impls.size > 0 || schemes.length > 0 || registers || unsure || prefixes.size > 0;
  if (!hasInternal) return facts;
  const implOf = (ref: ModuleRef) => refKeys(ref).map((k) => impls.get(k)).find((x) => x !== undefined);
  const schemeImpls = new Map<string, SchemeImpl>();
  for (const s of schemes) {
    const impl = implOf(s.impl);
    if (impl) schemeImpls.set(s.name, impl);
  }
  /** The implementation behind a strategy name (`jwt` → scheme `jwt` → its authenticate). */
  const strategyImpl = (name: string) => schemeImpls.get(strategies.get(name) ?? name);
  // App keys some scheme enforces: a role or permission list on the route, checked at authentication.
  const enforced = new Set([...schemeImpls.values()].flatMap((s) => s.readsApp));
  const dropped = new Set<string>();
  const out: Fact[] = [];
  for (const f of facts) {
    if (f.kind === 'config' && INTERNAL.has(f.setting)) continue;
    if (f.kind !== 'entrypoint' || f.framework !== 'hapi') {
      out.push(f);
      continue;
    }
    const key = `${f.evidence.file}:${f.evidence.line}`;
    const info = infos.get(key);
    if (!info) {
      // The server's default strategy (`server.auth.default('partner')`) may be a machine credential too.
      const strategy = f.auth === 'user' ? f.middleware.find((m) => m.startsWith('auth: '))?.slice(6) : undefined;
      const impl = strategy ? strategyImpl(strategy) : undefined;
      out.push(impl?.machine && !f.tags?.includes('machine-credential') ? { ...f, tags: [...(f.tags ?? []), 'machine-credential'].sort(), authEvidence: [...(f.authEvidence ?? []), `hapi strategy ${strategy}: ${impl.why ?? 'a stored token, no user'}`] } : f);
      continue;
    }
    if (info.needsHapi && !registers) {
      dropped.add(key);
      continue;
    }
    out.push(applyInfo(f, info, info.wrapper ? refKeys(info.wrapper).map((k) => factories.get(k)).find((x) => x !== undefined) : undefined, strategyImpl, enforced));
  }
  const prefixed = prefixes.size > 0 ? out.map((f) => withPrefix(f, prefixes)) : out;
  if (dropped.size === 0) return prefixed;
  return prefixed.filter((f) => !(f.kind === 'config' && (f.setting === 'record-access' || f.setting === 'handler-site' || f.setting === 'record-listing' || f.setting === 'body-validation') && dropped.has(`${f.values.routeFile}:${f.values.routeLine}`)));
}

/** A route of a plugin registered with `routes: { prefix }` (and its handler facts) under that prefix. */
function withPrefix(f: Fact, prefixes: Map<string, string>): Fact {
  if (f.kind === 'entrypoint' && f.framework === 'hapi' && f.path !== undefined) {
    const prefix = prefixes.get(noExt(f.evidence.file));
    if (!prefix) return f;
    const path = joinPath(prefix, f.path);
    return { ...f, path, key: `${f.evidence.file}#entrypoint:${f.protocol} ${f.method ?? ''} ${path}` };
  }
  if (f.kind === 'config' && typeof f.values.routeFile === 'string' && typeof f.values.routePath === 'string') {
    const prefix = prefixes.get(noExt(f.values.routeFile));
    if (prefix) return { ...f, values: { ...f.values, routePath: joinPath(prefix, f.values.routePath) } };
  }
  return f;
}

function applyInfo(f: EntrypointFact, info: RouteInfo, factory: FactoryShape | undefined, strategyImpl: (name: string) => SchemeImpl | undefined, enforced: Set<string>): EntrypointFact {
  let auth = f.auth;
  const middleware = [...f.middleware];
  const evidence = [...(f.authEvidence ?? [])];
  const tags = [...(f.tags ?? [])];
  let strategy = info.strategy;
  let app = info.app ?? {};
  if (factory && !info.own) {
    const authKey = factory.authKey ?? 'auth';
    const authVal = info.keys[authKey];
    const chosen = factory.strategyKey ? info.keys[factory.strategyKey] : undefined;
    const on = authVal !== undefined ? authVal !== false && authVal !== null && authVal !== 0 : factory.authKey ? Boolean(factory.authDefault) : factory.strategyDefault !== undefined;
    strategy = typeof chosen === 'string' ? chosen : typeof authVal === 'string' ? authVal : factory.strategyDefault;
    if (on && strategy && auth === 'none' && !tags.includes('declared-public')) {
      auth = 'user';
      middleware.unshift(`auth: ${strategy}`);
      evidence.push(`hapi route factory: auth strategy ${strategy}${authVal === undefined ? ' (its default)' : ''}`);
    }
    if (!on) strategy = undefined;
    app = { ...app };
    for (const [k, target] of Object.entries(factory.appKeys)) {
      const v = info.keys[k];
      if (v !== undefined && v !== null) app[target] = String(v);
    }
  }
  const impl = strategy ? strategyImpl(strategy) : undefined;
  if (auth === 'user' || auth === 'admin') {
    // A role or permission list the scheme checks at authentication, naming an admin role.
    const admin = Object.entries(app).find(([k, v]) => enforced.has(k) && adminLikeText(v));
    if (admin && auth === 'user') {
      auth = 'admin';
      middleware.push(`app.${admin[0]} ${admin[1]}`);
      evidence.push(`hapi route app.${admin[0]} ${admin[1]}, checked by the ${strategy ?? 'auth'} scheme`);
    }
    if (impl?.machine && !tags.includes('machine-credential')) {
      tags.push('machine-credential');
      evidence.push(`hapi strategy ${strategy}: ${impl.why ?? 'a stored token, no user'}`);
    }
  }
  return { ...f, auth, middleware, authEvidence: evidence, tags: tags.sort() };
}
