// Router-style route scanner shared by the express, koa and fastify extractors. It follows app and
// router objects through one file in source order: routes (`router.get(path, ...mw, handler)`,
// `app.route(path).get()`, `fastify.route({...})`), middleware registered with `use`/hooks (which
// applies to what is registered after it), mounts of other routers (`app.use('/api', router)`,
// `app.use(router.routes())`, `fastify.register(plugin, { prefix })`, `require('./routes')(app)`)
// and exported routers. What crosses files is written as `js-router-mount` records for link.
import { staticResponder } from './static-responder.js';
import { browserCode } from './browser-code.js';
import { devOnly } from './dev-only.js';
import { strategyHandlerRef } from './passport-strategies.js';
import { posix } from 'node:path';
import type { Evidence, FactInput } from '../../../model/types.js';
import { pluginSlotOf } from './plugin-slots.js';
import {
  calleeObject,
  calleeProperty,
  isFunctionLike,
  literalValue,
  nodesUnder,
  memberPath,
  objectProp,
  paramNames,
  requireModule,
  resolveObject,
  stringValue,
  topLevelReturn,
  unwrap,
  unwrapAwait,
  type AstNode,
  type CallLike,
  type FunctionLike,
  type JsIndex,
  chainRoot,
  WRAPPERS,
} from './ast.js';
import {
  routerish,
  creation,
  pathsOf,
  staticField,
  parametrisedPath,
  requestHandlerArg,
  loopExpansions,
  forOfExpansions,
  SWAGGER_UI,
  staticMiddleware,
  mountedStatic,
  koaMountPrefix,
  restSlot,
  restParamOf,
  clientOptions,
  responseAwaited,
  objectKeysOf,
  creationKey,
  pluginFunction,
  skipsEncapsulation,
  hapiRouteObject,
  type RouterFramework,
} from './routes-scan-shapes.js';
import { crudRoutes, FINALE_INIT, FINALE_RESOURCE, resourcejsRoutes } from './routes-crud.js';
import { isLocalModule, isMountableModule, moduleLinkFacts, withExportPath } from './routes-exports.js';
import { accessFacts, resolveHandler, summarizeHandler } from './routes-handler.js';
import { answers } from './routes-handler-writes.js';
import { graphqlMiddleware } from './routes-realtime.js';
import { classExportNames } from './routes-controllers.js';
import { injectedClass } from './ast-names.js';
import { classGateLists, prefixDispatch, tableExpansions } from './routes-scan-tables.js';
import { appliedCollector, routeGroups } from './routes-scan-groups.js';
import { defaultString, describeArg, indices, pathText, registrarArgs, registrarCallee, registrarCallFact, registrarSummaries, registryCallee, type RegistrarCallRecord } from './routes-registrars.js';
import { constructRef, flattenArgs, handlerBeforeTrailingGuards, hookRef, mwRef, patternGuardRefs } from './routes-refs.js';
import {
  fileNoExt,
  HTTP_METHODS,
  internalFact,
  joinPath,
  normalizeMethod,
  routeFact,
  underPrefix,
  type MwRef,
  type ReceiverRef,
  type RouteMeta,
} from './routes.js';

export type { RouterFramework };

export interface MountRecord {
  /**
   * autoload: every plugin file under `dir` is registered on `parent` (@fastify/autoload).
   * unused: a router module imported here and never used (its mount commented out).
   * autoprefix: this plugin file's `export const autoPrefix = '/_app'` (`prefix`), or its
   * `prefixOverride` (`override`), which @fastify/autoload applies when it loads the file.
   */
  kind: 'mount' | 'export' | 'call' | 'autoload' | 'unused' | 'autoprefix';
  framework: string;
  parent?: ReceiverRef;
  child?: ReceiverRef;
  prefix?: string;
  mw?: MwRef[];
  /** export: local receiver id and the name it is exported under. */
  id?: string;
  export?: string;
  /** mount of an import judged middleware by its name: link keeps it only if the module exports a router. */
  tentative?: boolean;
  /** autoload: folder (repository-relative) and whether sub-folders prefix their routes. */
  dir?: string;
  dirPrefix?: boolean;
  /** call: made only outside production (`if (options.dev) (await import('./dev-server')).default(app)`). */
  devOnly?: boolean;
  /** autoprefix: the prefix replaces the loader's (`prefixOverride`) instead of extending it. */
  override?: boolean;
  /**
   * export of a `fastify-plugin` wrapped plugin: the hooks it adds, which escape encapsulation and
   * guard the context that registers it (`f.register(fp(async (i) => i.addHook('preHandler', auth)))`).
   */
  hoisted?: MwRef[];
}

interface Receiver {
  name: string;
  id: string;
  kind: 'app' | 'router' | 'param' | 'import' | 'guess';
  ref: ReceiverRef;
  prefix: string;
  chain: MwRef[];
  hooks: MwRef[];
  scope?: FunctionLike;
  paramIndex?: number;
  /**
   * A parameter taken for an app by what is registered on it (`express.get('/x', handler)` with a
   * `(req, res)` handler), whatever its name: its routes count only where a caller hands it one.
   */
  loose?: boolean;
}

const FASTIFY_HOOKS = new Set(['onRequest', 'preParsing', 'preValidation', 'preHandler']);
const METHODS = new Set<string>(HTTP_METHODS);
/**
 * Router/app methods that return the router itself, so further calls can be chained on them
 * (`app.set('env', 'production').disable('x-powered-by').use(mw).get('/', h)`).
 */
const CHAINABLE = new Set<string>([...HTTP_METHODS, 'use', 'param', 'set', 'enable', 'disable', 'engine']);
/**
 * Fastify instance methods that return the instance: `fastify.register(a).register(b, { prefix })`,
 * `fastify.addHook('preHandler', auth).get('/x', h)`, `fastify.decorate('x', v).route({...})`,
 * `fastify.withTypeProvider<TypeBoxTypeProvider>().get('/x', opts, h)` (the same instance, retyped).
 */
export const FASTIFY_CHAINABLE = new Set<string>([...HTTP_METHODS, 'route', 'register', 'withTypeProvider', 'addHook', 'decorate', 'decorateRequest', 'decorateReply', 'setErrorHandler', 'setNotFoundHandler', 'addSchema', 'addContentTypeParser', 'setValidatorCompiler', 'setSerializerCompiler']);
/**
 * The name receiver ids give a function. A function handed inline to a call is named by that call
 * (`fastify.register`), which its siblings share (`register(async (f) => ..., { prefix: '/a' })`
 * then `register(async (f) => ..., { prefix: '/b' })`), so its position tells them apart.
 */
export function receiverFnName(fn: FunctionLike, index: JsIndex): string {
  const name = index.functionName(fn);
  if (name === undefined) return `fn${fn.start}`;
  let child: AstNode = fn;
  let parent = index.parent(fn);
  while (parent && WRAPPERS.has(parent.type)) {
    child = parent;
    parent = index.parent(parent);
  }
  const inline = (parent?.type === 'CallExpression' || parent?.type === 'NewExpression') && parent.callee !== child;
  return inline ? `${name}@${fn.start}` : name;
}
/** Of calls starting at the same place, the inner one (the earlier end) first. */
function byStartThenEnd(a: AstNode, b: AstNode): number {
  return a.start - b.start || a.end - b.end;
}

/**
 * `[...calls].sort(byStartThenEnd)` without the sort when the index's pre-order list is in order of
 * start but for chains (`a.b().c()`: the outer call, then the inner one at the same start, with an
 * earlier end): then each run of calls at one start, their ends strictly falling, is reversed.
 * No two calls of the result compare equal, so it is the one order the stable sort can give.
 */
function sourceOrder<T extends AstNode>(calls: readonly T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < calls.length; ) {
    let j = i + 1;
    while (j < calls.length && calls[j].start === calls[i].start) {
      if (calls[j].end >= calls[j - 1].end) return [...calls].sort(byStartThenEnd);
      j++;
    }
    if (j < calls.length && calls[j].start < calls[i].start) return [...calls].sort(byStartThenEnd);
    for (let k = j - 1; k >= i; k--) out.push(calls[k]);
    i = j;
  }
  return out;
}

/**
 * A route hook that runs guards one after the other through their callbacks, `(req, res, done) =>
 * { verifyAuth(modes)(req, res, () => { verifyAdmin(req, res, done); }); }`: the guards in order
 * (each runs only when the one before passes), or undefined for any other shape.
 */
function composedGuards(node: AstNode): AstNode[] | undefined {
  const fn = unwrap(node);
  if (!isFunctionLike(fn) || fn.params.length !== 3) return undefined;
  const names = fn.params.map((p) => ((p as AstNode).type === 'Identifier' ? (p as { name: string }).name : ''));
  const out: AstNode[] = [];
  let current: FunctionLike | undefined = fn;
  for (let depth = 0; current && depth < 4; depth++) {
    let body: AstNode | undefined = unwrap(current.body as AstNode | null) ?? undefined;
    if (body?.type === 'BlockStatement') body = body.body.length === 1 && body.body[0].type === 'ExpressionStatement' ? unwrap(body.body[0].expression as AstNode) : undefined;
    const call: AstNode | undefined = unwrapAwait(body);
    if (call?.type !== 'CallExpression' || call.arguments.length !== 3) return undefined;
    const [req, res, last] = call.arguments.map((a: AstNode) => unwrap(a));
    if (req.type !== 'Identifier' || req.name !== names[0] || res.type !== 'Identifier' || res.name !== names[1]) return undefined;
    out.push(call.callee as AstNode);
    if (last.type === 'Identifier' && last.name === names[2]) return out.length > 1 ? out : undefined;
    current = isFunctionLike(last) && last.params.length === 0 ? last : undefined;
  }
  return undefined;
}

/** Routers of an exported array read by position (`routes[0]`…), at most this many. */
const LIST_EXPORTS = 12;
const GROUP_NAME = /^\w+Routes$/;
/** Zero-argument methods that hand out the router an instance keeps: `routes.getRouter()`. */
const ROUTER_GETTER = /^get(Router|Routes|App|ExpressRouter)$/;
const GUESS_NAME = /^(app|router|server|api|apiRouter|routes?|\w+Router|\w+App|fastify|instance)$/;
export class RouterScan {
  readonly facts: FactInput[] = [];
  private readonly receivers = new Map<string, Receiver>();
  private readonly fne: string;
  private finale?: { recv?: Receiver; base: string };
  /** Does the file name resourcejs at all (checked once, before any call is looked at for it)? */
  private resourcejs?: boolean;
  /** Route-registration helpers of this file (routes-registrars.ts): their inner route calls are expanded per call site instead. */
  private registrars?: ReturnType<typeof registrarSummaries>;
  private registrarCalls = 0;
  /** Classes whose instances are routers (routes-controllers.ts): exported as such for link. */
  private readonly classReceivers = new Set<AstNode>();
  /** Router fields of classes (`this.router = express()` in a constructor): field receiver name → class. */
  private readonly fieldClasses = new Map<string, AstNode>();
  /** Static-folder entry points already emitted (`receiver id path`): later folders at the same path are the same endpoint. */
  private readonly staticPaths = new Set<string>();

  /** Methods returning the router or instance they are called on, for this framework. */
  private readonly chainable: ReadonlySet<string>;

  constructor(
    private readonly index: JsIndex,
    private readonly fw: RouterFramework,
  ) {
    this.fne = fileNoExt(index.file);
    this.chainable = fw === 'fastify' ? FASTIFY_CHAINABLE : CHAINABLE;
  }

  run(): FactInput[] {
    // `api.post('/groups', data)` in front-end code is a client call, not a route.
    if (browserCode(this.index)) return [];
    this.findCreations();
    if (this.fw === 'fastify') this.collectHooks();
    // Source order; of calls starting at the same place (`Router().use(a).use(b)`) the inner one
    // runs first.
    const calls = sourceOrder(this.index.nodesOf('CallExpression'));
    if (this.fw === 'express') {
      const reg = registrarSummaries(this.index);
      this.registrars = reg;
      this.facts.push(...reg.facts);
    }
    for (const call of calls) this.visit(call);
    this.recordExports();
    if (this.fw === 'fastify') this.recordAutoPrefix();
    this.recordUnusedRouters();
    this.facts.push(...moduleLinkFacts(this.index), ...classGateLists(this.index));
    return this.facts;
  }

  // ------------------------------------------------------------------------------------------
  // Receivers

  private findCreations(): void {
    for (const d of this.index.nodesOf('VariableDeclarator')) {
      let init = unwrap(d.init as AstNode | null);
      while (init && init.type === 'AssignmentExpression') init = unwrap(init.right);
      // `const api = Router().use(a)`: the name denotes the router the chain starts from.
      const root = init ? chainRoot(init, this.chainable) : undefined;
      const made = creation(root, this.index, this.fw);
      if (made && root && d.id.type === 'Identifier') this.addLocal(d.id.name, made.kind, made.prefix, d, root);
    }
    // koa: `const router = new SchemaRouter(...)` later attached with `parent.use(router.routes())`:
    // an instance of a Router subclass (its prefix, set in its constructor, is not known here).
    if (this.fw === 'koa') {
      const routed = new Set(this.index.nodesOf('CallExpression').filter((c) => calleeProperty(c) === 'routes' && c.arguments.length === 0).map((c) => unwrap(calleeObject(c) as AstNode)).flatMap((o) => (o?.type === 'Identifier' ? [o.name] : [])));
      for (const d of routed.size > 0 ? this.index.nodesOf('VariableDeclarator') : []) {
        const init = unwrap(d.init as AstNode | null);
        if (d.id.type === 'Identifier' && routed.has(d.id.name) && init?.type === 'NewExpression') this.addLocal(d.id.name, 'router', '', d, init);
      }
    }
    for (const a of this.index.nodesOf('AssignmentExpression')) {
      const root = chainRoot(a.right, this.chainable);
      const made = creation(root, this.index, this.fw);
      const name = memberPath(a.left as AstNode)?.join('.');
      if (made && name && name !== 'module.exports' && !name.startsWith('exports.')) {
        this.addLocal(name, made.kind, made.prefix, a, root);
        const cls = /^this\.\w+$/.test(name) && (made.kind === 'app' || made.kind === 'router') ? this.index.enclosingClass(a) : undefined;
        if (cls && !this.fieldClasses.has(name)) this.fieldClasses.set(name, cls as AstNode);
      }
    }
    this.findDefaultParams();
    if (this.fw === 'fastify') this.findPlugins();
    this.findGroups();
  }

  /**
   * Route groups of a collector (routes-scan-groups.ts): `const adminRoutes = endpoints.group(auth)`
   * is a router hanging off the collector, the group's middleware and prefix on that edge so that
   * routes added to it in other modules get them too.
   */
  private findGroups(): void {
    for (const g of routeGroups(this.index, (n) => this.receivers.has(n))) {
      if (this.receivers.has(g.name)) continue;
      if (g.created && !this.receivers.has(g.from)) this.addLocal(g.from, 'router', '', g.created, unwrap((g.created as { init: AstNode }).init));
      const b = this.index.bindings.get(g.from);
      const parent = this.receivers.get(g.from)?.ref ?? (b ? { module: b.module, from: this.index.file, export: b.imported === '*' ? 'default' : b.imported } : undefined);
      if (!parent) continue;
      this.addLocal(g.name, 'router', '', g.decl, g.made);
      this.mount(g.decl, { kind: 'mount', framework: this.fw, parent, child: this.receivers.get(g.name)!.ref, prefix: g.prefix, mw: g.mw });
    }
  }

  /**
   * `for (const e of endpoints.listAll()) e.apply(router)`: a route collector (a group list of this
   * file or an import) applied to a router is mounted on it with the router's middleware so far.
   * Says whether it was mounted from a loop (`looped`) or by a direct call (`direct`).
   */
  private applyCollector(call: CallLike): 'looped' | 'direct' | undefined {
    const applied = appliedCollector(call, this.index);
    if (!applied) return undefined;
    const { name } = applied;
    const target = this.receiverOf(call.arguments[0] as AstNode, call, false);
    if (!target || target.kind === 'import' || target.kind === 'guess') return undefined;
    const local = this.receivers.get(name);
    const b = this.index.bindings.get(name);
    const child = local?.ref ?? (b && isLocalModule(b.module) ? { module: b.module, from: this.index.file, export: b.imported === '*' ? 'default' : b.imported } : undefined);
    if (!child) return undefined;
    // An import is kept by link only if its module exports a router (a collector made one by its groups).
    this.mount(call, { kind: 'mount', framework: this.fw, parent: target.ref, child, prefix: target.prefix, mw: [...target.hooks, ...target.chain], tentative: !local });
    return applied.looped ? 'looped' : 'direct';
  }

  /** `function init(app = new Koa(), server)`: a parameter that defaults to a new app is that app. */
  private findDefaultParams(): void {
    for (const p of this.index.nodesOf('AssignmentPattern')) {
      const fn = this.index.parent(p);
      const left = p.left as AstNode;
      if (!isFunctionLike(fn) || !fn.params.includes(p as never) || left.type !== 'Identifier') continue;
      const made = creation(p.right as AstNode, this.index, this.fw);
      if (!made) continue;
      const id = `${this.fne}#${left.name}`;
      this.receivers.set(`${left.name}@${fn.start}`, { name: left.name, id, kind: made.kind, ref: { id }, prefix: made.prefix, chain: [], hooks: [] });
      if (made.kind === 'app') this.serverAppFact(left.name, p);
    }
  }

  private addLocal(name: string, kind: 'app' | 'router', prefix: string, at: AstNode, made: AstNode): void {
    if (this.receivers.has(name)) {
      // `const anonymousRouter = new Router()` again in another function: a router of its own there.
      const fn = this.index.enclosingFunction(at);
      const first = this.receivers.get(name)!;
      if (this.fw !== 'koa' || !fn || first.kind === 'guess' || this.receivers.has(`${name}@${fn.start}`)) return;
      const id = `${this.fne}#${name}@${this.index.line(at)}`;
      const r: Receiver = { name, id, kind, ref: { id }, prefix, chain: [], hooks: [] };
      this.receivers.set(`${name}@${fn.start}`, r);
      if (!this.receivers.has(creationKey(made))) this.receivers.set(creationKey(made), r);
      if (kind === 'app') this.serverAppFact(name, at);
      return;
    }
    const id = `${this.fne}#${name}`;
    const r: Receiver = { name, id, kind, ref: { id }, prefix, chain: [], hooks: [] };
    this.receivers.set(name, r);
    // Calls chained on the creation itself reach the same receiver (see `anonymous`).
    if (!this.receivers.has(creationKey(made))) this.receivers.set(creationKey(made), r);
    if (kind === 'app') this.serverAppFact(name, at);
  }

  /** A router or app used without a name of its own (`export default Router().use('/api', api)`). */
  private anonymous(node: AstNode): Receiver | undefined {
    const key = creationKey(node);
    const existing = this.receivers.get(key);
    if (existing) return existing;
    const made = creation(node, this.index, this.fw);
    if (!made) return undefined;
    const name = `${this.index.text(unwrap(node.type === 'CallExpression' || node.type === 'NewExpression' ? node.callee : node)).slice(0, 40)}()`;
    const id = `${this.fne}#${key}`;
    const r: Receiver = { name, id, kind: made.kind, ref: { id }, prefix: made.prefix, chain: [], hooks: [] };
    this.receivers.set(key, r);
    if (made.kind === 'app') this.serverAppFact(name, node);
    return r;
  }

  /**
   * The receiver a chain of router methods is called on: `Router().use(a).use(b)` is the router
   * `Router()` makes, `router.get('/a', h).post('/b', h)` is `router`.
   */
  private chainReceiver(expr: AstNode | undefined, at: AstNode, allowGuess: boolean): Receiver | undefined {
    if (!expr) return undefined;
    const root = chainRoot(expr, this.chainable);
    if (root.type === 'CallExpression' || root.type === 'NewExpression') return this.anonymous(root);
    return this.receiverOf(root, at, allowGuess);
  }

  private serverAppFact(name: string, at: AstNode): void {
    this.facts.push({
      kind: 'config',
      setting: 'server-app',
      values: { framework: this.fw, name },
      summary: `${this.fw} application \`${name}\``,
      evidence: this.index.evidence(at),
      key: `${this.index.file}#server-app:${this.fw}:${name}`,
    });
  }

  /** Fastify plugins: exported functions (or `fp(fn)`) whose first param is the instance. */
  private findPlugins(): void {
    // Without a fastify import, only a parameter named like an instance (`fastify`, `app`,
    // `server`): `module.exports = function (Topics) { ... Topics.delete(tid) }` is a model.
    const imported = this.index.imports('fastify', 'fastify-plugin', '@fastify/*');
    for (const value of this.index.exports.values()) {
      const fn = pluginFunction(value, this.index);
      if (fn && (imported || GUESS_NAME.test(paramNames(fn)[0] ?? ''))) this.paramReceiver(fn, 0);
    }
  }

  private paramReceiver(fn: FunctionLike, i: number, name?: string): Receiver | undefined {
    const pname = name ?? paramNames(fn)[i];
    if (!pname || pname === '{}' || pname === '?') return undefined;
    const key = `${pname}@${fn.start}`;
    const existing = this.receivers.get(key);
    if (existing) return existing;
    const fnName = receiverFnName(fn, this.index);
    const id = `${this.fne}#${fnName}(${i})`;
    const r: Receiver = { name: pname, id, kind: 'param', ref: { id }, prefix: '', chain: [], hooks: [], scope: fn, paramIndex: i };
    this.receivers.set(key, r);
    return r;
  }

  /** The receiver an expression denotes at a position (params shadow locals). */
  private receiverOf(expr: AstNode | undefined, at: AstNode, allowGuess: boolean): Receiver | undefined {
    const n = unwrap(expr);
    if (!n) return undefined;
    const path = memberPath(n);
    if (!path) return undefined;
    const name = path.join('.');
    if (path.length === 1) {
      for (const a of this.index.ancestors(at)) {
        if (!isFunctionLike(a)) continue;
        const scoped = this.receivers.get(`${name}@${a.start}`);
        if (scoped && scoped.kind !== 'param') return scoped;
        // `(...[router, tenant])`, `(...args) { const [router] = args }`: the rest elements' positions.
        const i = paramNames(a).indexOf(name) >= 0 ? paramNames(a).indexOf(name) : restSlot(a, name);
        if (i >= 0) {
          const existing = this.receivers.get(`${name}@${a.start}`);
          if (existing) return existing;
          // The same position already handed on under another name (`f(...args)` and `const [router] = args`).
          const same = [...this.receivers.values()].find((r) => r.kind === 'param' && r.scope === a && r.paramIndex === i && r.id.endsWith(`(${i})`));
          if (same) return same;
          if (allowGuess && GUESS_NAME.test(name)) return this.paramReceiver(a, i, name);
          // The instance of an inline Fastify plugin, whatever it is called (`register(async (scoped) => ...)`).
          if (allowGuess && i === 0 && this.fw === 'fastify' && this.inlinePlugin(a)) return this.paramReceiver(a, 0, name);
          const loose = allowGuess && this.fw === 'express' && at.type === 'CallExpression' && requestHandlerArg(at as CallLike, this.index) ? this.paramReceiver(a, i, name) : undefined;
          if (loose) loose.loose = true;
          return loose;
        }
      }
    }
    // Plugin hooks handed the app in an argument: `(hookName, args) => args.app.get(...)`,
    // `({ app }) => app.get(...)`: the application itself, like a parameter named `app`.
    const hooked = allowGuess ? this.hookArgReceiver(path, at) : undefined;
    if (hooked) return hooked;
    const local = this.receivers.get(name);
    if (local) return local;
    const b = path.length === 1 ? this.index.bindings.get(name) : undefined;
    // `adminRoutes.get('/x', h)`: a route group of a collector another module makes (routes-scan-groups.ts).
    if (b && isLocalModule(b.module) && (GUESS_NAME.test(name) || (allowGuess && GROUP_NAME.test(name)))) {
      const r: Receiver = { name, id: `${this.fne}#import:${name}`, kind: 'import', ref: { module: b.module, from: this.index.file, export: b.imported === '*' ? 'default' : b.imported }, prefix: '', chain: [], hooks: [] };
      this.receivers.set(name, r);
      return r;
    }
    if (allowGuess && GUESS_NAME.test(path[path.length - 1]) && (path.length === 1 || path[0] === 'this')) {
      const id = `${this.fne}#${name}`;
      const r: Receiver = { name, id, kind: 'guess', ref: { id }, prefix: '', chain: [], hooks: [] };
      this.receivers.set(name, r);
      return r;
    }
    return undefined;
  }

  /** `args.app` / `ctx.app` of a parameter, or `app` destructured in the parameter list. */
  private hookArgReceiver(path: string[], at: AstNode): Receiver | undefined {
    const prop = path[path.length - 1];
    if (path.length > 2 || !/^(app|router|application|server)$/.test(prop) || /^(req|request|res|response)$/.test(path[0])) return undefined;
    for (const a of this.index.ancestors(at)) {
      if (!isFunctionLike(a)) continue;
      const i = path.length === 2 ? paramNames(a).indexOf(path[0]) : a.params.findIndex((p) => unwrap(p as AstNode).type === 'ObjectPattern' && objectKeysOf(p as AstNode).includes(prop));
      if (i < 0) continue;
      const key = `${path.join('.')}@${a.start}`;
      const existing = this.receivers.get(key);
      if (existing) return existing;
      const id = `${this.fne}#${receiverFnName(a, this.index)}(${i}.${prop})`;
      const r: Receiver = { name: prop, id, kind: 'param', ref: { id }, prefix: '', chain: [], hooks: [], scope: a, paramIndex: i };
      this.receivers.set(key, r);
      return r;
    }
    return undefined;
  }

  // ------------------------------------------------------------------------------------------
  // Calls

  private visit(call: CallLike): void {
    if (call.type !== 'CallExpression') return;
    if (this.fw === 'express' && this.crud(call)) return;
    if (this.fw === 'express' && this.classCall(call)) return;
    if (this.registrars?.calls.has(call)) return;
    const prop = calleeProperty(call);
    const obj = calleeObject(call);
    if (!prop && obj && this.tableRoutes(call, obj)) return;
    if (prop && obj) {
      if (METHODS.has(prop) || (this.fw === 'fastify' && prop === 'route')) {
        if (obj.type === 'CallExpression' || obj.type === 'NewExpression') {
          // `Router().use(a).get('/x', h)`, `router.get('/a', h).post('/b', h)`: verbs return the router.
          const recv = this.chainReceiver(obj, call, this.looksLikeRoute(call, prop));
          if (recv) this.route(call, prop, recv);
          else if (this.fw === 'express') this.chainedRoute(call, prop, obj);
          return;
        }
        const recv = this.receiverOf(obj, call, this.looksLikeRoute(call, prop));
        if (recv && !((recv.kind === 'import' || recv.kind === 'guess') && (clientOptions(call) || this.relativeUrl(call) || responseAwaited(call, this.index)))) this.route(call, prop, recv);
        return;
      }
      // express-ws: `app.ws('/agent/:id', (socket, req) => ...)` is a WebSocket endpoint.
      if (prop === 'ws' && this.fw === 'express') {
        const args = call.arguments as AstNode[];
        const last = unwrap(args[args.length - 1]);
        const looks = args.length >= 2 && /^\//.test(stringValue(args[0], this.index) ?? '') && isFunctionLike(last);
        const recv = looks ? this.receiverOf(obj, call, true) : undefined;
        if (recv) this.wsRoute(call, recv);
        return;
      }
      if (prop === 'use') {
        // koa `parent.use(child.routes())`: the parent is a router or app whatever its name.
        const routes = this.fw === 'koa' && (call.arguments as AstNode[]).some((a) => unwrap(a).type === 'CallExpression' && calleeProperty(unwrap(a) as CallLike) === 'routes');
        const recv = obj.type === 'CallExpression' || obj.type === 'NewExpression' ? this.chainReceiver(obj, call, false) : (this.receiverOf(obj, call, false) ?? (routes || this.mountsModule(call) || this.mountsLocalRouter(call) ? this.receiverOf(obj, call, true) : undefined));
        if (recv) this.use(call, recv);
        return;
      }
      // koa-router `router.register(path, ['get', 'post'], middleware)`: one route per method.
      // restify-router `router.applyRoutes(server, '/prefix')`: the router mounted on the server, as `server.use('/prefix', router)`.
      if (prop === 'applyRoutes' && this.fw === 'express') {
        const [server, prefix] = call.arguments as AstNode[];
        const recv = server ? this.receiverOf(server, call, true) : undefined;
        if (recv) this.useArgs(call, recv, prefix ? [prefix, obj] : [obj]);
        return;
      }
      if (prop === 'register' && this.fw === 'koa') {
        const recv = this.receiverOf(obj, call, true);
        if (recv && recv.kind !== 'app') this.registerKoa(call, recv);
        return;
      }
      if (prop === 'register' && this.fw === 'fastify') {
        // `fastify.register(env).register(routes, { prefix })`: register returns the instance.
        const recv = obj.type === 'CallExpression' ? this.chainReceiver(obj, call, true) : this.receiverOf(obj, call, true);
        if (recv) this.register(call, recv);
        return;
      }
      if (prop === 'prefix' && this.fw === 'koa') {
        const recv = this.receiverOf(obj, call, false);
        const p = stringValue(call.arguments[0] as AstNode, this.index);
        if (recv && p !== undefined) recv.prefix = p;
        return;
      }
    }
    if (this.fw === 'express' && prop && obj && this.helperMount(call, obj)) return;
    // `e.apply(router)` of a collector's entry, looped over: a mount. A direct `X.apply(router)` may
    // as well be a registrar module's own `apply(webRouter)` (read below): both readings are kept,
    // link keeps the collector's mount only where the module exports a router.
    if (prop === 'apply' && this.applyCollector(call) === 'looped') return;
    this.registrarCall(call);
    this.callMount(call);
  }

  /**
   * `backend.lazyUse('/ghost/api', require('./api'))`: a mount helper an app factory hangs on the
   * apps it builds (`app.lazyUse = (mountPath, requireFn) => app.use(mountPath, lazyLoad(...))`),
   * called with a path and a module of this repository. The module's router (or the app its
   * factory builds, when the helper calls it) is mounted there; link keeps whichever it exports.
   */
  private helperMount(call: CallLike, obj: AstNode): boolean {
    const args = call.arguments as AstNode[];
    if (args.length !== 2 || CHAINABLE.has(calleeProperty(call) ?? '')) return false;
    const first = unwrap(args[0]);
    // `lazyUse(BASE_API_PATH, ...)` with a constant of another module: a placeholder, as for routes.
    const named = first.type === 'Identifier' && this.index.bindings.has(first.name) ? `{${first.name}}` : undefined;
    const prefix = stringValue(args[0], this.index) ?? named;
    if (prefix === undefined || !/^[/{]/.test(prefix)) return false;
    const child = this.importedFrom(args[1]);
    if (!child || child.export.endsWith(')')) return false;
    const recv = this.receiverOf(obj, call, false);
    if (!recv || (recv.kind !== 'app' && recv.kind !== 'router')) return false;
    this.mountModule(call, recv, prefix, child);
    return true;
  }

  /** Mounts what a module exports, or what its exported factory builds, whichever link finds a router. */
  private mountModule(call: CallLike, recv: Receiver, prefix: string, child: { module: string; export: string }): void {
    const mountPrefix = joinPath(recv.prefix, prefix);
    const inherited = recv.chain.filter((m) => m.under === undefined || underPrefix(mountPrefix, m.under) || underPrefix(m.under, mountPrefix));
    for (const exported of [child.export, `${child.export}()`]) {
      this.mount(call, { kind: 'mount', framework: this.fw, parent: recv.ref, child: { module: child.module, from: this.index.file, export: exported }, prefix: mountPrefix, mw: [...recv.hooks, ...inherited], tentative: true });
    }
  }

  /**
   * `setupApiRoute(router, 'put', '/users/:uid', [mws], ctrl)`: a call of a route-registration
   * helper (same file or imported) handing it a router and a path. Recorded with what this file
   * knows; link expands it with the helper's summary (a helper that is none gives nothing).
   */
  private registrarCall(call: CallLike): void {
    if (this.fw === 'fastify' || call.type !== 'CallExpression') return;
    const args = call.arguments as AstNode[];
    // `helper({ router, path: '/email', ... })`: one options object handing over the router and the path.
    const first = unwrap(args[0]);
    const options = args.length === 1 && first?.type === 'ObjectExpression' ? first.properties.flatMap((p) => (p.type === 'Property' ? [p.value as AstNode] : [])) : undefined;
    if (args.length < 3 && !options) return;
    const literal = [...args, ...(options ?? [])].some((a) => /^[/*]/.test(pathText(a, this.index) ?? ''));
    if (options && !literal) return;
    // A route table looped over (routes-scan-tables.ts): the path is known per element only.
    let tables = literal ? undefined : tableExpansions(call, this.index);
    if (!literal && !tables?.some((t) => t.args.some((a) => typeof a === 'string' && /^[/*]/.test(a)))) return;
    // `this.route('GET', '/schemas', mw, handler)` in a subclass of a route registry.
    const registry = METHODS.has(stringValue(args[0], this.index)?.toLowerCase() ?? '') ? registryCallee(call, this.index) : undefined;
    if (registry) {
      const id = `${this.fne}#${registry.cls}`;
      const { args: described, facts } = registrarArgs(call, this.index, -1, this.index.line(call));
      for (const a of described) if (a.handler?.ref) a.handler.ref = withExportPath(a.handler.ref, this.index);
      const record: RegistrarCallRecord = { callee: registry.callee, framework: this.fw, recv: { id }, recvTags: ['~recv-kind:guess'], prefix: '', chain: [], args: described, tags: [] };
      this.facts.push(registrarCallFact(this.index, call, record, this.registrarCalls++), ...facts);
      return;
    }
    const callee = registrarCallee(call, this.index);
    if (!callee || ('id' in callee && !this.registrars?.local.has(callee.id))) return;
    // A helper registering on a router of this file (`router[method](...)` in `route(m, p, mw, h)`):
    // that router, when it is one; the call hands none.
    const own = 'id' in callee ? this.registrars?.on.get(callee.id) : undefined;
    const closure = own ? this.receiverOf(own, own, false) : undefined;
    if (own && (!closure || (closure.kind !== 'app' && closure.kind !== 'router'))) return;
    const isRecv = (a: AstNode) => {
      const n = unwrap(a);
      return (n.type === 'Identifier' || n.type === 'MemberExpression') && this.receiverOf(n, call, true) !== undefined;
    };
    const recvArg = closure || options ? -1 : args.findIndex(isRecv);
    const inOptions = options?.find(isRecv);
    if (!closure && recvArg < 0 && !inOptions) return;
    const recv = closure ?? this.receiverOf(inOptions ?? args[recvArg], call, true)!;
    const line = this.index.line(call);
    // Handlers of a same-file helper that are not the last argument (`route(m, p, mw, handler, format)`).
    const summary = 'id' in callee ? this.registrars?.local.get(callee.id) : undefined;
    const handlerAt = (summary?.routes ?? []).flatMap((r) => indices(r.handler, args.length));
    const recordOf = (described: RegistrarCallRecord['args']): RegistrarCallRecord => {
      for (const a of described) if (a.handler?.ref) a.handler.ref = withExportPath(a.handler.ref, this.index);
      return {
        callee,
        framework: this.fw,
        recv: recv.ref,
        recvTags: recv.kind !== 'app' ? [`~recv-kind:${recv.kind === 'param' ? `param:${recv.name}` : recv.kind}`] : [],
        prefix: recv.prefix,
        chain: [...recv.hooks, ...recv.chain],
        args: described,
        tags: devOnly(call, this.index) ? ['dev-only'] : [],
      };
    };
    if (literal) tables = tableExpansions(call, this.index);
    if (tables) {
      // One call per table element, its arguments folded; the element is the evidence.
      for (const t of tables) {
        const facts: FactInput[] = [];
        const described = t.args.map((a, i) => (i === recvArg ? {} : typeof a === 'string' ? { s: a, names: a === '' ? [] : [a] } : unwrap(a).type === 'SpreadElement' ? {} : describeArg(unwrap(a), this.index, call, i === t.args.length - 1, this.index.line(t.at), facts)));
        this.facts.push(registrarCallFact(this.index, call, recordOf(described), this.registrarCalls++, t.at), ...facts);
      }
      return;
    }
    const { args: described, facts } = registrarArgs(call, this.index, recvArg, line, handlerAt);
    this.facts.push(registrarCallFact(this.index, call, recordOf(described), this.registrarCalls++), ...facts);
  }

  /**
   * In a subclass (routes-controllers.ts): `this.route({ method, path, handler, permission })` and
   * `this.get('/x', this.list, PERM)` are calls of the base class's route methods (expanded in link
   * when it has them), and `this.use('/features', new FeatureController(config).router)` (also
   * `this.app.use(...)`) mounts another controller's router on this one.
   */
  private classCall(call: CallLike): boolean {
    const callee = unwrap(call.callee as AstNode);
    const path = memberPath(callee);
    if (!path || path[0] !== 'this' || path.length > 3 || call.arguments.length === 0) return false;
    const cls = this.index.enclosingClass(call);
    if (!cls?.id) return false;
    const args = call.arguments as AstNode[];
    const first = unwrap(args[0]);
    const child = args.findIndex((a) => this.classInstance(a) !== undefined);
    const prefix = pathsOf(first, this.index)?.[0] ?? (first.type === 'TemplateLiteral' ? pathText(first, this.index) : undefined);
    if (child > 0 && prefix !== undefined && /^(\/|$)/.test(prefix)) {
      const mw = args.filter((a, i) => i !== 0 && i !== child).map((a) => mwRef(a, this.index));
      const id = `${this.fne}#${cls.id.name}`;
      this.classReceivers.add(cls as AstNode);
      this.mount(call, { kind: 'mount', framework: this.fw, parent: { id }, child: this.classInstance(args[child])!, prefix, mw });
      return true;
    }
    if (path.length !== 2 || !cls.superClass) return false;
    const pathOf = (n: AstNode | undefined) => (n ? pathText(n, this.index) : undefined);
    const declared = first.type === 'ObjectExpression' ? pathOf(objectProp(first, 'path')) : args.length >= 2 ? pathOf(first) : undefined;
    if (declared === undefined || !/^(\/|\*|$)/.test(declared) || (first.type === 'ObjectExpression' && (args.length !== 1 || !objectProp(first, 'handler')))) return false;
    const registry = registryCallee(call, this.index);
    if (!registry) return false;
    const facts: FactInput[] = [];
    const line = this.index.line(call);
    const described = args.map((a, i) => describeArg(unwrap(a), this.index, call, i === args.length - 1, line, facts));
    for (const a of described) {
      if (a.handler?.ref) a.handler.ref = withExportPath(a.handler.ref, this.index);
      for (const p of Object.values(a.props ?? {})) if (p.handler?.ref) p.handler.ref = withExportPath(p.handler.ref, this.index);
    }
    this.classReceivers.add(cls as AstNode);
    const record: RegistrarCallRecord = { callee: registry.callee, framework: this.fw, recv: { id: `${this.fne}#${cls.id.name}` }, recvTags: ['~recv-kind:guess'], prefix: '', chain: [], args: described, tags: devOnly(call, this.index) ? ['dev-only'] : [] };
    this.facts.push(registrarCallFact(this.index, call, record, this.registrarCalls++), ...facts);
    return true;
  }

  /** `new FeatureController(config).router` / `new Sub()`: the router of a class of this repository. */
  private classInstance(arg: AstNode): ReceiverRef | undefined {
    let n = unwrap(arg);
    // A getter method handing the router out: `monitorRoutes.getRouter()`.
    let getter = false;
    if (n.type === 'CallExpression' && n.arguments.length === 0) {
      const c = unwrap(n.callee as AstNode);
      if (c.type === 'MemberExpression' && !c.computed && c.property.type === 'Identifier' && ROUTER_GETTER.test(c.property.name)) {
        n = unwrap(c.object as AstNode);
        getter = true;
      }
    }
    // The instance's router getter (`.router`, `.app`, `.routes`), or the instance itself.
    if (!getter && n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier' && /^(router|app|routes|expressRouter)$/i.test(n.property.name)) n = unwrap(n.object as AstNode);
    // `this.apiRouter.router` where the class made `this.apiRouter = new ApiRouter(this)`.
    if (n.type === 'MemberExpression') n = this.fieldInstance(n) ?? n;
    // `const monitorRoutes = new MonitorRoutes(controller)` earlier in the same scope, named only
    // through its getter (a bare name stays whatever receiver it already is).
    if (getter && n.type === 'Identifier') n = unwrap(this.index.initAt(n.name, arg)) ?? n;
    if (n.type !== 'NewExpression') return undefined;
    const c = unwrap(n.callee as AstNode);
    if (c.type !== 'Identifier') return undefined;
    if (this.index.classByName(c.name)) return { id: `${this.fne}#${c.name}` };
    const b = this.index.bindings.get(c.name);
    return b && isLocalModule(b.module) ? { module: b.module, from: this.index.file, export: b.imported === '*' ? 'default' : b.imported } : undefined;
  }

  /**
   * The instance a class keeps in a field of its own: `this.apiRouter = new ApiRouter(this)` in a
   * method, or `private api = new ApiRouter()` as a class property (the first one assigned).
   */
  private fieldInstance(n: AstNode): AstNode | undefined {
    const path = memberPath(n);
    const cls = path?.length === 2 && path[0] === 'this' ? this.index.enclosingClass(n) : undefined;
    if (!cls) return undefined;
    for (const m of cls.body.body as AstNode[]) {
      if (m.type !== 'PropertyDefinition' || m.computed || m.key.type !== 'Identifier' || m.key.name !== path![1]) continue;
      const v = unwrap(m.value as AstNode | null);
      if (v?.type === 'NewExpression') return v;
    }
    for (const a of nodesUnder(cls as AstNode, 'AssignmentExpression')) {
      const left = memberPath(a.left as AstNode);
      if (left?.length !== 2 || left[0] !== 'this' || left[1] !== path![1]) continue;
      const right = unwrap(a.right as AstNode);
      return right.type === 'NewExpression' ? right : undefined;
    }
    return undefined;
  }

  /**
   * finale/epilogue: `initialize({ app })` names the app the generated routes hang off, and each
   * `resource(...)` registers them there with the middleware `use`d before it (link merges them
   * with guard-only registrations of the same method and path).
   */
  private crud(call: CallLike): boolean {
    const resolved = this.index.resolvedCallee(call) ?? '';
    if (FINALE_INIT.test(resolved)) {
      const opts = resolveObject(call.arguments[0] as AstNode, this.index);
      const app = objectProp(opts, 'app');
      this.finale = { recv: app ? this.receiverOf(app, call, true) : undefined, base: stringValue(objectProp(opts, 'base'), this.index) ?? '' };
      return true;
    }
    if (!FINALE_RESOURCE.test(resolved)) return this.resourcejsCrud(call);
    const recv = this.finale?.recv;
    for (const r of crudRoutes(call, this.index)) {
      const path = joinPath(recv?.prefix ?? '', joinPath(this.finale?.base ?? '', r.path));
      const chain = recv ? [...recv.hooks, ...recv.chain.filter((m) => m.under === undefined || underPrefix(path, m.under))] : [];
      // The first `use` registered for exactly this path is where the endpoint gets its behaviour.
      const first = chain.find((m) => m.under === path && m.line !== undefined)?.line;
      const evidence = first !== undefined ? this.lineEvidence(first) : this.index.evidence(call);
      const meta: RouteMeta = { local: path, mw: [...chain, ...r.hooks], generatedAt: this.index.line(call) };
      if (recv) meta.recv = recv.ref;
      const tags = ['crud-generated', `crud-model:${r.model}`, `crud-action:${r.action}`];
      if (recv && recv.kind !== 'app') tags.push(`~recv-kind:${recv.kind === 'param' ? `param:${recv.name}` : recv.kind}`);
      // The generator call is the code that handles the route.
      const handler = { file: this.index.file, line: this.index.line(call), name: `finale ${r.action} ${r.model}` };
      this.facts.push(routeFact({ framework: 'finale', method: r.method, path, evidence, handler, meta, extraTags: tags }));
    }
    return true;
  }

  /**
   * resourcejs: `Resource(router, '/form/:formId', 'submission', Model).rest(options)` registers its
   * routes on `router`, after whatever `router.use` put there first, with the options' `before`
   * middleware ahead of the generated handler.
   */
  private resourcejsCrud(call: CallLike): boolean {
    this.resourcejs ??= this.index.content.includes('resourcejs');
    if (!this.resourcejs) return false;
    const found = resourcejsRoutes(call, this.index);
    if (!found) return false;
    const recv = this.receiverOf(found.base.arguments[0] as AstNode | undefined, call, true);
    for (const r of found.routes) {
      const path = joinPath(recv?.prefix ?? '', r.path);
      const chain = recv ? [...recv.hooks, ...recv.chain.filter((m) => m.under === undefined || underPrefix(path, m.under))] : [];
      const before = flattenArgs(r.before, this.index).map((a) => mwRef(a, this.index));
      const meta: RouteMeta = { local: path, mw: [...chain, ...before], generatedAt: this.index.line(call) };
      if (recv) meta.recv = recv.ref;
      const tags = ['crud-generated', `crud-model:${r.model}`, `crud-action:${r.action}`];
      if (recv && recv.kind !== 'app') tags.push(`~recv-kind:${recv.kind === 'param' ? `param:${recv.name}` : recv.kind}`);
      const handler = { file: this.index.file, line: this.index.line(call), name: `resourcejs ${r.action} ${r.model}` };
      this.facts.push(routeFact({ framework: 'express', method: r.method, path, evidence: this.callEvidence(call), handler, meta, extraTags: tags }));
    }
    return true;
  }

  /** A call of a chain spread over lines (`app.set(..)\n  .get('/', h)`) is cited at its own line. */
  private callEvidence(call: CallLike): Evidence {
    const ev = this.index.evidence(call);
    const callee = unwrap(call.callee as AstNode);
    if (callee.type !== 'MemberExpression' || unwrap(callee.object as AstNode).type !== 'CallExpression') return ev;
    const line = this.index.line(callee.property as AstNode);
    if (line === ev.line) return ev;
    return { file: ev.file, line, snippet: this.index.lineText(line).trim().slice(0, 200), ...(ev.endLine !== undefined && ev.endLine > line ? { endLine: ev.endLine } : {}) };
  }

  private lineEvidence(line: number): Evidence {
    const text = this.index.content.split('\n')[line - 1] ?? '';
    return { file: this.index.file, line, snippet: text.trim().slice(0, 200) };
  }

  /** Restify's options form `server.get({ path: '/x', name: 'x' }, handler)`: the path is an option. */
  private routeArgs(call: CallLike): AstNode[] {
    const given = call.arguments as AstNode[];
    const option = this.fw === 'express' && unwrap(given[0])?.type === 'ObjectExpression' ? objectProp(given[0], 'path') : undefined;
    return option ? [option, ...given.slice(1)] : given;
  }

  private looksLikeRoute(call: CallLike, prop: string): boolean {
    if (prop === 'route') return call.arguments.length === 1 && unwrap(call.arguments[0] as AstNode).type === 'ObjectExpression';
    if (call.arguments.length < 2) return false;
    const args = this.routeArgs(call);
    // A path named in a route-options object is a route whatever the chain ends with (`post || []`).
    if (args[0] !== call.arguments[0]) return stringValue(args[0], this.index)?.startsWith('/') === true;
    const pathIdx = this.fw === 'koa' && args.length >= 3 && stringValue(args[1], this.index)?.startsWith('/') ? 1 : 0;
    const p = stringValue(args[pathIdx], this.index) ?? staticField(unwrap(args[pathIdx]), this.index);
    // `router.get(ApiUrls.whoami, h)`: a member of an imported route table (its path is read in link).
    if (p === undefined && (this.fw !== 'express' || !importedPathRef(args[pathIdx], this.index))) return false;
    if (p !== undefined && !(p.startsWith('/') || p === '*')) return false;
    const last = unwrap(args[args.length - 1]);
    if (isFunctionLike(last)) return this.styleMatches(last);
    return last.type === 'Identifier' || last.type === 'MemberExpression' || last.type === 'CallExpression';
  }

  /** Handler parameter style: express (req, res), koa (ctx), fastify (request, reply). */
  private styleMatches(fn: FunctionLike): boolean {
    const p = paramNames(fn);
    if (this.fw === 'koa') return p[0] === 'ctx' || p[0] === 'context';
    if (p[0] === 'ctx' || p[0] === 'context') return false;
    if (this.fw === 'fastify') return p[1] !== 'res';
    return p[1] !== 'reply' && p[1] !== 'h';
  }

  /** `app.route('/x').get(a).post(b)`: walk down to the `.route(path)` call. */
  private chainedRoute(call: CallLike, prop: string, obj: AstNode): void {
    let base: AstNode = obj;
    while (base.type === 'CallExpression' && METHODS.has(calleeProperty(base) ?? '')) {
      const next = calleeObject(base);
      if (!next) return;
      base = next;
    }
    if (base.type !== 'CallExpression' || calleeProperty(base) !== 'route') return;
    const on = calleeObject(base);
    const recv = on && (on.type === 'CallExpression' || on.type === 'NewExpression') ? this.chainReceiver(on, call, true) : this.receiverOf(on, call, true);
    const paths = pathsOf(base.arguments[0] as AstNode, this.index);
    if (!recv || !paths) return;
    for (const p of paths) this.emitRoute(call, normalizeMethod(prop), p, flattenArgs(call.arguments as AstNode[], this.index), recv);
  }

  private route(call: CallLike, prop: string, recv: Receiver): void {
    const args = this.routeArgs(call);
    // `router.all(pattern, ...guards)`: middleware for the later routes the pattern matches (guard-bypass.ts).
    const guards = prop === 'all' && this.fw === 'express' ? patternGuardRefs(call, this.index) : undefined;
    if (guards) {
      recv.chain.push(...guards);
      return;
    }
    if (prop === 'route') {
      this.fastifyRouteObject(call, recv);
      return;
    }
    let pathIdx = 0;
    if (this.fw === 'koa' && args.length >= 3 && stringValue(args[0], this.index) !== undefined && pathsOf(args[1], this.index)) pathIdx = 1;
    const computed = this.fw === 'koa' ? parametrisedPath(args[pathIdx]) : undefined;
    const template = unwrap(args[pathIdx])?.type === 'TemplateLiteral' ? pathText(args[pathIdx], this.index) : undefined;
    const literal = pathsOf(args[pathIdx], this.index);
    const pathRef = literal || this.fw !== 'express' ? undefined : importedPathRef(args[pathIdx], this.index);
    const paths = literal ?? (recv.kind === 'guess' && !pathRef ? undefined : [computed ?? template ?? `{${this.index.text(args[pathIdx]).slice(0, 40)}}`]);
    if (!paths || args.length < pathIdx + 2) return;
    let rest = args.slice(pathIdx + 1);
    let extra: MwRef[] = [];
    if (this.fw === 'fastify' && rest.length >= 2 && unwrap(rest[0]).type === 'ObjectExpression') {
      extra = this.fastifyOptionHooks(rest[0]);
      rest = rest.slice(1);
    } else if (this.fw === 'fastify' && rest.length === 1 && unwrap(rest[0]).type === 'ObjectExpression') {
      const opts = rest[0];
      const handler = objectProp(opts, 'handler');
      if (!handler) return;
      extra = this.fastifyOptionHooks(opts);
      rest = [handler];
    }
    for (const p of paths) this.emitRoute(call, normalizeMethod(prop), p, flattenArgs(rest, this.index), recv, extra, pathRef && { ...pathRef, text: p });
  }

  private registerKoa(call: CallLike, recv: Receiver): void {
    const [path, methods, middleware] = call.arguments as AstNode[];
    const list = unwrap(methods);
    if (!middleware || !list || list.type !== 'ArrayExpression') return;
    const paths = pathsOf(path, this.index) ?? (recv.kind === 'guess' ? undefined : [parametrisedPath(path) ?? ':param']);
    // `router.register('*', methods, (ctx) => ctx.throw(NotFoundError()))`: the router's 404 answer, no endpoint.
    if (paths?.every((p) => p === '*' || p === '(.*)') && /NotFound|\b404\b/.test(this.index.text(middleware))) return;
    const verbs = list.elements.map((e) => (e && e.type !== 'SpreadElement' ? stringValue(e as AstNode, this.index) : undefined));
    for (const verb of verbs) for (const p of paths ?? []) if (verb && METHODS.has(verb.toLowerCase())) this.emitRoute(call, normalizeMethod(verb), p, flattenArgs([middleware], this.index), recv);
  }

  private fastifyRouteObject(call: CallLike, recv: Receiver): void {
    const opts = resolveObject(call.arguments[0] as AstNode, this.index);
    if (!opts || (hapiRouteObject(opts, this.index) && !this.index.imports('fastify', 'fastify-plugin', '@fastify/*'))) return;
    const urlExpr = objectProp(opts, 'url') ?? objectProp(opts, 'path');
    // `url: \`/api/${options.apiVersion}/info\``: a plugin option in the path stays a `{options.apiVersion}` segment.
    const url = pathsOf(urlExpr, this.index) ?? (urlExpr && unwrap(urlExpr).type === 'TemplateLiteral' ? [pathText(urlExpr, this.index)!] : undefined);
    const handler = objectProp(opts, 'handler');
    const m = unwrap(objectProp(opts, 'method'));
    const methods = m ? (m.type === 'ArrayExpression' ? m.elements.map((e) => stringValue(e as AstNode, this.index)) : [stringValue(m, this.index)]) : [];
    if (!url || !handler) return;
    const hooks = this.fastifyOptionHooks(opts);
    for (const method of methods) for (const p of url) if (method) this.emitRoute(call, normalizeMethod(method), p, [handler], recv, hooks);
  }

  private fastifyOptionHooks(opts: AstNode): MwRef[] {
    const out: MwRef[] = [];
    for (const hook of FASTIFY_HOOKS) {
      const v = unwrap(objectProp(opts, hook));
      if (!v) continue;
      // fastify.auth([a, b]) from @fastify/auth: the listed functions are the guards.
      const inner = v.type === 'CallExpression' && calleeProperty(v) === 'auth' ? (v.arguments[0] as AstNode) : v;
      for (const a of flattenArgs([inner], this.index)) {
        const composed = composedGuards(a);
        if (composed) for (const g of composed) out.push(hookRef(g, this.index));
        else out.push(hookRef(a, this.index));
      }
    }
    return out;
  }

  private emitRoute(call: CallLike, method: string, localPath: string, args: AstNode[], recv: Receiver, extra: MwRef[] = [], pathRef?: RouteMeta['pathRef']): void {
    if (args.length === 0) return;
    // `.get(auth, controller.x, guard.check([...]))`: the handler answers before the trailing guard.
    const at = (this.fw === 'express' ? handlerBeforeTrailingGuards(args, this.index) : undefined) ?? args.length - 1;
    const handlerExpr = args[at];
    const mws = args.slice(0, at).map((a) => mwRef(a, this.index));
    // A call in the handler position may build a guard (`app.delete('/x', security.denyAll())`).
    if (at === args.length - 1 && unwrap(handlerExpr).type === 'CallExpression') {
      const ref = mwRef(handlerExpr, this.index);
      if (ref.role !== 'other') mws.push({ ...ref, terminal: true });
    }
    const path = joinPath(recv.prefix, localPath);
    const chain = [...recv.hooks, ...recv.chain.filter((m) => m.under === undefined || underPrefix(path, m.under)), ...extra, ...mws];
    const resolved = resolveHandler(handlerExpr, this.index);
    const meta: RouteMeta = { recv: recv.ref, local: path, mw: chain };
    if (pathRef) meta.pathRef = pathRef;
    // Middleware of the application's own code before the handler may do the work itself.
    if (args.slice(0, at).some((a) => this.ownCode(a))) meta.ownMiddleware = true;
    const tags: string[] = [];
    if (at < args.length - 1) tags.push('guard-after-handler');
    if (recv.kind !== 'app') tags.push(`~recv-kind:${recv.kind === 'param' ? `param:${recv.name}` : recv.kind}`);
    if (recv.loose) tags.push('~recv-loose');
    if (devOnly(call, this.index)) tags.push('dev-only');
    const evidence = this.callEvidence(call);
    let handler: { file: string; line: number; name?: string } | undefined;
    if (resolved.fn) {
      const summary = summarizeHandler(resolved.fn, this.index);
      if (answers(resolved.fn, this.index)) meta.answers = true;
      if (summary.inline) meta.inline = summary.inline;
      if (summary.guardCalls) meta.guardCalls = summary.guardCalls;
      if (summary.tags.length) meta.handlerTags = summary.tags;
      handler = { file: this.index.file, line: this.index.line(resolved.at ?? resolved.fn) };
      if (resolved.name) handler.name = resolved.name;
      this.facts.push(...accessFacts(summary, this.index, { file: this.index.file, line: evidence.line }));
    }
    if (resolved.ref) meta.handler = withExportPath(resolved.ref, this.index);
    // `passport.authenticate('login', {...})` as the handler: the strategy's verify callback (link).
    else if (!resolved.fn && this.fw === 'express') meta.handler = strategyHandlerRef(handlerExpr, this.index);
    if (!handler && resolved.name) handler = { file: this.index.file, line: evidence.line, name: resolved.name };
    this.facts.push(routeFact({ framework: this.fw, method, path, evidence, handler, meta, extraTags: tags }));
  }

  private wsRoute(call: CallLike, recv: Receiver): void {
    const before = this.facts.length;
    this.route(call, 'get', recv);
    for (let i = before; i < this.facts.length; i++) {
      const f = this.facts[i];
      if (f.kind === 'entrypoint' && f.protocol === 'http') this.facts[i] = { ...f, protocol: 'websocket', key: f.key?.replace('#entrypoint:http ', '#entrypoint:websocket ') };
    }
  }

  /** A function of this repository (same file or a relative/alias import), not a package's. */
  private ownCode(arg: AstNode): boolean {
    const n = unwrap(arg);
    if (isFunctionLike(n)) return true;
    const r = resolveHandler(arg, this.index);
    return !!r.fn || !!(r.ref?.module && isLocalModule(r.ref.module));
  }

  private use(call: CallLike, recv: Receiver): void {
    const expansions = loopExpansions(call, this.index) ?? (this.fw === 'koa' ? forOfExpansions(call, this.index) : undefined);
    if (expansions) {
      for (const args of expansions) this.useArgs(call, recv, args);
      return;
    }
    if (this.importedListMount(call, recv)) return;
    this.useArgs(call, recv, call.arguments as AstNode[]);
  }

  /**
   * `for (const r of routes) router.use(r.routes())` over an array another module exports
   * (`export const routes = [apiRouter, adminRoutes]`, see recordListExport): each element is
   * mounted, tentatively, link keeping the positions that module exports.
   */
  private importedListMount(call: CallLike, recv: Receiver): boolean {
    const loop = this.index.ancestors(call).find((a) => a.type === 'ForOfStatement' || isFunctionLike(a));
    if (loop?.type !== 'ForOfStatement') return false;
    const left = unwrap(loop.left as AstNode);
    const v = left.type === 'VariableDeclaration' && left.declarations.length === 1 ? unwrap(left.declarations[0].id as AstNode) : undefined;
    const list = unwrap(loop.right as AstNode);
    if (v?.type !== 'Identifier' || list.type !== 'Identifier') return false;
    const b = this.index.bindings.get(list.name);
    if (!b || !isLocalModule(b.module)) return false;
    const named = (a: AstNode): boolean => {
      const n = unwrap(a);
      const base = n.type === 'CallExpression' && calleeProperty(n) === 'routes' ? unwrap(calleeObject(n)) : n;
      return base?.type === 'Identifier' && base.name === v.name;
    };
    if (!(call.arguments as AstNode[]).some(named)) return false;
    const exported = b.imported === '*' ? 'default' : b.imported;
    for (let i = 0; i < LIST_EXPORTS; i++) {
      this.mount(call, { kind: 'mount', framework: this.fw, parent: recv.ref, child: { module: b.module, from: this.index.file, export: `${exported}[${i}]` }, prefix: recv.prefix, mw: [...recv.hooks, ...recv.chain], tentative: true });
    }
    return true;
  }

  /** `export const routes = [apiRouter, importedRoutes]`: each router element under `routes[i]`. */
  private recordListExport(exportName: string, list: AstNode): void {
    const elements = ((list as { elements: (AstNode | null)[] }).elements).map((el) => {
      const n = el ? unwrap(el) : undefined;
      return n?.type === 'CallExpression' && calleeProperty(n) === 'routes' ? unwrap(calleeObject(n)) : n;
    });
    const local = elements.map((n) => (n?.type === 'Identifier' ? this.receivers.get(n.name) : undefined));
    if (!local.some((r) => r && (r.kind === 'router' || r.kind === 'app')) && !/rout/i.test(exportName)) return;
    elements.forEach((n, i) => {
      if (n?.type !== 'Identifier') return;
      const r = local[i];
      const b = this.index.bindings.get(n.name);
      const child = r && (r.kind === 'router' || r.kind === 'app') ? r.ref : b && isLocalModule(b.module) ? { module: b.module, from: this.index.file, export: b.imported === '*' ? 'default' : b.imported } : undefined;
      if (!child) return;
      const id = `${this.fne}#${exportName}[${i}]`;
      this.mount(n, { kind: 'export', framework: this.fw, id, export: `${exportName}[${i}]` });
      this.mount(n, { kind: 'mount', framework: this.fw, parent: { id }, child, prefix: '' });
    });
  }

  private useArgs(call: CallLike, recv: Receiver, args: AstNode[]): void {
    if (args.length === 0) return;
    // `` `${baseUriPath}/api` ``: a template of unknown parts is still the mount path.
    // `` `${baseUriPath}/api` ``, `baseUriPath` (`= config.base || ''`): the mount path still.
    const first = unwrap(args[0]);
    const firstPaths =
      pathsOf(args[0], this.index) ??
      (args.length >= 2 && first.type === 'TemplateLiteral' ? [pathText(first, this.index)!] : undefined) ??
      (args.length >= 2 && first.type === 'Identifier' && defaultString(first, this.index) !== undefined ? [defaultString(first, this.index)!] : undefined);
    const prefix = firstPaths ? firstPaths[0] : undefined;
    const rest = flattenArgs(prefix !== undefined ? args.slice(1) : args, this.index);
    const inline: MwRef[] = [];
    const before = [...recv.chain];
    for (const arg of rest) {
      const mounted = this.fw === 'koa' ? mountedStatic(arg, this.index) : undefined;
      if ((this.fw === 'express' || this.fw === 'koa') && (mounted !== undefined || staticMiddleware(arg, this.index))) {
        for (const p of mounted !== undefined ? [mounted] : (firstPaths ?? ['/'])) {
          const path = joinPath(joinPath(recv.prefix, p), '/*');
          this.servedEndpoint(call, recv, path, 'static-files', [...before.filter((m) => m.under === undefined || underPrefix(path, m.under)), ...inline]);
        }
      }
      const passed = this.routerPassedThrough(arg);
      if (passed) {
        const mountPrefix = joinPath(recv.prefix, prefix ?? '');
        const inherited = before.filter((m) => m.under === undefined || underPrefix(mountPrefix, m.under) || underPrefix(m.under, mountPrefix));
        this.mount(call, { kind: 'mount', framework: this.fw, parent: recv.ref, child: passed.ref, prefix: mountPrefix, mw: [...recv.hooks, ...inherited, ...inline] });
        continue;
      }
      // express-lazy-router `lazyLoad(() => import('./admin'))`: the module loaded on the first request.
      const lazy = this.fw === 'express' ? lazyLoadedModule(arg) : undefined;
      if (lazy) {
        this.mountModule(call, { ...recv, chain: before, hooks: [...recv.hooks, ...inline] }, prefix ?? '', { module: lazy, export: 'default' });
        continue;
      }
      // `hooks.forEach((hook) => router.use('/', hook.value.routes()))`: a plugin registry's slot.
      const slot = this.fw === 'koa' ? pluginSlotOf(arg, this.index) : undefined;
      const child = slot !== undefined ? { id: slot } : this.childReceiver(arg);
      // `let r; switch (driver) { case 'a': r = createARouter(name); ... } router.use(`/login/${name}`, r)`:
      // each router factory the variable is given is mounted there.
      const assigned = child || this.fw !== 'express' ? [] : this.assignedRouters(arg, call);
      if (assigned.length > 0) {
        const mountPrefix = joinPath(recv.prefix, prefix ?? '');
        const inherited = before.filter((m) => m.under === undefined || underPrefix(mountPrefix, m.under) || underPrefix(m.under, mountPrefix));
        for (const c of assigned) this.mount(call, { kind: 'mount', framework: this.fw, parent: recv.ref, child: c, prefix: mountPrefix, mw: [...recv.hooks, ...inherited, ...inline] });
        continue;
      }
      if (child) {
        const mountPrefix = joinPath(recv.prefix, (this.fw === 'koa' ? koaMountPrefix(arg, this.index) : undefined) ?? prefix ?? '');
        const inherited = before.filter((m) => m.under === undefined || underPrefix(mountPrefix, m.under) || underPrefix(m.under, mountPrefix));
        this.mount(call, { kind: 'mount', framework: this.fw, parent: recv.ref, child, prefix: mountPrefix, mw: [...recv.hooks, ...inherited, ...inline] });
        // An imported factory may build a router or a plain handler; link keeps the endpoint only
        // when a handler that answers is found behind it.
        if (firstPaths && arg === rest[rest.length - 1] && !('id' in child)) {
          for (const p of firstPaths) this.useEndpoint(call, recv, p, arg, [...inherited, ...inline]);
        }
        // Taken for a router by its name: middleware after all if the module exports only that.
        if (!('id' in child) && !child.export.endsWith(')')) {
          const guess: MwRef = { name: mwRef(arg, this.index).name, module: child.module, from: child.from, export: child.export, router: 'likely' };
          this.pushMw(call, recv, firstPaths, guess, inline);
        }
        continue;
      }
      if (this.fw === 'koa' && this.isAllowedMethods(arg)) continue;
      if (graphqlMiddleware(arg, this.index)) {
        const path = joinPath(recv.prefix, prefix ?? '/graphql');
        const chain = [...recv.hooks, ...before.filter((m) => m.under === undefined || underPrefix(path, m.under)), ...inline];
        const meta: RouteMeta = { recv: recv.ref, local: path, mw: chain };
        const tags = recv.kind !== 'app' ? [`~recv-kind:${recv.kind === 'param' ? `param:${recv.name}` : recv.kind}`] : [];
        this.facts.push(routeFact({ framework: this.fw, protocol: 'graphql', method: 'POST', path, evidence: this.index.evidence(call), meta, extraTags: tags }));
        continue;
      }
      let ref = mwRef(arg, this.index);
      // An import judged middleware by its name may still be a router (`app.use(authRouter)`):
      // mounted tentatively, link decides from what the module exports.
      const imported = ref.role === undefined ? this.importedFrom(arg) : undefined;
      if (imported) {
        ref = { ...ref, module: imported.module, from: this.index.file, export: imported.export, router: 'maybe' };
        const mountPrefix = joinPath(recv.prefix, prefix ?? '');
        const inherited = before.filter((m) => m.under === undefined || underPrefix(mountPrefix, m.under) || underPrefix(m.under, mountPrefix));
        this.mount(call, { kind: 'mount', framework: this.fw, parent: recv.ref, child: { module: imported.module, from: this.index.file, export: imported.export }, prefix: mountPrefix, mw: [...recv.hooks, ...inherited, ...inline], tentative: true });
      }
      // `app.use(mockServer)`: a middleware that serves a path prefix itself (routes-scan-tables.ts).
      if (!firstPaths) this.prefixEndpoint(call, recv, arg, [...before.filter((m) => m.under === undefined), ...inline]);
      // `app.use('/docs', handler)`: a path-scoped handler that answers is an endpoint (any method).
      if (firstPaths && arg === rest[rest.length - 1]) {
        for (const p of firstPaths) this.useEndpoint(call, recv, p, arg, [...before.filter((m) => m.under === undefined || underPrefix(joinPath(recv.prefix, p), m.under)), ...inline]);
      }
      this.pushMw(call, recv, firstPaths, ref, inline);
    }
  }

  /** Registers middleware on a receiver; `app.use(['/a', '/b'], mw)`: one path-scoped entry per path. */
  private pushMw(call: CallLike, recv: Receiver, firstPaths: string[] | undefined, ref: MwRef, inline: MwRef[]): void {
    for (const p of firstPaths ?? [undefined]) {
      const scoped = p !== undefined && p !== '/' ? { ...ref, under: joinPath(recv.prefix, p), line: this.index.line(call) } : ref.role === 'upload' ? { ...ref, appWide: true } : ref;
      inline.push(scoped);
      recv.chain.push(scoped);
    }
  }

  /**
   * `router.use('/api/v3/users', require('./users')())` on a router the file got from elsewhere
   * (`const { router } = params`): a path and a module of this repository make it a router.
   */
  /**
   * `server.put('options', data)`, `` server.get(`notes/${id}`) ``: a URL relative to a client's base.
   * An Express path that does not start with `/` never matches a request, so this is no route.
   */
  private relativeUrl(call: CallLike): boolean {
    const first = call.arguments[0] as AstNode | undefined;
    const path = this.fw === 'express' && first ? pathText(first, this.index) : undefined;
    return path !== undefined && /^[\w.-]/.test(path);
  }

  /**
   * `app.use('', router)` with `router = express.Router()` of this file, in `register(app)`: the
   * parameter is an app (or router) because a router is mounted on it.
   */
  private mountsLocalRouter(call: CallLike): boolean {
    const args = call.arguments as AstNode[];
    const last = unwrap(args[args.length - 1]);
    if (args.length === 0 || args.length > 2 || last?.type !== 'Identifier' || this.receivers.get(last.name)?.kind !== 'router') return false;
    return args.length === 1 || /^(\/|$)/.test(stringValue(args[0], this.index) ?? '-');
  }

  private mountsModule(call: CallLike): boolean {
    const args = call.arguments as AstNode[];
    return args.length >= 2 && /^\//.test(stringValue(args[0], this.index) ?? '') && this.importedFrom(args[args.length - 1]) !== undefined;
  }

  /** A module of this repository an argument is imported from: `auth` (import or const require), `require('./auth')`. */
  private importedFrom(arg: AstNode): { module: string; export: string } | undefined {
    const n = unwrap(arg);
    // A factory of another module (`require('./users')()`, `usersRouter(db)`): what it returns.
    if (n.type === 'CallExpression' && requireModule(n) === undefined) {
      const inner = this.importedFrom(n.callee as AstNode);
      return inner && !inner.export.endsWith(')') ? { ...inner, export: `${inner.export}()` } : undefined;
    }
    const spec = requireModule(n);
    if (spec !== undefined) return isLocalModule(spec) ? { module: spec, export: 'default' } : undefined;
    // `app.use('/sync', sync.handlers)` with `import * as sync`: a named export of that module.
    if (n.type === 'MemberExpression') {
      const path = memberPath(n);
      const b = path?.length === 2 && !this.receivers.has(path[0]) ? this.index.bindings.get(path[0]) : undefined;
      return b && isLocalModule(b.module) && (b.imported === '*' || b.imported === 'default') ? { module: b.module, export: path![1] } : undefined;
    }
    if (n.type !== 'Identifier' || this.receivers.has(n.name)) return undefined;
    const b = this.index.bindings.get(n.name);
    if (!b || !isLocalModule(b.module) || b.imported.includes('.')) return undefined;
    return { module: b.module, export: b.imported === '*' ? 'default' : b.imported };
  }

  /**
   * The last function of a path-scoped `use` when it answers requests itself: serve-index listings
   * (GET), swagger-ui pages and handlers that respond without passing the request on. Imported
   * handlers are decided in link by their summary (`~use-endpoint`).
   */
  private useEndpoint(call: CallLike, recv: Receiver, localPath: string, arg: AstNode, chain: MwRef[]): void {
    if (this.fw !== 'express' || localPath === '/' || localPath === '' || localPath === '*') return;
    const n = unwrap(arg);
    const resolved = n.type === 'CallExpression' ? (this.index.resolvedCallee(n) ?? '') : '';
    let method: string | undefined;
    let tags: string[] = [];
    if (resolved === 'serve-index' || resolved === 'serve-index.default') method = 'GET';
    else if (SWAGGER_UI.test(resolved)) {
      this.servedEndpoint(call, recv, joinPath(recv.prefix, localPath), 'api-docs', chain);
      return;
    } else if (/^(graphql-playground|redoc-express)/.test(resolved)) method = 'ALL';
    else if (n.type === 'CallExpression' && constructRef(n, this.index, '') !== undefined) return;
    else if (/^(express(\.default)?\.static|serve-static)/.test(resolved) || resolved.startsWith('express.')) return;
    else {
      const handler = resolveHandler(arg, this.index);
      if (handler.fn) {
        if (!answers(handler.fn, this.index)) return;
        method = 'ALL';
        // `app.use('/console/*', sendShell)`: the same prepared page for every path below.
        if (staticResponder(handler.fn)) tags.push('page-only');
      } else if (handler.ref) {
        method = 'ALL';
        tags = ['~use-endpoint'];
      } else return;
    }
    const path = joinPath(recv.prefix, localPath);
    const resolvedHandler = resolveHandler(arg, this.index);
    const meta: RouteMeta = { recv: recv.ref, local: path, mw: [...recv.hooks, ...chain] };
    if (resolvedHandler.ref) meta.handler = withExportPath(resolvedHandler.ref, this.index);
    if (recv.kind !== 'app') tags.push(`~recv-kind:${recv.kind === 'param' ? `param:${recv.name}` : recv.kind}`);
    const evidence = this.callEvidence(call);
    const handler = resolvedHandler.fn ? { file: this.index.file, line: this.index.line(resolvedHandler.at ?? resolvedHandler.fn), name: resolvedHandler.name } : undefined;
    this.facts.push(routeFact({ framework: this.fw, method, path, evidence, handler, meta, extraTags: tags }));
  }

  /**
   * `routes.forEach((r) => router[r.method](r.path, ...r.middleware, r.handler))` over a literal
   * table (routes-scan-tables.ts): one route per element, on a router this file knows.
   */
  private tableRoutes(call: CallLike, obj: AstNode): boolean {
    const callee = unwrap(call.callee as AstNode);
    if (this.fw === 'fastify' || callee.type !== 'MemberExpression' || !callee.computed || call.arguments.length < 2) return false;
    const recv = this.receiverOf(obj, call, false);
    const tables = recv ? tableExpansions(call, this.index, [callee.property as AstNode]) : undefined;
    if (!recv || !tables) return false;
    let any = false;
    for (const t of tables) {
      const verb = t.args[t.args.length - 1];
      const [path, ...rest] = t.args.slice(0, -1);
      if (typeof verb !== 'string' || !METHODS.has(verb.toLowerCase()) || typeof path !== 'string' || !/^[/*]/.test(path) || rest.some((a) => typeof a === 'string')) continue;
      this.emitRoute(call, normalizeMethod(verb.toLowerCase()), path, flattenArgs(rest as AstNode[], this.index), recv);
      any = true;
    }
    return any;
  }

  /**
   * `app.use(async (ctx, next) => { if (ctx.path.indexOf('/mock/') !== 0) return next(); ... })`:
   * an `ALL /mock/*` endpoint with the auth of what runs before it. An imported middleware is
   * decided in link from its module's summary (`~prefix-dispatch`).
   */
  private prefixEndpoint(call: CallLike, recv: Receiver, arg: AstNode, chain: MwRef[]): void {
    if (this.fw === 'fastify') return;
    const resolved = resolveHandler(arg, this.index);
    const served = resolved.fn ? prefixDispatch(resolved.fn, this.index) : undefined;
    if (!served && !resolved.ref?.module) return;
    const path = joinPath(recv.prefix, served ? `${served}*` : '/');
    const meta: RouteMeta = { recv: recv.ref, local: path, mw: [...recv.hooks, ...chain] };
    if (resolved.ref?.module) meta.handler = withExportPath(resolved.ref, this.index);
    const tags = served ? [] : ['~prefix-dispatch'];
    if (recv.kind !== 'app') tags.push(`~recv-kind:${recv.kind === 'param' ? `param:${recv.name}` : recv.kind}`);
    const handler = resolved.fn ? { file: this.index.file, line: this.index.line(resolved.at ?? resolved.fn), name: resolved.name } : undefined;
    this.facts.push(routeFact({ framework: this.fw, method: 'ALL', path, evidence: this.callEvidence(call), handler, meta, extraTags: tags }));
  }

  /**
   * A GET entry point for what a library serves by itself (express.static / serve-static folders,
   * swagger-ui-express pages), tagged as the fastify and nest extractors tag theirs: `page-only`
   * tells rules that judge API routes to skip it. Auth comes from the middleware in front of it.
   */
  private servedEndpoint(call: CallLike, recv: Receiver, path: string, kind: 'static-files' | 'api-docs', chain: MwRef[]): void {
    const seenKey = `${recv.id} ${path}`;
    if (this.staticPaths.has(seenKey)) return;
    this.staticPaths.add(seenKey);
    const meta: RouteMeta = { recv: recv.ref, local: path, mw: [...recv.hooks, ...chain] };
    const tags = [kind, 'page-only'];
    if (recv.kind !== 'app') tags.push(`~recv-kind:${recv.kind === 'param' ? `param:${recv.name}` : recv.kind}`);
    this.facts.push(routeFact({ framework: this.fw, method: 'GET', path, evidence: this.callEvidence(call), meta, extraTags: tags }));
  }

  private isAllowedMethods(arg: AstNode): boolean {
    const n = unwrap(arg);
    return n.type === 'CallExpression' && calleeProperty(n) === 'allowedMethods';
  }

  /** A router passed to use(): a local router, `sub.routes()` (koa), an import or require of a routes module. */
  /**
   * Router factories a variable holds (`const r = createApiRouter(db)`, or `let r` given one of
   * several in a switch or if chain of the same function): the routers each call builds. Only a
   * variable declared in that function (or the file) with no other value than such calls.
   */
  private assignedRouters(arg: AstNode, at: AstNode): ReceiverRef[] {
    const n = unwrap(arg);
    if (n.type !== 'Identifier') return [];
    const name = n.name;
    const scope = (this.index.enclosingFunction(at) as AstNode | undefined) ?? (this.index.program as AstNode);
    const decl = nodesUnder(scope, 'VariableDeclarator').find((d) => d.id.type === 'Identifier' && d.id.name === name);
    if (!decl) return [];
    const values: AstNode[] = [];
    if (decl.init) values.push(unwrap(decl.init as AstNode));
    for (const a of nodesUnder(scope, 'AssignmentExpression')) {
      if (a.left.type === 'Identifier' && a.left.name === name) {
        if (a.operator !== '=') return [];
        values.push(unwrap(a.right as AstNode));
      }
    }
    const out: ReceiverRef[] = [];
    for (const v of values) {
      if (v.type !== 'CallExpression') return [];
      const c = this.childReceiver(v);
      if (!c) return [];
      out.push(c);
    }
    return out;
  }

  private childReceiver(arg: AstNode): ReceiverRef | undefined {
    let n = unwrap(arg);
    const instance = this.fw === 'express' ? this.classInstance(n) : undefined;
    if (instance) return instance;
    // koa-router's `x.routes()`: whatever `x` is, it is a router (its name need not say so).
    let routesCall = false;
    if (this.fw === 'koa' && n.type === 'CallExpression' && (calleeProperty(n) === 'routes' || calleeProperty(n) === 'middleware')) {
      n = calleeObject(n) ?? n;
      routesCall = true;
    }
    if (n.type === 'CallExpression' && /^koa-mount(\.default)?$/.test(this.index.resolvedCallee(n) ?? '') && n.arguments.length >= 1) {
      return this.childReceiver(n.arguments[n.arguments.length - 1] as AstNode);
    }
    const spec = requireModule(n);
    if (spec !== undefined) return isMountableModule(spec) && routerish('', spec) ? { module: spec, from: this.index.file, export: 'default' } : undefined;
    // `app.use('/api', Router().use(a).get('/x', h))`: a router built in place.
    if (n.type === 'CallExpression' || n.type === 'NewExpression') {
      const root = chainRoot(n, this.chainable);
      const made = root.type === 'CallExpression' || root.type === 'NewExpression' ? this.anonymous(root) : undefined;
      if (made) return made.ref;
    }
    // A router factory: `require('./routes/app')()`, `createApiRouter(db)` imported from ./routes.
    if (n.type === 'CallExpression') {
      const callee = unwrap(n.callee);
      const spec4 = requireModule(callee);
      if (spec4 !== undefined) return isMountableModule(spec4) && routerish('', spec4) ? { module: spec4, from: this.index.file, export: 'default()' } : undefined;
      const cpath = memberPath(callee);
      const b = cpath ? this.index.bindings.get(cpath[0]) : undefined;
      if (b && cpath && isMountableModule(b.module) && routerish(cpath.join('.'), b.module)) {
        const exp = b.imported === '*' || b.imported === 'default' ? (cpath.length > 1 ? cpath[1] : 'default') : b.imported;
        return { module: b.module, from: this.index.file, export: `${exp}()` };
      }
      return undefined;
    }
    if (n.type === 'MemberExpression') {
      const path = memberPath(n);
      const base = unwrap(n.object);
      const spec2 = requireModule(base);
      if (spec2 !== undefined && path === undefined && n.property.type === 'Identifier') return { module: spec2, from: this.index.file, export: n.property.name };
      if (!path) return undefined;
      const b = this.index.bindings.get(path[0]);
      if (b && isMountableModule(b.module) && path.length === 2 && routerish(path[1], b.module)) return { module: b.module, from: this.index.file, export: path[1] };
    }
    const path = memberPath(n);
    if (!path) return undefined;
    const name = path.join('.');
    // A router declared again in the enclosing function (see addLocal) shadows the first one.
    const fn = path.length === 1 ? this.index.enclosingFunction(n) : undefined;
    const local = (fn && this.receivers.get(`${name}@${fn.start}`)) || this.receivers.get(name);
    // koa `x.routes()`: x is a router even when only guessed (`new SchemaRouter(...)`, a Router subclass).
    if (local && (local.kind !== 'guess' || routesCall)) return local.ref;
    if (path.length === 1) {
      const b = this.index.bindings.get(name);
      if (b && isMountableModule(b.module) && (routesCall || routerish(name, b.module))) {
        return { module: b.module, from: this.index.file, export: b.imported === '*' ? 'default' : b.imported };
      }
      const init = unwrap(this.index.constInit(name));
      const spec3 = requireModule(init);
      if (spec3 !== undefined && isMountableModule(spec3) && routerish(name, spec3)) return { module: spec3, from: this.index.file, export: 'default' };
    }
    return undefined;
  }

  private register(call: CallLike, outer: Receiver): void {
    const recv = this.loadingPlugin(call, outer) ?? outer;
    const args = call.arguments as AstNode[];
    const plugin = args[0];
    if (!plugin) return;
    const opts = resolveObject(args[1], this.index);
    const prefix = joinPath(recv.prefix, stringValue(objectProp(opts, 'prefix'), this.index) ?? '');
    const p = unwrap(plugin);
    if (/^(@fastify\/autoload|fastify-autoload)(\.default)?$/.test(this.index.resolvedName(p) ?? '')) {
      const dirNode = objectProp(opts, 'dir');
      const parts = dirNode ? nodesUnder(dirNode, 'Literal').map((l) => literalValue(l as AstNode)).filter((v): v is string => typeof v === 'string') : [];
      if (parts.length === 0) return;
      const dir = posix.normalize(posix.join(posix.dirname(this.index.file), ...parts));
      const dirPrefix = literalValue(objectProp(opts, 'dirNameRoutePrefix'), this.index) !== false;
      this.mount(call, { kind: 'autoload', framework: this.fw, parent: recv.ref, dir, dirPrefix, prefix, mw: [...recv.hooks, ...recv.chain] });
      return;
    }
    let child: ReceiverRef | undefined;
    const fn = pluginFunction(p, this.index);
    if (fn) child = this.paramReceiver(fn, 0)?.ref;
    else {
      const spec = requireModule(p);
      const path = memberPath(p);
      const b = path ? this.index.bindings.get(path[0]) : undefined;
      const injected = path?.length === 3 && path[0] === 'this' ? this.injectedPlugin(call, path[1], path[2]) : undefined;
      if (spec !== undefined && isLocalModule(spec)) child = { module: spec, from: this.index.file, export: 'default(0)' };
      else if (injected) child = injected;
      // A scoped name may be a tsconfig `paths` alias of the project (`@app/routes/v1`); link keeps
      // the mount only where it resolves to a file of the repository.
      else if (b && (isLocalModule(b.module) || (isMountableModule(b.module) && !b.module.startsWith('@fastify/')))) {
        const exp = b.imported === '*' || b.imported === 'default' ? (path!.length > 1 ? path![1] : 'default') : b.imported;
        child = { module: b.module, from: this.index.file, export: `${exp}(0)` };
      }
    }
    if (!child) return;
    this.mount(call, { kind: 'mount', framework: this.fw, parent: recv.ref, child, prefix, mw: [...recv.hooks, ...recv.chain] });
  }

  /** Is this function the plugin a `register` call is handed (`f.register(async (scoped) => {...})`, `register(fp(fn))`)? */
  private inlinePlugin(fn: AstNode): boolean {
    let child: AstNode = fn;
    let parent = this.index.parent(fn);
    while (parent && WRAPPERS.has(parent.type)) {
      child = parent;
      parent = this.index.parent(parent);
    }
    return parent?.type === 'CallExpression' && calleeProperty(parent) === 'register' && parent.arguments[0] === child;
  }

  /**
   * `fastify.register(this.apiServer.createServer, { prefix: '/api' })`: a method of a service the
   * class was given in its constructor (`constructor(private apiServer: ApiServer)`, dependency
   * injection), the class imported from a module of the repository: that method's first parameter.
   */
  private injectedPlugin(at: AstNode, field: string, method: string): ReceiverRef | undefined {
    const type = injectedClass(at, field, this.index);
    const b = type ? this.index.bindings.get(type) : undefined;
    if (!b || !isLocalModule(b.module) || b.imported === '*') return undefined;
    return { module: b.module, from: this.index.file, export: `${b.imported === 'default' ? '' : `${b.imported}.`}${method}(0)` };
  }

  /**
   * The plugin Fastify is loading when `register` runs inside an inline plugin on an outer
   * instance (`fastify.register(async (f) => { await fastify.register(auth); ... })`): avvio
   * queues the registration under the plugin being loaded, so `auth` joins `f`'s context.
   */
  private loadingPlugin(call: CallLike, outer: Receiver): Receiver | undefined {
    if (outer.kind !== 'param' || !outer.scope) return undefined;
    for (const a of this.index.ancestors(call)) {
      if (a === outer.scope) return undefined;
      if (!isFunctionLike(a)) continue;
      let child: AstNode = a;
      let parent = this.index.parent(a);
      while (parent && WRAPPERS.has(parent.type)) {
        child = parent;
        parent = this.index.parent(parent);
      }
      if (parent?.type === 'CallExpression' && calleeProperty(parent) === 'register' && parent.arguments[0] === child) return this.paramReceiver(a, 0);
    }
    return undefined;
  }

  /**
   * `app.use('/api', routes(router))`: a function that registers routes on the router it is given
   * (see callMount) and hands it back, the convention of route aggregators
   * (`module.exports = (router) => { users(router); return router; }`). The router passed is what
   * gets mounted.
   */
  private routerPassedThrough(arg: AstNode): Receiver | undefined {
    const n = unwrap(arg);
    if (n.type !== 'CallExpression' || memberPath(unwrap(n.callee)) === undefined) return undefined;
    for (const a of n.arguments as AstNode[]) {
      const r = this.receiverOf(a, n, false);
      if (r && (r.kind === 'router' || r.kind === 'param')) return r;
    }
    return undefined;
  }

  private handedOnParam(arg: AstNode, call: CallLike): Receiver | undefined {
    const r = unwrap(arg).type === 'Identifier' ? this.receiverOf(arg, call, true) : undefined;
    return r?.kind === 'param' ? r : undefined;
  }

  /** `require('./routes')(app)`, `routes(app, passport)`, `setupRoutes(router)`: the callee registers routes on the argument. */
  private callMount(call: CallLike): void {
    const args = call.arguments as AstNode[];
    if (args.length === 0) return;
    const callee = unwrap(call.callee);
    let child: (i: number) => ReceiverRef | undefined;
    const spec = requireModule(callee);
    const path = memberPath(callee);
    // `(await import('./dev-server')).default(app)`: a member of a module loaded on the spot.
    const loaded = callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' ? requireModule(callee.object as AstNode) : undefined;
    const member = loaded !== undefined && callee.type === 'MemberExpression' && callee.property.type === 'Identifier' ? callee.property.name : undefined;
    if (spec !== undefined && isLocalModule(spec)) child = (i) => ({ module: spec, from: this.index.file, export: `default(${i})` });
    else if (loaded !== undefined && member && isLocalModule(loaded)) child = (i) => ({ module: loaded, from: this.index.file, export: `${member}(${i})` });
    else if (path) {
      const b = this.index.bindings.get(path[0]);
      const local = path.length === 1 ? this.index.functionByName(path[0]) : undefined;
      if (b && isLocalModule(b.module)) {
        const exp = b.imported === '*' || b.imported === 'default' ? (path.length > 1 ? path[1] : 'default') : b.imported;
        child = (i) => ({ module: b.module, from: this.index.file, export: `${exp}(${i})` });
      } else if (local) child = (i) => this.receivers.get(`${paramNames(local)[i]}@${local.start}`)?.ref ?? this.paramReceiver(local, i)?.ref;
      else return;
    } else return;
    // `(...args) => { users(...args); }`: the rest parameter handed on whole, first few positions
    // (the router usually leads), even when nothing is registered on it here.
    const spread = unwrap(args[args.length - 1]);
    const restAt = spread.type === 'SpreadElement' ? restParamOf(unwrap(spread.argument as AstNode), call, this.index) : undefined;
    if (restAt) {
      for (let j = 0; j < 3; j++) {
        const recv = this.paramReceiver(restAt.fn, restAt.index + j, `${restAt.name}[${j}]`);
        const c = recv && child(args.length - 1 + j);
        if (recv && c) this.mount(call, { kind: 'call', framework: this.fw, parent: recv.ref, child: c, prefix: recv.prefix, mw: [...recv.hooks, ...recv.chain] });
      }
    }
    args.forEach((arg, i) => {
      // A router parameter handed on (`(router) => { users(router); return router; }`) is a router
      // of this module even when nothing is registered on it here.
      const recv = this.receiverOf(arg as AstNode, call, false) ?? this.handedOnParam(arg as AstNode, call);
      if (!recv) return;
      const c = child(i);
      if (c) this.mount(call, { kind: 'call', framework: this.fw, parent: recv.ref, child: c, prefix: recv.prefix, mw: [...recv.hooks, ...recv.chain], ...(devOnly(call, this.index) ? { devOnly: true } : {}) });
    });
  }

  private mount(at: AstNode, record: MountRecord): void {
    const n = this.facts.filter((f) => f.kind === 'config' && f.setting === 'js-router-mount').length;
    this.facts.push(internalFact('js-router-mount', this.index.evidence(at), record, `${this.index.file}#js-router-mount:${n}`));
  }

  /**
   * @fastify/autoload reads a plugin file's `autoPrefix` export (ES `export const`, CommonJS
   * `module.exports.autoPrefix`) and mounts the file's plugin under the folder prefix plus it;
   * `prefixOverride` replaces the whole prefix. Link applies it to autoloaded files only.
   */
  private recordAutoPrefix(): void {
    if (!this.index.content.includes('autoPrefix') && !this.index.content.includes('prefixOverride')) return;
    for (const name of ['prefixOverride', 'autoPrefix']) {
      const value = this.index.exports.get(name);
      const prefix = value ? stringValue(value, this.index) : undefined;
      if (prefix === undefined) continue;
      this.mount(value!, { kind: 'autoprefix', framework: this.fw, id: this.fne, prefix, ...(name === 'prefixOverride' ? { override: true } : {}) });
      return;
    }
  }

  /** Fastify hooks apply to the whole plugin context, whatever the order. */
  private collectHooks(): void {
    for (const call of this.index.nodesOf('CallExpression')) {
      if (calleeProperty(call) !== 'addHook') continue;
      const hook = stringValue(call.arguments[0] as AstNode, this.index);
      if (!hook || !FASTIFY_HOOKS.has(hook) || call.arguments.length < 2) continue;
      const obj = calleeObject(call);
      const recv = obj?.type === 'CallExpression' ? this.chainReceiver(obj, call, true) : this.receiverOf(obj, call, true);
      if (recv) recv.hooks.push(hookRef(call.arguments[1] as AstNode, this.index));
    }
  }

  /** The local router an exported or returned value denotes: `router`, `Router().use('/api', api)`. */
  private receiverNamed(value: AstNode): Receiver | undefined {
    const v = unwrap(value);
    if (v.type === 'CallExpression' || v.type === 'NewExpression') {
      const root = chainRoot(v, this.chainable);
      if (root.type === 'CallExpression' || root.type === 'NewExpression') return this.anonymous(root);
      return this.receiverNamed(root);
    }
    const path = memberPath(v)?.join('.');
    return path ? this.receivers.get(path) : undefined;
  }

  /**
   * `import filesRouter from './files'` with `// router.use('/files', filesRouter)` commented out:
   * link drops that router's routes when nothing else mounts it.
   */
  private recordUnusedRouters(): void {
    if (this.fw !== 'express') return;
    // The name's test first: most imports are not named like a router, and routerish tries several patterns.
    const candidates = [...this.index.bindings].filter(([name, b]) => /(route|router)s?$/i.test(name) && isLocalModule(b.module) && routerish(name, b.module));
    if (candidates.length === 0) return;
    const used = new Set<string>();
    for (const id of this.index.nodesOf('Identifier')) {
      const parent = this.index.parent(id);
      if (parent && /^Import(Default|Namespace)?Specifier$/.test(parent.type)) continue;
      if (parent?.type === 'VariableDeclarator' && parent.id === (id as AstNode)) continue;
      used.add(id.name);
    }
    for (const [name, b] of candidates) {
      if (used.has(name)) continue;
      this.mount(this.index.program as AstNode, { kind: 'unused', framework: this.fw, child: { module: b.module, from: this.index.file, export: b.imported === '*' ? 'default' : b.imported } });
    }
  }

  /**
   * Static methods of an exported class that register routes on a parameter (`static router(app)`,
   * called as `Uploader.router(app)` through the default import): exported as `router(0)`, or
   * `Uploader.router(0)` under a named export.
   */
  private recordStaticMethods(exportName: string, value: AstNode): void {
    const cls = value.type === 'Identifier' ? this.index.classByName(value.name) : value.type === 'ClassDeclaration' || value.type === 'ClassExpression' ? value : undefined;
    if (!cls) return;
    for (const m of cls.body.body as AstNode[]) {
      // Instance methods too, for a service whose method is registered as a plugin by whoever is
      // given an instance (`fastify.register(this.apiServer.createServer)`, see injectedPlugin).
      if (m.type !== 'MethodDefinition' || m.kind !== 'method' || m.key.type !== 'Identifier' || (!m.static && this.fw !== 'fastify')) continue;
      const fn = m.value as FunctionLike;
      const names = paramNames(fn);
      const skip = names[0] === 'this' ? 1 : 0;
      names.forEach((p, i) => {
        const r = this.receivers.get(`${p}@${fn.start}`);
        const name = exportName === 'default' ? m.key.type === 'Identifier' && m.key.name : `${exportName}.${(m.key as { name: string }).name}`;
        if (r && i >= skip) this.mount(value, { kind: 'export', framework: this.fw, id: r.id, export: `${name}(${i - skip})` });
      });
    }
  }

  private recordExports(): void {
    for (const cls of this.classReceivers) {
      const id = `${this.fne}#${(cls as { id: { name: string } }).id.name}`;
      for (const e of classExportNames(this.index, cls)) this.mount(cls, { kind: 'export', framework: this.fw, id, export: e });
    }
    // A class that keeps its router in a field (`this.router = express()`, routes added by its own
    // methods) stands for that router where an instance of it is mounted (`new ApiRouter().router`).
    const perClass = new Map<AstNode, string[]>();
    for (const [name, cls] of this.fieldClasses) if (!this.classReceivers.has(cls)) perClass.set(cls, [...(perClass.get(cls) ?? []), name]);
    for (const [cls, names] of perClass) {
      const field = names.length === 1 ? names[0] : names.find((x) => /^this\.(router|app|routes|expressRouter)$/i.test(x));
      const r = field ? this.receivers.get(field) : undefined;
      if (r) for (const e of classExportNames(this.index, cls)) this.mount(cls, { kind: 'export', framework: this.fw, id: r.id, export: e });
    }
    for (const [exportName, value] of this.index.exports) {
      let v = unwrap(value);
      this.recordStaticMethods(exportName, v);
      if (v.type === 'ArrayExpression' && v.elements.length <= LIST_EXPORTS) this.recordListExport(exportName, v);
      // koa: `module.exports = router.routes()`
      if (v.type === 'CallExpression' && ['routes', 'middleware'].includes(calleeProperty(v) ?? '')) v = calleeObject(v) ?? v;
      const local = this.receiverNamed(v);
      if (local && (local.kind === 'router' || local.kind === 'app')) {
        this.mount(value, { kind: 'export', framework: this.fw, id: local.id, export: exportName });
        continue;
      }
      const fn = this.fw === 'fastify' ? pluginFunction(v, this.index) : isFunctionLike(v) ? v : v.type === 'Identifier' ? this.index.functionByName(v.name) : undefined;
      if (!fn) continue;
      // Router factories: `module.exports = function () { ...; return router }`.
      const returned = topLevelReturn(fn);
      const made = returned ? this.receiverNamed(returned) : undefined;
      if (made && (made.kind === 'router' || made.kind === 'app')) this.mount(value, { kind: 'export', framework: this.fw, id: made.id, export: `${exportName}()` });
      const done = new Set<number>();
      const hoists = this.fw === 'fastify' && skipsEncapsulation(v, this.index);
      paramNames(fn).forEach((p, i) => {
        const r = this.receivers.get(`${p}@${fn.start}`);
        const hoisted = hoists && i === 0 && r && r.hooks.length > 0 ? { hoisted: r.hooks } : {};
        if (r) this.mount(value, { kind: 'export', framework: this.fw, id: r.id, export: `${exportName}(${i})`, ...hoisted });
        if (r) done.add(i);
      });
      // Router parameters bound by a rest parameter (`(...[router])`, `const [router] = args`).
      for (const r of this.receivers.values()) {
        if (r.kind !== 'param' || r.scope !== fn || r.paramIndex === undefined || done.has(r.paramIndex) || !r.id.endsWith(`(${r.paramIndex})`)) continue;
        done.add(r.paramIndex);
        this.mount(value, { kind: 'export', framework: this.fw, id: r.id, export: `${exportName}(${r.paramIndex})` });
      }
    }
  }
}

/**
 * `ApiUrls.whoami`, `ROUTES.user.profile`: a member of a name imported from another module of the
 * repository (relative, alias or workspace package), where a route table of paths may live (an
 * enum or a const object, recorded as `js-path-list` facts). Link looks the path up there.
 */
function importedPathRef(node: AstNode | undefined, index: JsIndex): { module: string; from: string; export: string } | undefined {
  const n = unwrap(node);
  const path = n && n.type === 'MemberExpression' && !n.computed ? memberPath(n) : undefined;
  const b = path && path.length >= 2 && path.length <= 4 ? index.bindings.get(path[0]) : undefined;
  if (!b || NODE_BUILTIN.test(b.module)) return undefined;
  // A namespace or whole CommonJS module (`const urls = require('./urls')`): its members are the exports.
  const names = b.imported === '*' ? path!.slice(1) : [b.imported, ...path!.slice(1)];
  return { module: b.module, from: index.file, export: names.join('.') };
}

const NODE_BUILTIN = /^(node:)?(fs|path|url|os|http|https|process|util|crypto)$/;

/**
 * `lazyLoad(() => import('./admin'))`, `lazy(() => require('./api'))`: a loader handed a function of
 * no parameters that only loads a module of this repository (express-lazy-router and the like).
 */
function lazyLoadedModule(arg: AstNode): string | undefined {
  const n = unwrap(arg);
  if (n.type !== 'CallExpression' || n.arguments.length !== 1) return undefined;
  const fn = unwrap(n.arguments[0] as AstNode);
  if (!isFunctionLike(fn) || fn.params.length > 0 || !fn.body) return undefined;
  const body = fn.body as AstNode;
  const returned = body.type === 'BlockStatement' ? (body.body.length === 1 && body.body[0].type === 'ReturnStatement' ? (body.body[0].argument as AstNode | null) : undefined) : body;
  if (!returned) return undefined;
  // `Promise.resolve(require('./api'))`, `import('./api').then((m) => m.default)`: the load is inside.
  const loads = new Set([returned, ...nodesUnder(returned, 'CallExpression'), ...nodesUnder(returned, 'ImportExpression')].map((c) => requireModule(c)).filter((m): m is string => m !== undefined));
  const [only] = loads;
  return loads.size === 1 && isLocalModule(only) ? only : undefined;
}
