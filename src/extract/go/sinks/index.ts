// go/sinks: request data reaching injection sinks in Go services (net/http, gin, echo, chi,
// gorilla/mux, fiber) through the polyglot taint engine, plus `template.HTML` conversions of
// non-constant values (a `config` fact for go-template-html-unescaped, tainted or not).
import type { SgNode } from '@ast-grep/napi';
import type { FactInput, SinkFact } from '../../../model/types.js';
import { compact } from '../../_polyglot/lines.js';
import { memo } from '../../_polyglot/parse.js';
import { runTaint, type FunctionRole } from '../../_polyglot/taint/engine.js';
import type { FunctionParts, SinkHit } from '../../_polyglot/taint/types.js';
import type { Extractor } from '../../types.js';
import { goIndex, isGoFile, paramsOf, type GoIndex } from '../_lib/index.js';
import { scanGoRoutes } from '../_lib/routes.js';
import { goTaintLanguage, REQUEST_TYPES } from '../_lib/taint-lang.js';

/** Functions that can see request data at all. */
const CANDIDATE = /http\.Request|gin\.Context|echo\.Context|fiber\.Ctx|mux\.Vars|URLParam/;

function routesByHandlerLine(facts: FactInput[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const f of facts) if (f.kind === 'entrypoint' && f.handler && !out.has(f.handler.line)) out.set(f.handler.line, `${f.method ?? 'ALL'} ${f.path ?? '?'}`);
  return out;
}

function roles(routes: Map<number, string>): (fn: SgNode, parts: FunctionParts) => FunctionRole {
  return (fn) => {
    const params = paramsOf(fn.field('parameters'));
    return { requestVars: params.filter((p) => REQUEST_TYPES.test(p.type.replace(/\s+/g, ''))).map((p) => p.name), route: routes.get(fn.range().start.line + 1) };
  };
}

function toFact(index: GoIndex, hit: SinkHit): FactInput {
  const source = compact(hit.source, 60);
  const fact: Omit<SinkFact, 'extractor'> = { kind: 'sink', sink: hit.kind, api: hit.api, tainted: true, source, evidence: index.evidence(hit.node), key: `${index.file}#${hit.functionName}#${hit.api}#${source}` };
  if (hit.route) fact.route = hit.route;
  const path = hit.steps.filter((s) => s.line !== fact.evidence.line);
  if (path.length > 0) fact.path = path;
  return fact;
}

/** `template.HTML(x)` where x is not a string constant. */
function unescapedHtml(index: GoIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const call of index.root.findAll({ rule: { kind: 'call_expression', has: { field: 'function', regex: '\\.(HTML|JS|HTMLAttr|URL|CSS|JSStr|Srcset)$' } } })) {
    const callee = index.resolve(call.field('function')?.text() ?? '');
    if (!/^html\/template\.(HTML|JS|HTMLAttr|URL|CSS|JSStr|Srcset)$/.test(callee)) continue;
    const arg = call.field('arguments')?.namedChildren()[0];
    if (!arg || arg.kind() === 'interpreted_string_literal' || arg.kind() === 'raw_string_literal') continue;
    out.push({ kind: 'config', setting: 'go-template-unescaped', values: { api: callee.replace('html/', ''), value: compact(arg.text(), 60) }, evidence: index.evidence(call), key: `${index.file}#go-template-unescaped:${compact(arg.text(), 40)}` });
  }
  return out;
}

export const extractor: Extractor = {
  id: 'go/sinks',
  title: 'Go taint analysis: request data reaching injection sinks; unescaped template.HTML',
  matches: isGoFile,
  signals: ['http.Request', 'gin.Context', 'echo.Context', 'fiber.Ctx', 'template.HTML', 'mux.Vars', 'URLParam'],
  extract(file, ctx) {
    const index = goIndex(file, ctx);
    const routes = routesByHandlerLine(memo(ctx, 'go-routes', () => scanGoRoutes(index)));
    const hits = runTaint(goTaintLanguage(index.resolve), { file: file.path, lines: index.lines, root: index.root, roleOf: roles(routes), functions: index.functions.map((f) => ({ node: f.node, name: f.name })), candidate: (text) => CANDIDATE.test(text) });
    const facts = [...hits.map((h) => toFact(index, h)), ...(file.content.includes('template.') ? unescapedHtml(index) : [])];
    return facts.length > 0 ? facts : null;
  },
};
