// aiohttp and Starlette: aiohttp `router.add_get(...)`, `add_routes([web.get(...)])`,
// `RouteTableDef` decorators and class views; Starlette `Route`/`WebSocketRoute` lists with
// `Mount` prefixes, `HTTPEndpoint` classes and `@requires(...)`. Auth from decorators and inline
// checks in the handler (`await check_authorized(request)`, `request.user.is_authenticated`).
import type { SgNode } from '@ast-grep/napi';
import type { FactInput } from '../../../model/types.js';
import type { MwRef } from '../../js/_lib/routes.js';
import { joinPath } from '../../js/_lib/routes.js';
import type { Extractor } from '../../types.js';
import { decoratorRef, guardRef } from '../_lib/auth.js';
import { isPythonFile, isPythonTestFile, pyIndex, type PyFunction, type PyIndex } from '../_lib/index.js';
import { linkPython } from '../_lib/link.js';
import { keywordArg, positionalArgs } from '../_lib/receivers.js';
import { bodyTags, inlineRefs, needsLink, normalisePath, pyRouteFact, type PyRouteMeta } from '../_lib/routes.js';
import { dotted, pyString, pyStringList } from '../_lib/strings.js';

const HANDLERS = ['get', 'post', 'put', 'patch', 'delete'];

function refsOf(fn: PyFunction, index: PyIndex): MwRef[] {
  const refs: MwRef[] = [];
  for (const d of fn.decorators) {
    if (/^starlette\.authentication\.requires$/.test(d.name)) {
      const scopes = d.args.map((a) => pyStringList(a) ?? []).flat();
      const admin = scopes.some((s) => /admin|staff|superuser/i.test(s));
      refs.push(guardRef(d.written, admin ? 'admin' : 'user', `@requires(${scopes.join(', ')})`, 'session'));
      continue;
    }
    const ref = decoratorRef(d, index);
    if (ref) refs.push(ref);
  }
  return [...refs, ...inlineRefs(fn.node.text())];
}

interface Target {
  fn?: PyFunction;
  methods: { method: string; fn?: PyFunction }[];
}

/** A handler expression: a function, or a class view whose methods are the handlers. */
function handlerTarget(index: PyIndex, node: SgNode | undefined, method: string | undefined): Target | undefined {
  const name = dotted(node);
  if (!name) return undefined;
  const fn = index.functions.find((f) => f.name === name && !f.className);
  if (fn) return { fn, methods: [{ method: method ?? 'GET', fn }] };
  const cls = index.classes.find((c) => c.name === name);
  if (!cls) return method ? { methods: [{ method }] } : undefined;
  const methods = cls.methods.filter((m) => HANDLERS.includes(m.name)).map((m) => ({ method: m.name.toUpperCase(), fn: m }));
  return { methods };
}

function emit(facts: FactInput[], index: PyIndex, framework: string, at: SgNode, path: string, target: Target, protocol: 'http' | 'websocket' = 'http'): void {
  for (const { method, fn } of target.methods) {
    const meta: PyRouteMeta = { local: normalisePath(path).path, refs: fn ? refsOf(fn, index) : [], handlerName: fn?.name, extraTags: fn ? bodyTags(fn.node.text()) : [] };
    facts.push(pyRouteFact({ framework, protocol, method, meta, evidence: index.evidence(at), handler: fn ? { file: index.file, line: fn.line, name: fn.qualname } : undefined }, needsLink(meta)));
  }
}

function aiohttp(index: PyIndex, facts: FactInput[]): void {
  // app.router.add_get('/x', handler) / add_route('GET', '/x', handler) / web.get('/x', handler)
  for (const call of index.root.findAll({ rule: { kind: 'call', has: { field: 'function', regex: '(\\.add_(get|post|put|patch|delete|route|view)|^web\\.(get|post|put|patch|delete|route|view))$' } } })) {
    const fnText = dotted(call.field('function')) ?? '';
    const verb = /(?:add_|web\.)(\w+)$/.exec(fnText)?.[1] ?? '';
    const args = positionalArgs(call);
    const [methodNode, pathNode, handlerNode] = verb === 'route' ? args : [undefined, args[0], args[1]];
    const path = pyString(pathNode);
    if (path === undefined) continue;
    const method = verb === 'route' ? pyString(methodNode)?.toUpperCase() : verb === 'view' ? undefined : verb.toUpperCase();
    const target = handlerTarget(index, handlerNode ?? keywordArg(call, 'handler'), method === '*' ? 'ALL' : method);
    if (target) emit(facts, index, 'aiohttp', call, path, target);
  }
  // routes = web.RouteTableDef(); @routes.get('/x')
  const tables = index.lines.text.includes('RouteTableDef');
  for (const fn of index.functions) {
    for (const d of fn.decorators) {
      const m = /^(\w+)\.(get|post|put|patch|delete|route|view)$/.exec(d.written);
      if (!m || !d.call || !tables) continue;
      const path = pyString(positionalArgs(d.call)[m[2] === 'route' ? 1 : 0]);
      if (path === undefined) continue;
      const method = m[2] === 'route' ? (pyString(positionalArgs(d.call)[0]) ?? 'GET').toUpperCase() : m[2].toUpperCase();
      emit(facts, index, 'aiohttp', d.node, path, { fn, methods: [{ method, fn }] });
    }
  }
  for (const cls of index.classes) {
    const d = cls.decorators.find((x) => /^\w+\.view$/.test(x.written));
    const path = d?.call ? pyString(positionalArgs(d.call)[0]) : undefined;
    if (!d || path === undefined) continue;
    emit(facts, index, 'aiohttp', d.node, path, { methods: cls.methods.filter((m) => HANDLERS.includes(m.name)).map((m) => ({ method: m.name.toUpperCase(), fn: m })) });
  }
}

/** Path prefix from enclosing `Mount('/api', routes=[...])` calls. */
function mountPrefix(node: SgNode, index: PyIndex): string {
  let prefix = '';
  for (const a of node.ancestors()) {
    if (a.kind() !== 'call') continue;
    const callee = index.resolve(dotted(a.field('function')) ?? '');
    if (!/^starlette\.routing\.(Mount|Host)$/.test(callee)) continue;
    const p = pyString(positionalArgs(a)[0]);
    if (p) prefix = joinPath(p, prefix || '/');
  }
  return prefix;
}

function starlette(index: PyIndex, facts: FactInput[]): void {
  for (const call of index.root.findAll({ rule: { kind: 'call', has: { field: 'function', regex: '^(Route|WebSocketRoute|routing\\.Route|routing\\.WebSocketRoute)$' } } })) {
    const callee = index.resolve(dotted(call.field('function')) ?? '');
    if (!/^starlette\.routing\.(Route|WebSocketRoute)$/.test(callee)) continue;
    const args = positionalArgs(call);
    const path = pyString(args[0] ?? keywordArg(call, 'path'));
    if (path === undefined) continue;
    const ws = callee.endsWith('WebSocketRoute');
    const methods = pyStringList(keywordArg(call, 'methods'))?.map((m) => m.toUpperCase());
    const endpoint = args[1] ?? keywordArg(call, 'endpoint');
    const fnTarget = handlerTarget(index, endpoint, undefined);
    if (!fnTarget) continue;
    const target: Target = fnTarget.fn ? { fn: fnTarget.fn, methods: (methods ?? ['GET']).map((method) => ({ method, fn: fnTarget.fn })) } : fnTarget;
    emit(facts, index, 'starlette', call, joinPath(mountPrefix(call, index) || '/', path), target, ws ? 'websocket' : 'http');
  }
}

export const extractor: Extractor = {
  id: 'python/aiohttp-starlette',
  title: 'aiohttp and Starlette: route tables, class views, mounts, @requires and inline checks',
  matches: (path) => isPythonFile(path) && !isPythonTestFile(path),
  signals: ['aiohttp', 'starlette'],
  extract(file, ctx) {
    const index = pyIndex(file, ctx);
    const facts: FactInput[] = [];
    if (index.importsFrom('aiohttp')) aiohttp(index, facts);
    if (index.importsFrom('starlette') && !index.importsFrom('fastapi')) starlette(index, facts);
    return facts.length > 0 ? facts : null;
  },
  link: linkPython,
};
