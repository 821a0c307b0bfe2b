// Routes a Fastify plugin adds by itself: @fastify/static serves every file under `root` at
// `prefix` (default `/`), @fastify/swagger-ui (and @fastify/swagger with `exposeRoute`) the API
// documentation at `routePrefix` (default `/documentation`). No `fastify.get` names them, so the
// route scanner sees nothing. Each becomes a GET entry point on the instance it is registered on
// (plain `register(plugin, opts)` or an @fastify/autoload plugin file exporting the plugin with
// `autoConfig` options), so auth comes from the hooks of that encapsulation context. A static
// folder is also recorded for link, which turns it into a `static` config fact with `guarded`
// taken from the linked entry point (and, with `list`, a `directory-listing` fact).
import type { ConfigFact, FactInput } from '../../../model/types.js';
import { calleeObject, calleeProperty, chainRoot, isFunctionLike, literalValue, memberPath, objectProp, paramNames, resolveObject, stringValue, unwrap, type AstNode, type CallLike, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { flattenArgs, mwRef } from '../_lib/routes-refs.js';
import { FASTIFY_CHAINABLE, receiverFnName } from '../_lib/routes-scan.js';
import { fileNoExt, joinPath, routeFact, type MwRef, type RouteMeta } from '../_lib/routes.js';
import { autoConfig } from './autoload-plugins.js';
import { evalPath, symbolicString } from './paths.js';

export const SERVED_SETTING = 'js-fastify-served';
export const ENV_SETTING = 'js-fastify-env-defaults';

const STATIC = /^(@fastify\/static|fastify-static)$/;
const SWAGGER_UI = /^(@fastify\/swagger-ui|fastify-swagger-ui)$/;
const SWAGGER = /^(@fastify\/swagger|fastify-swagger)$/;
const FASTIFY_PLUGIN = /^fastify-plugin(\.default)?$/;
const HOOKS = new Set(['onRequest', 'preParsing', 'preValidation', 'preHandler']);

export interface ServedRecord {
  kind: 'static' | 'docs';
  library: string;
  /** Entry point path as emitted (may hold `{NAME}` configuration segments). */
  path: string;
  /** Static folders (see paths.ts), empty when unreadable. */
  roots: string[];
  /** Exported from an autoload plugin file: only real when an autoload folder covers the file. */
  autoload: boolean;
  /** @fastify/static `list` option: folders without an index file are listed. */
  list: boolean;
}

interface Served {
  kind: 'static' | 'docs';
  library: string;
  path: string;
  roots: string[];
  list: boolean;
  mw: MwRef[];
  at: AstNode;
}

/** What the plugin serves with these options, or undefined when it is not a serving plugin. */
function served(plugin: string, opts: AstNode | undefined, index: JsIndex, fallbackAt: AstNode): Served | undefined {
  const prop = (k: string) => objectProp(opts, k);
  if (STATIC.test(plugin)) {
    if (literalValue(prop('serve'), index) === false) return undefined;
    const prefixNode = prop('prefix');
    const prefix = prefixNode ? (symbolicString(prefixNode, index) ?? '{prefix}') : '/';
    const rootNode = unwrap(prop('root'));
    const rootNodes = rootNode?.type === 'ArrayExpression' ? rootNode.elements.map((e) => e as AstNode) : rootNode ? [rootNode] : [];
    const roots = rootNodes.map((r) => evalPath(r, index)).filter((p) => p?.complete).map((p) => p!.path);
    const list = prop('list');
    const listing = !!list && literalValue(list, index) !== false;
    return { kind: 'static', library: plugin, path: joinPath(prefix, '/*'), roots, list: listing, mw: [], at: prefixNode ?? rootNode ?? fallbackAt };
  }
  const ui = SWAGGER_UI.test(plugin);
  if (!ui && !(SWAGGER.test(plugin) && literalValue(prop('exposeRoute'), index) === true)) return undefined;
  const prefixNode = prop('routePrefix');
  const path = joinPath('', prefixNode ? (symbolicString(prefixNode, index) ?? '{routePrefix}') : '/documentation');
  // `uiHooks: { onRequest: fastify.basicAuth }` guards the documentation routes only.
  const hooks = resolveObject(prop('uiHooks'), index);
  const mw: MwRef[] = [];
  for (const h of HOOKS) {
    const v = objectProp(hooks, h);
    if (v) mw.push(...flattenArgs([v]).map((a) => mwRef(a, index)));
  }
  return { kind: 'docs', library: plugin, path, roots: [], list: false, mw, at: prefixNode ?? fallbackAt };
}

/** The receiver id RouterScan gives an instance name at a call, and the hooks added on it. */
function receiverAt(obj: AstNode | undefined, at: AstNode, index: JsIndex): { id: string; tag?: string; scope?: FunctionLike } | undefined {
  // `fastify.register(env).register(Static, {...})`: the instance the chain starts from.
  const path = memberPath(obj && unwrap(obj).type === 'CallExpression' ? chainRoot(obj, FASTIFY_CHAINABLE) : obj);
  if (!path || path.length !== 1) return undefined;
  const name = path[0];
  const fne = fileNoExt(index.file);
  for (const a of index.ancestors(at)) {
    if (!isFunctionLike(a)) continue;
    const i = paramNames(a).indexOf(name);
    if (i >= 0) return { id: `${fne}#${receiverFnName(a, index)}(${i})`, tag: `~recv-kind:param:${name}`, scope: a };
  }
  return { id: `${fne}#${name}`, tag: index.constInit(name) ? undefined : '~recv-kind:guess' };
}

function sameReceiver(call: CallLike, recv: { id: string }, index: JsIndex): boolean {
  return receiverAt(calleeObject(call), call, index)?.id === recv.id;
}

function emit(s: Served, recv: { id: string; tag?: string }, hooks: MwRef[], autoload: boolean, index: JsIndex, n: number): FactInput[] {
  const meta: RouteMeta = { recv: { id: recv.id }, local: s.path, mw: [...hooks, ...s.mw] };
  // `page-only`: like a handler that only renders or sends files, rules that judge API routes skip it.
  const tags = [s.kind === 'static' ? 'static-files' : 'api-docs', 'page-only', ...(recv.tag ? [recv.tag] : [])];
  const evidence = index.evidence(s.at);
  const route = routeFact({ framework: 'fastify', method: 'GET', path: s.path, evidence, meta, extraTags: tags });
  const record: ServedRecord = { kind: s.kind, library: s.library, path: s.path, roots: s.roots, autoload, list: s.list };
  const internal: Omit<ConfigFact, 'extractor'> = { kind: 'config', setting: SERVED_SETTING, values: { data: JSON.stringify(record) }, evidence, key: `${index.file}#${SERVED_SETTING}:${n}` };
  return [route, internal];
}

/** Serving plugins registered in this file, and the one an autoload plugin file exports. */
export function servedRoutes(index: JsIndex): FactInput[] {
  // The plugin is recognised by its module name, so the file must import it.
  if (!/fastify[-/](static|swagger)/.test(index.content)) return [];
  const out: FactInput[] = [];
  const addHooks = index.nodesOf('CallExpression').filter((c) => calleeProperty(c) === 'addHook' && HOOKS.has(stringValue(c.arguments[0] as AstNode, index) ?? '') && c.arguments.length >= 2);
  for (const call of index.nodesOf('CallExpression')) {
    if (calleeProperty(call) !== 'register' || call.arguments.length < 1) continue;
    const plugin = (index.resolvedName(unwrap(call.arguments[0] as AstNode)) ?? '').replace(/\.default$/, '');
    if (!STATIC.test(plugin) && !SWAGGER.test(plugin) && !SWAGGER_UI.test(plugin)) continue;
    const s = served(plugin, resolveObject(call.arguments[1] as AstNode, index), index, call);
    const recv = receiverAt(calleeObject(call), call, index);
    if (!s || !recv) continue;
    // Fastify hooks cover the whole context they are added to, before or after the register.
    const hooks = addHooks.filter((h) => sameReceiver(h, recv, index)).map((h) => mwRef(h.arguments[1] as AstNode, index));
    out.push(...emit(s, recv, hooks, false, index, out.length));
  }
  const exported = index.exports.get('default');
  let v = exported ? unwrap(exported) : undefined;
  if (v?.type === 'CallExpression' && FASTIFY_PLUGIN.test(index.resolvedCallee(v) ?? '')) v = unwrap(v.arguments[0] as AstNode);
  if (v && exported && !isFunctionLike(v)) {
    const plugin = (index.resolvedName(v) ?? '').replace(/\.default$/, '');
    const s = plugin ? served(plugin, autoConfig(index), index, exported) : undefined;
    // @fastify/autoload registers the file's default export on the loader's instance.
    if (s) out.push(...emit(s, { id: `${fileNoExt(index.file)}#default(0)` }, [], true, index, out.length));
  }
  return out;
}

/** `@fastify/env` / env-schema schema defaults: `properties: { UPLOAD_DIRNAME: { default: 'uploads' } }`. */
export function envDefaults(index: JsIndex): FactInput[] {
  if (!index.imports('@fastify/env', 'fastify-env', 'env-schema')) return [];
  const defaults: Record<string, string> = {};
  for (const obj of index.nodesOf('ObjectExpression')) {
    const props = resolveObject(objectProp(obj, 'properties'), index);
    if (!props || props.type !== 'ObjectExpression') continue;
    for (const p of props.properties) {
      if (p.type !== 'Property' || p.key.type !== 'Identifier') continue;
      const d = literalValue(objectProp(resolveObject(p.value as AstNode, index), 'default'), index);
      if (typeof d === 'string' || typeof d === 'number') defaults[p.key.name] = String(d);
    }
  }
  if (Object.keys(defaults).length === 0) return [];
  const fact: Omit<ConfigFact, 'extractor'> = { kind: 'config', setting: ENV_SETTING, values: { data: JSON.stringify(defaults) }, evidence: { file: index.file, line: 1 }, key: `${index.file}#${ENV_SETTING}` };
  return [fact];
}
