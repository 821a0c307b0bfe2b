// Request mappings of JVM web frameworks (Spring MVC/WebFlux annotations, JAX-RS), shared by the
// route extractors and the sink extractor (which names the route a sink sits in).
import type { AuthLevel, EntrypointFact, Evidence, FactInput } from '../../../model/types.js';
import { joinPath, routeTags } from '../../js/_lib/routes.js';
import { type Annotation, type ClassInfo, findAnnotation, mappingPaths, type Method } from './annotations.js';
import { methodSecurityOf } from './access.js';

export interface JvmRoute {
  framework: 'spring' | 'jax-rs';
  method: string;
  path: string;
  annotation: Annotation;
  cls: ClassInfo;
  handler: Method;
}

const SPRING_VERBS: Record<string, string> = { GetMapping: 'GET', PostMapping: 'POST', PutMapping: 'PUT', DeleteMapping: 'DELETE', PatchMapping: 'PATCH' };
const JAXRS_VERBS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);

export function isSpringController(cls: ClassInfo): boolean {
  return cls.annotations.some((a) => a.name === 'RestController' || a.name === 'Controller');
}

/** Routes of one Spring controller class: class prefix × method mapping paths × verbs. */
export function springRoutes(cls: ClassInfo): JvmRoute[] {
  if (!isSpringController(cls)) return [];
  const prefixes = mappingPaths(findAnnotation(cls.annotations, 'RequestMapping'));
  const out: JvmRoute[] = [];
  for (const m of cls.methods) {
    for (const a of m.annotations) {
      let verbs: string[];
      if (SPRING_VERBS[a.name]) verbs = [SPRING_VERBS[a.name]];
      else if (a.name === 'RequestMapping') {
        verbs = (a.named.method ?? []).map((v) => v.split('.').pop() ?? '').filter(Boolean);
        if (verbs.length === 0) verbs = ['ALL'];
      } else continue;
      for (const prefix of prefixes.length ? prefixes : ['']) {
        for (const p of mappingPaths(a)) {
          for (const verb of verbs) out.push({ framework: 'spring', method: verb, path: colonParams(joinPath(prefix, p) || '/'), annotation: a, cls, handler: m });
        }
      }
    }
  }
  return out;
}

/** Routes of one JAX-RS resource class (`@Path` on the class and/or the method, `@GET`...). */
export function jaxrsRoutes(cls: ClassInfo): JvmRoute[] {
  const classPath = findAnnotation(cls.annotations, 'Path');
  const out: JvmRoute[] = [];
  for (const m of cls.methods) {
    const verb = m.annotations.find((a) => JAXRS_VERBS.has(a.name));
    if (!verb) continue;
    const methodPath = findAnnotation(m.annotations, 'Path');
    if (!classPath && !methodPath) continue;
    const path = joinPath(mappingPaths(classPath)[0] ?? '', mappingPaths(methodPath)[0] ?? '') || '/';
    out.push({ framework: 'jax-rs', method: verb.name, path: colonParams(path), annotation: methodPath ?? verb, cls, handler: m });
  }
  return out;
}

/**
 * `{id}`, `{id:\\d+}`, `{id?}` → `:id`: route parameters in the Express spelling every rule reads
 * (rules treat `{` as a path that could not be resolved statically).
 */
export function colonParams(path: string): string {
  return path.replace(/\{\*{0,2}(\w+)[^}]*\}/g, ':$1');
}

export function routeLabel(r: { method: string; path: string }): string {
  return `${r.method === 'ALL' ? 'ANY' : r.method} ${r.path}`;
}

/** Internal tag carrying method-security until the Spring link step judges whether it is switched on. */
export const MSEC_TAG = '~msec:';

const UPLOAD_TYPES = /\b(?:MultipartFile|FilePart|Part|FormDataMultiPart|InputPart|IFormFile)\b/;

export function routeFacts(file: string, routes: JvmRoute[], evidence: (line: number) => Evidence): FactInput[] {
  return routes.map((r) => {
    const security = methodSecurityOf(r.handler.annotations) ?? methodSecurityOf(r.cls.annotations);
    const extra: string[] = [];
    if (r.handler.params.some((p) => UPLOAD_TYPES.test(p.type))) extra.push('upload');
    if (security) extra.push(`${MSEC_TAG}${r.framework === 'jax-rs' ? 'jaxrs' : security.kind}:${security.level}:${security.why}`);
    const auth: AuthLevel = security?.level ?? 'none';
    const fact: Omit<EntrypointFact, 'extractor'> = {
      kind: 'entrypoint',
      protocol: 'http',
      framework: r.framework,
      method: r.method,
      path: r.path,
      handler: { file, line: r.handler.line, name: `${r.cls.name}.${r.handler.name}` },
      middleware: security ? [security.why] : [],
      auth,
      authEvidence: security ? [security.why] : [],
      tags: routeTags(r.method, r.path, [], r.handler.name, extra),
      evidence: evidence(r.annotation.line),
      key: `${file}#entrypoint:http ${r.method} ${r.path}`,
    };
    return fact;
  });
}
