// TanStack Start: server routes (`createFileRoute('/api/x')({ server: { handlers: { GET, POST } } })`,
// the older `createServerFileRoute('/api/x').methods({ GET })` and `createAPIFileRoute('/api/x')({ GET })`)
// and server functions (`createServerFn({ method: 'POST' }).handler(fn)`), which the client calls
// over HTTP at `/_serverFn/<id>`. Auth comes from the handler itself and the middleware named with it.
import type { FactInput } from '../../../model/types.js';
import { calleeName, calleeObject, calleeProperty, functionOf, isFunctionLike, jsIndex, objectProp, stringValue, unwrap, type AstNode, type CallLike, type FunctionLike, type JsIndex } from '../_lib/ast.js';
import { isJsFile } from '../_lib/parse.js';
import { accessFacts, summarizeHandler } from '../_lib/routes-handler.js';
import { linkRoutes } from '../_lib/routes-link.js';
import { mwRef } from '../_lib/routes-refs.js';
import { HTTP_METHODS, isTestFile, routeFact, type MwRef, type RouteMeta } from '../_lib/routes.js';
import { handlerAuth } from '../nextjs/session-check.js';
import type { Extractor } from '../../types.js';

const START_MODULES = ['@tanstack/react-start', '@tanstack/react-start/*', '@tanstack/solid-start', '@tanstack/solid-start/*', '@tanstack/start', '@tanstack/start/*', '@tanstack/react-router', '@tanstack/solid-router'];
const VERBS = new Set(HTTP_METHODS.map((m) => m.toUpperCase()));

/**
 * A route id as the URL it serves: `$id` → `:id`, a bare `$` → `*`, `{-$lang}` → `:lang`; pathless
 * `_layout` segments and `(group)` folders are not in the URL.
 */
export function startPath(id: string): string {
  const segs = id
    .split('/')
    .filter((s) => s !== '' && !s.startsWith('_') && !/^\(.*\)$/.test(s))
    .map((s) => (s === '$' ? '*' : s.replace(/^\{-?\$(\w+)\}$/, ':$1').replace(/^\$(\w+)$/, ':$1')));
  return `/${segs.join('/')}`;
}

/** Middleware named in an array literal (`middleware: [authMiddleware]`). */
function middlewareList(node: AstNode | undefined, index: JsIndex): MwRef[] {
  const n = unwrap(node);
  if (!n || n.type !== 'ArrayExpression') return [];
  return n.elements.flatMap((e) => (e && e.type !== 'SpreadElement' ? [mwRef(e as AstNode, index)] : []));
}

function emit(index: JsIndex, out: FactInput[], method: string, path: string, fn: FunctionLike | undefined, at: AstNode, mw: MwRef[], tags: string[], name: string): void {
  const meta: RouteMeta = { mw, local: path };
  const evidence = index.evidence(at);
  let handler: { file: string; line: number; name?: string } | undefined;
  if (fn) {
    const summary = summarizeHandler(fn, index);
    const { inline } = handlerAuth(summary.inline, fn, index);
    if (inline) meta.inline = inline;
    if (summary.guardCalls) meta.guardCalls = summary.guardCalls;
    if (summary.tags.length) meta.handlerTags = summary.tags;
    handler = { file: index.file, line: index.line(fn), name };
    out.push(...accessFacts(summary, index, { file: index.file, line: evidence.line }));
  }
  out.push(routeFact({ framework: 'tanstack-start', method, path, evidence, handler, meta, extraTags: tags }));
}

/** `{ GET: fn, POST: { middleware: [...], handler: fn } }`: one entry point per verb. */
function handlerMap(obj: AstNode | undefined, index: JsIndex, out: FactInput[], path: string, mw: MwRef[]): void {
  const o = unwrap(obj);
  if (!o || o.type !== 'ObjectExpression') return;
  for (const p of o.properties) {
    if (p.type !== 'Property' || p.computed) continue;
    const verb = p.key.type === 'Identifier' ? p.key.name : p.key.type === 'Literal' ? String(p.key.value) : '';
    if (!VERBS.has(verb) && verb !== 'ANY') continue;
    const v = unwrap(p.value as AstNode);
    const fn = functionOf(v, index) ?? functionOf(objectProp(v, 'handler'), index);
    emit(index, out, verb === 'ANY' ? 'ALL' : verb, path, fn, p as AstNode, [...mw, ...middlewareList(objectProp(v, 'middleware'), index)], ['server-route'], verb);
  }
}

/** `createServerFn({ method: 'POST' }).middleware([...]).inputValidator(...).handler(fn)`: the chain down to the factory. */
function serverFn(call: CallLike, index: JsIndex): { method: string; mw: MwRef[]; fn?: FunctionLike } | undefined {
  if (calleeProperty(call) !== 'handler') return undefined;
  const mw: MwRef[] = [];
  let n: AstNode | undefined = calleeObject(call);
  for (let i = 0; n && i < 8; i++) {
    const u = unwrap(n);
    if (u.type !== 'CallExpression') return undefined;
    if (/(^|\.)createServerFn$/.test(calleeName(u) ?? '')) {
      const m = stringValue(objectProp(unwrap(u.arguments[0] as AstNode | undefined), 'method'), index);
      return { method: (m ?? 'GET').toUpperCase(), mw, fn: functionOf(call.arguments[0] as AstNode, index) };
    }
    if (calleeProperty(u) === 'middleware') mw.unshift(...middlewareList(u.arguments[0] as AstNode, index));
    n = calleeObject(u);
  }
  return undefined;
}

export const extractor: Extractor = {
  id: 'js/tanstack-start',
  title: 'TanStack Start server routes (file-route server handlers) and server functions',
  matches: (path) => isJsFile(path) && !isTestFile(path),
  signals: ['createFileRoute', 'createServerFileRoute', 'createAPIFileRoute', 'createServerFn'],
  extract(file, ctx) {
    if (!/handlers|\.methods\(|createAPIFileRoute|createServerFn/.test(file.content)) return null;
    const index = jsIndex(file, ctx);
    if (!index.imports(...START_MODULES)) return null;
    const out: FactInput[] = [];
    for (const call of index.nodesOf('CallExpression')) {
      const callee = unwrap(call.callee as AstNode);
      // `createFileRoute('/api/x')({ server: { middleware, handlers } })`, `createAPIFileRoute('/api/x')({ GET })`.
      if (callee.type === 'CallExpression' && /(^|\.)(createFileRoute|createAPIFileRoute)$/.test(calleeName(callee) ?? '')) {
        const id = stringValue(callee.arguments[0] as AstNode, index);
        if (id === undefined) continue;
        const opts = unwrap(call.arguments[0] as AstNode | undefined);
        const server = objectProp(opts, 'server');
        if (server) handlerMap(objectProp(server, 'handlers'), index, out, startPath(id), middlewareList(objectProp(server, 'middleware'), index));
        else if (/createAPIFileRoute$/.test(calleeName(callee) ?? '')) handlerMap(opts, index, out, startPath(id), []);
        continue;
      }
      // `createServerFileRoute('/api/x').methods({ GET })` (also after `.middleware([...])`).
      if (calleeProperty(call) === 'methods') {
        let root = calleeObject(call);
        const mw: MwRef[] = [];
        while (root && root.type === 'CallExpression' && calleeProperty(root) === 'middleware') {
          mw.unshift(...middlewareList(root.arguments[0] as AstNode, index));
          root = calleeObject(root);
        }
        const id = root && root.type === 'CallExpression' && /(^|\.)createServerFileRoute$/.test(calleeName(root) ?? '') ? stringValue(root.arguments[0] as AstNode, index) : undefined;
        if (id !== undefined) handlerMap(call.arguments[0] as AstNode, index, out, startPath(id), mw);
        continue;
      }
      const fnCall = serverFn(call, index);
      if (fnCall) {
        // The id TanStack derives from the file and the export: the name it is bound to stands for it.
        const decl = index.ancestors(call).find((a) => a.type === 'VariableDeclarator');
        const name = decl && decl.type === 'VariableDeclarator' && decl.id.type === 'Identifier' ? decl.id.name : `fn${index.line(call)}`;
        const fn = fnCall.fn && isFunctionLike(fnCall.fn) ? fnCall.fn : undefined;
        emit(index, out, fnCall.method, `/_serverFn/${name}`, fn, call as AstNode, fnCall.mw, ['server-function'], name);
      }
    }
    return out.length > 0 ? out : null;
  },
  link: linkRoutes,
};
