// Per-file pass of the ConnectRPC extractor. It records, for link to join across files:
//   descs         service descriptors: protobuf-es v2 generated code (`@generated from service
//                 pkg.Svc` / `@generated from rpc pkg.Svc.Method`), connect-es v1 objects
//                 (`{ typeName: 'pkg.Svc', methods: { say: { name: 'Say' } } }`) and `.proto` files
//   impls         implementation objects (`const elizaImpl: ServiceImpl<typeof Eliza> = { say() {} }`)
//   interceptors  interceptors judged by body (`(next) => async (req) => { ... throw new
//                 ConnectError('...', Code.Unauthenticated) ... }`) with the services or methods an
//                 early `return next(req)` lets past the check
//   routers       `createConnectRouter({ interceptors }).service(Desc, impl)` chains and `routes`
//                 callbacks (`(router: ConnectRouter) => router.service(Desc, impl)`)
//   adapters      `connectNodeAdapter` / `expressConnectMiddleware` / `fastifyConnectPlugin` /
//                 `nextJsApiRouter` options (routes, interceptors, path prefix)
//   mounts        a route of another framework that dispatches a router's `handlers`
//                 (`app.all('/rpc/*', (c) => routes.handlers.find(...))`): its path is the prefix
import { parseProto } from '../../api/proto/proto.js';
import { calleeName, calleeProperty, isFunctionLike, memberPath, nodesUnder, objectProp, paramNames, propertyKey, someNode, stringValue, unwrap, unwrapAwait, type AstNode, type CallLike, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { summarizeHandler } from '../_lib/routes-handler.js';
import { readReexports } from '../_lib/workspace-modules.js';

export type Ref = { local: string } | { module: string; export: string };

export interface DescMethod {
  /** Name in the proto (`CreateUser`): the URL segment. */
  name: string;
  /** Property name in the implementation (`createUser`). */
  local: string;
  /** `option idempotency_level = NO_SIDE_EFFECTS`: Connect also answers it over GET. */
  get?: boolean;
}

export interface DescRecord {
  typeName: string;
  methods: DescMethod[];
  /** Read from a `.proto` file, not from the code generated from it. */
  proto?: boolean;
}

export interface ImplMethod {
  local: string;
  line: number;
  tags: string[];
}

export interface GuardRecord {
  level: 'user' | 'admin' | 'none';
  why: string;
  line: number;
  /** Service type names (`pkg.HealthService`) and method names an early `return next(req)` lets through. */
  exemptServices: string[];
  exemptMethods: string[];
  /** An early way out we cannot read: the check guards only some calls. */
  bypass?: string;
}

export interface InterceptorUse {
  name: string;
  ref?: Ref;
  guard?: GuardRecord;
}

export interface ServiceUse {
  desc: Ref;
  descName: string;
  impl?: Ref;
  inline?: ImplMethod[];
  /** `router.rpc(Desc.method.say, fn)`: only this method. */
  only?: string;
  line: number;
  snippet: string;
}

export interface RouterRecord {
  interceptors: InterceptorUse[];
  services: ServiceUse[];
  line: number;
}

export interface AdapterRecord {
  routes?: Ref;
  interceptors: InterceptorUse[];
  prefix?: string;
  line: number;
}

export interface MountRecord {
  router: Ref;
  prefix: string;
  /** The literal path of the dispatching route (`/rpc/*`), whose own entry point link replaces. */
  path: string;
  line: number;
}

export interface ConnectFileRecord {
  descs: Record<string, DescRecord>;
  impls: Record<string, ImplMethod[]>;
  interceptors: Record<string, GuardRecord>;
  routers: Record<string, RouterRecord>;
  adapters: AdapterRecord[];
  mounts: MountRecord[];
  exports: Record<string, string>;
  reexports: { name: string; module: string; export: string }[];
  star: string[];
}

/** Modules of Connect for ES (and its former `@bufbuild/connect*` names). */
export const CONNECT_MODULE = /^@(?:connectrpc|bufbuild)\/connect(?:-[\w-]+)?(?:\/|$)/;
const ADAPTERS = /^(connectNodeAdapter|expressConnectMiddleware|fastifyConnectPlugin|nextJsApiRouter|createConnectRouter)$/;
/** Codes a Connect server refuses a caller with for who it is. */
const AUTH_CODE = /\bCode\s*\.\s*(Unauthenticated|PermissionDenied)\b|['"`](?:unauthenticated|permission_denied)['"`]|\b(?:16|7)\s*\)\s*;?\s*$/;
const ADMIN = /\b(?:is_?admin|isSuperuser|superuser|isStaff)\b|\.admin\b|\badmin(?:Only|istrator)?\b|\brole[s]?\b[^;]*?\b(?:admin\w*|ADMIN\w*|Admin\w*|super\w*|owner|OWNER)\b/i;

/** `CreateHTTPMonitor` → `createHTTPMonitor`, `get_user` → `getUser` (protobuf-es local names). */
export function localName(method: string): string {
  const camel = method.replace(/_([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
  return camel.charAt(0).toLowerCase() + camel.slice(1);
}

/** `createUser` → `CreateUser`: the proto name when no descriptor is seen. */
export function protoName(local: string): string {
  return local.charAt(0).toUpperCase() + local.slice(1);
}

export function emptyRecord(): ConnectFileRecord {
  return { descs: {}, impls: {}, interceptors: {}, routers: {}, adapters: [], mounts: [], exports: {}, reexports: [], star: [] };
}

/** `.proto` services: descriptors by short name (the generated code's export name). */
export function scanProtoFile(content: string): ConnectFileRecord | undefined {
  const proto = parseProto(content);
  if (proto.services.length === 0) return undefined;
  const rec = emptyRecord();
  for (const s of proto.services) {
    const typeName = proto.package ? `${proto.package}.${s.name}` : s.name;
    rec.descs[s.name] = { typeName, methods: s.rpcs.map((r) => ({ name: r.name, local: localName(r.name), ...(sideEffectFree(content, r.name) ? { get: true } : {}) })), proto: true };
    rec.exports[s.name] = s.name;
  }
  return rec;
}

/** The rpc's declaration up to the next one declares `option idempotency_level = NO_SIDE_EFFECTS`. */
function sideEffectFree(content: string, rpc: string): boolean {
  const start = new RegExp(`\\brpc\\s+${rpc}\\s*\\(`).exec(content);
  if (!start) return false;
  const rest = content.slice(start.index + start[0].length);
  const next = /\brpc\s+\w+\s*\(|\n\s*service\s+\w+/.exec(rest);
  return /idempotency_level\s*=\s*NO_SIDE_EFFECTS/.test(next ? rest.slice(0, next.index) : rest);
}

/** protobuf-es v2 generated code: the `@generated from service` doc comments name every service and rpc. */
function generatedDescs(content: string, rec: ConnectFileRecord): void {
  const re = /@generated from service ([\w.]+)[\s\S]*?export const (\w+)\s*:/g;
  for (let m = re.exec(content); m; m = re.exec(content)) {
    const typeName = m[1];
    const methods: DescMethod[] = [];
    const rpc = new RegExp(`@generated from rpc ${typeName.replace(/\./g, '\\.')}\\.(\\w+)`, 'g');
    for (let r = rpc.exec(content); r; r = rpc.exec(content)) methods.push({ name: r[1], local: localName(r[1]) });
    rec.descs[m[2]] = { typeName, methods };
  }
}

/** connect-es v1 `{ typeName: 'pkg.Svc', methods: { say: { name: 'Say', ... } } }`. */
function objectDesc(obj: AstNode, index: JsIndex): DescRecord | undefined {
  const typeName = stringValue(objectProp(obj, 'typeName'));
  const methods = unwrap(objectProp(obj, 'methods'));
  if (!typeName || !methods || methods.type !== 'ObjectExpression') return undefined;
  const out: DescMethod[] = [];
  for (const p of methods.properties) {
    const local = propertyKey(p as AstNode);
    const name = p.type === 'Property' ? stringValue(objectProp(p.value as AstNode, 'name'), index) : undefined;
    if (local) out.push({ name: name ?? protoName(local), local });
  }
  return { typeName, methods: out };
}

/** The function a Connect interceptor runs per request: `(next) => async (req) => {...}`, through a factory. */
function requestFunction(fn: FunctionLike): FunctionLike | undefined {
  let cur: FunctionLike | undefined = fn;
  for (let depth = 0; cur && depth < 4; depth++) {
    const body: AstNode | null = unwrap(cur.body as AstNode | null);
    let inner: AstNode | null | undefined;
    if (body && body.type !== 'BlockStatement') inner = unwrap(body);
    else if (body) {
      const ret: AstNode | undefined = (body.body as AstNode[]).find((s) => s.type === 'ReturnStatement');
      inner = ret && ret.type === 'ReturnStatement' ? unwrap(ret.argument as AstNode | null) : undefined;
    }
    if (!inner || !isFunctionLike(inner)) return depth > 0 ? cur : undefined;
    cur = inner;
  }
  return cur;
}

function statements(node: AstNode | null | undefined): AstNode[] {
  if (!node) return [];
  return node.type === 'BlockStatement' ? (node.body as AstNode[]) : [node];
}

/** `return next(req)` / `return await next(req)`: the branch lets the call through. */
function passesOn(branch: AstNode, nextName: string | undefined): boolean {
  return statements(branch).some((s) => {
    if (s.type !== 'ReturnStatement') return false;
    const arg = unwrapAwait(s.argument as AstNode | null);
    return arg?.type === 'CallExpression' && (calleeName(arg) === nextName || calleeName(arg) === 'next');
  });
}

/** The branch refuses the caller as unauthenticated or not permitted. */
function refusesCaller(branch: AstNode, index: JsIndex): boolean {
  return statements(branch).some((s) => s.type === 'ThrowStatement' && AUTH_CODE.test(index.text(s)));
}

/** Literal strings a test compares a request field with, directly or through a local list (`PUBLIC.has(req.method.name)`). */
function literalsOf(node: AstNode, index: JsIndex, out: string[]): void {
  const n = unwrap(node);
  const s = stringValue(n, index);
  if (s !== undefined) {
    out.push(s);
    return;
  }
  if (n.type === 'Identifier') {
    const init = index.constInit(n.name);
    if (init) literalsOf(init, index, out);
    return;
  }
  if (n.type === 'ArrayExpression') for (const e of n.elements) if (e) literalsOf(e as AstNode, index, out);
  if (n.type === 'NewExpression' && n.arguments[0]) literalsOf(n.arguments[0] as AstNode, index, out);
}

/**
 * What an early `if (test) return next(req)` exempts: service type names (`req.service.typeName ===
 * 'pkg.Health'`), method names (`PUBLIC.includes(req.method.name)`, `req.url.endsWith('/Svc/Login')`);
 * undefined when the test reads anything else.
 */
function exemption(test: AstNode, reqName: string, index: JsIndex): { services: string[]; methods: string[] } | undefined {
  const services: string[] = [];
  const methods: string[] = [];
  const field = (n: AstNode): 'service' | 'method' | 'url' | undefined => {
    const path = memberPath(unwrap(n));
    if (!path || path[0] !== reqName) return undefined;
    const rest = path.slice(1).join('.');
    if (/^service\.(typeName|name)$/.test(rest)) return 'service';
    if (/^method\.(name|localName)$/.test(rest)) return 'method';
    if (rest === 'url' || rest === 'requestPath') return 'url';
    return undefined;
  };
  const add = (kind: 'service' | 'method' | 'url', values: string[]) => {
    for (const v of values) {
      if (kind === 'service') services.push(v);
      else if (kind === 'method') methods.push(v);
      else {
        const m = /\/?([\w.]+)\/(\w+)$/.exec(v);
        if (m) methods.push(`${m[1]}/${m[2]}`);
        else methods.push(v.replace(/^\//, ''));
      }
    }
  };
  const readOne = (t: AstNode): boolean => {
    const n = unwrap(t);
    if (n.type === 'LogicalExpression' && n.operator === '||') return readOne(n.left as AstNode) && readOne(n.right as AstNode);
    if (n.type === 'BinaryExpression' && (n.operator === '===' || n.operator === '==')) {
      for (const [a, b] of [[n.left, n.right], [n.right, n.left]] as AstNode[][]) {
        const kind = field(a);
        if (!kind) continue;
        const vals: string[] = [];
        literalsOf(b, index, vals);
        if (vals.length === 0) return false;
        add(kind, vals);
        return true;
      }
      return false;
    }
    if (n.type === 'CallExpression') {
      const prop = calleeProperty(n);
      const arg = n.arguments[0] as AstNode | undefined;
      const callee = unwrap(n.callee as AstNode);
      const obj = callee.type === 'MemberExpression' ? (callee.object as AstNode) : undefined;
      if (!arg || !obj) return false;
      // `LIST.includes(req.method.name)`, `SET.has(req.service.typeName)`
      const kind = field(arg);
      if (kind && (prop === 'includes' || prop === 'has')) {
        const vals: string[] = [];
        literalsOf(obj, index, vals);
        if (vals.length === 0) return false;
        add(kind, vals);
        return true;
      }
      // `req.url.endsWith('/pkg.Svc/Login')`, `req.method.name.startsWith(...)` is not a list: unread.
      const own = field(obj);
      if (own && prop === 'endsWith') {
        const vals: string[] = [];
        literalsOf(arg, index, vals);
        if (vals.length === 0) return false;
        add(own, vals);
        return true;
      }
    }
    return false;
  };
  return readOne(test) ? { services, methods } : undefined;
}

/** Judges an interceptor: an auth check every call meets, minus the calls an early `return next(req)` exempts. */
export function judgeInterceptor(fn: FunctionLike, index: JsIndex): GuardRecord | undefined {
  const perRequest = requestFunction(fn);
  if (!perRequest) return undefined;
  const reqName = paramNames(perRequest)[0] ?? 'req';
  const outer = perRequest === fn ? undefined : paramNames(fn).length > 0 ? paramNames(fn)[0] : undefined;
  let nextName = outer;
  // `(next) => async (req) => ...`: the parameter of the function that returns the per-request one.
  for (const f of nodesUnder(fn as AstNode, 'ArrowFunctionExpression')) {
    if (unwrap(f.body as AstNode) === (perRequest as AstNode) && f.params[0]?.type === 'Identifier') nextName = f.params[0].name;
  }
  const body = unwrap(perRequest.body as AstNode | null);
  if (!body || body.type !== 'BlockStatement') return undefined;
  const top: AstNode[] = [];
  for (const stmt of body.body as AstNode[]) {
    if (stmt.type === 'TryStatement') top.push(...((stmt.block as AstNode & { body: AstNode[] }).body ?? []));
    else top.push(stmt);
  }
  const g: GuardRecord = { level: 'none', why: '', line: index.line(fn as AstNode), exemptServices: [], exemptMethods: [] };
  for (const stmt of top) {
    if (stmt.type === 'ReturnStatement') break;
    if (stmt.type !== 'IfStatement') continue;
    const test = stmt.test as AstNode;
    const cons = stmt.consequent as AstNode;
    if (refusesCaller(cons, index)) {
      const text = index.text(test).replace(/\s+/g, ' ').slice(0, 80);
      if (g.level === 'none') g.why = `${text} → ConnectError ${/PermissionDenied|permission_denied/.test(index.text(cons)) ? 'PermissionDenied' : 'Unauthenticated'}`;
      g.level = ADMIN.test(index.text(test)) || g.level === 'admin' ? 'admin' : 'user';
      continue;
    }
    if (g.level === 'none' && passesOn(cons, nextName)) {
      const ex = exemption(test, reqName, index);
      if (ex) {
        g.exemptServices.push(...ex.services);
        g.exemptMethods.push(...ex.methods);
      } else {
        g.bypass = index.text(test).replace(/\s+/g, ' ').slice(0, 80);
        break;
      }
    }
  }
  if (g.level === 'none') return someNode(body, (n) => n.type === 'ThrowStatement' && AUTH_CODE.test(index.text(n))) ? { ...g, bypass: g.bypass ?? 'checks credentials only on some calls' } : g;
  return g;
}

/** `{ say(req) {...}, async listUsers(req, ctx) {...} }`: the methods of an implementation object. */
function implMethods(obj: AstNode, index: JsIndex): ImplMethod[] | undefined {
  const o = unwrap(obj);
  if (o.type !== 'ObjectExpression') return undefined;
  const out: ImplMethod[] = [];
  for (const p of o.properties) {
    if (p.type !== 'Property') continue;
    const key = propertyKey(p as AstNode);
    const v = unwrap(p.value as AstNode);
    if (!key) continue;
    const fn = isFunctionLike(v) ? v : v.type === 'Identifier' ? index.functionByName(v.name) : undefined;
    out.push({ local: key, line: index.line((fn ?? p) as AstNode), tags: fn ? summarizeHandler(fn, index).tags.filter((t) => t === 'no-state-change' || t === 'writes-storage' || t === 'upload') : [] });
  }
  return out;
}

export function scanConnect(index: JsIndex): ConnectFileRecord | undefined {
  const rec = emptyRecord();
  generatedDescs(index.content, rec);
  const connectFile = [...index.modules].some((m) => CONNECT_MODULE.test(m));
  const ref = (name: string): Ref => {
    const b = index.bindings.get(name);
    return b ? { module: b.module, export: b.imported === '*' ? 'default' : b.imported } : { local: name };
  };
  const declared = new Map<AstNode, string>();
  for (const d of index.nodesOf('VariableDeclarator')) {
    if (d.id.type !== 'Identifier' || !d.init) continue;
    const init = unwrap(d.init as AstNode);
    declared.set(init, d.id.name);
    if (init.type === 'ObjectExpression') {
      const desc = objectDesc(init, index);
      if (desc) rec.descs[d.id.name] = desc;
      // `const impl: ServiceImpl<typeof Svc> = {...}` or any object later handed to `.service()`.
      else if (connectFile || /ServiceImpl|Partial</.test(index.text(d.id as AstNode))) {
        const methods = implMethods(init, index);
        if (methods && methods.length > 0) rec.impls[d.id.name] = methods;
      }
    }
  }

  const interceptorUses = (arr: AstNode | undefined): InterceptorUse[] => {
    const a = unwrap(arr);
    if (!a) return [];
    const elements = a.type === 'ArrayExpression' ? a.elements : a.type === 'Identifier' && index.constInit(a.name)?.type === 'ArrayExpression' ? (unwrap(index.constInit(a.name)) as AstNode & { elements: AstNode[] }).elements : [];
    const out: InterceptorUse[] = [];
    for (const el of elements) {
      if (!el || el.type === 'SpreadElement') continue;
      let n = unwrap(el as AstNode);
      // `authInterceptor()` / `authInterceptor({ publicMethods })`: the factory.
      if (n.type === 'CallExpression') n = unwrap(n.callee as AstNode);
      if (isFunctionLike(n)) {
        out.push({ name: '<inline interceptor>', guard: judgeInterceptor(n, index) });
        continue;
      }
      if (n.type !== 'Identifier') continue;
      const local = index.functionByName(n.name);
      if (local) out.push({ name: n.name, guard: judgeInterceptor(local, index) });
      else out.push({ name: n.name, ref: ref(n.name) });
    }
    return out;
  };

  const serviceUse = (call: CallLike): ServiceUse | undefined => {
    const prop = calleeProperty(call);
    const a0 = unwrap(call.arguments[0] as AstNode | undefined);
    const a1 = unwrap(call.arguments[1] as AstNode | undefined);
    if (!a0) return undefined;
    // The `.service(Desc, impl)` line itself, not the start of the chain it ends.
    const callee = unwrap(call.callee as AstNode);
    const at = callee.type === 'MemberExpression' ? (callee.property as AstNode) : (call as AstNode);
    const evidence = index.evidence(at, index.lineText(index.line(at)).trim().slice(0, 200));
    if (prop === 'service' && a0.type === 'Identifier' && a1) {
      const use: ServiceUse = { desc: ref(a0.name), descName: a0.name, line: evidence.line, snippet: evidence.snippet ?? '' };
      if (a1.type === 'Identifier') use.impl = ref(a1.name);
      else {
        const inline = implMethods(a1, index);
        if (inline) use.inline = inline;
      }
      return use;
    }
    if (prop === 'rpc') {
      // v2 `router.rpc(Svc.method.say, fn)`; v1 `router.rpc(Svc, Svc.methods.say, fn)`.
      const m = memberPath(a0.type === 'Identifier' ? a1 : a0);
      const fnArg = unwrap(call.arguments[a0.type === 'Identifier' ? 2 : 1] as AstNode | undefined);
      if (!m || m.length !== 3 || !/^methods?$/.test(m[1])) return undefined;
      const fn = fnArg && isFunctionLike(fnArg) ? fnArg : fnArg?.type === 'Identifier' ? index.functionByName(fnArg.name) : undefined;
      return { desc: ref(m[0]), descName: m[0], only: m[2], inline: [{ local: m[2], line: index.line((fn ?? call) as AstNode), tags: [] }], line: evidence.line, snippet: evidence.snippet ?? '' };
    }
    return undefined;
  };

  if (connectFile) {
    for (const call of index.nodesOf('CallExpression')) {
      const prop = calleeProperty(call);
      if (prop !== 'service' && prop !== 'rpc') continue;
      const use = serviceUse(call);
      if (!use) continue;
      // Down the chain to its root: a `createConnectRouter(...)` call, or the router a routes callback is given.
      let root: AstNode = call;
      while (root.type === 'CallExpression' && (calleeProperty(root) === 'service' || calleeProperty(root) === 'rpc')) {
        const callee: AstNode = unwrap(root.callee as AstNode);
        if (callee.type !== 'MemberExpression') break;
        root = unwrap(callee.object as AstNode);
      }
      let id: string | undefined;
      let interceptors: InterceptorUse[] = [];
      if (root.type === 'CallExpression' && /(^|\.)createConnectRouter$/.test(calleeName(root) ?? '')) {
        interceptors = interceptorUses(objectProp(root.arguments[0] as AstNode | undefined, 'interceptors'));
        // The const the whole chain is assigned to.
        id = declared.get(chainTop(call as AstNode, index)) ?? `<router@${root.start}>`;
      } else if (root.type === 'Identifier') {
        const init = index.initAt(root.name, root);
        const u = init ? unwrap(init) : undefined;
        if (u && u.type === 'CallExpression' && /(^|\.)createConnectRouter$/.test(calleeName(u) ?? '')) {
          id = root.name;
          interceptors = interceptorUses(objectProp(u.arguments[0] as AstNode | undefined, 'interceptors'));
        } else {
          const fn = index.enclosingFunction(call as AstNode);
          if (fn && paramNames(fn)[0] === root.name) id = routesName(fn, index, declared);
        }
      }
      if (!id) continue;
      const r = (rec.routers[id] ??= { interceptors, services: [], line: index.line(root) });
      r.services.push(use);
    }
    for (const call of index.nodesOf('CallExpression')) {
      const name = calleeName(call) ?? '';
      const prop = calleeProperty(call);
      // `server.register(fastifyConnectPlugin, { routes, interceptors, prefix })`
      const registered = prop === 'register' && unwrap(call.arguments[0] as AstNode | undefined)?.type === 'Identifier' && /^fastifyConnectPlugin$/.test((unwrap(call.arguments[0] as AstNode) as AstNode & { name: string }).name);
      const adapterName = name.split('.').pop() ?? '';
      if (!registered && (!ADAPTERS.test(adapterName) || adapterName === 'createConnectRouter')) continue;
      const opts = unwrap(call.arguments[registered ? 1 : 0] as AstNode | undefined);
      if (!opts || opts.type !== 'ObjectExpression') continue;
      const routes = unwrap(objectProp(opts, 'routes'));
      const a: AdapterRecord = { interceptors: interceptorUses(objectProp(opts, 'interceptors')), line: index.line(call as AstNode) };
      if (routes?.type === 'Identifier') a.routes = ref(routes.name);
      else if (routes && isFunctionLike(routes)) a.routes = { local: routesName(routes, index, declared) };
      const prefix = stringValue(objectProp(opts, 'requestPathPrefix') ?? objectProp(opts, 'prefix'), index);
      // `app.use('/rpc', expressConnectMiddleware({ routes }))`
      const parent = index.parent(call as AstNode);
      const mountedAt = parent?.type === 'CallExpression' && calleeProperty(parent) === 'use' ? stringValue(parent.arguments[0] as AstNode, index) : undefined;
      const joined = [mountedAt, prefix].filter((p): p is string => !!p && p !== '/').join('');
      if (joined) a.prefix = joined;
      else if (adapterName === 'nextJsApiRouter') a.prefix = '/api';
      rec.adapters.push(a);
    }
  }
  // Interceptors defined here: `export function authInterceptor(): Interceptor { return (next) => async (req) => ... }`.
  for (const fn of [...index.nodesOf('FunctionDeclaration'), ...index.nodesOf('ArrowFunctionExpression'), ...index.nodesOf('FunctionExpression')]) {
    const name = fn.type === 'FunctionDeclaration' ? fn.id?.name : declared.get(fn as AstNode);
    if (!name || rec.interceptors[name]) continue;
    if (!connectFile && !/Interceptor\b/.test(index.text(fn as AstNode).slice(0, 300)) && !/nterceptor/.test(name)) continue;
    const g = judgeInterceptor(fn as FunctionLike, index);
    if (g) rec.interceptors[name] = g;
  }
  // A route of another framework that hands requests to a router's handlers: `routes.handlers.find(...)`.
  for (const call of index.nodesOf('CallExpression')) {
    const prop = calleeProperty(call);
    if (!prop || !/^(all|post|use|on|route|mount)$/.test(prop)) continue;
    const path = stringValue(call.arguments[0] as AstNode | undefined, index);
    if (!path || !path.startsWith('/')) continue;
    for (const arg of call.arguments.slice(1)) {
      const fn = unwrap(arg as AstNode);
      if (!isFunctionLike(fn)) continue;
      const handlers = nodesUnder(fn as AstNode, 'MemberExpression').find((m) => !m.computed && m.property.type === 'Identifier' && m.property.name === 'handlers' && m.object.type === 'Identifier' && (index.bindings.has(m.object.name) || rec.routers[m.object.name] !== undefined));
      if (!handlers || handlers.object.type !== 'Identifier') continue;
      const prefix = path.replace(/\/\*+$|\/:[\w]+\*?$|\*$/, '');
      rec.mounts.push({ router: ref(handlers.object.name), prefix: prefix === '/' ? '' : prefix, path, line: index.line(call as AstNode) });
    }
  }
  for (const [exported, value] of index.exports) {
    const v = unwrap(value);
    const local = v.type === 'Identifier' ? v.name : (v.type === 'FunctionDeclaration' || v.type === 'FunctionExpression') && v.id ? v.id.name : declared.get(v) ?? (isFunctionLike(v) ? routesName(v, index, declared) : undefined);
    if (local) rec.exports[exported] = local;
  }
  readReexports(index, rec);
  const some = Object.keys(rec.descs).length + Object.keys(rec.impls).length + Object.keys(rec.interceptors).length + Object.keys(rec.routers).length + rec.adapters.length + rec.mounts.length > 0;
  if (!some && rec.reexports.length === 0 && rec.star.length === 0) return undefined;
  // A barrel (`export * from './service_pb'`) is kept only when it may lead to something of ours.
  if (!some && !/Service|nterceptor|[rR]outes|_pb\b|_connect\b/.test(index.content)) return undefined;
  return rec;
}

/** A routes callback's name: its declaration, the const it is assigned to, else its position. */
function routesName(fn: FunctionLike, index: JsIndex, declared: Map<AstNode, string>): string {
  if (fn.type === 'FunctionDeclaration' && fn.id) return fn.id.name;
  return declared.get(fn as AstNode) ?? `<routes@${(fn as AstNode).start}>`;
}

/** The outermost call of a `.service(...).service(...)` chain a call is part of. */
function chainTop(call: AstNode, index: JsIndex): AstNode {
  let top = call;
  for (let p = index.parent(top); p; p = index.parent(top)) {
    const gp = p.type === 'MemberExpression' && unwrap(p.object as AstNode) === top ? index.parent(p) : undefined;
    if (gp?.type === 'CallExpression' && unwrap(gp.callee as AstNode) === p) top = gp;
    else if (p.type === 'TSAsExpression' || p.type === 'TSSatisfiesExpression' || p.type === 'ParenthesizedExpression') top = p;
    else break;
  }
  return unwrap(top);
}
