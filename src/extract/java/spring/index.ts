import type { AuthFact, AuthLevel, EntrypointFact, Fact, FactInput } from '../../../model/types.js';
import { routeTags } from '../../js/_lib/routes.js';
import type { Extractor } from '../../types.js';
import { RANK, stronger } from '../_lib/access.js';
import { jvmFile, jvmLanguage, moduleOf } from '../_lib/files.js';
import { MSEC_TAG, routeFacts, springRoutes } from '../_lib/routes.js';
import { isDevProfile, isSpringConfigPath, readLists, relaxedKey } from '../_lib/properties.js';
import { antMatches, type HttpRule, readMethodSecurity, readSecurityConfig } from '../_lib/security-dsl.js';
import { blankComments, lineAt } from '../_lib/text.js';

export const SECURITY_SETTING = 'spring-security';
export const METHOD_SECURITY_SETTING = 'spring-method-security';
/** A servlet filter that makes Spring Security's access decision itself (a subclass of AbstractSecurityInterceptor). */
export const AUTHZ_FILTER_SETTING = 'spring-authorization-filter';
/** A `@ConfigurationProperties(prefix = ...)` class: where its members are bound from. */
export const PROPERTIES_CLASS_SETTING = 'spring-configuration-properties';
/** Lists of URL paths in a module's application.yml / .properties (candidates for bound matchers). */
export const PATH_LISTS_SETTING = 'spring-path-lists';
/** Types a file declares as beans (`@Bean` methods' return types). */
export const BEANS_SETTING = 'spring-beans';

const FUNCTIONAL = /\b(GET|POST|PUT|DELETE|PATCH)\s*\(\s*"([^"]*)"/g;

export const extractor: Extractor = {
  id: 'java/spring',
  title: 'Spring MVC / WebFlux controllers and functional routes, Spring Security rules and method security',
  matches: (path) => jvmLanguage(path) !== undefined || isSpringConfigPath(path),
  signals: ['Controller', 'HttpSecurity', 'MethodSecurity', 'RouterFunction', 'coRouter', 'router {', 'AbstractSecurityInterceptor', 'ConfigurationProperties', '@Bean', '- /', '=/', '= /', '[/'],
  extract(file, ctx) {
    if (isSpringConfigPath(file.path)) return pathLists(file.path, file.content);
    const jvm = jvmFile(file, ctx);
    if (!jvm) return null;
    const facts: FactInput[] = [];
    const evidence = (line: number) => jvm.lines.evidence(file.path, line);
    facts.push(...routeFacts(file.path, jvm.classes.flatMap(springRoutes), evidence));

    if (/RouterFunction|coRouter|\brouter\s*\{/.test(file.content)) {
      const text = blankComments(file.content);
      for (const m of text.matchAll(FUNCTIONAL)) {
        const line = lineAt(text, m.index ?? 0);
        facts.push({
          kind: 'entrypoint',
          protocol: 'http',
          framework: 'spring',
          method: m[1],
          path: m[2] || '/',
          middleware: [],
          auth: 'none',
          authEvidence: [],
          tags: routeTags(m[1], m[2], [], undefined),
          evidence: evidence(line),
          key: `${file.path}#entrypoint:http ${m[1]} ${m[2]}`,
        });
      }
    }

    const module = moduleOf(file.path);
    const config = readSecurityConfig(file.content);
    if (config && (config.rules.length > 0 || config.csrfDisabled !== undefined)) {
      facts.push({
        kind: 'config',
        setting: SECURITY_SETTING,
        values: {
          module,
          rules: JSON.stringify(config.rules),
          csrfDisabled: config.csrfDisabled !== undefined,
          csrfLine: config.csrfDisabled ?? null,
          formLogin: config.formLogin,
          httpBasic: config.httpBasic,
          stateless: config.stateless,
          resourceServer: config.resourceServer,
          customFilter: config.customFilter,
          filters: JSON.stringify(config.filters),
          filterConditions: JSON.stringify(config.filterConditions),
        },
        summary: `Spring Security: ${config.rules.length} request rules${config.csrfDisabled !== undefined ? ', CSRF disabled' : ''}`,
        evidence: evidence(config.line),
        key: `${file.path}#${SECURITY_SETTING}`,
      });
      const mechanisms: [boolean, AuthFact['mechanism'], string][] = [
        [config.formLogin, 'session', 'formLogin'],
        [config.httpBasic, 'basic', 'httpBasic'],
        [config.resourceServer, 'jwt', 'oauth2ResourceServer'],
      ];
      for (const [on, mechanism, name] of mechanisms) {
        if (on) facts.push({ kind: 'auth', mechanism, library: 'spring-security', role: mechanism === 'jwt' ? 'token-verify' : 'config', name, evidence: evidence(config.line), key: `${file.path}#auth:${name}` });
      }
    }
    // A filter deciding access per request from an AccessDecisionManager and the request's
    // configured attributes (URL-to-permission tables loaded at run time): an authorization layer.
    if (file.content.includes('AbstractSecurityInterceptor')) {
      for (const cls of jvm.classes) {
        if (!cls.supertypes.includes('AbstractSecurityInterceptor')) continue;
        facts.push({
          kind: 'config',
          setting: AUTHZ_FILTER_SETTING,
          values: { className: cls.name },
          summary: `${cls.name} decides access to every request it filters (AbstractSecurityInterceptor)`,
          evidence: evidence(cls.line),
          key: `${file.path}#${AUTHZ_FILTER_SETTING}:${cls.name}`,
        });
      }
    }
    if (file.content.includes('ConfigurationProperties')) {
      for (const cls of jvm.classes) {
        const a = cls.annotations.find((x) => x.name === 'ConfigurationProperties');
        // The argument is read from the text: the shared class reader parses few annotations' arguments.
        const prefix = a ? /"([^"]*)"/.exec(a.text)?.[1] : undefined;
        if (prefix === undefined) continue;
        facts.push({ kind: 'config', setting: PROPERTIES_CLASS_SETTING, values: { className: cls.name, prefix }, summary: `${cls.name} bound from ${prefix}.*`, evidence: evidence(cls.line), key: `${file.path}#${PROPERTIES_CLASS_SETTING}:${cls.name}` });
      }
    }
    if (file.content.includes('@Bean')) {
      const types = beanTypes(blankComments(file.content));
      if (types.length > 0) facts.push({ kind: 'config', setting: BEANS_SETTING, values: { module, types: JSON.stringify(types) }, summary: `beans: ${types.join(', ')}`, evidence: evidence(1), key: `${file.path}#${BEANS_SETTING}` });
    }
    const methodSecurity = readMethodSecurity(file.content);
    if (methodSecurity) {
      facts.push({
        kind: 'config',
        setting: METHOD_SECURITY_SETTING,
        values: { module, prePost: methodSecurity.prePost, secured: methodSecurity.secured, jsr250: methodSecurity.jsr250 },
        summary: 'Spring method security enabled',
        evidence: evidence(methodSecurity.line),
        key: `${file.path}#${METHOD_SECURITY_SETTING}`,
      });
    }
    return facts.length > 0 ? facts : null;
  },
  link: linkSpringAuth,
};

/** Return types of `@Bean` methods (Java `@Bean public T name(`, Kotlin `@Bean fun name(): T`). */
function beanTypes(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/@Bean\b(?:\s*\([^)]*\))?((?:\s*@\w+(?:\s*\([^)]*\))?)*)\s*(?:(?:public|protected|private|static|final|open)\s+)*(?:fun\s+\w+\s*\([^)]*\)\s*:\s*([A-Z]\w*)|([A-Z]\w*)(?:<[^<>]*>)?\s+\w+\s*\()/g)) out.add(m[2] ?? m[3]);
  return [...out].sort();
}

/** URL path lists of a Spring Boot configuration file (every item starting with `/`). */
function pathLists(path: string, content: string): FactInput[] | null {
  // Development profiles do not run in production; the base file and the other profiles do.
  if (isDevProfile(path)) return null;
  const lists: Record<string, string[]> = {};
  let line = 0;
  for (const [key, list] of readLists(path, content)) {
    if (list.values.length === 0 || !list.values.every((v) => v.startsWith('/'))) continue;
    lists[key] = list.values;
    line = line || list.line;
  }
  if (line === 0) return null;
  const snippet = (content.split('\n')[line - 1] ?? '').trim();
  return [{ kind: 'config', setting: PATH_LISTS_SETTING, values: { module: moduleOf(path), lists: JSON.stringify(lists) }, summary: `URL path lists: ${Object.keys(lists).join(', ')}`, evidence: { file: path, line, snippet }, key: `${path}#${PATH_LISTS_SETTING}` }];
}

interface ModuleSecurity {
  rules: HttpRule[];
  /** Classes of the filters the chain adds. */
  filters: string[];
  /** Filters added only when a bean of the given type is defined. */
  filterConditions: Record<string, string>;
  methods: { prePost: boolean; secured: boolean; jsr250: boolean };
  configured: boolean;
}

function parsed<T>(value: unknown, fallback: T): T {
  try {
    return value === undefined || value === null ? fallback : (JSON.parse(String(value)) as T);
  } catch {
    return fallback;
  }
}

function under(folder: string, module: string): boolean {
  return module === '.' || folder === module || folder.startsWith(`${module}/`);
}

function ruleFor(rules: HttpRule[], method: string, path: string): HttpRule | undefined {
  return rules.find((r) => (!r.method || r.method === method || method === 'ALL') && (r.anyRequest || r.patterns.some((p) => antMatches(p, path))));
}

/**
 * Decides the auth of every JVM route from what is in force in its module: Spring Security's
 * request rules (first match wins, as in Spring), method-security annotations only when method
 * security is switched on (`@EnableMethodSecurity` and its flags; JAX-RS containers enforce
 * `@RolesAllowed` themselves), and Spring Boot's default (every request authenticated) when the
 * module depends on spring-boot-starter-security but configures no rules. Both layers must pass,
 * so the stricter one decides.
 */
function linkSpringAuth(facts: Fact[]): Fact[] {
  const modules = new Map<string, ModuleSecurity>();
  const moduleEntry = (m: string) => {
    let e = modules.get(m);
    if (!e) modules.set(m, (e = { rules: [], filters: [], filterConditions: {}, methods: { prePost: false, secured: false, jsr250: false }, configured: false }));
    return e;
  };
  const securityManifests: string[] = [];
  /** Maven multi-module builds: a module's folder by its artifactId, and the artifactIds each module's pom depends on. */
  const moduleByArtifact = new Map<string, string>();
  const dependsOn = new Map<string, string[]>();
  const authzFilters = new Map<string, string>();
  const propertyPrefixes = new Map<string, string>();
  const pathListsOf = new Map<string, Map<string, string[]>>();
  const beansOf = new Map<string, Set<string>>();
  let touched = false;
  for (const f of facts) {
    if (f.kind === 'config' && f.setting === AUTHZ_FILTER_SETTING) authzFilters.set(String(f.values.className), `${f.evidence.file}:${f.evidence.line}`);
    else if (f.kind === 'config' && f.setting === PROPERTIES_CLASS_SETTING) propertyPrefixes.set(String(f.values.className), String(f.values.prefix));
    else if (f.kind === 'config' && f.setting === PATH_LISTS_SETTING) {
      const lists = pathListsOf.get(String(f.values.module)) ?? new Map<string, string[]>();
      pathListsOf.set(String(f.values.module), lists);
      for (const [k, v] of Object.entries(parsed<Record<string, string[]>>(f.values.lists, {}))) lists.set(k, [...(lists.get(k) ?? []), ...v]);
    } else if (f.kind === 'config' && f.setting === BEANS_SETTING) {
      const set = beansOf.get(String(f.values.module)) ?? new Set<string>();
      beansOf.set(String(f.values.module), set);
      for (const t of parsed<string[]>(f.values.types, [])) set.add(t);
    }
    else if (f.kind === 'project' && f.ecosystem === 'maven') moduleByArtifact.set(f.name, f.root);
    else if (f.kind === 'dependency' && f.ecosystem === 'maven' && f.direct) {
      const dir = f.manifest.includes('/') ? f.manifest.slice(0, f.manifest.lastIndexOf('/')) : '.';
      const list = dependsOn.get(dir) ?? [];
      list.push(f.name.slice(f.name.indexOf(':') + 1));
      dependsOn.set(dir, list);
    }
    if (f.kind === 'config' && f.setting === SECURITY_SETTING) {
      const e = moduleEntry(String(f.values.module));
      e.configured = true;
      try {
        e.rules.push(...(JSON.parse(String(f.values.rules)) as HttpRule[]));
      } catch {
        /* unreadable rules: the module counts as configured, with no rule */
      }
      e.filters.push(...parsed<string[]>(f.values.filters, []));
      Object.assign(e.filterConditions, parsed<Record<string, string>>(f.values.filterConditions, {}));
    } else if (f.kind === 'config' && f.setting === METHOD_SECURITY_SETTING) {
      const e = moduleEntry(String(f.values.module));
      e.methods.prePost ||= f.values.prePost === true;
      e.methods.secured ||= f.values.secured === true;
      e.methods.jsr250 ||= f.values.jsr250 === true;
    } else if (f.kind === 'dependency' && f.ecosystem === 'maven' && /:spring-boot-starter-(?:security|oauth2-resource-server)$/.test(f.name)) {
      securityManifests.push(f.manifest.includes('/') ? f.manifest.slice(0, f.manifest.lastIndexOf('/')) : '.');
    } else if (f.kind === 'entrypoint' && (f.framework === 'spring' || f.framework === 'jax-rs')) touched = true;
  }
  if (!touched) return facts;
  const securityOf = (file: string): ModuleSecurity | undefined => {
    let best: [string, ModuleSecurity] | undefined;
    for (const [m, e] of modules) if (under(file, m) && (!best || m.length > best[0].length)) best = [m, e];
    if (best?.[1].configured) return best[1];
    const chain = inherited(moduleOf(file))?.security;
    // The sibling's request rules; method security is switched on per application.
    return chain ? { ...chain, methods: best?.[1].methods ?? chain.methods } : best?.[1];
  };
  /**
   * A module with no security configuration of its own that depends on a sibling module of the
   * build (a shared `*-security` library whose `@Configuration` the application's component scan
   * picks up): the sibling's filter chain, or its Boot starter default, is in force for it.
   */
  const inheritedCache = new Map<string, { security?: ModuleSecurity; starter: boolean } | undefined>();
  const inherited = (module: string): { security?: ModuleSecurity; starter: boolean } | undefined => {
    if (module === '.' || inheritedCache.has(module)) return inheritedCache.get(module);
    inheritedCache.set(module, undefined);
    let found: { security?: ModuleSecurity; starter: boolean } | undefined;
    const queue = [module];
    const seen = new Set(queue);
    while (queue.length > 0 && !found?.security) {
      for (const artifact of dependsOn.get(queue.shift() ?? '') ?? []) {
        const root = moduleByArtifact.get(artifact);
        if (root === undefined || root === '.' || seen.has(root)) continue;
        seen.add(root);
        const security = modules.get(root);
        if (security?.configured) {
          found = { security, starter: true };
          break;
        }
        if (securityManifests.includes(root)) found ??= { starter: true };
        queue.push(root);
      }
    }
    inheritedCache.set(module, found);
    return found;
  };
  /** The modules of the application a module runs in: itself and the build modules it depends on. */
  const closure = (module: string): string[] => {
    const out = [module];
    for (let i = 0; i < out.length; i++) {
      for (const artifact of dependsOn.get(out[i]) ?? []) {
        const root = moduleByArtifact.get(artifact);
        if (root !== undefined && !out.includes(root)) out.push(root);
      }
    }
    return out;
  };
  /** Is a bean of this type defined in the application (anywhere, when the build's dependencies are unknown)? */
  const beanDefined = (module: string, type: string): boolean =>
    (dependsOn.has(module) ? closure(module) : [...beansOf.keys()]).some((m) => beansOf.get(m)?.has(type));
  /**
   * Matchers bound from configuration take the list of the application the route runs in (its
   * module's application.yml / .properties, else the repository root's).
   */
  const boundRules = new Map<string, HttpRule[]>();
  const rulesFor = (security: ModuleSecurity, module: string): HttpRule[] => {
    if (!security.rules.some((r) => r.bound)) return security.rules;
    const cacheKey = `${module}\0${security.rules.length}\0${security.rules[0]?.line ?? 0}`;
    let rules = boundRules.get(cacheKey);
    if (!rules) {
      rules = security.rules.map((r) => {
        if (!r.bound) return r;
        const prefix = r.bound.type ? propertyPrefixes.get(r.bound.type) : undefined;
        const key = r.bound.property ?? (prefix !== undefined && r.bound.member ? `${prefix}.${r.bound.member}` : undefined);
        if (key === undefined) return r;
        const k = relaxedKey(key);
        const patterns = pathListsOf.get(module)?.get(k) ?? pathListsOf.get('.')?.get(k) ?? [];
        return { ...r, patterns };
      });
      boundRules.set(cacheKey, rules);
    }
    return rules;
  };
  return facts.map((f) => {
    if (f.kind !== 'entrypoint' || (f.framework !== 'spring' && f.framework !== 'jax-rs')) return f;
    const tags = (f.tags ?? []).filter((t) => !t.startsWith(MSEC_TAG));
    const msec = (f.tags ?? []).find((t) => t.startsWith(MSEC_TAG));
    const security = securityOf(f.evidence.file);
    const evidence: string[] = [];
    let level: AuthLevel = 'none';
    /** Opened on purpose: `@PermitAll`, or a `permitAll()` matcher naming this route (not anyRequest). */
    let declaredPublic = false;
    if (msec) {
      const [kind, annotationLevel, ...why] = msec.slice(MSEC_TAG.length).split(':');
      const on = kind === 'jaxrs' || (security?.methods[kind as 'prePost' | 'secured' | 'jsr250'] ?? false);
      if (on) {
        level = annotationLevel as AuthLevel;
        evidence.push(why.join(':'));
        declaredPublic = annotationLevel === 'none';
      } else tags.push('method-security-off');
    }
    const module = moduleOf(f.evidence.file);
    if (security?.configured) {
      const rule = ruleFor(rulesFor(security, module), f.method ?? 'ALL', f.path ?? '/');
      if (rule) {
        if (RANK[rule.level] > RANK[level] || evidence.length === 0) evidence.push(`${rule.anyRequest ? 'anyRequest()' : rule.patterns.join(', ')} ${rule.access}`);
        level = stronger(level, rule.level);
        declaredPublic ||= !rule.anyRequest && /^(permitAll|anonymous)\b/.test(rule.access);
      }
    } else if (securityManifests.some((m) => under(module === '.' ? f.evidence.file : module, m) || under(m, module)) || inherited(module)?.starter) {
      // spring-boot-starter-security without any SecurityFilterChain: Boot secures every request.
      level = stronger(level, 'user');
      evidence.push('spring-boot-starter-security default (all requests authenticated)');
    }
    if (declaredPublic && level === 'none') tags.push('declared-public');
    // Past the login, a filter of the chain decides each request's access from its permission table.
    const authz = level === 'user' ? security?.filters.find((c) => authzFilters.has(c) && (!security.filterConditions[c] || beanDefined(module, security.filterConditions[c]))) : undefined;
    if (authz) {
      tags.push('permission-checked');
      evidence.push(`${authz} access decision (${authzFilters.get(authz)})`);
    }
    const next: EntrypointFact = { ...f, auth: level, authEvidence: evidence, tags: [...new Set(tags)].sort() };
    return next;
  });
}

export { moduleOf };
