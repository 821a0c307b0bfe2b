import type { SgNode } from '@ast-grep/napi';
import type { FactInput } from '../../../model/types.js';
import { type FunctionRole, runTaint } from '../../_polyglot/taint/engine.js';
import type { Extractor } from '../../types.js';
import { joinPath } from '../../js/_lib/routes.js';
import { csFile, isCsFile, unquoteCs } from '../_lib/model.js';
import { controllerRoutes } from '../_lib/routes.js';
import { CS_TAINT } from '../_lib/taint-lang.js';
import { colonParams } from '../../java/_lib/routes.js';

const REQUEST_TYPES = /^(?:HttpRequest|HttpContext)$/;
/** Parameters the framework fills from services or the connection, not from the request. */
const SERVICE_TYPES = /^(?:I[A-Z]\w*|\w*(?:Context|Service|Repository|Logger|Db|Client|Factory|Options|Manager|Provider|Settings)(?:<.*>)?|CancellationToken|ClaimsPrincipal|HttpResponse)$/;
const VERBS: Record<string, string> = { MapGet: 'GET', MapPost: 'POST', MapPut: 'PUT', MapDelete: 'DELETE', MapPatch: 'PATCH' };

interface ParamInfo {
  name: string;
  type: string;
  fromServices: boolean;
}

function lambdaParams(fn: SgNode): ParamInfo[] {
  const list = fn.children().find((c) => c.kind() === 'parameter_list');
  return (list?.children() ?? [])
    .filter((p) => p.kind() === 'parameter')
    .map((p) => ({ name: p.field('name')?.text() ?? '', type: p.field('type')?.text() ?? '', fromServices: /\[FromServices\]/.test(p.text()) }));
}

function roleOf(params: ParamInfo[], route: string | undefined, handler: boolean, controller: boolean): FunctionRole {
  const requestVars = params.filter((p) => REQUEST_TYPES.test(p.type)).map((p) => p.name);
  if (controller) requestVars.push('Request', 'HttpContext');
  const sourceParams: Record<string, string> = {};
  if (handler) for (const p of params) if (!requestVars.includes(p.name) && !p.fromServices && !SERVICE_TYPES.test(p.type)) sourceParams[p.name] = `parameter ${p.name}`;
  return { requestVars, sourceParams, route };
}

/** The role of a function that cannot see request data (what `roleOf` gives one without request parameters). */
const NO_REQUEST: FunctionRole = { requestVars: [], sourceParams: {}, route: undefined };

/** The route of a minimal-API handler lambda: the `app.MapGet("/x", ...)` call it is passed to. */
function mapRoute(fn: SgNode): string | undefined {
  const call = fn.parent()?.parent()?.parent();
  if (call?.kind() !== 'invocation_expression') return undefined;
  const name = /\.(Map\w+)$/.exec(call.field('function')?.text() ?? '')?.[1];
  if (!name || !VERBS[name]) return undefined;
  const first = call.field('arguments')?.namedChildren()[0]?.text() ?? '';
  return `${VERBS[name]} ${colonParams(joinPath('', unquoteCs(first)))}`;
}

export const extractor: Extractor = {
  id: 'csharp/sinks',
  title: 'C# injection sinks reached by request data (ASP.NET Core controllers and minimal APIs)',
  matches: isCsFile,
  signals: ['Controller', 'Map', 'HttpRequest', 'HttpContext', 'Request.'],
  extract(file, ctx) {
    // Request data reaches a function only through a controller, a minimal-API handler or an
    // HttpRequest / HttpContext parameter (the language has no global request sources): a file
    // that names none of them has nothing to walk.
    if (!/Controller|HttpRequest|HttpContext|Map(?:Get|Post|Put|Delete|Patch)\b/.test(file.content)) return null;
    const cs = csFile(file, ctx);
    const roles = new Map<number, FunctionRole>();
    // Outside controllers and minimal-API handlers only an HttpRequest / HttpContext parameter
    // brings request data: without one in the text, such a function has no request names and the
    // engine skips it, so its parameters are not read.
    const requestTyped = /HttpRequest|HttpContext/.test(file.content);
    for (const cls of cs.classes) {
      const routes = controllerRoutes(cls);
      if (routes.length === 0 && !requestTyped) {
        for (const m of cls.methods) roles.set(m.node.id(), NO_REQUEST);
        continue;
      }
      for (const m of cls.methods) {
        const route = routes.find((r) => r.action === m);
        const params = m.params.map((p) => ({ name: p.name, type: p.type, fromServices: p.attributes.some((a) => a.name === 'FromServices') }));
        roles.set(m.node.id(), roleOf(params, route ? `${route.method} ${route.path}` : undefined, route !== undefined, routes.length > 0));
      }
    }
    const hits = runTaint(CS_TAINT, {
      file: file.path,
      lines: cs.lines,
      root: cs.root,
      roleOf(fn) {
        const known = roles.get(fn.id());
        if (known) return known;
        if (fn.kind() === 'lambda_expression') {
          const route = mapRoute(fn);
          if (route === undefined && !requestTyped) return NO_REQUEST;
          return roleOf(lambdaParams(fn), route, route !== undefined, false);
        }
        return requestTyped ? roleOf(lambdaParams(fn), undefined, false, false) : NO_REQUEST;
      },
    });
    const facts: FactInput[] = hits.map((hit) => ({
      kind: 'sink',
      sink: hit.kind,
      api: hit.api,
      tainted: true,
      source: hit.source,
      route: hit.route,
      path: hit.steps,
      evidence: cs.lines.evidence(file.path, hit.node.range().start.line + 1),
      key: `${file.path}#${hit.functionName}#${hit.api}#${hit.source}`,
    }));
    return facts.length > 0 ? facts : null;
  },
};
