import { posix } from 'node:path';
import type { ConfigFact, EntrypointFact, Fact, FactInput } from '../../../model/types.js';
import { calleeObject, calleeProperty, isFunctionLike, nodesUnder, paramNames, propertyKey, stringValue, unwrap, jsIndex, type AstNode, type CallLike, type Class, type JsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { accessFacts, resolveHandler, summarizeHandler } from '../_lib/routes-handler.js';
import { decideAuth, decodeMeta, encodeMeta, fileNoExt, internalData, isTestFile, normalizeMethod, ROUTE_TAG, routeFact, underPrefix, words, type MwRef, type RouteMeta } from '../_lib/routes.js';
import type { Extractor } from '../../types.js';
import { GUARD_SETTING, guardFacts, PREDICATE_SETTING, predicateFacts, type PrefixGuardRecord } from './prefix-guards.js';

/**
 * Home-grown router classes (a route registry of the application's own code):
 *
 *   export default class Router {
 *     public public = false;              // routes private unless an instance says otherwise
 *     public publicSchemas: string[] = [];
 *     get(path, handler) { this.routes.GET[path] = { handler }; }
 *     post(path, handler) { ... }
 *   }
 *
 * and the modules that fill an instance: `const router = new Router(); router.public = true;
 * router.get('api/ping', async (path, ctx) => ...); export default router;`. Whether the imported
 * class is such a registry is known only in link, so the routes are emitted here and dropped there
 * when the class turns out to be something else (an HTTP client, a cache).
 */

const VERBS = new Set(['get', 'post', 'put', 'patch', 'del', 'delete']);
const CLASS_SETTING = 'js-class-router';
const USE_SETTING = 'js-class-router-use';
/** Words of a member that declares routes reachable without a session (`public`, `allowAnonymous`). */
const PUBLIC_WORDS = new Set(['public', 'open', 'anonymous', 'anon', 'unauthenticated', 'guest']);

interface ClassRouterRecord {
  name: string;
  exports: string[];
  /** Boolean member initialised `false` that an instance sets to open all its routes. */
  publicFlag?: string;
  /** Array member initialised `[]` listing the paths an instance opens one by one. */
  publicList?: string;
}

interface UseRecord {
  recv: string;
  module: string;
  export: string;
  /** Members set to literal `true` on the instance (`router.public = true`). */
  flags: string[];
  /** Literal strings pushed onto a member list (`router.publicSchemas.push('users/:id/confirm')`). */
  lists: Record<string, string[]>;
}

function config(setting: string, index: JsIndex, at: AstNode, data: unknown, key: string): FactInput {
  const fact: Omit<ConfigFact, 'extractor'> = { kind: 'config', setting, values: { data: JSON.stringify(data) }, evidence: index.evidence(at), key };
  return fact;
}

function memberName(node: AstNode | undefined): string | undefined {
  const n = unwrap(node);
  if (!n || n.type !== 'MemberExpression' || n.computed) return undefined;
  const p = n.property as AstNode;
  return p.type === 'Identifier' ? p.name : undefined;
}

function rootedAtThis(node: AstNode): boolean {
  let n: AstNode | undefined = unwrap(node);
  while (n && n.type === 'MemberExpression') n = unwrap(n.object as AstNode);
  return n?.type === 'ThisExpression';
}

/** A verb method that stores its handler parameter on the instance (`this.routes[path] = { handler }`, `this.list.push({ path, handler })`). */
function storesHandler(method: AstNode): boolean {
  if (method.type !== 'MethodDefinition' || method.kind !== 'method') return false;
  const fn = method.value as AstNode;
  if (!isFunctionLike(fn)) return false;
  const params = paramNames(fn);
  if (params.length < 2) return false;
  const handler = params[1];
  const mentions = (n: AstNode) => nodesUnder(n, 'Identifier').some((i) => i.name === handler);
  for (const a of nodesUnder(fn, 'AssignmentExpression')) if (rootedAtThis(a.left as AstNode) && mentions(a.right as AstNode)) return true;
  for (const c of nodesUnder(fn, 'CallExpression')) {
    const obj = calleeObject(c);
    if (obj && rootedAtThis(obj) && ['push', 'set', 'unshift'].includes(calleeProperty(c) ?? '') && (c.arguments as AstNode[]).some(mentions)) return true;
  }
  return false;
}

function publicMembers(cls: Class): Pick<ClassRouterRecord, 'publicFlag' | 'publicList'> {
  const out: Pick<ClassRouterRecord, 'publicFlag' | 'publicList'> = {};
  for (const m of cls.body.body as AstNode[]) {
    if (m.type !== 'PropertyDefinition' || m.static) continue;
    const name = propertyKey(m);
    if (!name || !words(name).some((w) => PUBLIC_WORDS.has(w))) continue;
    const v = unwrap(m.value as AstNode | null);
    if (v?.type === 'Literal' && v.value === false) out.publicFlag ??= name;
    else if (v?.type === 'ArrayExpression' && v.elements.length === 0) out.publicList ??= name;
  }
  return out;
}

function classRecords(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const classes = [...index.nodesOf('ClassDeclaration'), ...index.nodesOf('ClassExpression')] as Class[];
  for (const cls of classes) {
    const verbs = new Set((cls.body.body as AstNode[]).filter(storesHandler).map((m) => propertyKey(m)!));
    // One verb is a cache or a store (`get(key, fallback)`); a router answers several methods.
    if (verbs.size < 2 || !verbs.has('get')) continue;
    const name = cls.id?.name ?? 'default';
    const exports = [...index.exports].filter(([, v]) => v === (cls as AstNode) || (v.type === 'Identifier' && v.name === name)).map(([k]) => k);
    if (exports.length === 0) continue;
    const record: ClassRouterRecord = { name, exports, ...publicMembers(cls) };
    out.push(config(CLASS_SETTING, index, cls as AstNode, record, `${index.file}#${CLASS_SETTING}:${name}`));
  }
  return out;
}

/** `new Router(...)` of a class imported from the application's own modules: the binding it comes from. */
function importedInstance(init: AstNode | null | undefined, index: JsIndex): { module: string; export: string } | undefined {
  const n = unwrap(init);
  if (n?.type !== 'NewExpression') return undefined;
  const callee = unwrap(n.callee as AstNode);
  if (callee.type !== 'Identifier') return undefined;
  const b = index.bindings.get(callee.name);
  if (!b || !/^(\.|[@~#]\/)/.test(b.module)) return undefined;
  return { module: b.module, export: b.imported === '*' ? 'default' : b.imported };
}

function framework(fn: AstNode | undefined): string {
  if (!fn || !isFunctionLike(fn)) return 'node';
  const p = paramNames(fn);
  if (p.includes('ctx') || p.includes('context')) return 'koa';
  if (p.includes('req') || p.includes('request')) return 'express';
  return 'node';
}

function routePath(local: string): string {
  return local.startsWith('/') ? local : `/${local}`;
}

function instanceRoutes(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  const fne = fileNoExt(index.file);
  for (const decl of index.nodesOf('VariableDeclarator')) {
    if (decl.id.type !== 'Identifier' || index.enclosingFunction(decl as AstNode)) continue;
    const from = importedInstance(decl.init as AstNode, index);
    if (!from) continue;
    const name = decl.id.name;
    const recv = `${fne}#${name}`;
    const use: UseRecord = { recv, ...from, flags: [], lists: {} };
    const routes: FactInput[] = [];
    for (const a of index.nodesOf('AssignmentExpression')) {
      const left = unwrap(a.left as AstNode);
      const right = unwrap(a.right as AstNode);
      if (left.type === 'MemberExpression' && unwrap(left.object as AstNode).type === 'Identifier' && (unwrap(left.object as AstNode) as { name: string }).name === name && right.type === 'Literal' && right.value === true) {
        const m = memberName(left);
        if (m) use.flags.push(m);
      }
    }
    for (const call of index.nodesOf('CallExpression') as CallLike[]) {
      const obj = unwrap(calleeObject(call));
      const prop = calleeProperty(call);
      if (!obj || !prop) continue;
      // `router.publicSchemas.push('users/:id/confirm')`
      if (prop === 'push' && obj.type === 'MemberExpression' && unwrap(obj.object as AstNode).type === 'Identifier' && (unwrap(obj.object as AstNode) as { name: string }).name === name) {
        const list = memberName(obj);
        const items = (call.arguments as AstNode[]).map((x) => stringValue(x, index)).filter((s): s is string => s !== undefined);
        if (list) use.lists[list] = [...(use.lists[list] ?? []), ...items];
        continue;
      }
      if (!VERBS.has(prop) || obj.type !== 'Identifier' || obj.name !== name) continue;
      const args = call.arguments as AstNode[];
      const local = stringValue(args[0], index);
      if (local === undefined || args.length < 2 || index.enclosingFunction(call as AstNode)) continue;
      const handlerExpr = args[1];
      const resolved = resolveHandler(handlerExpr, index);
      if (!resolved.fn && !resolved.ref) continue;
      const path = routePath(local);
      const meta: RouteMeta = { recv: { id: recv }, local: path, mw: [] };
      const evidence = index.evidence(call as AstNode);
      let handler: EntrypointFact['handler'];
      if (resolved.fn) {
        const summary = summarizeHandler(resolved.fn, index);
        if (summary.inline) meta.inline = summary.inline;
        if (summary.guardCalls) meta.guardCalls = summary.guardCalls;
        if (summary.tags.length) meta.handlerTags = summary.tags;
        handler = { file: index.file, line: index.line(resolved.at ?? resolved.fn) };
        if (resolved.name) handler.name = resolved.name;
        routes.push(...accessFacts(summary, index, { file: index.file, line: evidence.line }));
      }
      if (resolved.ref) meta.handler = resolved.ref;
      routes.push(routeFact({ framework: framework(unwrap(handlerExpr)), method: normalizeMethod(prop), path, evidence, handler, meta }));
    }
    if (!routes.some((f) => f.kind === 'entrypoint')) continue;
    out.push(...routes, config(USE_SETTING, index, decl as AstNode, use, `${index.file}#${USE_SETTING}:${name}`));
  }
  return out;
}

const parse = internalData;

/** `./utils/Router` imported from `src/routes/api/ping.ts` → `src/utils/Router` (or its folder index). */
function resolveModule(from: string, spec: string, known: Set<string>): string | undefined {
  const bare = fileNoExt(spec);
  const candidates = bare.startsWith('.') ? [posix.normalize(posix.join(posix.dirname(from), bare))] : [...known].filter((k) => k.endsWith(`/${bare.replace(/^[@~#]\//, '')}`));
  for (const c of candidates) for (const k of [c, `${c}/index`]) if (known.has(k)) return k;
  return undefined;
}

const SETTINGS = new Set([CLASS_SETTING, USE_SETTING, PREDICATE_SETTING, GUARD_SETTING]);

/** Admin guards of path areas (prefix-guards.ts), their imported predicates resolved. */
function adminAreas(facts: readonly Fact[]): { prefix: string; why: string }[] {
  const predicates = new Map<string, string>();
  const guards: (PrefixGuardRecord & { file: string; line: number })[] = [];
  for (const f of facts) {
    if (f.kind !== 'config') continue;
    if (f.setting === PREDICATE_SETTING) {
      const p = parse<{ name: string; prefix: string }>(f);
      if (p) predicates.set(`${fileNoExt(f.evidence.file)}#${p.name}`, p.prefix);
    } else if (f.setting === GUARD_SETTING) {
      const g = parse<PrefixGuardRecord>(f);
      if (g) guards.push({ ...g, file: f.evidence.file, line: f.evidence.line });
    }
  }
  const known = new Set([...predicates.keys()].map((k) => k.slice(0, k.indexOf('#'))));
  const out: { prefix: string; why: string }[] = [];
  for (const g of guards) {
    const target = g.predicate ? resolveModule(g.file, g.predicate.module, known) : undefined;
    const prefix = g.prefix ?? (target && g.predicate ? predicates.get(`${target}#${g.predicate.export}`) : undefined);
    if (prefix) out.push({ prefix, why: `administrator check for ${prefix} in ${g.file}:${g.line}` });
  }
  return out;
}

function link(facts: Fact[]): Fact[] {
  const classes = new Map<string, ClassRouterRecord>();
  const uses: (UseRecord & { file: string })[] = [];
  for (const f of facts) {
    if (f.kind !== 'config') continue;
    if (f.setting === CLASS_SETTING) {
      const r = parse<ClassRouterRecord>(f);
      if (r) for (const e of r.exports) classes.set(`${fileNoExt(f.evidence.file)}#${e}`, r);
    } else if (f.setting === USE_SETTING) {
      const u = parse<UseRecord>(f);
      if (u) uses.push({ ...u, file: f.evidence.file });
    }
  }
  if (uses.length === 0) return facts.filter((f) => !(f.kind === 'config' && SETTINGS.has(f.setting)));
  const areas = adminAreas(facts);
  const known = new Set<string>();
  for (const f of classes.keys()) known.add(f.slice(0, f.indexOf('#')));
  const byRecv = new Map<string, { use: UseRecord; cls?: ClassRouterRecord }>();
  for (const u of uses) {
    const file = resolveModule(u.file, u.module, known);
    byRecv.set(u.recv, { use: u, cls: file ? classes.get(`${file}#${u.export}`) : undefined });
  }
  // Routes another extractor already read at the same place (a local class used Express-style).
  const seen = new Set<string>();
  for (const f of facts) if (f.kind === 'entrypoint' && f.extractor !== 'js/class-routers') seen.add(`${f.evidence.file}:${f.evidence.line}`);
  const out: Fact[] = [];
  for (const f of facts) {
    if (f.kind === 'config' && SETTINGS.has(f.setting)) continue;
    if (f.kind !== 'entrypoint' || f.extractor !== 'js/class-routers') {
      out.push(f);
      continue;
    }
    const meta = decodeMeta(f.tags);
    const recv = meta?.recv && 'id' in meta.recv ? byRecv.get(meta.recv.id) : undefined;
    if (!meta || !recv?.cls || seen.has(`${f.evidence.file}:${f.evidence.line}`)) continue;
    out.push(withDefaultAuth(f, meta, recv.use, recv.cls, areas));
  }
  return out;
}

/**
 * A registry with a public flag keeps every route behind its dispatcher's session check unless the
 * instance sets the flag or lists the path: that default is a guard of the route.
 */
function withDefaultAuth(f: EntrypointFact, meta: RouteMeta, use: UseRecord, cls: ClassRouterRecord, areas: readonly { prefix: string; why: string }[]): EntrypointFact {
  const admin = areas.filter((a) => f.path !== undefined && underPrefix(f.path, a.prefix)).map((a): MwRef => ({ name: `admin area ${a.prefix}`, role: 'auth-admin', why: a.why }));
  if (!cls.publicFlag && !cls.publicList && admin.length === 0) return f;
  const local = (meta.local ?? '').replace(/^\//, '');
  const open = (cls.publicFlag !== undefined && use.flags.includes(cls.publicFlag)) || (cls.publicList !== undefined && (use.lists[cls.publicList] ?? []).some((p) => p.replace(/^\//, '') === local));
  const next: RouteMeta = { ...meta, mw: [...admin, ...meta.mw] };
  if (open) next.public = true;
  else if (cls.publicFlag || cls.publicList) {
    const why = `${cls.name} routes need a session unless declared ${cls.publicFlag ?? cls.publicList}`;
    const ref: MwRef = { name: `${cls.name}(private)`, role: 'auth-user', why };
    next.mw = [ref, ...next.mw];
  }
  const decision = decideAuth(next.mw, next.inline, f.path);
  const tags = (f.tags ?? []).map((t) => (t.startsWith(ROUTE_TAG) ? encodeMeta(next) : t));
  return { ...f, auth: decision.auth, authEvidence: decision.evidence, middleware: next.mw.map((m) => m.name), tags };
}

export const extractor: Extractor = {
  id: 'js/class-routers',
  title: "Route registries of the application's own code: a router class and the instances filled with routes",
  matches: (path) => isJsFile(path) && !isTestFile(path),
  // A router class or instance calls or defines a verb method (`get(`, `r.post (`); a path-area
  // guard reads the path and calls `next`. The engine's one scan of all signals decides, instead
  // of a regular expression over every file (written `get\n(`, a verb is not seen).
  signals: [...['get', 'post', 'put', 'patch', 'del', 'delete'].flatMap((verb) => [`${verb}(`, `${verb} (`]), 'next', '.path', '.url'],
  extract(file, ctx) {
    const index = jsIndex(file, ctx);
    const facts = [...classRecords(index), ...instanceRoutes(index), ...predicateFacts(index), ...guardFacts(index)];
    return facts.length > 0 ? facts : null;
  },
  link,
};
