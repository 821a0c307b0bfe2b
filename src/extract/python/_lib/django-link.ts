// Django entry points assembled at link time: URL patterns (walked from the root URLconfs through
// `include`, with DRF routers expanded into ViewSet actions) joined to the view records written
// by python/django for views.py files anywhere in the repository.
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { joinPath, type MwRef } from '../../js/_lib/routes.js';
import { guardRef } from './auth.js';
import { drfDefaultRefs, type GuardResolver } from './link.js';
import { nearest, readRecord } from './link-records.js';
import { judgeRoute, normalisePath, type PyRouteMeta } from './routes.js';

export interface ViewRef {
  module: string;
  name: string;
}

export interface DjangoViewRecord {
  module: string;
  name: string;
  file: string;
  line: number;
  methods: { method: string; refs: MwRef[]; line: number }[];
  drfDefault: boolean;
  tags: string[];
  classRefs?: MwRef[];
  viewset?: boolean;
  actions?: { name: string; methods: string[]; detail: boolean; path?: string; line: number; refs?: MwRef[] }[];
}

export interface DjangoRouteRecord {
  module: string;
  file: string;
  line: number;
  path: string;
  regex: boolean;
  view?: ViewRef;
  /** `as_view({'get': 'list'})`: method → action. */
  actions?: Record<string, string>;
  include?: string;
  includeRouter?: string;
  admin?: boolean;
}

export interface DrfRouterRecord {
  router: string;
  prefix: string;
  view: ViewRef;
  file: string;
  line: number;
}

export interface DjangoDefaults {
  /** settings folder → DRF default permission. */
  drf: Map<string, { level?: 'user' | 'admin' | 'public'; label: string; names?: string[] }>;
  /** settings folders whose MIDDLEWARE has LoginRequiredMiddleware (Django 5.1+). */
  loginMiddleware: Set<string>;
}

function moduleMatches(defined: string, referenced: string): boolean {
  return defined === referenced || defined.endsWith(`.${referenced}`) || referenced.endsWith(`.${defined}`);
}

/** Django's own views used directly in URLconfs. */
const DJANGO_VIEWS: Record<string, { methods: string[]; tags?: string[] }> = {
  TemplateView: { methods: ['GET'] },
  RedirectView: { methods: ['GET'] },
  LoginView: { methods: ['GET', 'POST'], tags: ['login'] },
  LogoutView: { methods: ['POST'] },
  PasswordResetView: { methods: ['GET', 'POST'], tags: ['password-reset'] },
  PasswordResetConfirmView: { methods: ['GET', 'POST'], tags: ['password-reset'] },
  PasswordChangeView: { methods: ['GET', 'POST'] },
  obtain_auth_token: { methods: ['POST'], tags: ['login'] },
  TokenObtainPairView: { methods: ['POST'], tags: ['login'] },
  TokenRefreshView: { methods: ['POST'] },
};

export function djangoEntrypoints(facts: readonly Fact[], guards: GuardResolver, defaults: DjangoDefaults): EntrypointFact[] {
  const routes: DjangoRouteRecord[] = [];
  const views: DjangoViewRecord[] = [];
  const routers: DrfRouterRecord[] = [];
  for (const f of facts) {
    if (f.kind !== 'config') continue;
    if (f.setting === 'py-django-route') {
      const r = readRecord<DjangoRouteRecord>(f);
      if (r) routes.push(r);
    } else if (f.setting === 'py-django-view') {
      const r = readRecord<DjangoViewRecord>(f);
      if (r) views.push(r);
    } else if (f.setting === 'py-drf-router') {
      const r = readRecord<DrfRouterRecord>(f);
      if (r) routers.push(r);
    }
  }
  if (routes.length === 0) return [];
  const byModule = new Map<string, DjangoRouteRecord[]>();
  for (const r of routes) byModule.set(r.module, [...(byModule.get(r.module) ?? []), r]);
  const modules = [...byModule.keys()];
  const includeTarget = (name: string): string | undefined => modules.find((m) => m === name) ?? modules.find((m) => moduleMatches(m, name));
  const included = new Set(routes.filter((r) => r.include).map((r) => includeTarget(r.include ?? '')).filter((m): m is string => m !== undefined));
  const roots = modules.filter((m) => !included.has(m)).sort();
  const findView = (ref: ViewRef): DjangoViewRecord | undefined => {
    const named = views.filter((v) => v.name === ref.name);
    return named.find((v) => moduleMatches(v.module, ref.module)) ?? (named.length === 1 ? named[0] : undefined);
  };
  const out = new Map<string, EntrypointFact>();

  const emit = (r: DjangoRouteRecord, method: string, path: string, refs: MwRef[], tags: string[], handler: EntrypointFact['handler'], drfDefault: boolean, handlerName?: string) => {
    const resolved = guards.resolveAll(refs);
    if (drfDefault) resolved.push(...drfDefaultRefs(defaults, r.file, guards));
    if (nearest(new Map([...defaults.loginMiddleware].map((d) => [d, true])), r.file) && !resolved.some((x) => x.role === 'other' && (x.why ?? '').startsWith('public:'))) {
      resolved.push(guardRef('LoginRequiredMiddleware', 'user', 'LoginRequiredMiddleware', 'session'));
    }
    const meta: PyRouteMeta = { local: path, refs: resolved, handlerName, extraTags: tags };
    const judged = judgeRoute(method, path, meta);
    const key = `${r.file}#entrypoint:http ${method} ${path}`;
    if (out.has(key)) return;
    const fact: EntrypointFact = { kind: 'entrypoint', protocol: 'http', framework: 'django', method, path, ...judged, evidence: { file: r.file, line: r.line }, extractor: 'python/django', key };
    if (handler) fact.handler = handler;
    out.set(key, fact);
  };

  const viewRoutes = (r: DjangoRouteRecord, path: string) => {
    if (r.admin) {
      emit(r, 'ALL', path, [guardRef('admin.site', 'admin', 'Django admin site (staff login)', 'session')], ['django-admin'], undefined, false);
      return;
    }
    if (!r.view) return;
    const view = findView(r.view);
    if (!view) {
      const known = DJANGO_VIEWS[r.view.name];
      if (known && /^(django|rest_framework)/.test(r.view.module)) for (const m of known.methods) emit(r, m, path, [], known.tags ?? [], undefined, false, r.view.name);
      return;
    }
    const handler = { file: view.file, line: view.line, name: view.name };
    if (r.actions && view.actions) {
      for (const [method, action] of Object.entries(r.actions)) {
        emit(r, method, path, view.classRefs ?? [], view.tags, handler, view.drfDefault, `${view.name}.${action}`);
      }
      return;
    }
    for (const m of view.methods) emit(r, m.method, path, m.refs, view.tags, { ...handler, line: m.line }, view.drfDefault, view.name);
  };

  const routerRoutes = (r: DjangoRouteRecord, base: string) => {
    for (const reg of routers.filter((x) => x.router === r.includeRouter)) {
      const view = findView(reg.view);
      if (!view?.actions) continue;
      const collection = joinPath(base, normalisePath(reg.prefix).path);
      for (const a of view.actions) {
        const actionPath = joinPath(a.detail ? joinPath(collection, ':pk') : collection, a.path ?? '/');
        const rec = { ...r, file: reg.file, line: reg.line };
        const refs = a.refs ? [...(view.classRefs ?? []).filter((x) => !/permission_classes/.test(x.name)), ...a.refs] : (view.classRefs ?? []);
        for (const method of a.methods) emit(rec, method, actionPath, refs, view.tags, { file: view.file, line: a.line, name: `${view.name}.${a.name}` }, view.drfDefault && !a.refs, `${view.name}.${a.name}`);
      }
    }
  };

  const walk = (module: string, prefix: string, depth: number, seen: Set<string>) => {
    if (depth > 8 || seen.has(module)) return;
    const next = new Set(seen).add(module);
    for (const r of byModule.get(module) ?? []) {
      const local = r.path ? normalisePath(r.path).path : '/';
      const path = prefix ? joinPath(prefix, local) : local;
      if (r.include) {
        const target = includeTarget(r.include);
        if (target) walk(target, path, depth + 1, next);
      } else if (r.includeRouter) routerRoutes(r, path === '/' ? '' : path);
      else viewRoutes(r, path);
    }
  };
  for (const root of roots) walk(root, '', 0, new Set());
  return [...out.values()];
}
