// python/taint: request data reaching injection sinks in Python services (Flask, Django/DRF,
// FastAPI, Starlette, aiohttp), through the polyglot taint engine. Emits `sink` facts with
// `tainted: true`, the source, the route when the registration is in the same file, and the path.
import type { SgNode } from '@ast-grep/napi';
import type { FactInput, SinkFact } from '../../../model/types.js';
import { compact } from '../../_polyglot/lines.js';
import { runTaint, type FunctionRole } from '../../_polyglot/taint/engine.js';
import type { FunctionParts, SinkHit } from '../../_polyglot/taint/types.js';
import type { Extractor } from '../../types.js';
import { schemeVars } from '../_lib/auth.js';
import { isPythonFile, isPythonTestFile, pyIndex, type PyFunction, type PyIndex } from '../_lib/index.js';
import { positionalArgs, keywordArg } from '../_lib/receivers.js';
import { normalisePath, numericType } from '../_lib/routes.js';
import { pyString, pyStringList } from '../_lib/strings.js';
import { pythonTaintLanguage } from '../_lib/taint-lang.js';
import { handlerParams, isFastApiFile } from '../fastapi/index.js';

const ROUTE_DECORATOR = /^([A-Za-z_]\w*)\.(route|get|post|put|patch|delete|api_route|websocket)$/;
/** A whole request body (not one field) spread into a model: mass assignment. */
const WHOLE_BODY = /^\w+\.(json|data|POST|form|get_json\(\)|GET|query_params|values)$|^request body \w+$/;

interface RouteInfo {
  label: string;
  params: Record<string, string>;
  flask: boolean;
}

function routeOf(fn: PyFunction, index: PyIndex, fastapi: boolean): RouteInfo | undefined {
  for (const d of fn.decorators) {
    const m = ROUTE_DECORATOR.exec(d.written);
    if (!m || !d.call) continue;
    const raw = pyString(positionalArgs(d.call)[0] ?? keywordArg(d.call, 'rule') ?? keywordArg(d.call, 'path'));
    if (raw === undefined) continue;
    const { path, params } = normalisePath(raw);
    const method = m[2] === 'route' || m[2] === 'api_route' ? (pyStringList(keywordArg(d.call, 'methods'))?.[0]?.toUpperCase() ?? 'GET') : m[2] === 'websocket' ? 'WS' : m[2].toUpperCase();
    return { label: `${method} ${path}`, params, flask: !fastapi && index.importsFrom('flask', 'quart') };
  }
  return undefined;
}

/** Names bound to Flask's / Quart's global request object in this file. */
function globalRequests(index: PyIndex): string[] {
  return index.imports.filter((i) => /^(flask|quart|werkzeug\.local|sanic)\.request$/.test(i.qualified) || i.qualified === 'flask.globals.request').map((i) => i.alias);
}

function roles(index: PyIndex): (fn: SgNode, parts: FunctionParts) => FunctionRole {
  const globals = globalRequests(index);
  const fastapi = isFastApiFile(index);
  const schemes = fastapi ? schemeVars(index) : new Set<string>();
  const byLine = new Map(index.functions.map((f) => [f.line, f]));
  return (node, parts) => {
    const fn = byLine.get(node.range().start.line + 1);
    const requestVars = [...globals];
    const first = parts.params[0];
    const firstParam = fn?.params.find((p) => p.name === first);
    if (first && (/^(request|req)$/.test(first) || /(^|\.)(Http)?Request$|web\.Request|BaseRequest/.test(firstParam?.annotation ?? ''))) requestVars.push(first);
    if (!fn) return { requestVars };
    const route = routeOf(fn, index, fastapi);
    const sourceParams: Record<string, string> = {};
    if (route && fastapi) {
      const handler = handlerParams(fn, index, schemes, Object.keys(route.params));
      Object.assign(sourceParams, handler.sources);
      requestVars.push(...handler.requestVars);
    } else if (route) {
      for (const [name, conv] of Object.entries(route.params)) if (!numericType(conv)) sourceParams[name] = `path parameter ${name}`;
    }
    return {
      requestVars,
      sourceParams,
      route: route?.label,
      returnSink: route?.flask ? { kind: 'html', api: 'Flask view return value' } : undefined,
    };
  };
}

function toFact(index: PyIndex, hit: SinkHit): FactInput {
  const fact: Omit<SinkFact, 'extractor'> = {
    kind: 'sink',
    sink: hit.kind,
    api: hit.api,
    tainted: true,
    source: compact(hit.source, 60),
    evidence: index.evidence(hit.node),
    key: `${index.file}#${hit.functionName}#${hit.api}#${compact(hit.source, 60)}`,
  };
  if (hit.route) fact.route = hit.route;
  const path = hit.steps.filter((s) => s.line !== fact.evidence.line || s.file !== index.file);
  if (path.length > 0) fact.path = path;
  return fact;
}

export const extractor: Extractor = {
  id: 'python/taint',
  title: 'Python taint analysis: request data reaching injection sinks',
  matches: (path) => isPythonFile(path) && !isPythonTestFile(path),
  signals: ['request', 'Request', 'fastapi', 'route('],
  extract(file, ctx) {
    const index = pyIndex(file, ctx);
    const globals = globalRequests(index);
    const routed = index.importsFrom('flask', 'quart', 'fastapi') ? new Set(index.functions.filter((f) => f.decorators.some((d) => ROUTE_DECORATOR.test(d.written))).map((f) => f.line)) : new Set<number>();
    const mentions = new RegExp(`\\b(?:${['request', 'req', ...globals].join('|')})\\b`);
    const functions = index.functions.map((f) => ({ node: f.node, name: f.name, routed: routed.has(f.line) }));
    const routedNodes = new Set(functions.filter((f) => f.routed).map((f) => f.node.id()));
    const hits = runTaint(pythonTaintLanguage(index.resolve), {
      file: file.path,
      lines: index.lines,
      root: index.root,
      roleOf: roles(index),
      functions,
      candidate: (text, node) => mentions.test(text) || routedNodes.has(node.id()),
      globalRequests: globals.length > 0,
    });
    const facts = hits.filter((h) => h.kind !== 'mass-assignment' || WHOLE_BODY.test(h.source)).map((h) => toFact(index, h));
    return facts.length > 0 ? facts : null;
  },
};
