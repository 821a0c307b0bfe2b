// Routes of an AdonisJS application as its router registers them (start/routes.ts and the files
// it imports): v5 `Route.get('/x', 'UsersController.index')`, v6 `router.get('/x', [UsersController,
// 'index'])`, resources, `on().render()`, and the prefixes / middleware / namespaces of the groups
// around them. Each route names its controller method by a module path the shared link resolves
// against the `js-handler` records of controllers.ts.
import { posix } from 'node:path';
import type { FactInput } from '../../../model/types.js';
import { isFunctionLike, stringValue, unwrap, type AstNode, type CallLike, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { accessFacts, summarizeHandler } from '../_lib/routes-handler.js';
import { routeFact, type HandlerRef, type MwRef, type RouteMeta } from '../_lib/routes.js';
import { handlerAuth } from '../nextjs/session-check.js';
import { adonisAuth, optionalCaller, strongest } from './handler-auth.js';
import { middlewareRefs } from './middleware.js';

export const ROUTER_MODULES = ['@ioc:Adonis/Core/Route', '@adonisjs/core/services/router'];
export const HANDLER_EXPORT = '~adonis.';

const VERBS: Record<string, string[]> = { get: ['GET'], post: ['POST'], put: ['PUT'], patch: ['PATCH'], delete: ['DELETE'], any: ['ALL'] };
const RESOURCE_ACTIONS: { action: string; methods: string[]; member: boolean; suffix: string; form: boolean }[] = [
  { action: 'index', methods: ['GET'], member: false, suffix: '', form: false },
  { action: 'create', methods: ['GET'], member: false, suffix: '/create', form: true },
  { action: 'store', methods: ['POST'], member: false, suffix: '', form: false },
  { action: 'show', methods: ['GET'], member: true, suffix: '', form: false },
  { action: 'edit', methods: ['GET'], member: true, suffix: '/edit', form: true },
  { action: 'update', methods: ['PUT', 'PATCH'], member: true, suffix: '', form: false },
  { action: 'destroy', methods: ['DELETE'], member: true, suffix: '', form: false },
];

interface ChainCall {
  name: string;
  args: AstNode[];
  node: CallLike;
}

/** Where a controller lives: a module path relative to the routes file, and the method. */
interface Target {
  module: string;
  cls: string;
  method: string;
}

interface Scope {
  /** Prefix calls, innermost first, each prepending. */
  prefixes: string[];
  mw: MwRef[];
  namespace?: string;
}

/** Calls chained on a call: `Route.get(...).middleware('auth').as('x')` → middleware, as. */
function chainAfter(call: AstNode, index: JsIndex): ChainCall[] {
  const out: ChainCall[] = [];
  let cur: AstNode = call;
  for (let i = 0; i < 20; i++) {
    const member = index.parent(cur);
    if (!member || member.type !== 'MemberExpression' || member.object !== cur || member.property.type !== 'Identifier') break;
    const next = index.parent(member);
    if (!next || next.type !== 'CallExpression' || next.callee !== member) break;
    out.push({ name: member.property.name, args: next.arguments.map((a) => a as AstNode), node: next });
    cur = next;
  }
  return out;
}

function prepend(prefix: string, path: string): string {
  const p = prefix.replace(/^\/+|\/+$/g, '');
  const rest = path.replace(/^\/+/, '');
  return `/${[p, rest].filter(Boolean).join('/')}`;
}

/** The application root of a routes file: the folder holding `start/` (or `app/`, for routes kept beside controllers). */
function appRoot(file: string): string {
  const m = /^(.*?)(?:^|\/)(?:start|app)\//.exec(file);
  return m?.[1] ? `${m[1]}/` : '';
}

/** A module specifier of the application (`#controllers/x`, `App/Controllers/Http/X`, `../app/x.js`) as a repository path without extension. */
export function moduleTarget(spec: string, file: string): string | undefined {
  const root = appRoot(file);
  let target: string | undefined;
  if (spec.startsWith('.')) target = posix.join(posix.dirname(file), spec);
  // Subpath imports of package.json (`"#controllers/*": "./app/controllers/*.js"`): the convention.
  else if (spec.startsWith('#')) target = `${root}app/${spec.slice(1)}`;
  // v5 autoload `App` → `./app`.
  else if (/^App\//.test(spec)) target = `${root}app/${spec.slice(4)}`;
  return target?.replace(/\.[cm]?[jt]s$/, '');
}

/** The same, relative to the importing file (as link resolves an import). */
function relativeModule(spec: string, file: string): string | undefined {
  const target = moduleTarget(spec, file);
  if (target === undefined) return undefined;
  const rel = posix.relative(posix.dirname(file), target);
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** `const X = () => import('#controllers/x')` or `import X from '#controllers/x'`: the module of X. */
function controllerModule(name: string, index: JsIndex): string | undefined {
  const init = unwrap(index.constInit(name));
  if (init && init.type === 'ArrowFunctionExpression' && init.expression) {
    const body = unwrap(init.body as AstNode);
    if (body.type === 'ImportExpression') return stringValue(body.source as AstNode, index);
  }
  const b = index.bindings.get(name);
  return b && (b.imported === 'default' || b.imported === '*') ? b.module : undefined;
}

/** v5 `'Admin/UsersController.index'` under a namespace: the controller's module path. */
function v5Target(text: string, namespace: string | undefined, file: string, defaultMethod?: string): Target | undefined {
  // v6 magic strings name the module itself: `'#controllers/users_controller.index'`.
  if (text.startsWith('#')) {
    const m = /^(#[\w/-]+?)(?:\.(\w+))?$/.exec(text);
    const module = m ? relativeModule(m[1], file) : undefined;
    return m && module ? { module, cls: m[1].split('/').pop()!, method: m[2] ?? defaultMethod ?? 'handle' } : undefined;
  }
  const m = defaultMethod ? /^([\w/.-]+?)$/.exec(text) : /^([\w/.-]+)\.(\w+)$/.exec(text);
  if (!m) return undefined;
  const ctrl = m[1];
  const ns = (namespace ?? 'App/Controllers/Http').replace(/\/+$/, '');
  const spec = ctrl.startsWith('App/') ? ctrl : `${ns}/${ctrl}`;
  const module = relativeModule(spec, file);
  return module ? { module, cls: ctrl.split('/').pop()!, method: m[2] ?? defaultMethod! } : undefined;
}

/** What a route's handler argument names: a controller method, or an inline function. */
function handlerOf(node: AstNode | undefined, scope: Scope, index: JsIndex): { target?: Target; fn?: FunctionLike; ref?: HandlerRef } {
  const n = unwrap(node);
  if (!n) return {};
  if (isFunctionLike(n)) return { fn: n };
  const s = stringValue(n, index);
  if (s !== undefined) return { target: v5Target(s, scope.namespace, index.file) };
  if (n.type === 'ArrayExpression') {
    const [c, m] = n.elements.map((e) => (e && e.type !== 'SpreadElement' ? unwrap(e as AstNode) : undefined));
    const method = m ? (stringValue(m, index) ?? 'handle') : 'handle';
    if (c?.type !== 'Identifier') return {};
    const spec = controllerModule(c.name, index);
    const module = spec ? relativeModule(spec, index.file) : undefined;
    return module ? { target: { module, cls: c.name, method } } : {};
  }
  if (n.type === 'Identifier') {
    const local = index.functionByName(n.name);
    if (local) return { fn: local };
    const b = index.bindings.get(n.name);
    if (b) return { ref: { module: b.module, from: index.file, export: b.imported, name: n.name } };
  }
  return {};
}

/** The controller of a resource: `'UsersController'` (v5) or a lazily imported class (v6). */
function resourceController(node: AstNode | undefined, scope: Scope, index: JsIndex): ((action: string) => Target | undefined) | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  const s = stringValue(n, index);
  if (s !== undefined) return (action) => v5Target(s, scope.namespace, index.file, action);
  if (n.type === 'Identifier') {
    const spec = controllerModule(n.name, index);
    const module = spec ? relativeModule(spec, index.file) : undefined;
    return module ? (action) => ({ module, cls: n.name, method: action }) : undefined;
  }
  return undefined;
}

/** The scopes of the groups around a route, innermost first. */
function groupScopes(call: AstNode, index: JsIndex, routerNames: Set<string>): { chain: ChainCall[] }[] {
  const out: { chain: ChainCall[] }[] = [];
  for (const a of index.ancestors(call)) {
    if (!isFunctionLike(a)) continue;
    const g = index.parent(a);
    if (!g || g.type !== 'CallExpression' || !g.arguments.includes(a as never)) continue;
    const callee = unwrap(g.callee as AstNode);
    if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier' || callee.property.name !== 'group') continue;
    const obj = unwrap(callee.object as AstNode);
    if (obj.type !== 'Identifier' || !routerNames.has(obj.name)) continue;
    out.push({ chain: chainAfter(g, index) });
  }
  return out;
}

/** Applies a chain's prefix / middleware / namespace calls to a scope (groups: outer ones later). */
function applyChain(chain: ChainCall[], index: JsIndex): Scope {
  const scope: Scope = { prefixes: [], mw: [] };
  for (const c of chain) {
    if (c.name === 'prefix') {
      const p = stringValue(c.args[0], index);
      if (p !== undefined) scope.prefixes.push(p);
    } else if (c.name === 'middleware' || c.name === 'use') {
      // v6 resources: `.use('*', mw)` / `.use(['store'], mw)` are per action (read with the resource).
      if (c.args.length === 1) scope.mw.push(...middlewareRefs(c.args[0], index));
    } else if (c.name === 'namespace') {
      const ns = stringValue(c.args[0], index);
      if (ns !== undefined) scope.namespace = ns;
    }
  }
  return scope;
}

function singular(word: string): string {
  if (/ies$/.test(word)) return word.replace(/ies$/, 'y');
  if (/(ss|us)$/.test(word)) return word;
  if (/(xes|ches|shes|sses)$/.test(word)) return word.replace(/es$/, '');
  return word.replace(/s$/, '');
}

function snakeCase(word: string): string {
  return word.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/-/g, '_').toLowerCase();
}

interface Emitted {
  method: string;
  path: string;
  at: AstNode;
  mw: MwRef[];
  handler: ReturnType<typeof handlerOf>;
  tags: string[];
}

export function scanRoutes(index: JsIndex): FactInput[] {
  const routerNames = new Set<string>();
  for (const [local, b] of index.bindings) if (ROUTER_MODULES.includes(b.module) && (b.imported === 'default' || b.imported === '*')) routerNames.add(local);
  if (routerNames.size === 0) return [];
  const out: FactInput[] = [];
  const routes: Emitted[] = [];
  for (const call of index.nodesOf('CallExpression')) {
    const callee = unwrap(call.callee as AstNode);
    if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier') continue;
    const obj = unwrap(callee.object as AstNode);
    if (obj.type !== 'Identifier' || !routerNames.has(obj.name)) continue;
    const kind = callee.property.name;
    if (!(kind in VERBS) && kind !== 'route' && kind !== 'resource' && kind !== 'shallowResource' && kind !== 'on') continue;
    const own = chainAfter(call, index);
    const groups = groupScopes(call, index, routerNames);
    // Outer group middleware first; the innermost namespace wins.
    const scopes = groups.map((g) => applyChain(g.chain, index));
    const routeScope = applyChain(own, index);
    const namespace = routeScope.namespace ?? scopes.find((s) => s.namespace !== undefined)?.namespace;
    const mw = [...[...scopes].reverse().flatMap((s) => s.mw), ...routeScope.mw];
    const place = (path: string): string => {
      let p = prepend('', path);
      for (const pre of routeScope.prefixes) p = prepend(pre, p);
      for (const s of scopes) for (const pre of s.prefixes) p = prepend(pre, p);
      return p;
    };
    const scope: Scope = { prefixes: [], mw, namespace };
    const args = call.arguments.map((a) => a as AstNode);
    const pattern = stringValue(args[0], index);
    if (pattern === undefined) continue;
    if (kind in VERBS) {
      for (const method of VERBS[kind]) routes.push({ method, path: place(pattern), at: call, mw, handler: handlerOf(args[1], scope, index), tags: [] });
    } else if (kind === 'route') {
      const methods = unwrap(args[1]);
      const list = methods?.type === 'ArrayExpression' ? methods.elements.map((e) => (e && e.type !== 'SpreadElement' ? stringValue(e as AstNode, index) : undefined)) : [];
      for (const m of list) if (m) routes.push({ method: m.toUpperCase() === 'ANY' ? 'ALL' : m.toUpperCase(), path: place(pattern), at: call, mw, handler: handlerOf(args[2], scope, index), tags: [] });
    } else if (kind === 'on') {
      // `Route.on('/x').render('view')` / `.redirect(...)`: a page or a redirect, no controller.
      if (own.some((c) => /^(render|renderInertia|redirect|redirectToPath|redirectToRoute)$/.test(c.name))) routes.push({ method: 'GET', path: place(pattern), at: call, mw, handler: {}, tags: ['page-only'] });
    } else {
      resourceRoutes(kind === 'shallowResource', pattern, args[1], own, scope, index, place, call).forEach((r) => routes.push(r));
    }
  }
  for (const r of routes) out.push(...emit(r, index));
  return out;
}

function resourceRoutes(shallow: boolean, name: string, ctrlNode: AstNode | undefined, own: ChainCall[], scope: Scope, index: JsIndex, place: (p: string) => string, at: AstNode): Emitted[] {
  const controller = resourceController(ctrlNode, scope, index);
  let actions = RESOURCE_ACTIONS.map((a) => a.action);
  const paramNames: Record<string, string> = {};
  const perAction: { actions: string[] | '*'; mw: MwRef[] }[] = [];
  const strings = (n: AstNode | undefined): string[] => {
    const u = unwrap(n);
    if (!u) return [];
    const s = stringValue(u, index);
    if (s !== undefined) return [s];
    return u.type === 'ArrayExpression' ? u.elements.flatMap((e) => (e && e.type !== 'SpreadElement' ? [stringValue(e as AstNode, index)].filter((x): x is string => !!x) : [])) : [];
  };
  for (const c of own) {
    if (c.name === 'apiOnly') actions = actions.filter((a) => a !== 'create' && a !== 'edit');
    else if (c.name === 'only') actions = actions.filter((a) => strings(c.args[0]).includes(a));
    else if (c.name === 'except') actions = actions.filter((a) => !strings(c.args[0]).includes(a));
    else if (c.name === 'paramFor') {
      const [res, p] = [stringValue(c.args[0], index), stringValue(c.args[1], index)];
      if (res && p) paramNames[res] = p;
    } else if (c.name === 'params') {
      const o = unwrap(c.args[0]);
      if (o?.type === 'ObjectExpression') for (const p of o.properties) if (p.type === 'Property' && p.key.type === 'Identifier') paramNames[p.key.name] = stringValue(p.value as AstNode, index) ?? p.key.name;
    } else if (c.name === 'middleware' || c.name === 'use') {
      if (c.args.length >= 2) {
        // v6 `.use(['store', 'update'], middleware.auth())`, `.use('*', ...)`.
        const which = strings(c.args[0]);
        perAction.push({ actions: which.includes('*') ? '*' : which, mw: middlewareRefs(c.args[1], index) });
      } else {
        const o = unwrap(c.args[0]);
        // v5 `.middleware({ '*': ['auth'], store: ['acl:admin'] })`.
        if (o?.type === 'ObjectExpression') {
          for (const p of o.properties) {
            if (p.type !== 'Property') continue;
            const key = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : undefined;
            if (key) perAction.push({ actions: key === '*' ? '*' : [key], mw: middlewareRefs(p.value as AstNode, index) });
          }
        }
      }
    }
  }
  // `posts.comments`: `/posts/:post_id/comments`; the last one is the resource.
  const parts = name.replace(/^\/+|\/+$/g, '').split('.');
  const last = parts[parts.length - 1];
  let base = '';
  if (!shallow) for (const p of parts.slice(0, -1)) base = `${base}/${p}/:${paramNames[p] ?? `${snakeCase(singular(p.split('/').pop()!))}_id`}`;
  const collection = `${base}/${last}`;
  const member = `${shallow ? `/${last}` : collection}/:${paramNames[last] ?? 'id'}`;
  const out: Emitted[] = [];
  for (const a of RESOURCE_ACTIONS) {
    if (!actions.includes(a.action)) continue;
    const mw = [...scope.mw, ...perAction.filter((p) => p.actions === '*' || p.actions.includes(a.action)).flatMap((p) => p.mw)];
    const target = controller?.(a.action);
    for (const method of a.methods) out.push({ method, path: place(`${a.member ? member : collection}${a.suffix}`), at, mw, handler: target ? { target } : {}, tags: ['resource'] });
  }
  return out;
}

function emit(r: Emitted, index: JsIndex): FactInput[] {
  const meta: RouteMeta = { mw: r.mw, local: r.path };
  const evidence = index.evidence(r.at);
  const out: FactInput[] = [];
  let handler: { file: string; line: number; name?: string } | undefined;
  if (r.handler.fn) {
    const fn = r.handler.fn;
    const summary = summarizeHandler(fn, index);
    const { inline } = handlerAuth(summary.inline, fn, index);
    const best = strongest(inline, adonisAuth(fn, index));
    if (best) meta.inline = best;
    if (summary.guardCalls) meta.guardCalls = summary.guardCalls;
    const tags = !best && optionalCaller(fn, index) ? [...summary.tags, 'optional-auth'] : summary.tags;
    if (tags.length) meta.handlerTags = tags;
    handler = { file: index.file, line: index.line(fn), name: `${r.method} ${r.path}` };
    out.push(...accessFacts(summary, index, { file: index.file, line: evidence.line }));
  } else if (r.handler.target) {
    const t = r.handler.target;
    meta.handler = { module: t.module, from: index.file, export: `${HANDLER_EXPORT}${t.method}`, name: `${t.cls}.${t.method}` };
  } else if (r.handler.ref) meta.handler = r.handler.ref;
  out.push(routeFact({ framework: 'adonis', method: r.method, path: r.path, evidence, handler, meta, extraTags: r.tags }));
  return out;
}
