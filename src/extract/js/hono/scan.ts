// Per-file pass of the Hono extractor. An app is a `new Hono()` (or `new Hono<Env>()`,
// `new OpenAPIHono()`) bound to a name, often with its whole builder chain
// (`const auth = new Hono().use(mw).get('/csrf', h).route('/', sessionRoute)`). In source order it
// records what is registered on each app: `use([path], ...mw)`, routes
// (`get/post/put/patch/delete/options/all(path, ...mw, handler)`, `on(method(s), path(s), ...)`) and
// mounts of sub-apps (`route(prefix, sub)`, sub-apps imported across files and packages), plus
// `basePath()`. Middleware and handlers are judged here (early-guards.ts); link joins the apps.
import {
  calleeName,
  calleeProperty,
  isFunctionLike,
  memberPath,
  nodesUnder,
  objectProp,
  stringValue,
  unwrap,
  type AstNode,
  type CallLike,
  type FunctionLike,
  type JsIndex,
  chainRoot,
  paramNames,
} from '../_lib/ast.js';
import { federatedLogin } from '../_lib/oauth-code-exchange.js';
import { callerLookup } from '../_lib/routes-guard-signals.js';
import { helperVerdict, HONO_AUTH, judgeBody, type Verdict } from '../_lib/early-guards.js';
import { authLikeName, rateLimitLikeName } from '../_lib/routes.js';
import { changesState } from '../_lib/routes-handler-writes.js';
import { looksUpRequestToken } from '../_lib/routes-handler-public.js';
import { publicCommentReader } from '../_lib/declared-public-comment.js';
import { SIGNED_EVENT_SERVE } from '../_lib/webhook-input.js';
import { limitsInBody, signsInWithGivenPassword } from '../_lib/routes-handler-signin.js';
import { basePathOption, factoryCalls, type BasePathOption, type FactoryCall } from './factory.js';


export type Ref = { local: string } | { module: string; export: string };

export interface HonoMw {
  name: string;
  verdict?: Verdict;
  /** An imported middleware: link looks its verdict up. */
  ref?: Ref;
  /** An imported factory's call: what it is taken for when link cannot see the factory (by its callee's name; `none`: nothing). */
  unseen?: Verdict;
  /** Path-scoped `use('/api/*', mw)`: the prefix it applies under (app-local). */
  under?: string;
  /** It verifies an HMAC signature of the body (webhook-signature). */
  signed?: boolean;
}

export type HonoItem =
  | { kind: 'use'; mw: HonoMw }
  | { kind: 'route'; method: string; path: string; mw: HonoMw[]; inline?: Verdict; helpers?: HelperCall[]; line: number; snippet: string; handlerLine: number; handlerName?: string; tags?: string[] }
  | { kind: 'mount'; prefix: string; child: Ref; line: number };

/** An event SDK's signed `serve(...)` (`inngest/hono`, `@upstash/workflow/hono`; webhook-input.ts). */
function signedEventHandler(handler: AstNode, index: JsIndex): boolean {
  return handler.type === 'CallExpression' && SIGNED_EVENT_SERVE.test(index.resolvedCallee(handler) ?? '');
}

/** A helper the handler calls first with its context or a credential (`await getSession(c)`), imported: link judges it. */
export interface HelperCall {
  name: string;
  ref: Ref;
}

export interface HonoApp {
  basePath: string;
  /** `.basePath(basePath)` with an option of the exported factory the app is made in (factory.ts). */
  basePathOption?: BasePathOption;
  items: HonoItem[];
  line: number;
  /** `this.router = new Hono()`: served by whoever calls the class (a Durable Object's stub), at paths not seen here. */
  classField?: boolean;
}

export interface HonoFileRecord {
  apps: Record<string, HonoApp>;
  middlewares: Record<string, Verdict>;
  /** Exported helpers that find the caller and refuse without one (`getSession`). */
  helpers: Record<string, Verdict>;
  /** Exported helpers that hand the caller to imported helpers first (judged in link). */
  helperCalls: Record<string, HelperCall[]>;
  exports: Record<string, string>;
  reexports: { name: string; module: string; export: string }[];
  /** Middlewares (by local name) that verify an HMAC signature of the request body (a webhook sender's). */
  signed: string[];
  /** Calls of imported factories given a literal base path (factory.ts). */
  factoryCalls?: FactoryCall[];
}

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'options', 'all']);
const CHAIN = new Set([...VERBS, 'use', 'route', 'on', 'basePath', 'onError', 'notFound', 'mount', 'doc', 'openapi']);
const MIDDLEWARE_FACTORY = /(^|\.)createMiddleware$/;

/** `new Hono()`, `new Hono<Env>({ strict: false })`, `new OpenAPIHono()` from hono or @hono/zod-openapi, `factory.createApp()`. */
function creation(node: AstNode | undefined, index: JsIndex): boolean {
  const n = unwrap(node);
  if (n?.type === 'CallExpression') return factoryApp(n, index);
  if (!n || n.type !== 'NewExpression') return false;
  const callee = unwrap(n.callee as AstNode);
  if (callee.type !== 'Identifier') return false;
  const b = index.bindings.get(callee.name);
  if (b) return /^(hono|@hono\/)/.test(b.module) && /^(Hono|OpenAPIHono)$/.test(b.imported);
  return /^(Hono|OpenAPIHono)$/.test(callee.name);
}

/**
 * `honoFactory.createApp()`: an app of hono/factory's `createFactory()`, made in this file
 * (`const factory = createFactory<Env>()`) or imported under a name that says it is a factory.
 */
function factoryApp(call: CallLike, index: JsIndex): boolean {
  if (calleeProperty(call) !== 'createApp' || call.arguments.length > 1) return false;
  const callee = unwrap(call.callee as AstNode);
  const obj = callee.type === 'MemberExpression' ? unwrap(callee.object as AstNode) : undefined;
  if (obj?.type !== 'Identifier') return false;
  const init = unwrap(index.constInit(obj.name));
  if (init?.type === 'CallExpression') return /^hono\/factory\.createFactory$/.test(index.resolvedCallee(init) ?? '');
  return index.bindings.has(obj.name) && /factory$/i.test(obj.name);
}

/**
 * Names a file mounts Hono sub-apps on (`root.route('/users', users)`): an app made by a helper of
 * another file (`const root = createApi('api')`) is still an app. Express's `route()` takes a path only.
 */
function mountReceivers(index: JsIndex): Set<string> {
  const out = new Set<string>();
  if (!index.content.includes('.route(')) return out;
  for (const call of index.nodesOf('CallExpression')) {
    const args = call.arguments as AstNode[];
    if (calleeProperty(call) !== 'route' || args.length !== 2 || stringValue(args[0], index) === undefined || unwrap(args[1]).type !== 'Identifier') continue;
    const callee = unwrap(call.callee as AstNode);
    const obj = callee.type === 'MemberExpression' ? unwrap(callee.object as AstNode) : undefined;
    if (obj?.type === 'Identifier') out.add(obj.name);
  }
  return out;
}

export function scanHono(index: JsIndex): HonoFileRecord | undefined {
  const rec: HonoFileRecord = { apps: {}, middlewares: {}, helpers: {}, helperCalls: {}, exports: {}, reexports: [], signed: [] };
  const byCreation = new Map<AstNode, string>();
  const declared = new Map<AstNode, string>();
  /** Functions that register routes on an app parameter, by name → that parameter's app. */
  const registrars = new Map<string, string>();
  let receivers: Set<string> | undefined;
  const publicComment = publicCommentReader(index.content);
  for (const d of index.nodesOf('VariableDeclarator')) {
    if (d.id.type !== 'Identifier' || !d.init) continue;
    const init = unwrap(d.init as AstNode);
    declared.set(init, d.id.name);
    const root = chainRoot(init, CHAIN);
    if (creation(root, index)) {
      rec.apps[d.id.name] = { basePath: '', items: [], line: index.line(d) };
      byCreation.set(root, d.id.name);
    } else if (root.type === 'CallExpression' && unwrap(root.callee as AstNode).type === 'Identifier' && (receivers ??= mountReceivers(index)).has(d.id.name)) {
      // `const api = createApi('api'); api.route('/users', users)`: an app a helper made.
      rec.apps[d.id.name] = { basePath: '', items: [], line: index.line(d) };
    }
    const fn = middlewareFn(init, index);
    if (fn) {
      rec.middlewares[d.id.name] = judgeBody(fn, index);
      if (verifiesSignature(fn, index)) rec.signed.push(d.id.name);
    }
  }
  // `export function registerRoutes(app: typeof api) { app.openapi(route, h) }`: routes registered on
  // an app the function is handed; each call site (`registerRoutes(api)`) mounts them where it stands.
  const paramApps = new Map<AstNode, Map<string, string>>();
  for (const fn of [...index.nodesOf('FunctionDeclaration'), ...index.nodesOf('FunctionExpression'), ...index.nodesOf('ArrowFunctionExpression')] as FunctionLike[]) {
    const fnName = functionNameOf(fn, index);
    if (!fnName) continue;
    for (const p of fn.params as AstNode[]) {
      if (p.type !== 'Identifier' || !registersOn(fn, p.name, index)) continue;
      const name = `${fnName}(${p.name})`;
      rec.apps[name] = { basePath: '', items: [], line: index.line(fn) };
      let names = paramApps.get(fn as AstNode);
      if (!names) paramApps.set(fn as AstNode, (names = new Map()));
      names.set(p.name, name);
      registrars.set(fnName, name);
    }
  }
  // `this.router = new Hono()` (a Durable Object or a class holding its router): an app named by its field.
  for (const a of index.nodesOf('AssignmentExpression')) {
    const left = a.left as AstNode;
    const root = chainRoot(unwrap(a.right as AstNode), CHAIN);
    const path = left.type === 'MemberExpression' ? memberPath(left) : undefined;
    if (!path || path.length !== 2 || path[0] !== 'this' || byCreation.has(root) || !creation(root, index)) continue;
    const name = `this.${path[1]}`;
    rec.apps[name] = { basePath: '', items: [], line: index.line(a), classField: true };
    byCreation.set(root, name);
  }
  // `export default new Hono().get(...)`: an app without a name.
  for (const n of index.nodesOf('NewExpression')) {
    if (byCreation.has(n) || !creation(n, index)) continue;
    const name = `<app@${n.start}>`;
    rec.apps[name] = { basePath: '', items: [], line: index.line(n) };
    byCreation.set(n, name);
  }
  const ref = (name: string): Ref => {
    const b = index.bindings.get(name);
    return b ? { module: b.module, export: b.imported === '*' ? 'default' : b.imported } : { local: name };
  };
  for (const [exported, value] of index.exports) {
    const v = unwrap(value);
    const fn = isFunctionLike(v) ? v : v.type === 'Identifier' ? index.functionByName(v.name) : undefined;
    if (!fn) continue;
    // `export function keyMiddleware(options) { return factory.createMiddleware(async (c, next) => ...) }`:
    // a factory called at each route (`keyMiddleware()`), judged by the middleware it builds.
    const built = builtMiddleware(fn, index);
    if (built) {
      const v = judgeBody(built, index);
      // A body whose checks are out of sight (helpers) says less than an auth-like name (`middlewareAuth()`).
      rec.middlewares[exported] = v.level === 'none' && authLikeName(exported) ? { level: 'unknown', why: exported } : v;
      if (verifiesSignature(built, index)) rec.signed.push(exported);
      continue;
    }
    if (fn.params.length === 0) continue;
    // `export async function authMiddleware(c, next)`: a middleware declared as a function.
    if (fn.params.length === 2 && paramNames(fn)[1] === 'next') {
      rec.middlewares[exported] = judgeBody(fn, index);
      if (verifiesSignature(fn, index)) rec.signed.push(exported);
      continue;
    }
    const verdict = helperVerdict(fn, index);
    if (verdict.level !== 'none') rec.helpers[exported] = verdict;
    else {
      // `getAccounts(c)` that starts with `await getSession(c)`: it refuses as that helper does.
      const via = helperCallsOf(fn);
      if (via.local) rec.helpers[exported] = via.local;
      else if (via.imported.length > 0) rec.helperCalls[exported] = via.imported;
    }
  }
  const factories = factoryCalls(index);
  if (factories.length > 0) rec.factoryCalls = factories;
  if ([rec.apps, rec.middlewares, rec.helpers, rec.helperCalls].every((m) => Object.keys(m).length === 0) && !index.program.body.some((st) => (st as AstNode).type === 'ExportAllDeclaration')) return factories.length > 0 ? rec : undefined;

  const mwOf = (arg: AstNode): HonoMw => {
    const n = unwrap(arg);
    const text = index.text(n).replace(/\s+/g, ' ').slice(0, 60);
    const signed = (fn: FunctionLike): { signed?: boolean } => (verifiesSignature(fn, index) ? { signed: true } : {});
    if (isFunctionLike(n)) return { name: '<inline middleware>', verdict: judgeBody(n, index), ...signed(n) };
    const inner = middlewareFn(n, index);
    if (inner) return { name: '<inline middleware>', verdict: judgeBody(inner, index), ...signed(inner) };
    if (n.type === 'Identifier') {
      const local = rec.middlewares[n.name];
      if (local) return { name: n.name, verdict: local, ...(rec.signed.includes(n.name) ? { signed: true } : {}) };
      const fn = index.functionByName(n.name);
      if (fn) return { name: n.name, verdict: judgeBody(fn, index), ...signed(fn) };
      const init = unwrap(index.constInit(n.name));
      if (init && init.type === 'CallExpression') return { ...mwOf(init), name: n.name };
      if (index.bindings.has(n.name)) return { name: n.name, ref: ref(n.name) };
    }
    // Hono's own credential middleware: a fixed token, a user/password pair or a verified JWT.
    if (n.type === 'CallExpression' && HONO_AUTH.test(index.resolvedCallee(n) ?? '')) return { name: text, verdict: { level: 'user', why: text } };
    // Validators, cors(), rate limiters and the like: named, not guards; auth-looking names are unknown.
    const name = n.type === 'CallExpression' ? (calleeName(n) ?? text) : text;
    if (/validator$/i.test(name) || rateLimitLikeName(name)) return { name: text };
    const byName: Verdict | undefined = authLikeName(name) ? { level: 'unknown', why: text } : undefined;
    // `keyMiddleware({ readOnly: false })`: a factory of this file or an imported one, judged by the middleware it builds.
    const callee = n.type === 'CallExpression' ? unwrap(n.callee as AstNode) : undefined;
    if (callee?.type === 'Identifier') {
      const factory = index.functionByName(callee.name);
      const built = factory ? builtMiddleware(factory, index) : undefined;
      if (built) {
        const v = judgeBody(built, index);
        return { name: text, verdict: v.level === 'none' && byName ? byName : v, ...signed(built) };
      }
      if (!factory && index.bindings.has(callee.name)) return { name: text, ref: ref(callee.name), unseen: byName ?? { level: 'none', why: '' } };
    }
    return byName ? { name: text, verdict: byName } : { name: text };
  };
  const appOf = (call: CallLike): HonoApp | undefined => {
    const root = chainRoot(call, CHAIN);
    if (root.type === 'NewExpression' || byCreation.has(root)) {
      const name = byCreation.get(root);
      return name ? rec.apps[name] : undefined;
    }
    const path = memberPath(root);
    if (path?.length === 2 && path[0] === 'this') return rec.apps[`this.${path[1]}`];
    return path && path.length === 1 ? appNamed(path[0], call as AstNode) : undefined;
  };
  /** The app a name means at a node: a parameter app of an enclosing function, else the file's app. */
  function appNamed(name: string, at: AstNode): HonoApp | undefined {
    for (let fn = index.enclosingFunction(at); fn; fn = index.enclosingFunction(fn as AstNode)) {
      const own = paramApps.get(fn as AstNode)?.get(name);
      if (own) return rec.apps[own];
      if (paramNames(fn).includes(name)) return undefined;
    }
    return rec.apps[name];
  }

  const calls = [...index.nodesOf('CallExpression')].sort((a, b) => a.start - b.start || a.end - b.end);
  for (const call of calls) {
    const callee = unwrap(call.callee as AstNode);
    if (callee.type === 'Identifier') {
      // `registerRoutes(api)`: the routes that function registers on its parameter join `api` here.
      const registrar = registrars.get(callee.name);
      const child: Ref | undefined = registrar ? { local: registrar } : index.bindings.has(callee.name) ? ref(callee.name) : undefined;
      for (const a of call.arguments as AstNode[]) {
        const target = unwrap(a);
        const app = child && target.type === 'Identifier' ? appNamed(target.name, call as AstNode) : undefined;
        if (app && child) app.items.push({ kind: 'mount', prefix: '', child, line: index.line(call) });
      }
      continue;
    }
    const prop = calleeProperty(call);
    if (!prop || !CHAIN.has(prop)) continue;
    const app = appOf(call);
    if (!app) continue;
    const args = call.arguments as AstNode[];
    if (prop === 'basePath') {
      const p = stringValue(args[0], index);
      if (p !== undefined && p !== '/') app.basePath = p;
      const option = p === undefined ? basePathOption(args[0], call, index) : undefined;
      if (option) app.basePathOption = option;
    } else if (prop === 'use') {
      const scoped = args.length > 1 ? stringValue(args[0], index) : undefined;
      for (const a of scoped !== undefined ? args.slice(1) : args) {
        const mw = mwOf(a);
        if (scoped !== undefined && scoped !== '*' && scoped !== '/*') mw.under = scoped.replace(/\/?\*$/, '') || '/';
        app.items.push({ kind: 'use', mw });
      }
    } else if (prop === 'route') {
      const prefix = stringValue(args[0], index);
      const child = unwrap(args[1]);
      if (prefix === undefined || !child) continue;
      const childRef = child.type === 'Identifier' ? ref(child.name) : child.type === 'NewExpression' || child.type === 'CallExpression' ? localApp(child) : undefined;
      if (childRef) app.items.push({ kind: 'mount', prefix, child: childRef, line: index.line(call) });
    } else if (VERBS.has(prop) || prop === 'on' || prop === 'openapi') {
      const spec = prop === 'openapi' ? openApiRoute(args[0], index) : undefined;
      if (prop === 'openapi' && !spec) continue;
      const rest = prop === 'on' ? args.slice(1) : args;
      const methods = spec ? [spec.method] : prop === 'on' ? stringsOf(args[0], index) : [prop === 'all' ? 'ALL' : prop.toUpperCase()];
      const paths = spec ? [spec.path] : stringsOf(rest[0], index);
      if (!methods || !paths || rest.length < 2) continue;
      const handler = unwrap(rest[rest.length - 1]);
      const fn = isFunctionLike(handler) ? handler : handler.type === 'Identifier' ? index.functionByName(handler.name) : undefined;
      const mw = (spec ? spec.middleware : rest.slice(1, -1)).map(mwOf);
      let inline = fn ? judgeBody(fn, index) : undefined;
      let helpers: HelperCall[] = [];
      if (fn && inline?.level === 'none') {
        const via = helperCallsOf(fn);
        if (via.local) inline = via.local;
        else helpers = via.imported;
      }
      // `app.post('/x', handleX)` with `handleX` imported: link judges its body in its own file.
      if (!fn && handler.type === 'Identifier' && index.bindings.has(handler.name)) helpers = [{ name: handler.name, ref: ref(handler.name) }];
      for (const method of methods) {
        for (const path of paths) {
          // In a chain every call starts where the chain does: the `.post(` of this route is its line.
          const at = (unwrap(call.callee as AstNode) as AstNode & { property?: AstNode }).property ?? call;
          const item: HonoItem = { kind: 'route', method: method.toUpperCase(), path, mw, line: index.line(at), snippet: index.evidence(at).snippet ?? '', handlerLine: fn ? index.line(fn) : index.line(at) };
          if (inline && inline.level !== 'none') item.inline = inline;
          else if (helpers.length > 0) item.helpers = helpers;
          if (handler.type === 'Identifier') item.handlerName = handler.name;
          if (signedEventHandler(handler, index)) item.tags = ['webhook-signature'];
          if (app.classField) item.tags = [...(item.tags ?? []), 'mount-unresolved'];
          // `app.post('/ok', (c) => c.json(status))`: a POST handler of its own seen to write nothing, with
          // no middleware of its own before it, is not state-changing by its verb alone (PUT, PATCH and
          // DELETE announce a change whatever helpers the handler hands it to).
          if (fn && mw.length === 0 && method.toUpperCase() === 'POST' && !changesState(fn, index)) item.tags = [...(item.tags ?? []), 'no-state-change'];
          // A one-time secret the caller sends (an invitation's token) picks the record the handler changes: public by design.
          if (fn && method.toUpperCase() !== 'GET' && looksUpRequestToken(fn)) item.tags = [...(item.tags ?? []), 'capability-token'];
          if (publicComment?.([app.line, item.line])) item.tags = [...(item.tags ?? []), 'declared-public'];
          // A handler that signs in with the posted password is a login (its own rate limit counts);
          // not where a one-time secret must pick the record first (an invitation accepted by signing
          // in): guessing the password needs that secret.
          if (fn && method.toUpperCase() === 'POST' && !item.tags?.includes('capability-token') && signsInWithGivenPassword(fn)) item.tags = [...(item.tags ?? []), 'login', ...(limitsInBody(fn) ? ['rate-limited'] : [])];
          // The callback of a sign-in with a provider (an OAuth code exchanged, no caller required): a
          // federated login step; a login where it starts the session (oauth-code-exchange.ts).
          if (fn && !item.inline && federatedLogin(fn.body as AstNode, index, (c) => callerLookup(c, index) !== undefined)) item.tags = [...(item.tags ?? []), 'federated', ...(item.tags?.includes('login') ? [] : ['login'])];
          app.items.push(item);
        }
      }
    }
  }
  for (const [exported, value] of index.exports) {
    const v = unwrap(value);
    const fnName = isFunctionLike(v) ? functionNameOf(v, index) : undefined;
    const local = fnName && registrars.has(fnName) ? registrars.get(fnName) : v.type === 'Identifier' ? (registrars.get(v.name) ?? v.name) : (declared.get(v) ?? byCreation.get(chainRoot(v, CHAIN)));
    if (local) rec.exports[exported] = local;
    // `export async function authMiddleware(c, next)`, `export async function handler(c)`: looked up by their exported names.
    else if (rec.middlewares[exported] || rec.helpers[exported] || rec.helperCalls[exported]) rec.exports[exported] = exported;
  }
  for (const stmt of index.program.body) {
    const s = stmt as AstNode;
    // `export * from './auth'`: any name may come from there.
    if (s.type === 'ExportAllDeclaration' && !s.exported) rec.reexports.push({ name: '*', module: String(s.source.value), export: '*' });
    if (s.type !== 'ExportNamedDeclaration' || !s.source) continue;
    for (const sp of s.specifiers) {
      const local = sp.local.type === 'Identifier' ? sp.local.name : String(sp.local.value);
      const exported = sp.exported.type === 'Identifier' ? sp.exported.name : String(sp.exported.value);
      rec.reexports.push({ name: exported, module: String(s.source.value), export: local });
    }
  }
  return rec;

  /** The helpers a function calls first with its context: a same-file one judged here, imported ones for link. */
  function helperCallsOf(fn: FunctionLike): { local?: Verdict; imported: HelperCall[] } {
    const imported: HelperCall[] = [];
    for (const call of firstCalls(fn)) {
      const callee = unwrap(call.callee as AstNode);
      if (callee.type !== 'Identifier') continue;
      const local = index.functionByName(callee.name);
      if (local && local !== fn) {
        const v = helperVerdict(local, index);
        if (v.level === 'user' || v.level === 'admin') return { local: { level: v.level, why: `${callee.name}(): ${v.why}` }, imported };
      } else if (index.bindings.has(callee.name)) imported.push({ name: callee.name, ref: ref(callee.name) });
    }
    return { imported };
  }

  function localApp(node: AstNode): Ref | undefined {
    const name = byCreation.get(chainRoot(node, CHAIN));
    return name ? { local: name } : undefined;
  }
}

/**
 * Calls a handler makes first (before it returns), given its context or a credential from it:
 * `await getSession(c)`, `resolveApiToken(c.req.header('authorization'))`, also inside a `try`.
 */
function firstCalls(fn: FunctionLike): CallLike[] {
  const body = unwrap(fn.body as AstNode | null);
  const param = fn.params[0] && (fn.params[0] as AstNode).type === 'Identifier' ? (fn.params[0] as unknown as { name: string }).name : undefined;
  if (!body || !param) return [];
  const stmts: AstNode[] = body.type === 'BlockStatement' ? [] : [body];
  for (const s of body.type === 'BlockStatement' ? (body.body as AstNode[]) : []) {
    if (s.type === 'TryStatement') stmts.push(...(s.block.body as AstNode[]));
    else stmts.push(s);
  }
  const out: CallLike[] = [];
  for (const s of stmts.slice(0, 6)) {
    // `if (!enabled) throw ...`: a refusal on the way does not end the search; any other branch does.
    if (s.type === 'IfStatement' && !s.alternate && endsInThrow(s.consequent as AstNode)) continue;
    if (s.type === 'ReturnStatement' || s.type === 'IfStatement') break;
    const exprs = s.type === 'VariableDeclaration' ? s.declarations.map((d) => d.init as AstNode | null) : s.type === 'ExpressionStatement' ? [s.expression as AstNode] : s === body ? [s] : [];
    for (const e of exprs) {
      if (!e) continue;
      // `c.json(await getAccounts(c))`: calls nested in the expression too, callee a plain name.
      for (const n of nodesUnder(e, 'CallExpression')) {
        if (unwrap(n.callee as AstNode).type !== 'Identifier') continue;
        const takesContext = (n.arguments as AstNode[]).some((a) => nodesUnder(a, 'Identifier').some((id) => id.name === param));
        if (takesContext) out.push(n);
      }
    }
  }
  return out;
}

function endsInThrow(node: AstNode): boolean {
  const last = node.type === 'BlockStatement' ? (node.body as AstNode[])[node.body.length - 1] : node;
  return !!last && last.type === 'ThrowStatement';
}

/** `'GET'`, `['GET', 'POST']`, `'/x'`, `['/a', '/b']`. */
function stringsOf(node: AstNode | undefined, index: JsIndex): string[] | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  const s = stringValue(n, index);
  if (s !== undefined) return [s];
  if (n.type !== 'ArrayExpression') return undefined;
  const out: string[] = [];
  for (const e of n.elements) {
    const v = e && e.type !== 'SpreadElement' ? stringValue(e as AstNode, index) : undefined;
    if (v === undefined) return undefined;
    out.push(v);
  }
  return out;
}

/** `createMiddleware(async (c, next) => ...)` (hono/factory). */
function middlewareFn(node: AstNode, index: JsIndex): FunctionLike | undefined {
  const n = unwrap(node);
  if (n.type !== 'CallExpression' || !MIDDLEWARE_FACTORY.test(calleeName(n) ?? '')) return undefined;
  const arg = unwrap(n.arguments[0] as AstNode | undefined);
  if (!arg) return undefined;
  return isFunctionLike(arg) ? arg : arg.type === 'Identifier' ? index.functionByName(arg.name) : undefined;
}

/**
 * The middleware a factory builds and returns: `return createMiddleware(async (c, next) => ...)`, or
 * `const mw = factory.createMiddleware(...); return mw` (the last statement of its body).
 */
function builtMiddleware(fn: FunctionLike, index: JsIndex): FunctionLike | undefined {
  const body = unwrap(fn.body as AstNode | null);
  if (!body) return undefined;
  if (body.type !== 'BlockStatement') return middlewareFn(body, index);
  const stmts = body.body as AstNode[];
  const last = stmts[stmts.length - 1];
  if (!last || last.type !== 'ReturnStatement' || !last.argument) return undefined;
  const value = unwrap(last.argument as AstNode);
  if (value.type !== 'Identifier') return middlewareFn(value, index);
  for (const st of stmts) {
    if (st.type !== 'VariableDeclaration') continue;
    for (const d of st.declarations) if (d.id.type === 'Identifier' && d.id.name === value.name && d.init) return middlewareFn(d.init as AstNode, index);
  }
  return undefined;
}

/** The name a function is known by in its file: `function f`, `const f = () =>`, `export const f = function`. */
function functionNameOf(fn: FunctionLike, index: JsIndex): string | undefined {
  const id = (fn as AstNode & { id?: AstNode | null }).id;
  if (id && id.type === 'Identifier') return id.name;
  const parent = index.parent(fn as AstNode);
  return parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier' ? parent.id.name : undefined;
}

/**
 * Does the function register routes on its parameter `name`: `name.openapi(route, h)` (zod-openapi
 * routes), or `name.get('/x', h)` when the parameter is typed as a Hono app (`app: Hono<Env>`,
 * `app: OpenAPIHono`, `app: typeof api`)?
 */
function registersOn(fn: FunctionLike, name: string, index: JsIndex): boolean {
  const p = (fn.params as AstNode[]).find((x) => x.type === 'Identifier' && x.name === name);
  const typed = !!p && /:\s*(?:(?:OpenAPI)?Hono\b|typeof\s+[A-Za-z_$][\w$]*\s*$)/.test(index.text(p));
  return nodesUnder(fn.body as AstNode, 'CallExpression').some((c) => {
    const obj = unwrap(c.callee as AstNode);
    if (obj.type !== 'MemberExpression') return false;
    const root = chainRoot(unwrap(obj.object as AstNode), CHAIN);
    if (root.type !== 'Identifier' || root.name !== name) return false;
    const prop = calleeProperty(c) ?? '';
    return prop === 'openapi' || (typed && (VERBS.has(prop) || prop === 'route' || prop === 'on') && stringValue((c.arguments as AstNode[])[prop === 'on' ? 1 : 0], index) !== undefined);
  });
}

/**
 * The route of `app.openapi(route, handler)` (@hono/zod-openapi): `createRoute({ method, path,
 * middleware })`, inline or a const of the file. OpenAPI path templates (`/{id}`) become `:id`.
 */
function openApiRoute(node: AstNode | undefined, index: JsIndex): { method: string; path: string; middleware: AstNode[] } | undefined {
  let n = unwrap(node);
  if (n?.type === 'Identifier') n = unwrap(index.constInit(n.name));
  if (n?.type === 'CallExpression') n = unwrap((n.arguments as AstNode[])[0]);
  if (!n || n.type !== 'ObjectExpression') return undefined;
  const method = stringValue(objectProp(n, 'method'), index);
  const path = stringValue(objectProp(n, 'path'), index);
  if (!method || path === undefined) return undefined;
  const mw = unwrap(objectProp(n, 'middleware'));
  const middleware = !mw ? [] : mw.type === 'ArrayExpression' ? (mw.elements.filter((e) => e && e.type !== 'SpreadElement') as AstNode[]) : [mw];
  return { method: method.toUpperCase(), path: path.replace(/\{([A-Za-z_$][\w$]*)\}/g, ':$1'), middleware };
}

/**
 * A middleware that authenticates a webhook sender rather than a user: it reads a signature header,
 * computes an HMAC of the body (`createHmac`, `crypto.subtle.sign('HMAC', …)`) and refuses with
 * 401/403 (or a throw) when the header is missing and when the two differ.
 */
function verifiesSignature(fn: FunctionLike, index: JsIndex): boolean {
  const text = index.text(fn as unknown as AstNode);
  if (!/\.(?:header|get)\s*\(\s*['"`][\w-]*signature[\w-]*['"`]/i.test(text)) return false;
  const refusals = nodesUnder(fn.body as AstNode, 'IfStatement').filter((s) => {
    const cons = s.consequent as AstNode;
    return nodesUnder(cons, 'ThrowStatement').length > 0 || /\b40[13]\b/.test(index.text(cons));
  });
  if (/createHmac\s*\(|subtle\s*\.\s*(?:sign|verify)\s*\(|['"`]HMAC['"`]/.test(text)) return refusals.length >= 2;
  // `const event = await parseStripeEvent(c, body, signature)` after refusing a missing signature: a
  // verifier (the vendor SDK's `constructEvent`) handed the signature and the raw body throws on a mismatch.
  return refusals.length >= 1 && signatureHelper(fn, index);
}

/** A call handed both the signature header's value and the raw body (`await c.req.text()`). */
function signatureHelper(fn: FunctionLike, index: JsIndex): boolean {
  const names = (re: RegExp): Set<string> => {
    const out = new Set<string>();
    for (const d of nodesUnder(fn.body as AstNode, 'VariableDeclarator')) if (d.id.type === 'Identifier' && d.init && re.test(index.text(d.init as AstNode))) out.add(d.id.name);
    return out;
  };
  const signatures = names(/\.(?:header|get)\s*\(\s*['"`][\w-]*signature[\w-]*['"`]/i);
  const bodies = names(/\.(?:text|arrayBuffer|raw\s*\.\s*text)\s*\(\s*\)/);
  if (signatures.size === 0 || bodies.size === 0) return false;
  return nodesUnder(fn.body as AstNode, 'CallExpression').some((c) => {
    const ids = (c.arguments as AstNode[]).map((a) => unwrap(a)).filter((a) => a.type === 'Identifier').map((a) => (a as AstNode & { name: string }).name);
    return ids.some((n) => signatures.has(n)) && ids.some((n) => bodies.has(n));
  });
}
