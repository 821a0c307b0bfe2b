import type { FactInput } from '../../../model/types.js';
import { runTaint, type FunctionRole } from '../../_polyglot/taint/engine.js';
import type { Extractor } from '../../types.js';
import type { Method } from '../_lib/annotations.js';
import { jvmFile } from '../_lib/files.js';
import { jaxrsRoutes, routeLabel, springRoutes } from '../_lib/routes.js';
import { JAVA_TAINT, REQUEST_TYPES, XML_HARDENING } from '../_lib/taint-lang.js';
import { KOTLIN_TAINT } from '../_lib/taint-syntax-kotlin.js';

/** Bound request data in Spring MVC/WebFlux and JAX-RS handler parameters. */
const BINDING = new Set(['RequestParam', 'PathVariable', 'RequestBody', 'RequestHeader', 'CookieValue', 'ModelAttribute', 'MatrixVariable', 'RequestPart', 'QueryParam', 'PathParam', 'FormParam', 'HeaderParam', 'CookieParam', 'BeanParam', 'MatrixParam']);
/** Handler parameters the framework fills with something other than request data. */
const FRAMEWORK_TYPES = /^(?:Model|ModelMap|ModelAndView|Principal|Authentication|HttpServletResponse|ServletResponse|ServerHttpResponse|BindingResult|Errors|Pageable|Sort|Locale|HttpSession|SessionStatus|RedirectAttributes|UriComponentsBuilder|SecurityContext|AsyncResponse|Jwt|OAuth2User|UserDetails|\w*Principal|@\w+.*)$/;
/**
 * Bound values converted to numbers, booleans, UUIDs or dates (also in lists and arrays): the
 * binder rejects anything else, so no query, command or path text arrives through them.
 */
const SCALAR_TYPES = /^(?:(?:java\.lang\.)?(?:long|int|short|byte|double|float|boolean|Long|Integer|Int|Short|Byte|Double|Float|Boolean|BigDecimal|BigInteger|Number)|(?:java\.util\.)?UUID|LocalDate|LocalDateTime|LocalTime|Instant|OffsetDateTime|ZonedDateTime|Date)\??$/;

function scalar(type: string): boolean {
  const t = type.trim().replace(/\[\]$/, '').replace(/^(?:List|Set|Collection|Iterable|Array|MutableList)<\s*(.+?)\s*>\??$/, '$1');
  return SCALAR_TYPES.test(t);
}

const SERVLET_METHODS = new Set(['doGet', 'doPost', 'doPut', 'doDelete', 'doPatch', 'service']);

function roleFor(method: Method, route: string | undefined, isHandler: boolean, isController: boolean): FunctionRole {
  const requestVars = method.params.filter((p) => REQUEST_TYPES.test(p.type.replace(/<.*$|\?$/, ''))).map((p) => p.name);
  const sourceParams: Record<string, string> = {};
  for (const p of method.params) {
    if (requestVars.includes(p.name) || scalar(p.type)) continue;
    const binding = p.annotations.find((a) => BINDING.has(a.name));
    const user = p.annotations.some((a) => a.name === 'AuthenticationPrincipal' || a.name === 'CurrentUser' || a.name === 'Context');
    if (binding) sourceParams[p.name] = `@${binding.name} ${p.name}`;
    // Unannotated handler parameters are bound from the query string or the body.
    else if (isHandler && !user && !FRAMEWORK_TYPES.test(p.type)) sourceParams[p.name] = `request parameter ${p.name}`;
  }
  const role: FunctionRole = { requestVars, sourceParams, route };
  if (isHandler && isController) role.returnSink = { kind: 'redirect', api: 'Spring MVC redirect: view' };
  return role;
}

export const extractor: Extractor = {
  id: 'java/sinks',
  title: 'Java and Kotlin injection sinks reached by request data (servlets, Spring MVC/WebFlux, JAX-RS)',
  matches: (path) => (path.endsWith('.java') || path.endsWith('.kt')) && !/(?:^|\/)src\/test\//.test(path),
  signals: ['Request', 'Param', 'PathVariable', 'RequestBody', 'ModelAttribute'],
  extract(file, ctx) {
    const jvm = jvmFile(file, ctx);
    if (!jvm) return null;
    const roles = new Map<number, FunctionRole>();
    for (const cls of jvm.classes) {
      const routes = [...springRoutes(cls), ...jaxrsRoutes(cls)];
      const servlet = cls.supertypes.some((t) => /HttpServlet$/.test(t));
      const controller = cls.annotations.some((a) => a.name === 'Controller');
      for (const m of cls.methods) {
        const mine = routes.filter((r) => r.handler === m);
        const route = mine.length > 0 ? routeLabel(mine[0]) : servlet && SERVLET_METHODS.has(m.name) ? `${m.name.slice(2).toUpperCase()} ${cls.name}` : undefined;
        roles.set(m.node.id(), roleFor(m, route, mine.length > 0, controller));
      }
    }
    // No method sees request data: nothing to walk (the engine would only index the functions).
    if (![...roles.values()].some((r) => r.requestVars.length > 0 || Object.keys(r.sourceParams ?? {}).length > 0)) return null;
    const hits = runTaint(jvm.lang === 'kotlin' ? KOTLIN_TAINT : JAVA_TAINT, {
      file: file.path,
      lines: jvm.lines,
      root: jvm.root,
      roleOf: (fn) => roles.get(fn.id()) ?? { requestVars: [] },
    });
    // A parser configured against DTDs and external entities in this file is not an XXE sink.
    const hardened = XML_HARDENING.test(file.content);
    const facts: FactInput[] = [];
    for (const hit of hits) {
      if (hit.kind === 'xml' && hardened) continue;
      const line = hit.node.range().start.line + 1;
      facts.push({
        kind: 'sink',
        sink: hit.kind,
        api: hit.api,
        tainted: true,
        source: hit.source,
        route: hit.route,
        path: hit.steps,
        evidence: jvm.lines.evidence(file.path, line),
        key: `${file.path}#${hit.functionName}#${hit.api}#${hit.source}`,
      });
    }
    return facts.length > 0 ? facts : null;
  },
};
