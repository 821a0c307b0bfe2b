// Calls in the taint interpreter: route and socket registrations, request-data methods, sinks,
// local and cross-module calls, callbacks, and how known functions pass taint to their result.
import type { CallExpression, Expression, MemberExpression, NewExpression } from 'oxc-parser';
import { argExpr, calleeText, chainCalls, exprKey, isFn, propName, stringValue, unwrap } from './taint-ast.js';
import type { Analyzer } from './taint-engine.js';
import {
  FUNCTION_TABLE,
  ITERATION_METHODS,
  type LibModel,
  MUTATORS,
  NON_PROPAGATING,
  replaceCleans,
  schemaValidated,
  STRING_METHODS,
  untaintingFamily,
} from './taint-library.js';
import { isScalar, routeSchemaChecks } from './taint-route-schemas.js';
import { entriesOf, filtered, keysOf } from './taint-keys.js';
import { instanceOf, isLocalSpec, modRefOf, qualifiedName } from './taint-modules.js';
import type { Scope } from './taint-scope.js';
import { buildString } from './taint-strings.js';
import { type CallInfo, contentTypeSet, loadsChosenHost, matchCallSinks, type SinkHit } from './taint-sinks.js';
import { STORED_SOURCE } from './taint-output.js';
import { H3_HANDLER, h3HandlerArgs, h3Name, h3Source } from './taint-h3.js';
import { archiveValue, isSocketMessage, requestMethod, sourceValue } from './taint-sources.js';
import { meteorRegistration } from './taint-meteor.js';
import { type AV, bits, DEFAULT_FLAGS, type FnRef, isTainted } from './taint-types.js';
import { derive, flagsOf, mergeTaint, mergeValues, withClean } from './taint-value.js';

const ROUTE_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'options', 'head', 'use']);
const RESPONSE_CHAIN = new Set(['status', 'type', 'set', 'header', 'cookie', 'clearCookie', 'vary', 'append', 'links', 'attachment', 'code', 'headers', 'contentType', 'setHeader']);
const STRING_ARG_METHODS = new Set(['concat', 'replace', 'replaceAll', 'padStart', 'padEnd']);
const PROMISIFY = new Set(['util.promisify', 'bluebird.promisify', 'es6-promisify.promisify', 'promisify']);
const PATH_BUILDERS = new Set(['path.resolve', 'path.normalize', 'path.join', 'path.posix.join', 'path.posix.resolve', 'path.posix.normalize']);
const FORMAT_FUNCTIONS = new Set(['util.format', 'sprintf-js.sprintf', 'sprintf-js.vsprintf', 'printf', 'format']);

type Call = CallExpression | NewExpression;

function lastName(e: Expression): string | undefined {
  const n = unwrap(e);
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'MemberExpression') return propName(n);
  return undefined;
}

/** Name of a callee that resolves to no binding: a global (`eval`, `JSON.parse`, `fetch`). */
function globalName(callee: Expression, scope: Scope): string | undefined {
  let root: Expression = callee;
  while (root.type === 'MemberExpression') root = unwrap(root.object);
  if (root.type !== 'Identifier' || scope.find(root.name)) return undefined;
  return exprKey(callee);
}

function mergeAll(values: (AV | undefined)[]): AV | undefined {
  let out: AV | undefined;
  for (const v of values) out = mergeTaint(out, v);
  return out;
}

function applyModel(a: Analyzer, model: LibModel, args: (AV | undefined)[]): AV | undefined {
  const from = model.from === 'arg0' ? args[0] : model.from === 'arg1' ? args[1] : model.from === 'args' ? mergeAll(args) : undefined;
  if (!isTainted(from)) return undefined;
  const v = derive(from, model.patch ?? {});
  return model.clean ? withClean(v, model.clean) : v;
}

/** Handler functions among registration arguments: inline, named, or wrapped (`asyncHandler(fn)`). */
function handlerFns(a: Analyzer, nodes: Expression[], scope: Scope, name: string): FnRef[] {
  const out: FnRef[] = [];
  const visit = (e: Expression, depth: number): void => {
    const n = unwrap(e);
    if (isFn(n)) out.push(a.makeFn(n, scope, name, scope.ctx.cls));
    else if (n.type === 'Identifier' || n.type === 'MemberExpression') {
      const v = a.ev(n, scope);
      if (v?.fn) out.push(v.fn);
    } else if (n.type === 'CallExpression' && depth < 2) {
      for (const arg of n.arguments) if (arg.type !== 'SpreadElement') visit(arg, depth + 1);
    } else if (n.type === 'ArrayExpression') {
      for (const el of n.elements) if (el && el.type !== 'SpreadElement') visit(el, depth + 1);
    }
  };
  for (const e of nodes) visit(e, 0);
  return out;
}

/** `app.get('/x', h)`, `router.route('/x').post(h)`, `server.route({ method, path, handler })`. */
function registerRoute(a: Analyzer, node: Call, callee: MemberExpression, recv: AV | undefined, method: string, scope: Scope): boolean {
  if ((method !== 'route' && !ROUTE_VERBS.has(method)) || node.arguments.length < 1 || recv?.role || isTainted(recv)) return false;
  const args = node.arguments.map(argExpr).filter((x): x is Expression => x !== undefined);
  if (method === 'route') {
    const first = args[0] ? unwrap(args[0]) : undefined;
    const objs = first?.type === 'ObjectExpression' ? [first] : first?.type === 'ArrayExpression' ? first.elements.filter((e) => e?.type === 'ObjectExpression') : [];
    if (!objs.length) return false;
    for (const obj of objs) {
      if (obj?.type !== 'ObjectExpression') continue;
      const field = (name: string, o = obj): Expression | undefined => {
        for (const p of o.properties) if (p.type === 'Property' && !p.computed && p.key.type === 'Identifier' && p.key.name === name) return p.value;
        return undefined;
      };
      const verbNode = field('method');
      const verb = verbNode ? (stringValue(unwrap(verbNode)) ?? '*') : '*';
      const path = stringValue(unwrap(field('path') ?? field('url') ?? obj)) ?? '';
      const options = field('options') ?? field('config');
      const optObj = options && unwrap(options).type === 'ObjectExpression' ? (unwrap(options) as typeof obj) : undefined;
      const handler = field('handler') ?? (optObj ? field('handler', optObj) : undefined);
      if (!handler) continue;
      const route = `${verb.toUpperCase()} ${path}`;
      for (const fn of handlerFns(a, [handler], scope, route)) a.analyzeHandler(fn, { kind: 'handler', route });
    }
    return true;
  }
  if (!ROUTE_VERBS.has(method)) return false;
  let path = args[0] ? stringValue(unwrap(args[0])) : undefined;
  let from = 0;
  if (path !== undefined) {
    if (!/^[/*]/.test(path)) return false;
    from = 1;
  } else if (method !== 'use') {
    // `router.route('/x').get(h).post(h)`: the path is on the `route` call down the chain.
    let obj = unwrap(callee.object);
    for (let i = 0; i < 12 && obj.type === 'CallExpression' && path === undefined; i++) {
      const c = unwrap(obj.callee);
      if (c.type !== 'MemberExpression') break;
      if (propName(c) === 'route') {
        const p = argExpr(obj.arguments[0]);
        path = p ? stringValue(unwrap(p)) : undefined;
        break;
      }
      obj = unwrap(c.object);
    }
    if (path === undefined) return false;
  }
  const route = method === 'use' ? undefined : `${method === 'del' ? 'DELETE' : method.toUpperCase()} ${path}`;
  const candidates = args.slice(from);
  if (!candidates.some((c) => {
    const n = unwrap(c);
    return isFn(n) || n.type === 'Identifier' || n.type === 'MemberExpression' || n.type === 'CallExpression' || n.type === 'ArrayExpression';
  })) return false;
  const fns = handlerFns(a, candidates, scope, route ?? `middleware ${path ?? '/'}`.trim());
  if (!fns.length) return false;
  const checks = candidates.length > 1 ? routeSchemaChecks(candidates, a.schemaNames(scope)) : undefined;
  for (const fn of fns) a.analyzeHandler(fn, checks ? { kind: 'handler', route, checks } : { kind: 'handler', route });
  return true;
}

/** `socket.on('msg', fn)`, `req.on('data', fn)`, `parser.on('entry', fn)`. */
function eventHandler(a: Analyzer, callee: MemberExpression, recv: AV | undefined, args: (AV | undefined)[], scope: Scope): void {
  const event = args[0]?.text;
  const fn = args[1]?.fn;
  if (!fn || event === undefined) return;
  if (recv?.role === 'request' && event === 'data') a.analyzeInline(fn, [{ ...sourceValue(`${recv.name ?? 'req'} body`, 'string'), steps: [a.rec.evidence(callee)] }], scope);
  else if (event === 'entry') a.analyzeInline(fn, [archiveValue('archive entry')], scope);
  else if (isSocketMessage(lastName(callee.object), event)) a.analyzeHandler(fn, { kind: 'socket', event });
  // An XML-RPC server (`xmlrpc.createServer()`): `server.on('<method>', (err, params, callback) => ...)`
  // gets the values the client put in its `<methodCall>`.
  else if (recv?.mod?.module === 'xmlrpc' && recv.mod.instance && !XMLRPC_OWN_EVENTS.has(event)) a.analyzeInline(fn, [undefined, { ...sourceValue(`xml-rpc ${event} params`, 'any'), steps: [a.rec.evidence(callee)] }], scope);
}

const XMLRPC_OWN_EVENTS = new Set(['error', 'NotFound', 'listening', 'close', 'connection', 'request', 'clientError']);

/**
 * The response of an HTTP request whose host the client chose (an SSRF sink reached with data in
 * the scheme or host part of the URL): its body is whatever the client's server returns.
 */
function fetchedContent(a: Analyzer, hit: SinkHit, node: Call): AV | undefined {
  if (hit.kind !== 'ssrf' || !isTainted(hit.value) || !loadsChosenHost(hit)) return undefined;
  const f = flagsOf(hit.value);
  const src = (hit.value.src ?? []).filter((o) => o.kind === 'request' && !((o.clean ?? 0) & bits('ssrf')));
  if (!src.length || f.pos === 'path' || f.pos === 'inherit' || (f.clean & bits('ssrf'))) return undefined;
  return {
    src: src.map((o) => ({ label: `response from ${o.label.length < 50 ? o.label : 'a request-chosen URL'}`, kind: 'request' as const })),
    flags: { ...DEFAULT_FLAGS, shape: 'any', whole: 'no' },
    steps: [a.rec.evidence(node)],
  };
}

const STORED_READ = /^(findByPk|findById|findOne|findAll|findFirst|findUnique|findMany|find|findOneBy|findBy|get|getById|first|fetch|query|aggregate|lean|exec|toArray)$/;
const MODEL_RECEIVER = /^([A-Z][A-Za-z0-9]*|\w+(Model|Repository|Repo|Collection|Col|Table|Dao|DAO))$/;

/**
 * A record read back from the database (`await UserModel.findByPk(id)`, `users.findOne(...)`):
 * second-order data, which users may have written earlier. Only some sinks report it.
 */
function storedRead(a: Analyzer, node: Call, callee: Expression, method: string | undefined, recv: AV | undefined): AV | undefined {
  // Cheap checks before the regex: this runs for every call that returns nothing else.
  if (!method || callee.type !== 'MemberExpression' || recv?.role || isTainted(recv) || !STORED_READ.test(method)) return undefined;
  const owner = lastName(callee.object);
  if (!owner || !MODEL_RECEIVER.test(owner) || /^(Object|JSON|Promise|Array|Math|Date|Number|String|Reflect|Map|Set|URL|Buffer)$/.test(owner)) return undefined;
  return { src: [{ label: `${STORED_SOURCE}${owner}.${method}()`, kind: 'stored' }], flags: { ...DEFAULT_FLAGS, shape: 'any' }, steps: [a.rec.evidence(node)] };
}

/** `new Response(html, { headers: { 'Content-Type': 'text/html' } })`. */
function htmlResponse(a: Analyzer, node: Call, args: (AV | undefined)[], argNodes: (Expression | undefined)[], scope: Scope): void {
  const opts = args[1];
  const headers = opts?.fields?.get('headers');
  const ct = headers?.fields?.get('Content-Type') ?? headers?.fields?.get('content-type');
  const text = ct?.text ?? (argNodes[1] ? a.sourceText(argNodes[1]) : '');
  if (/text\/html/i.test(text)) a.rec.sinkHit({ kind: 'html', api: 'new Response', value: args[0] }, node, scope);
}

/**
 * An Astro Action (`defineAction({ input, handler: async (input, context) => ... })`): the client
 * posts `input`, checked field by field when an `input` schema is given, whole otherwise; `context`
 * carries the request like an endpoint's.
 */
function astroAction(a: Analyzer, node: Call, scope: Scope): void {
  const opts = firstArgObject(node);
  if (!opts) return;
  let handler: Expression | undefined;
  let validated = false;
  for (const p of opts.properties) {
    if (p.type !== 'Property' || p.computed || p.key.type !== 'Identifier') continue;
    if (p.key.name === 'handler') handler = p.value;
    if (p.key.name === 'input') validated = true;
  }
  const fn = handler ? unwrap(handler) : undefined;
  if (!fn || !isFn(fn)) return;
  const input = sourceValue('Astro action input', 'object', !validated);
  a.analyzeHandler(a.makeFn(fn, scope, 'action', scope.ctx.cls), { kind: 'inline', params: [input, { role: 'ctx', name: 'context' }] });
}

function firstArgObject(node: Call): Extract<Expression, { type: 'ObjectExpression' }> | undefined {
  const first = argExpr(node.arguments[0]);
  const o = first ? unwrap(first) : undefined;
  return o?.type === 'ObjectExpression' ? o : undefined;
}

export function evalCall(a: Analyzer, node: Call, scope: Scope): AV | undefined {
  const isNew = node.type === 'NewExpression';
  const callee = unwrap(node.callee);
  const ctx = scope.ctx;
  const firstArg = argExpr(node.arguments[0]);

  if (!isNew && callee.type === 'Identifier' && callee.name === 'require' && !scope.find('require')) {
    const spec = firstArg ? stringValue(unwrap(firstArg)) : undefined;
    if (spec === 'express-mongo-sanitize') a.mongoSanitize = true;
    if (spec !== undefined) return { mod: modRefOf(spec) };
  }

  let recv: AV | undefined;
  let method: string | undefined;
  let calleeV: AV | undefined;
  if (callee.type === 'MemberExpression') {
    recv = a.ev(callee.object, scope);
    method = propName(callee);
    if (callee.computed && method === undefined) a.ev(callee.property as Expression, scope);
    if (method !== undefined && recv && (recv.mod || recv.thisOf || recv.cls || recv.fields || recv.role === 'this')) calleeV = a.memberOf(recv, method);
    if (!isNew && method && registerRoute(a, node, callee, recv, method, scope)) return undefined;
  } else if (callee.type !== 'Super') {
    calleeV = a.ev(callee, scope);
    if (!isNew && callee.type === 'Identifier' && callee.name === 'defineAction' && !calleeV?.fn) astroAction(a, node, scope);
  }

  // Plain loops rather than two `map` closures per call (every call of the file comes here).
  const argNodes: Expression[] = [];
  for (const x of node.arguments) argNodes.push(x.type === 'SpreadElement' ? x.argument : x);
  const args: (AV | undefined)[] = [];
  for (const n of argNodes) args.push(a.ev(n, scope));

  // h3 / Nitro: the function `defineEventHandler` is given serves the file's route; its readers are sources (taint-h3.ts).
  const h3 = !isNew && callee.type === 'Identifier' ? h3Name(callee, calleeV?.mod, (n) => !!scope.find(n)) : undefined;
  if (h3 && H3_HANDLER.test(h3)) {
    const route = a.fileRoute;
    for (const fn of handlerFns(a, h3HandlerArgs(argNodes), scope, route ?? h3)) a.analyzeHandler(fn, route ? { kind: 'handler', route } : { kind: 'handler' });
    return undefined;
  }
  const h3Read = h3 ? h3Source(h3, argNodes) : undefined;
  if (h3Read) return { ...h3Read, steps: [a.rec.evidence(node)] };

  if (callee.type === 'MemberExpression' && (method === 'on' || method === 'once' || method === 'addListener')) eventHandler(a, callee, recv, args, scope);
  if (args[0]?.fields?.has('rootValue')) rootValueResolvers(a, node, argNodes[0], args[0].fields, scope);
  if (a.meteor) meteorRegistration(a, node, args);

  const mod = calleeV?.mod;
  // Repository modules are named by the callee as written (`db.query`), packages by module.
  const qname = mod ? (isLocalSpec(mod.module) ? undefined : qualifiedName(mod)) : globalName(callee, scope);
  const target = mod && isLocalSpec(mod.module) ? { module: mod.module, name: mod.path.length ? mod.path.join('.') : 'default' } : undefined;

  // Local functions: apply their summary.
  if (calleeV?.fn) {
    const result = a.callLocal(calleeV.fn, args, node, scope);
    walkCallbacks(a, node, method, recv, args, argNodes, scope);
    return result;
  }

  // Request data read through methods: `req.get('x')`, `await request.json()`.
  if (recv?.role && method) {
    const s = requestMethod(recv.role, recv.name ?? 'req', method, firstArg);
    if (s) return { ...s, steps: [a.rec.evidence(node)] };
  }
  // Prefix tests rather than a regex: this runs for every call with a known name.
  const archiveOpen = qname !== undefined && (qname.startsWith('unzipper.Open.') || qname.startsWith('yauzl.fromBuffer') || qname.startsWith('jszip.loadAsync'));
  if (archiveOpen || method === 'getEntries' || (method === 'loadAsync' && /zip/i.test(calleeText(callee)))) return { ...archiveValue(`${calleeText(callee)}()`), steps: [a.rec.evidence(node)] };

  // Sinks only matter when request data is around: most calls stop here.
  const tainted = isTainted(recv) || args.some(isTainted);
  let fetched: AV | undefined;
  const responseCall = recv?.role === 'response' || recv?.role === 'ctx';
  let reached = false;
  if (tainted || responseCall) {
    const info: CallInfo = {
      isNew,
      qname,
      module: mod?.module,
      text: calleeText(callee),
      method,
      recv,
      recvRole: recv?.role,
      recvName: recv?.name,
      args,
      argNodes,
      chain: callee.type === 'MemberExpression' ? chainCalls(callee.object).map((c) => c.name) : [],
      target,
      ...(node.arguments[0]?.type === 'SpreadElement' ? { spreadFirst: true } : {}),
    };
    const ct = responseCall ? contentTypeSet(info) : undefined;
    if (ct && recv?.name) ctx.contentTypes.set(recv.name, ct);
    if (tainted) {
      for (const h of matchCallSinks(info, recv?.name ? ctx.contentTypes.get(recv.name) : undefined)) {
        // A sink that stands only until the callee's own summary is found still calls into it.
        const hit = a.rec.sinkHit(h, node, scope);
        if (!h.condition?.unlessDefined) reached = hit || reached;
        fetched ??= fetchedContent(a, h, node);
      }
      if (isNew && (qname === 'Response' || qname === 'next/server.NextResponse')) htmlResponse(a, node, args, argNodes, scope);
    }
  }

  // A call into another module of the repository: its summary decides (unless already reported here).
  let crossResult: AV | undefined;
  if (target && !reached) crossResult = a.rec.crossCall(target, args, node, scope);

  const cb = walkCallbacks(a, node, method, recv, args, argNodes, scope, fetched);
  if (crossResult && !isNew) {
    // `UserModel.findByPk(req.session.userId)`: a record read back is stored data whatever the key.
    const stored = storedRead(a, node, callee, method, recv);
    return stored ? mergeTaint(stored, crossResult) : crossResult;
  }
  // What a server the client chose sends back is the client's data too.
  if (fetched) return fetched;

  if (recv?.role === 'response' && method && RESPONSE_CHAIN.has(method)) return recv;
  return resultOf(a, node, callee, { isNew, qname, method, recv, calleeV, args, argNodes, cb }, scope);
}

/**
 * Schema-first GraphQL (`graphqlHTTP({ schema: buildSchema(sdl), rootValue: root })`, graphql-http's
 * `createHandler`): each function of `root` is a resolver called with the client's arguments as its
 * first parameter. A root of this file presets their mode; one imported from another module gets
 * a call into each of its functions (`root.*`), resolved by link.
 */
function rootValueResolvers(a: Analyzer, node: Call, options: Expression, fields: Map<string, AV | undefined>, scope: Scope): void {
  const o = unwrap(options);
  if (o.type !== 'ObjectExpression' || !o.properties.some((p) => p.type === 'Property' && p.key.type === 'Identifier' && p.key.name === 'schema')) return;
  const root = fields.get('rootValue');
  for (const [name, v] of root?.fields ?? []) {
    if (v?.fn && !a.presetModes.has(v.fn.node)) a.presetModes.set(v.fn.node, { kind: 'graphql', route: `GRAPHQL ${name}`, args: 0 });
  }
  const mod = root?.mod;
  if (mod && isLocalSpec(mod.module)) {
    const args = { ...sourceValue('graphql args', 'strings'), steps: [a.rec.evidence(node)] };
    a.rec.crossCall({ module: mod.module, name: [...mod.path, '*'].join('.') }, [args], node, scope);
  }
}

/** Callbacks passed to a call are walked where they are passed (closures see the caller's scope). */
function walkCallbacks(
  a: Analyzer,
  node: Call,
  method: string | undefined,
  recv: AV | undefined,
  args: (AV | undefined)[],
  argNodes: Expression[],
  scope: Scope,
  fetched?: AV,
): { ret?: AV; walked: boolean } {
  let walked = false;
  const iter = method !== undefined && ITERATION_METHODS.has(method) && isTainted(recv);
  const thenLike = method === 'then' && isTainted(recv);
  let ret: AV | undefined;
  // A plain loop: this runs for every call, and a closure per call is garbage for nothing.
  for (let i = 0; i < args.length; i++) {
    const v = args[i];
    if (!v?.fn) continue;
    let params: (AV | undefined)[] = [];
    if (iter) {
      const el = a.elementOf(recv);
      const archive = recv?.src?.some((o) => o.kind === 'archive');
      params = method === 'reduce' || method === 'reduceRight' ? [undefined, el] : archive ? [el, el] : [el];
    } else if (thenLike) params = [recv];
    // `needle.get(url, (err, response, body) => ...)`, `request(url, (err, res, body) => ...)`.
    else if (fetched) params = [undefined, fetched, fetched];
    const inline = isFn(unwrap(argNodes[i]));
    if (inline) ret = mergeValues(ret, a.analyzeInline(v.fn, params, scope));
    else if (iter || thenLike) ret = mergeValues(ret, a.callLocal(v.fn, params, node, scope));
    walked = true;
  }
  // `.map(Number)`, `.map(parseInt)`: the result holds no request text.
  const first = argNodes[0] ? unwrap(argNodes[0]) : undefined;
  if (first?.type === 'Identifier' && FUNCTION_TABLE.get(first.name)?.from === 'none') walked = true;
  return { ret, walked };
}

interface ResultInput {
  isNew: boolean;
  qname?: string;
  method?: string;
  recv?: AV;
  calleeV?: AV;
  args: (AV | undefined)[];
  argNodes: Expression[];
  cb: { ret?: AV; walked: boolean };
}

/** What a call returns, taint-wise. */
function resultOf(a: Analyzer, node: Call, callee: Expression, r: ResultInput, scope: Scope): AV | undefined {
  const { qname, method, recv, args } = r;
  if (qname) {
    // `promisify(exec)` is still `exec`.
    if (PROMISIFY.has(qname)) {
      const target = args[0];
      return target?.mod ? { mod: target.mod } : target?.fn ? { fn: target.fn } : undefined;
    }
    if (FORMAT_FUNCTIONS.has(qname) && args[0]?.text !== undefined) {
      return buildString([{ text: args[0].text }, ...args.slice(1).map((v) => ({ text: ' ', value: v }))]);
    }
    if (qname === 'pg-format' || qname === 'pg-format.format') {
      const fmt = args[0]?.text ?? '';
      const built = buildString([{ text: fmt }, ...args.slice(1).map((v) => ({ value: v }))]);
      return /%s/.test(fmt) ? built : withClean(built, bits('sql'));
    }
    // The keys of an object literal are the code's names, whatever its values hold.
    if (qname === 'Object.keys') return keysOf(args[0]);
    const model = FUNCTION_TABLE.get(qname);
    if (model) {
      const v = applyModel(a, model, args);
      if (qname === 'Object.entries') return entriesOf(v, args[0]);
      // Legacy `url.parse` keeps only `[a-z0-9+_.-]` in the host; anything else spills into the path.
      if (v && qname === 'url.parse') return { ...v, url: 'legacy', urlOf: r.argNodes[0] ? exprKey(r.argNodes[0]) : undefined };
      // `const resolved = path.resolve(full)`: a containment check on `resolved` vouches for `full`.
      const last = PATH_BUILDERS.has(qname) && isTainted(v) ? r.argNodes[r.argNodes.length - 1] : undefined;
      const pathOf = last ? exprKey(last) : undefined;
      return pathOf ? { ...v, pathOf } : v;
    }
    if (untaintingFamily(qname)) return undefined;
    if (r.isNew && (qname === 'URL' || qname === 'url.URL')) {
      const url = derive(args[0], { shape: 'object', whole: 'no' });
      // Where each parameter landed in the string stays where it landed in the URL: `new
      // URL(\`${base}/items?id=${id}\`)` is a request of `base` whatever `id` is.
      const paramPos = args[0]?.paramPos;
      return url && { ...url, ...(paramPos ? { paramPos } : {}), url: true, urlOf: r.argNodes[0] ? exprKey(r.argNodes[0]) : undefined };
    }
    if (r.isNew && (qname === 'URLSearchParams' || qname === 'url.URLSearchParams')) return derive(args[0], { shape: 'object', whole: 'no' });
    if (qname === 'Object.assign' || qname === 'lodash.assign' || qname === 'lodash.extend' || qname === 'lodash.merge' || qname === 'lodash.defaultsDeep') {
      const merged = mergeAll(args.slice(1));
      const target = r.argNodes[0] ? unwrap(r.argNodes[0]) : undefined;
      if (target?.type === 'Identifier' && isTainted(merged)) scope.assign(target.name, mergeValues(args[0], merged), a.branch);
      return isTainted(merged) ? mergeTaint(args[0], merged) : args[0];
    }
  }
  // `keys.filter((k) => COLUMNS.includes(k))`: only the server's own names are left.
  if (method === 'filter' && isTainted(recv)) return filtered(recv, a.filterCheck(r.argNodes[0], scope));
  if (method && isTainted(recv)) return methodOnTainted(a, node, method, recv, r);
  // `await schema.validate(req.body)`: yup hands the object back with every key unless told to
  // strip unknown ones; joi and zod keep only the schema's keys.
  if (method && !recv?.role) {
    const checked = schemaValidated(method, callee, qname, args, r.argNodes);
    if (checked) return schemaTyped(a, checked, callee, method, scope);
  }
  if (method && args.some(isTainted)) {
    if (STRING_ARG_METHODS.has(method)) {
      const extra = method === 'replace' || method === 'replaceAll' ? [args[1]] : args;
      return buildString([{ value: recv }, ...extra.map((v) => ({ value: v }))]);
    }
    const obj = callee.type === 'MemberExpression' ? unwrap(callee.object) : undefined;
    if (MUTATORS.has(method) && obj?.type === 'Identifier' && !recv?.role && !recv?.mod) {
      const added = mergeAll(method === 'set' ? args.slice(1) : args);
      if (added) scope.assign(obj.name, mergeValues(recv, { ...added, flags: { ...flagsOf(added), whole: 'no' } }), a.branch);
    }
  }
  const stored = storedRead(a, node, callee, method, recv);
  if (stored) return stored;
  const mod = r.calleeV?.mod;
  if (mod) {
    const inst = instanceOf(mod, r.isNew);
    if (!inst) return undefined;
    return mod.module === 'adm-zip' ? { mod: inst, ...(mergeAll(args) ?? {}) } : { mod: inst };
  }
  if (r.isNew && r.calleeV?.cls) return { thisOf: r.calleeV.cls };
  return undefined;
}

/** zod's methods returning the parsed value (`parse`) or a result holding it (`safeParse(x).data`). */
const ZOD_PARSE = /^(?:parse|parseAsync|safeParse|safeParseAsync)$/;

/**
 * `idSchema.parse(x)` with a named schema: a string when the file binds the name to a scalar schema
 * (`const idSchema = z.string()`); with an imported one, link decides (`Flags.schema`).
 */
function schemaTyped(a: Analyzer, checked: AV, callee: Expression, method: string, scope: Scope): AV {
  if (!ZOD_PARSE.test(method) || callee.type !== 'MemberExpression') return checked;
  const recv = unwrap(callee.object);
  if (recv.type !== 'Identifier') return checked;
  const names = a.schemaNames(scope);
  const local = names.local(recv.name);
  if (local) return isScalar(local, names) ? { ...checked, flags: { ...flagsOf(checked), shape: 'string' } } : checked;
  const schema = a.schemaRef(recv.name, scope);
  return schema ? { ...checked, flags: { ...flagsOf(checked), schema } } : checked;
}

/**
 * `path.normalize(x).replace(/^(\.\.(\/|\\|$))+/, '')`: after normalising, `..` can only lead the
 * path, and the replace removes every leading one, so the result stays under the base it is joined to.
 */
function stripsLeadingDotDot(node: Call, pattern: string, replacement: string | undefined): boolean {
  if (replacement !== '' || !/^\^\(+\\\.\\\./.test(pattern) || !/\)\+$/.test(pattern)) return false;
  const callee = unwrap(node.callee);
  const recv = callee.type === 'MemberExpression' ? unwrap(callee.object) : undefined;
  return recv?.type === 'CallExpression' && /^(?:path\.)?(?:posix\.)?normalize$/.test(calleeText(recv.callee));
}

/** Encodings whose alphabet holds no character a path, markup, query or header sink needs. */
const ENCODED_SAFE = new Set(['hex', 'base64url']);
const ENCODED_CLEAN = bits('path', 'archive', 'html', 'sql', 'header', 'log', 'xpath', 'ldap', 'xml', 'xml-injection');

function methodOnTainted(a: Analyzer, node: Call, method: string, recv: AV, r: ResultInput): AV | undefined {
  if (NON_PROPAGATING.has(method)) return undefined;
  if (method === 'replace' || method === 'replaceAll') {
    const re = r.argNodes[0] ? unwrap(r.argNodes[0]) : undefined;
    let clean = re?.type === 'Literal' && 'regex' in re && re.regex ? replaceCleans(re.regex.pattern, re.regex.flags, r.args[1]?.text) : 0;
    if (re?.type === 'Literal' && 'regex' in re && re.regex && stripsLeadingDotDot(node, re.regex.pattern, r.args[1]?.text)) clean |= bits('path', 'archive');
    return withClean(derive(mergeTaint(recv, r.args[1]), { shape: 'string', whole: 'no' }, clean ? a.rec.evidence(node) : undefined), clean);
  }
  // `buf.toString('hex')`, `Buffer.from(x).toString('base64url')`: only [0-9a-f] or [A-Za-z0-9_-]
  // (no dot, slash, quote or markup) whatever the bytes were. Plain base64 keeps `/` and `+`.
  if (method === 'toString' && ENCODED_SAFE.has(r.args[0]?.text ?? '')) {
    return withClean(derive(recv, { shape: 'string', whole: 'no' }, a.rec.evidence(node)), ENCODED_CLEAN);
  }
  if (STRING_METHODS.has(method)) {
    const extra = method === 'concat' || method === 'padStart' || method === 'padEnd' ? mergeAll(r.args) : undefined;
    return derive(mergeTaint(recv, extra), { shape: 'string', whole: 'no' });
  }
  if (method === 'split' || method === 'match' || method === 'matchAll' || method === 'getAll') return derive(recv, { shape: 'strings', whole: 'no' });
  if (method === 'get') {
    const key = r.args[0]?.text;
    const v = derive(recv, { shape: 'any', whole: 'no' });
    if (v && key !== undefined && /^[\w$.-]+$/.test(key)) v.src = v.src?.map((o) => (o.label.length < 60 ? { ...o, label: `${o.label}.get('${key}')` } : o));
    return v;
  }
  if (method === 'then' || method === 'catch' || method === 'finally') return undefined;
  if (method === 'forEach') return undefined;
  // `doc.toObject()` / `toJSON()` of a record with named members set from the request: the same members.
  if ((method === 'toObject' || method === 'toJSON') && recv.fields && recv.flags?.fields) {
    return { src: recv.src, params: recv.params, flags: { ...flagsOf(recv), whole: 'no' }, steps: recv.steps, fields: recv.fields };
  }
  if (method === 'map' || method === 'flatMap') return r.cb.walked ? r.cb.ret : derive(recv, { whole: 'no' });
  if (ITERATION_METHODS.has(method)) return derive(recv, { whole: 'no' });
  return derive(recv, { whole: 'no', shape: 'any' });
}
