// Per-file pass of the tRPC extractor. It records, for link to join across files:
//   builders     `export const authedProcedure = t.procedure.use(isAuthed)` (base + middleware verdicts)
//   middlewares  `export const isAuthed = t.middleware(({ ctx, next }) => ...)` judged by body
//   procedures   `export const getX = authedProcedure.input(z).query(({ ctx }) => ...)`
//   routers      `router({ a: aRouter, b: { c: proc } })`, `mergeRouters(a, b)`, with their keys
//   metas        `{ openapi: { method: 'GET', path: '/x/{id}' } }` objects (trpc-to-openapi)
//   adapters     where a router is served: `trpcServer({ router, endpoint })`, fetch/express/next
//                adapters, `generateOpenApiDocument(router, { baseUrl })`
// Names are file-local; imports stay `{ module, export }` refs until link.
import {
  calleeName,
  calleeObject,
  calleeProperty,
  isFunctionLike,
  memberPath,
  nodesUnder,
  objectProp,
  paramNames,
  propertyKey,
  resolveObject,
  stringValue,
  topLevelReturn,
  unwrap,
  unwrapAwait,
  type AstNode,
  type CallLike,
  type FunctionLike,
  type JsIndex,
} from '../_lib/ast.js';
import { authLikeName } from '../_lib/routes.js';
import { bootstrapGate, setupStepGate } from '../_lib/bootstrap-gate.js';
import { judgeBody, type Verdict } from '../_lib/early-guards.js';
import { rejects } from '../_lib/routes-guard-signals.js';
import { readReexports } from '../_lib/workspace-modules.js';
import { procedureWebhookInput, type WebhookInput } from '../_lib/webhook-input.js';

export type Ref = { local: string } | { module: string; export: string };

export interface MwUse {
  name: string;
  verdict?: Verdict;
  ref?: Ref;
  /** Inline middleware of a builder factory whose refusal tests a parameter of the factory (`includes(permission)`): the call site's arguments decide. */
  byArgs?: boolean;
}

export interface OpenApi {
  method: string;
  path: string;
}

export interface ProcRecord {
  type: 'query' | 'mutation' | 'subscription';
  /** The builder the chain starts from; absent when it starts at `t.procedure` itself. */
  base?: Ref;
  baseName: string;
  /** Arguments of the builder factory call the chain starts from (`requiresPermission('admin')` → `'admin'`). */
  baseArgs?: string;
  mw: MwUse[];
  inline?: Verdict;
  /** What the resolver could have verified of a webhook's sender (`_lib/webhook-input.ts`). */
  webhook?: WebhookInput;
  meta?: OpenApi | { ref: Ref };
  line: number;
  snippet: string;
  handlerLine: number;
}

export interface Entry {
  key: string;
  proc?: ProcRecord;
  ref?: Ref;
  router?: Entry[];
}

export interface BuilderRecord {
  base?: Ref;
  baseName: string;
  baseArgs?: string;
  mw: MwUse[];
}

export interface AdapterRecord {
  router: Ref;
  /** Path the adapter serves procedures under (`/api/trpc`); absent: not known. */
  endpoint?: string;
  openapi?: boolean;
  line: number;
}

export interface TrpcFileRecord {
  builders: Record<string, BuilderRecord>;
  middlewares: Record<string, Verdict>;
  procedures: Record<string, ProcRecord>;
  routers: Record<string, { entries: Entry[]; merge: Ref[]; line: number }>;
  metas: Record<string, OpenApi>;
  adapters: AdapterRecord[];
  /** Export name → local name. */
  exports: Record<string, string>;
  reexports: { name: string; module: string; export: string }[];
  star: string[];
}

const LEAVES = new Set(['query', 'mutation', 'subscription']);
/** Builder methods that keep a procedure a procedure. */
const PASS = new Set(['input', 'output', 'concat', 'unstable_concat', 'experimental_caller']);
/** Router factories by name: tRPC's `t.router` and the names apps export it under. */
const ROUTER_FACTORY = /^(router|createTRPCRouter|createTrpcRouter|createRouter|trpcRouter|mergeRouters|t\.router|t\.mergeRouters)$|\.(router|mergeRouters)$/;
/** Other libraries' router factories that take an object. */
const OTHER_ROUTERS = /^(express|koa|@koa|koa-router|hono|fastify|@hapi|react-router|react-router-dom|vue-router|@tanstack|next|@ts-rest|@orpc)/;
const MIDDLEWARE_FACTORY = /(^|\.)(middleware|createMiddleware|unstable_middleware)$/;
/** Adapters that serve a router over HTTP, by the name of the function called. */
const TRPC_ADAPTERS = /^(trpcServer|fetchRequestHandler|createExpressMiddleware|createNextApiHandler|createHTTPServer|createHTTPHandler|awsLambdaRequestHandler|createAWSLambdaHandler|createNextAppDirHandler|nodeHTTPRequestHandler)$/;
const OPENAPI_ADAPTERS = /^create\w*OpenApi\w*(Handler|Middleware|Plugin)$|^createOpenApi\w*$/;

/**
 * `lazy(() => import('./user').then((m) => m.userRouter))` (or `import('./user')` alone, whose
 * default export tRPC then uses): the module and export a lazily loaded sub-router comes from.
 */
function lazyRouter(n: AstNode): Ref | undefined {
  if (n.type !== 'CallExpression' || calleeName(n) !== 'lazy') return undefined;
  const loader = unwrap(n.arguments[0] as AstNode | undefined);
  if (!loader || !isFunctionLike(loader)) return undefined;
  let body: AstNode | null | undefined = unwrap(loader.body as AstNode | null);
  if (body && body.type === 'BlockStatement') body = topLevelReturn(loader as FunctionLike);
  body = unwrap(body);
  if (body && body.type === 'AwaitExpression') body = unwrap(body.argument as AstNode);
  let picked = 'default';
  // `.then((m) => m.userRouter)`
  if (body && body.type === 'CallExpression' && calleeProperty(body) === 'then') {
    const pick = unwrap(body.arguments[0] as AstNode | undefined);
    const param = pick && isFunctionLike(pick) ? unwrap(pick.params[0] as AstNode | undefined) : undefined;
    const out = pick && isFunctionLike(pick) ? unwrap(pick.body as AstNode | null) : undefined;
    const path = out ? memberPath(out) : undefined;
    if (!param || param.type !== 'Identifier' || !path || path.length !== 2 || path[0] !== param.name) return undefined;
    picked = path[1];
    body = unwrap(calleeObject(body));
  }
  // `(await import('./widgets')).widgetRouter` in an async loader.
  if (body && body.type === 'MemberExpression' && !body.computed && body.property.type === 'Identifier') {
    const inner = unwrap(body.object as AstNode);
    const awaited = inner.type === 'AwaitExpression' ? unwrap(inner.argument as AstNode) : undefined;
    if (awaited?.type === 'ImportExpression') {
      picked = body.property.name;
      body = awaited;
    }
  }
  if (!body || body.type !== 'ImportExpression') return undefined;
  const spec = typeof (body.source as { value?: unknown }).value === 'string' ? String((body.source as { value: string }).value) : undefined;
  return spec ? { module: spec, export: picked } : undefined;
}

export function scanTrpc(index: JsIndex): TrpcFileRecord | undefined {
  const rec: TrpcFileRecord = { builders: {}, middlewares: {}, procedures: {}, routers: {}, metas: {}, adapters: [], exports: {}, reexports: [], star: [] };
  const tNames = new Set<string>();
  const declared = new Map<AstNode, string>();
  const factories = new Set<string>();
  for (const d of index.nodesOf('VariableDeclarator')) {
    if (d.id.type !== 'Identifier' || !d.init) continue;
    declared.set(unwrap(d.init as AstNode), d.id.name);
    if (initTrpc(d.init as AstNode, index)) tNames.add(d.id.name);
  }
  const ref = (name: string): Ref => {
    // `roles.requiresPermission`: a factory method of an object, imported under the object's name.
    const dot = name.indexOf('.');
    const head = dot < 0 ? name : name.slice(0, dot);
    const b = index.bindings.get(head);
    if (b && dot >= 0) return { module: b.module, export: `${b.imported === '*' ? 'default' : b.imported}${name.slice(dot)}` };
    return b ? { module: b.module, export: b.imported === '*' ? 'default' : b.imported } : { local: name };
  };
  const nodeRef = (node: AstNode): Ref | undefined => {
    const n = unwrap(node);
    if (n.type === 'Identifier') return ref(n.name);
    // tRPC v11 `lazy(() => import('./user').then((m) => m.userRouter))`: a router loaded on first call.
    const lazy = lazyRouter(n);
    if (lazy) return lazy;
    const path = memberPath(n);
    // `routers.user` of `import * as routers from './routers'`.
    const b = path && path.length === 2 ? index.bindings.get(path[0]) : undefined;
    return b && b.imported === '*' ? { module: b.module, export: path![1] } : undefined;
  };

  // Middlewares first: builders and procedures name them.
  for (const [node, name] of declared) {
    const fn = middlewareFn(node, index) ?? plainMiddleware(node);
    if (fn) rec.middlewares[name] = judgeMiddleware(fn, index);
  }
  for (const fn of index.nodesOf('FunctionDeclaration')) if (fn.id && plainMiddleware(fn as AstNode)) rec.middlewares[fn.id.name] ??= judgeMiddleware(fn as FunctionLike, index);
  const mwUse = (arg: AstNode | undefined): MwUse | undefined => {
    const n = unwrap(arg);
    if (!n) return undefined;
    if (isFunctionLike(n)) return { name: '<inline middleware>', verdict: judgeMiddleware(n, index) };
    const inner = middlewareFn(n, index);
    if (inner) return { name: '<inline middleware>', verdict: judgeMiddleware(inner, index) };
    const text = index.text(n).slice(0, 60);
    if (n.type === 'Identifier') {
      const local = rec.middlewares[n.name];
      if (local) return { name: n.name, verdict: local };
      const fn = index.functionByName(n.name);
      if (fn) return { name: n.name, verdict: judgeMiddleware(fn, index) };
      if (index.bindings.has(n.name)) return { name: n.name, ref: ref(n.name) };
    }
    return { name: text, verdict: authLikeName(text) ? { level: 'unknown', why: text } : { level: 'none', why: '' } };
  };
  const procOf = (node: AstNode): ProcRecord | undefined => {
    const chain = parseChain(node, tNames, factories, (x) => index.text(x));
    if (!chain || !chain.leaf) return undefined;
    const mw = chain.uses.map(mwUse).filter((m): m is MwUse => !!m);
    const resolver = unwrap(chain.resolver);
    const fn = resolver && isFunctionLike(resolver) ? resolver : resolver && resolver.type === 'Identifier' ? index.functionByName(resolver.name) : undefined;
    const p: ProcRecord = { type: chain.leaf.type, baseName: chain.baseName, mw, line: index.line(chain.leaf.call), snippet: index.evidence(chain.leaf.call).snippet ?? '', handlerLine: fn ? index.line(fn) : index.line(chain.leaf.call) };
    if (chain.base) p.base = ref(chain.base);
    if (chain.baseArgs) p.baseArgs = chain.baseArgs;
    if (fn) {
      const inline = judgeBody(fn, index, true);
      if (inline.level !== 'none' || inline.capability || inline.login) p.inline = inline;
      // Events are posted: only a mutation can receive one.
      const webhook = p.type === 'mutation' ? procedureWebhookInput(fn, index) : undefined;
      if (webhook) p.webhook = webhook;
    }
    if (chain.meta) {
      const m = openApiOf(chain.meta, index);
      if (m) p.meta = m;
      else {
        const r = nodeRef(chain.meta);
        if (r) p.meta = { ref: r };
      }
    }
    return p;
  };
  const nested = new Set<AstNode>();
  const entriesOf = (obj: AstNode, depth: number): Entry[] => {
    const out: Entry[] = [];
    const o = unwrap(obj);
    if (o.type !== 'ObjectExpression' || depth > 6) return out;
    for (const p of o.properties) {
      if (p.type !== 'Property') continue;
      const key = propertyKey(p as AstNode);
      if (!key) continue;
      const v = unwrap(p.value as AstNode);
      if (v.type === 'ObjectExpression') out.push({ key, router: entriesOf(v, depth + 1) });
      else if (v.type === 'CallExpression' && routerCall(v, index)) {
        // An inline sub-router is part of this one, not a router of its own.
        nested.add(v);
        out.push({ key, router: entriesOf(v.arguments[0] as AstNode, depth + 1) });
      }
      else if (v.type === 'CallExpression') {
        const proc = procOf(v);
        const lazy = proc ? undefined : lazyRouter(v);
        if (proc) out.push({ key, proc });
        else if (lazy) out.push({ key, ref: lazy });
      } else {
        const r = nodeRef(v);
        if (r) out.push({ key, ref: r });
      }
    }
    return out;
  };

  // Builder factories: `function createScopedProcedure(scope) { return authedProcedure.use(...) }`.
  // A call of one (`const listsProcedure = createScopedProcedure('lists')`) is a builder whose
  // base is the builder the factory returns, so it is recorded under the factory's name.
  const builderOf = (chain: Chain, factory?: FunctionLike): BuilderRecord => {
    const params = factory ? new Set(paramNames(factory)) : undefined;
    const mw: MwUse[] = [];
    for (const use of chain.uses) {
      const m = mwUse(use);
      if (!m) continue;
      if (params && params.size > 0 && testsParam(use, params, index)) m.byArgs = true;
      mw.push(m);
    }
    const b: BuilderRecord = { baseName: chain.baseName, mw };
    if (chain.base) b.base = ref(chain.base);
    if (chain.baseArgs) b.baseArgs = chain.baseArgs;
    return b;
  };
  const factoryFns: [string, FunctionLike][] = [];
  for (const fn of index.nodesOf('FunctionDeclaration')) if (fn.id) factoryFns.push([fn.id.name, fn as FunctionLike]);
  for (const [node, name] of declared) {
    if (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression') factoryFns.push([name, node as FunctionLike]);
    // `export const permissionRequired = { requiresPermission: (p) => protectedProcedure.use(...) }`.
    else if (node.type === 'ObjectExpression') {
      for (const prop of node.properties) {
        const key = prop.type === 'Property' ? propertyKey(prop as AstNode) : undefined;
        const value = prop.type === 'Property' ? unwrap(prop.value as AstNode) : undefined;
        if (key && value && isFunctionLike(value)) factoryFns.push([`${name}.${key}`, value]);
      }
    }
  }
  for (const [name, fn] of factoryFns) {
    const returned = unwrap(topLevelReturn(fn));
    const chain = returned && (returned.type === 'CallExpression' || returned.type === 'MemberExpression') ? parseChain(returned, tNames, factories, (x) => index.text(x)) : undefined;
    if (!chain || chain.leaf || (!chain.rooted && !chain.base)) continue;
    if (!chain.rooted && chain.uses.length === 0 && !/procedure/i.test(chain.baseName)) continue;
    rec.builders[name] = builderOf(chain, fn);
    factories.add(name);
  }
  let routers = 0;
  const routerNames = new Map<AstNode, string>();
  for (const call of index.nodesOf('CallExpression')) {
    if (nested.has(call)) continue;
    if (routerCall(call, index)) {
      const name = declared.get(call) ?? `<router@${call.start}>`;
      routerNames.set(call, name);
      if (/mergeRouters$/.test(calleeName(call) ?? '')) {
        // `mergeRouters(router({ auth, polls }), other)`: an inline router is recorded under its place.
        const merged = (call.arguments as AstNode[]).map((a) => {
          const u = unwrap(a);
          return u.type === 'CallExpression' && routerCall(u, index) ? { local: declared.get(u) ?? `<router@${u.start}>` } : nodeRef(a);
        });
        rec.routers[name] = { entries: [], merge: merged.filter((r): r is Ref => !!r), line: index.line(call) };
      } else rec.routers[name] = { entries: entriesOf(call.arguments[0] as AstNode, 0), merge: [], line: index.line(call) };
      routers++;
      continue;
    }
    const adapter = adapterOf(call, index, nodeRef);
    if (adapter) rec.adapters.push(adapter);
  }
  for (const [node, name] of declared) {
    if (rec.middlewares[name] || rec.routers[name] || factories.has(name)) continue;
    const m = openApiOf(node, index);
    if (m) {
      rec.metas[name] = m;
      continue;
    }
    // `const searchProcedure = authedProcedure`: another name for a builder, with no middleware of its own.
    if (node.type === 'Identifier' && node.name !== name && (rec.builders[node.name] || /procedure/i.test(node.name))) {
      rec.builders[name] = { base: ref(node.name), baseName: node.name, mw: [] };
      continue;
    }
    if (node.type !== 'CallExpression' && node.type !== 'MemberExpression') continue;
    const chain = parseChain(node, tNames, factories, (x) => index.text(x));
    if (!chain) continue;
    if (chain.leaf) {
      const p = procOf(node);
      if (p) rec.procedures[name] = p;
    } else if (chain.rooted || chain.uses.length > 0 || /procedure/i.test(chain.baseName) || (chain.factory && /procedure/i.test(name))) {
      rec.builders[name] = builderOf(chain);
    }
  }
  for (const [exported, value] of index.exports) {
    const v = unwrap(value);
    const local = v.type === 'Identifier' ? v.name : v.type === 'FunctionDeclaration' && v.id ? v.id.name : (routerNames.get(v) ?? declared.get(v));
    // `import { appRouter } from './root'; export { appRouter }`: passed on like `export ... from`.
    const imported = local ? index.bindings.get(local) : undefined;
    if (imported && imported.imported !== '*') rec.reexports.push({ name: exported, module: imported.module, export: imported.imported });
    else if (local) {
      rec.exports[exported] = local;
      // Factory methods of an exported object, found by `object.method` from other files.
      for (const b of Object.keys(rec.builders)) if (b.startsWith(`${local}.`)) rec.exports[`${exported}${b.slice(local.length)}`] = b;
    }
  }
  readReexports(index, rec);
  // `export { appRouter } from './router'` in an index: kept so link can follow it.
  const some = routers > 0 || rec.adapters.length > 0 || Object.keys(rec.builders).length > 0 || Object.keys(rec.procedures).length > 0 || Object.keys(rec.middlewares).length > 0 || Object.keys(rec.metas).length > 0;
  if (!some && rec.reexports.length === 0 && rec.star.length === 0) return undefined;
  if (!some && !/trpc|TRPC|Trpc|tRPC|[rR]outer|[pP]rocedure/.test(index.content)) return undefined;
  return rec;
}

/** `initTRPC.create()`, `initTRPC.context<C>().meta<M>().create({...})`. */
function initTrpc(node: AstNode, index: JsIndex): boolean {
  let n = unwrap(node);
  for (let i = 0; i < 8 && n; i++) {
    if (n.type === 'CallExpression') n = unwrap(n.callee as AstNode);
    else if (n.type === 'MemberExpression') n = unwrap(n.object as AstNode);
    else break;
  }
  return !!n && n.type === 'Identifier' && (n.name === 'initTRPC' || (index.resolvedName(n) ?? '').endsWith('.initTRPC'));
}

/** The function of `t.middleware(fn)`, `middleware(fn)`, `experimental_standaloneMiddleware<T>().create(fn)`. */
/**
 * A bare tRPC middleware function, `.use()`d without `t.middleware` around it (tRPC accepts any
 * `({ ctx, next }) => …`): its first parameter destructures `next`. Kept so another file's
 * `.use(isAuthed)` is judged by its body, not left unknown.
 */
function plainMiddleware(node: AstNode): FunctionLike | undefined {
  const n = unwrap(node);
  if (!isFunctionLike(n)) return undefined;
  const first = n.params[0] ? unwrap(n.params[0] as AstNode) : undefined;
  const pattern = first?.type === 'AssignmentPattern' ? unwrap(first.left as AstNode) : first;
  if (pattern?.type !== 'ObjectPattern') return undefined;
  return pattern.properties.some((p) => p.type === 'Property' && p.key.type === 'Identifier' && p.key.name === 'next') ? n : undefined;
}

function middlewareFn(node: AstNode, index: JsIndex): FunctionLike | undefined {
  const n = unwrap(node);
  if (n.type !== 'CallExpression') return undefined;
  const name = calleeName(n) ?? '';
  const standalone = calleeProperty(n) === 'create' && /standaloneMiddleware/.test(index.text(n.callee as AstNode));
  if (!MIDDLEWARE_FACTORY.test(name) && !standalone) return undefined;
  const arg = unwrap(n.arguments[0] as AstNode | undefined);
  if (!arg) return undefined;
  if (isFunctionLike(arg)) return arg;
  return arg.type === 'Identifier' ? index.functionByName(arg.name) : undefined;
}

function routerCall(call: CallLike, index: JsIndex): boolean {
  if (call.type !== 'CallExpression') return false;
  const name = calleeName(call) ?? '';
  if (!ROUTER_FACTORY.test(name)) return false;
  if (OTHER_ROUTERS.test(index.resolvedCallee(call) ?? '')) return false;
  const first = unwrap(call.arguments[0] as AstNode | undefined);
  if (/mergeRouters$/.test(name)) return call.arguments.length > 0;
  return !!first && first.type === 'ObjectExpression';
}

interface Chain {
  leaf?: { type: ProcRecord['type']; call: CallLike };
  resolver?: AstNode;
  uses: AstNode[];
  meta?: AstNode;
  /** Starts at `t.procedure` (or `x.procedure`). */
  rooted: boolean;
  base?: string;
  baseName: string;
  /** The base is a call of a builder factory (`createScopedProcedure('lists')`). */
  factory?: boolean;
  /** That call's arguments, as written. */
  baseArgs?: string;
}

/** `base.use(a).input(z).meta(m).query(fn)` read from the outside in; undefined for anything else. */
function parseChain(node: AstNode, tNames: Set<string>, factories: ReadonlySet<string>, text: (n: AstNode) => string): Chain | undefined {
  let n = unwrap(node);
  const out: Chain = { uses: [], rooted: false, baseName: '' };
  let outermost = true;
  for (let i = 0; i < 30; i++) {
    if (n.type === 'CallExpression') {
      const callee = unwrap(n.callee as AstNode);
      // A builder factory called (imported ones are known by a name that says procedure), or a
      // factory method of an object (`permissionRequiredProcedure.requiresPermission('admin')`).
      const path = callee.type === 'Identifier' ? [callee.name] : callee.type === 'MemberExpression' ? memberPath(callee) : undefined;
      const method = path && path.length === 2 ? path[1] : undefined;
      const builderStep = method !== undefined && (LEAVES.has(method) || PASS.has(method) || method === 'use' || method === 'meta');
      const named = path && path.length <= 2 && !builderStep ? path.join('.') : undefined;
      if (named && (factories.has(named) || /procedure/i.test(path![0]))) {
        out.base = named;
        out.baseName = named;
        out.factory = true;
        const args = (n.arguments as AstNode[]).map((a) => text(a)).join(', ');
        if (args) out.baseArgs = args.slice(0, 120);
        return out;
      }
      const prop = calleeProperty(n);
      const obj = calleeObject(n);
      if (!prop || !obj) return undefined;
      if (LEAVES.has(prop)) {
        if (!outermost || n.arguments.length !== 1) return undefined;
        out.leaf = { type: prop as ProcRecord['type'], call: n };
        out.resolver = n.arguments[0] as AstNode;
      } else if (prop === 'use') out.uses.unshift(n.arguments[0] as AstNode);
      else if (prop === 'meta') out.meta = n.arguments[0] as AstNode;
      else if (!PASS.has(prop)) return undefined;
      outermost = false;
      n = unwrap(obj);
      continue;
    }
    if (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier' && n.property.name === 'procedure') {
      const o = unwrap(n.object as AstNode);
      if (o.type !== 'Identifier' || !(tNames.has(o.name) || /^t$|trpc/i.test(o.name))) return undefined;
      out.rooted = true;
      out.baseName = `${o.name}.procedure`;
      return out;
    }
    if (n.type === 'Identifier') {
      if (outermost) return undefined;
      out.base = n.name;
      out.baseName = n.name;
      return out;
    }
    return undefined;
  }
  return undefined;
}

/** `{ openapi: { method: 'GET', path: '/x' } }` (directly or through a same-file const). */
function openApiOf(node: AstNode, index: JsIndex): OpenApi | undefined {
  const obj = resolveObject(node, index);
  const o = resolveObject(objectProp(obj, 'openapi'), index);
  if (!o) return undefined;
  const method = stringValue(objectProp(o, 'method'), index);
  const path = stringValue(objectProp(o, 'path'), index);
  const enabled = unwrap(objectProp(o, 'enabled'));
  if (enabled && enabled.type === 'Literal' && (enabled as unknown as { value: unknown }).value === false) return undefined;
  return method && path ? { method: method.toUpperCase(), path } : undefined;
}

/** The first string a value spells (`formatPath('/api/trpc')` → `/api/trpc`). */
function pathIn(node: AstNode | undefined, index: JsIndex): string | undefined {
  if (!node) return undefined;
  const s = stringValue(node, index);
  if (s !== undefined) return s;
  const n = unwrap(node);
  // `${env.URL}/api/v2`: the path after the last interpolation.
  if (n.type === 'TemplateLiteral') {
    const last = n.quasis[n.quasis.length - 1];
    const tail = last?.value.cooked ?? last?.value.raw ?? '';
    return tail.startsWith('/') ? tail.replace(/\/$/, '') : undefined;
  }
  if (n.type === 'CallExpression') {
    for (const a of n.arguments as AstNode[]) {
      const inner = stringValue(a, index);
      if (inner !== undefined && inner.startsWith('/')) return inner;
    }
  }
  return undefined;
}

function adapterOf(call: CallLike, index: JsIndex, nodeRef: (n: AstNode) => Ref | undefined): AdapterRecord | undefined {
  if (call.type !== 'CallExpression') return undefined;
  const name = (calleeName(call) ?? '').split('.').pop() ?? '';
  const line = index.line(call);
  if (name === 'generateOpenApiDocument') {
    const router = call.arguments[0] ? nodeRef(call.arguments[0] as AstNode) : undefined;
    const base = pathIn(objectProp(resolveObject(call.arguments[1] as AstNode, index), 'baseUrl'), index);
    const endpoint = base?.startsWith('/') ? base : base ? /^[a-z]+:\/\/[^/]+(\/.*)?$/i.exec(base)?.[1] : undefined;
    return router ? { router, endpoint: endpoint ?? undefined, openapi: true, line } : undefined;
  }
  // fastify: `server.register(fastifyTRPCPlugin, { prefix: '/trpc', trpcOptions: { router } })`.
  if (calleeProperty(call) === 'register' && /trpc/i.test(index.text(call.arguments[0] as AstNode ?? call))) {
    const opts = resolveObject(call.arguments[1] as AstNode, index);
    const r = objectProp(resolveObject(objectProp(opts, 'trpcOptions'), index), 'router');
    const router = r ? nodeRef(r) : undefined;
    return router ? { router, endpoint: pathIn(objectProp(opts, 'prefix'), index) ?? '', line } : undefined;
  }
  const openapi = OPENAPI_ADAPTERS.test(name);
  if (!openapi && !TRPC_ADAPTERS.test(name)) return undefined;
  const opts = resolveObject(call.arguments[0] as AstNode, index);
  const r = objectProp(opts, 'router');
  const router = r ? nodeRef(r) : undefined;
  if (!router) return undefined;
  let endpoint = pathIn(objectProp(opts, 'endpoint') ?? objectProp(opts, 'basePath') ?? objectProp(opts, 'prefix'), index);
  // Express: `app.use('/trpc', createExpressMiddleware({ router }))`.
  const parent = index.parent(call);
  if (endpoint === undefined && parent && parent.type === 'CallExpression' && calleeProperty(parent) === 'use') {
    const first = stringValue(parent.arguments[0] as AstNode, index);
    if (first !== undefined) endpoint = first;
  }
  // Next.js pages API: `pages/api/trpc/[trpc].ts` serves `/api/trpc/<procedure>`.
  const page = /(?:^|\/)pages(\/.*)\/\[[^\]/]+\]\.[cm]?[jt]sx?$/.exec(index.file);
  if (endpoint === undefined && page) endpoint = page[1];
  if (endpoint === undefined && /^createHTTP(Server|Handler)$/.test(name)) endpoint = '';
  return { router, endpoint, openapi, line };
}

/**
 * A middleware judged by body; one that lets nobody in by login but gates on the application's
 * first-run state (`if (onboarding.current !== step) throw FORBIDDEN`) is marked `bootstrap`.
 */
/** `ctx.user.exists()`, `db.users.any()`, `accounts.count()`: does the first account exist yet? */
const FIRST_ACCOUNT = /\b(?:users?|accounts?|admins?|owners?)\s*\??\.\s*(?:exists|any|count|isRegistered)\s*\(/i;

/**
 * `const exists = await ctx.user.exists(); if (!exists) return next(); return isAuthed({ ctx, next })`:
 * open until the first account is registered (onboarding), then the check of another middleware of
 * this file. Judged as that middleware, tagged as a first-run window.
 */
function firstRunThen(fn: FunctionLike, index: JsIndex, depth: number): Verdict | undefined {
  const body = unwrap(fn.body as AstNode | null);
  if (!body || body.type !== 'BlockStatement') return undefined;
  const stmts = body.body as AstNode[];
  const gate = stmts.findIndex((st) => st.type === 'IfStatement');
  if (gate < 0 || gate > 1) return undefined;
  const test = unwrap((stmts[gate] as AstNode & { test: AstNode }).test);
  if (test.type !== 'UnaryExpression' || test.operator !== '!') return undefined;
  const asked = unwrap(test.argument as AstNode);
  const question = asked.type === 'Identifier' ? index.text((stmts.slice(0, gate).find((st) => st.type === 'VariableDeclaration' && index.text(st).includes(asked.name)) ?? asked) as AstNode) : index.text(asked);
  if (!FIRST_ACCOUNT.test(question) || !/\bnext\s*\(/.test(index.text((stmts[gate] as AstNode & { consequent: AstNode }).consequent))) return undefined;
  const last = stmts[stmts.length - 1];
  const call = last?.type === 'ReturnStatement' && last.argument ? unwrapAwait(last.argument as AstNode) : undefined;
  const callee = call?.type === 'CallExpression' ? unwrap(call.callee as AstNode) : undefined;
  const target = callee?.type === 'Identifier' ? index.functionByName(callee.name) : undefined;
  if (!target || target === fn || depth > 2) return undefined;
  const v = judgeMiddleware(target, index, depth + 1);
  return v.level === 'user' || v.level === 'admin' ? { ...v, why: `open until the first account exists, then ${callee!.type === 'Identifier' ? callee!.name : ''}: ${v.why}`, bootstrap: true } : undefined;
}

function judgeMiddleware(fn: FunctionLike, index: JsIndex, depth = 0): Verdict {
  const first = firstRunThen(fn, index, depth);
  if (first) return first;
  const v = judgeBody(fn, index);
  if (v.level !== 'none' || !(setupStepGate(fn, index) || bootstrapGate(fn, index))) return v;
  return { ...v, bootstrap: true };
}

/** An inline middleware whose refusing check reads a parameter of the factory it sits in (`includes(permission)`). */
function testsParam(use: AstNode, params: ReadonlySet<string>, index: JsIndex): boolean {
  const fn = unwrap(use);
  if (!isFunctionLike(fn)) return false;
  return nodesUnder(fn, 'IfStatement').some((s) => nodesUnder(s.test as AstNode, 'Identifier').some((id) => params.has(id.name)) && rejects(s.consequent as AstNode, index) !== undefined);
}
