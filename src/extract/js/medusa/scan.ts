// Per-file pass of the Medusa extractor: route files (`src/api/**/route.ts`) become entry points
// judged like other handlers (auth from middlewares.ts is added by link), and every route or
// middlewares file leaves one internal record for link (see readme.md).
import type { FactInput } from '../../../model/types.js';
import {
  calleeName,
  calleeProperty,
  functionOf,
  literalValue,
  memberPath,
  nodesUnder,
  objectLiterals,
  objectProp,
  stringValue,
  unwrap,
  wrappedHandler,
  type AstNode,
  type FunctionLike,
  type JsIndex,
} from '../_lib/ast.js';
import { classifyGuard } from '../_lib/routes-guards.js';
import { accessFacts, summarizeHandler } from '../_lib/routes-handler.js';
import { routeFact, type RouteMeta } from '../_lib/routes.js';

export const MEDUSA_SETTING = 'js-medusa-file';
/** The verbs the loader registers (`HTTP_METHODS` of @medusajs/framework/http); other exports are ignored. */
export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'];
/** Server-side Medusa packages: a file importing one is Medusa code (a storefront imports js-sdk or types only). */
const SERVER_MODULE = /^@medusajs\/(framework|medusa|core-flows|utils|workflows-sdk|modules-sdk)(\/|$)/;

/** What link needs to judge a `middlewares` entry's `authenticate(...)` (or other) middleware. */
export interface MwItem {
  name: string;
  /** `authenticate(actorType, authTypes, options)`: actors (undefined: not literal), auth types, options. */
  authenticate?: { actors?: string[]; types: string[]; optional: boolean; unregistered: boolean; unknownOptions: boolean };
  /** A function of this file, judged by its body. */
  verdict?: { level: 'user' | 'admin' | 'role' | 'unknown' | 'optional' | 'none'; why: string };
  /** Imported (`isAdmin`, `requireScope()`): link judges it by the guard definition found in that module. */
  ref?: { module: string; export: string };
}

export interface MwEntry {
  /** Express path (`/store/customers/me*`), or a RegExp as `re:<source>`. */
  matcher: string;
  /** Verbs; `USE` (a prefix match) when none is given, as the loader defaults. */
  methods: string[];
  items: MwItem[];
  line: number;
}

/** An element of a middlewares array: an entry, or a spread of another array (same file or imported). */
export type ListItem = { entry: MwEntry } | { local: string } | { module: string; export: string };

export interface MedusaFileRecord {
  /** Folder the loader reads routes from (`packages/medusa/src/api`). */
  api: string;
  /** The file imports a server-side @medusajs package. */
  medusa: boolean;
  route?: { path: string; optOut: boolean; methods: string[] };
  /** Top-level arrays of middleware entries by name; `default` for the default export. */
  lists?: Record<string, ListItem[]>;
}

/**
 * The loader's folder (`<plugin or project>/src/api`) and the file's path below it; undefined for
 * files the loader never reads: below an `_`-prefixed folder, or under a Next.js `app/` or `pages/`.
 */
export function apiLocation(path: string): { api: string; rel: string[] } | undefined {
  const segs = path.split('/');
  let at = segs.findIndex((s, i) => s === 'api' && segs[i - 1] === 'src' && i < segs.length - 1);
  if (at < 0) at = segs.findIndex((s, i) => s === 'api' && i < segs.length - 1);
  if (at < 0 || segs.slice(0, at).some((s) => s === 'app' || s === 'pages')) return undefined;
  const rel = segs.slice(at + 1);
  // The loader's excludes: `_`-prefixed names anywhere below the folder, declarations, maps, docs.
  if (rel.some((s) => s.startsWith('_')) || /\.(d\.[cm]?ts|map|md)$/.test(path)) return undefined;
  return { api: segs.slice(0, at + 1).join('/'), rel };
}

/** `admin/orders/[id]/fulfillments` → `/admin/orders/:id/fulfillments`; `[...]` (and `[...x]`) → `*`. */
export function medusaPath(folders: readonly string[]): string {
  const parts = folders.map((s) => s.replace(/^\[\.\.\.\w*\]$/, '*').replace(/^\[(\w+)\]$/, ':$1'));
  return `/${parts.join('/')}`;
}

/** Workflows named for a read (`getOrderDetailWorkflow`) change nothing. */
const READ_WORKFLOW = /^(get|list|retrieve|fetch|find|query|search|preview|calculate|validate)[A-Z]/;

/** `xWorkflow(req.scope).run(...)`, also through a local: a workflow built on the request's container, run. */
function runsWorkflow(fn: FunctionLike, index: JsIndex): boolean {
  for (const call of nodesUnder(fn.body as AstNode, 'CallExpression')) {
    const callee = unwrap(call.callee as AstNode);
    if (callee.type !== 'MemberExpression' || calleeProperty(call) !== 'run') continue;
    let built = unwrap(callee.object as AstNode);
    // `const workflow = updateUsersWorkflow(req.scope); await workflow.run({ input })`.
    if (built.type === 'Identifier') built = unwrap(index.initAt(built.name, call) ?? built);
    if (built.type !== 'CallExpression' || !(built.arguments as AstNode[]).some((a) => /^(req|request)\.scope$/.test(memberPath(a)?.join('.') ?? ''))) continue;
    const name = (calleeName(built) ?? '').split('.').pop() ?? '';
    if (!READ_WORKFLOW.test(name)) return true;
  }
  return false;
}

function importsMedusa(index: JsIndex): boolean {
  for (const m of index.modules) if (SERVER_MODULE.test(m)) return true;
  return false;
}

/** A route file: one entry point per exported verb, plus the record link uses (path, AUTHENTICATE). */
export function scanRoute(index: JsIndex, api: string, folders: readonly string[]): FactInput[] {
  const path = medusaPath(folders);
  // `export const AUTHENTICATE = false` opts the file out of the area's default authentication.
  const optOut = literalValue(index.exports.get('AUTHENTICATE')) === false;
  const out: FactInput[] = [];
  const methods: string[] = [];
  for (const method of METHODS) {
    const value = index.exports.get(method);
    if (!value) continue;
    methods.push(method);
    const fn = functionOf(value, index) ?? wrappedHandler(value, index);
    const meta: RouteMeta = { mw: [], local: path };
    const evidence = index.evidence(value);
    let handler: { file: string; line: number; name?: string } | undefined;
    if (fn) {
      const summary = summarizeHandler(fn, index);
      if (summary.inline) meta.inline = summary.inline;
      if (summary.guardCalls) meta.guardCalls = summary.guardCalls;
      // Medusa handlers change data by running a workflow with the request's container
      // (`updateProductsWorkflow(req.scope).run({ input })`), which the generic reading does not see.
      const tags = summary.tags.includes('no-state-change') && runsWorkflow(fn, index) ? summary.tags.filter((t) => t !== 'no-state-change') : summary.tags;
      if (tags.length) meta.handlerTags = tags;
      handler = { file: index.file, line: index.line(fn), name: index.functionName(fn) ?? method };
      out.push(...accessFacts(summary, index, { file: index.file, line: evidence.line }));
    }
    out.push(routeFact({ framework: 'medusa', method, path, evidence, handler, meta }));
  }
  if (methods.length === 0) return [];
  out.push(record(index, { api, medusa: importsMedusa(index), route: { path, optOut, methods } }));
  return out;
}

/** A middlewares file: its top-level arrays of `{ matcher, method, middlewares }` and its default export. */
export function scanMiddlewares(index: JsIndex, api: string): FactInput[] {
  const lists: Record<string, ListItem[]> = {};
  for (const stmt of index.program.body as AstNode[]) {
    const decl = stmt.type === 'ExportNamedDeclaration' ? (stmt.declaration as AstNode | null) : stmt;
    if (!decl || decl.type !== 'VariableDeclaration') continue;
    for (const d of decl.declarations) {
      if (d.id.type !== 'Identifier' || !d.init) continue;
      const items = listItems(d.init as AstNode, index, 0);
      if (items) lists[d.id.name] = items;
    }
  }
  const def = index.exports.get('default');
  const items = def ? listItems(def, index, 0) : undefined;
  if (items) lists.default = items;
  if (Object.keys(lists).length === 0) return [];
  return [record(index, { api, medusa: importsMedusa(index), lists })];
}

/**
 * `[...]`, `defineMiddlewares([...])`, `defineMiddlewares({ routes: [...] })`, `{ routes: [...] }`,
 * or a name of this file bound to one of those.
 */
function listItems(node: AstNode, index: JsIndex, depth: number): ListItem[] | undefined {
  let v = unwrap(node);
  if (depth > 3) return undefined;
  if (v.type === 'Identifier') {
    const init = index.constInit(v.name);
    return init ? listItems(init, index, depth + 1) : undefined;
  }
  if (v.type === 'CallExpression' && /defineMiddlewares$/.test(calleeName(v) ?? '') && v.arguments[0]) v = unwrap(v.arguments[0] as AstNode);
  if (v.type === 'ObjectExpression') {
    const routes = objectProp(v, 'routes');
    return routes ? listItems(routes, index, depth + 1) : undefined;
  }
  if (v.type !== 'ArrayExpression') return undefined;
  const out: ListItem[] = [];
  for (const el of v.elements as (AstNode | null)[]) {
    if (!el) continue;
    if (el.type === 'SpreadElement') {
      const arg = unwrap(el.argument as AstNode);
      if (arg.type !== 'Identifier') continue;
      const binding = index.bindings.get(arg.name);
      out.push(binding ? { module: binding.module, export: binding.imported } : { local: arg.name });
      continue;
    }
    const entry = entryOf(el, index);
    if (entry) out.push({ entry });
  }
  // An array of something else (strings, numbers) is no middleware list.
  return out.length > 0 || (v.elements as unknown[]).length === 0 ? out : undefined;
}

function entryOf(node: AstNode, index: JsIndex): MwEntry | undefined {
  const obj = unwrap(node);
  if (obj.type !== 'ObjectExpression') return undefined;
  const m = unwrap(objectProp(obj, 'matcher'));
  if (!m) return undefined;
  const regex = m.type === 'Literal' ? (m as unknown as { regex?: { pattern: string } }).regex : undefined;
  const matcher = regex ? `re:${regex.pattern}` : stringValue(m, index);
  if (matcher === undefined) return undefined;
  const methodNode = unwrap(objectProp(obj, 'method'));
  const methods = !methodNode
    ? ['USE']
    : methodNode.type === 'ArrayExpression'
      ? (methodNode.elements as AstNode[]).map((e) => stringValue(e, index)?.toUpperCase() ?? '?')
      : [stringValue(methodNode, index)?.toUpperCase() ?? '?'];
  let mws = unwrap(objectProp(obj, 'middlewares'));
  if (mws?.type === 'Identifier') mws = unwrap(index.constInit(mws.name));
  const items = mws?.type === 'ArrayExpression' ? (mws.elements as (AstNode | null)[]).filter((e): e is AstNode => !!e).map((e) => mwItem(e, index)) : [];
  return { matcher, methods, items, line: index.line(obj) };
}

function strings(node: AstNode | undefined, index: JsIndex): string[] | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'ArrayExpression') {
    const out = (n.elements as AstNode[]).map((e) => stringValue(e, index));
    return out.every((s): s is string => s !== undefined) ? out : undefined;
  }
  const s = stringValue(n, index);
  return s === undefined ? undefined : [s];
}

function mwItem(node: AstNode, index: JsIndex): MwItem {
  const n = unwrap(node);
  if (n.type === 'CallExpression') {
    const callee = calleeName(n) ?? index.text(n.callee as AstNode);
    const last = callee.split('.').pop() ?? callee;
    if (last === 'authenticate' && n.arguments.length >= 2) {
      const actors = strings(n.arguments[0] as AstNode, index);
      const types = strings(n.arguments[1] as AstNode, index) ?? [];
      const optsNode = n.arguments[2] as AstNode | undefined;
      const opts = objectLiterals(optsNode, index);
      const unknownOptions = !!optsNode && unwrap(optsNode).type !== 'ObjectExpression';
      const optional = opts.allowUnauthenticated === true;
      const name = `authenticate(${actors ? actors.map((a) => `'${a}'`).join(', ') : '?'}${optional ? ', optional' : ''})`;
      return { name, authenticate: { actors, types, optional, unregistered: opts.allowUnregistered === true, unknownOptions } };
    }
    const head = unwrap(n.callee as AstNode);
    const binding = head.type === 'Identifier' ? index.bindings.get(head.name) : undefined;
    return binding ? { name: `${callee}()`, ref: { module: binding.module, export: binding.imported } } : { name: `${callee}()` };
  }
  // An inline middleware or one declared in this file: judged by what its body does.
  const fn = functionOf(n, index);
  const name = n.type === 'Identifier' ? n.name : fn ? '<inline>' : index.text(n).slice(0, 60);
  const verdict = fn ? classifyGuard(fn, index) : undefined;
  if (verdict) return { name, verdict: { level: verdict.level, why: verdict.why } };
  const binding = !fn && n.type === 'Identifier' ? index.bindings.get(n.name) : undefined;
  return binding ? { name, ref: { module: binding.module, export: binding.imported } } : { name };
}

function record(index: JsIndex, data: MedusaFileRecord): FactInput {
  return { kind: 'config', setting: MEDUSA_SETTING, values: { data: JSON.stringify(data) }, evidence: { file: index.file, line: 1 }, key: `${index.file}#${MEDUSA_SETTING}` };
}
