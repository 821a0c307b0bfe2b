// Whole-repository step of the Python route extractors (idempotent: without internal data it
// returns the facts unchanged, so every Python route extractor can expose it as `link`):
//   1. Django: URL patterns (with includes and DRF routers) joined to the views they name;
//   2. blueprint / router prefixes registered in other files (nested registrations followed);
//   3. guards imported from other modules, resolved against guard definitions (AuthFacts) by
//      module and name; unresolved auth-looking names count as `unknown`;
//   4. project defaults (DRF DEFAULT_PERMISSION_CLASSES, Django LoginRequiredMiddleware);
//   5. auth and tags recomputed, internal records removed.
import type { AuthFact, EntrypointFact, Fact } from '../../../model/types.js';
import { joinPath, type MwRef } from '../../js/_lib/routes.js';
import { authLike, guardRef } from './auth.js';
import { djangoEntrypoints, type DjangoDefaults } from './django-link.js';
import { isPyInternal, nearest, type PrefixRecord, readRecord } from './link-records.js';
import { judgeRoute, PY_ROUTE_TAG, type PyRouteMeta } from './routes.js';

function moduleMatches(defined: string, referenced: string): boolean {
  return defined === referenced || defined.endsWith(`.${referenced}`) || referenced.endsWith(`.${defined}`);
}

export class GuardResolver {
  private readonly byName = new Map<string, AuthFact[]>();

  constructor(facts: readonly Fact[]) {
    for (const f of facts) {
      if (f.kind !== 'auth' || f.role !== 'guard-definition' || f.details?.language !== 'python' || !f.name) continue;
      this.byName.set(f.name, [...(this.byName.get(f.name) ?? []), f]);
    }
  }

  resolve(ref: MwRef): MwRef | undefined {
    if (ref.module === undefined || ref.export === undefined) return ref;
    const candidates = this.byName.get(ref.export) ?? [];
    const hit = candidates.find((c) => moduleMatches(String(c.details?.module ?? ''), ref.module ?? '')) ?? (candidates.length === 1 ? candidates[0] : undefined);
    // `@auth.login_required(role='admin')` on an imported Flask-HTTPAuth instance asks for a role.
    const admin = hit?.details?.level === 'admin' || /\brole\s*=/.test(ref.args ?? '');
    if (hit) return guardRef(ref.name, admin ? 'admin' : 'user', `${ref.name} (${hit.evidence.file}:${hit.evidence.line})`, hit.mechanism);
    // A project base class whose guard could not be seen: the route may well be protected.
    return authLike(ref.name) || ref.why === 'inherits' ? { name: ref.name, role: 'auth-unknown' } : { name: ref.name };
  }

  resolveAll(refs: readonly MwRef[]): MwRef[] {
    return refs.map((r) => this.resolve(r)).filter((r): r is MwRef => r !== undefined);
  }
}

class Prefixes {
  private readonly regs = new Map<string, PrefixRecord>();

  constructor(facts: readonly Fact[]) {
    for (const f of facts) {
      if (f.kind !== 'config' || f.setting !== 'py-prefix') continue;
      const r = readRecord<PrefixRecord>(f);
      if (r && !this.regs.has(r.target)) this.regs.set(r.target, r);
    }
  }

  /** Where a receiver's routes live: the mount path before its own prefix, and registration guards. */
  mount(recv: string, seen = new Set<string>()): { base: string; prefix: string | null; combine: PrefixRecord['combine']; refs: MwRef[] } | undefined {
    const reg = this.regs.get(recv);
    if (!reg || seen.has(recv)) return undefined;
    seen.add(recv);
    const parent = reg.parent ? this.mount(reg.parent, seen) : undefined;
    const base = parent ? joinPath(parent.base, parent.prefix ?? '/') : '';
    return { base, prefix: reg.prefix, combine: reg.combine, refs: [...(parent?.refs ?? []), ...((reg.refs ?? []) as MwRef[])] };
  }
}

function routePath(meta: PyRouteMeta, mount: ReturnType<Prefixes['mount']>): string {
  const own = meta.own ?? '';
  if (!mount) return own ? joinPath(own, meta.local) : meta.local;
  const parts = meta.combine === 'concat' ? [mount.base, mount.prefix ?? '', own] : [mount.base, mount.prefix ?? own];
  const prefix = parts.filter((p) => p && p !== '/').reduce((acc, p) => joinPath(acc, p), '');
  return prefix ? joinPath(prefix, meta.local) : meta.local;
}

/** The project's DRF default permission classes as guard references (custom classes resolved by name). */
export function drfDefaultRefs(defaults: DjangoDefaults, file: string, guards: GuardResolver): MwRef[] {
  const d = nearest(defaults.drf, file);
  if (!d) return [];
  if (d.level) return d.level === 'public' ? [] : [guardRef(d.label, d.level, `${d.label} (REST_FRAMEWORK default)`, 'session')];
  return (d.names ?? []).map((n) => guards.resolve({ name: n.split('.').pop() ?? n, module: n.includes('.') ? n.slice(0, n.lastIndexOf('.')) : '', export: n.split('.').pop() ?? n, why: 'inherits' })).filter((r): r is MwRef => r !== undefined);
}

function defaultsOf(facts: readonly Fact[]): DjangoDefaults {
  const out: DjangoDefaults = { drf: new Map(), loginMiddleware: new Set() };
  for (const f of facts) {
    if (f.kind !== 'config') continue;
    if (f.setting === 'py-drf-defaults') {
      const r = readRecord<{ level?: 'user' | 'admin' | 'public'; label: string; names?: string[] }>(f);
      if (r) out.drf.set(folder(f.evidence.file), r);
    } else if (f.setting === 'py-django-login-middleware') out.loginMiddleware.add(folder(f.evidence.file));
  }
  return out;
}

function folder(file: string): string {
  const cut = file.lastIndexOf('/');
  return cut < 0 ? '' : file.slice(0, cut);
}

export function linkPython(facts: Fact[]): Fact[] {
  if (!facts.some((f) => isPyInternal(f) || (f.kind === 'entrypoint' && f.tags?.some((t) => t.startsWith(PY_ROUTE_TAG))))) return facts;
  const guards = new GuardResolver(facts);
  const prefixes = new Prefixes(facts);
  const defaults = defaultsOf(facts);
  const out: Fact[] = [];
  for (const f of facts) {
    if (isPyInternal(f)) continue;
    if (f.kind !== 'entrypoint' || !f.tags?.some((t) => t.startsWith(PY_ROUTE_TAG))) {
      out.push(f);
      continue;
    }
    out.push(finish(f, guards, prefixes, defaults));
  }
  out.push(...djangoEntrypoints(facts, guards, defaults));
  return out;
}

function finish(f: EntrypointFact, guards: GuardResolver, prefixes: Prefixes, defaults: DjangoDefaults): EntrypointFact {
  const tag = f.tags?.find((t) => t.startsWith(PY_ROUTE_TAG)) ?? '';
  let meta: PyRouteMeta;
  try {
    meta = JSON.parse(tag.slice(PY_ROUTE_TAG.length)) as PyRouteMeta;
  } catch {
    return { ...f, tags: f.tags?.filter((t) => !t.startsWith(PY_ROUTE_TAG)) };
  }
  const mount = meta.recv ? prefixes.mount(meta.recv) : undefined;
  const path = routePath(meta, mount);
  const refs = guards.resolveAll([...(mount?.refs ?? []), ...meta.refs]);
  if (meta.drfDefault) refs.push(...drfDefaultRefs(defaults, f.evidence.file, guards));
  const judged = judgeRoute(f.method ?? 'GET', path, { ...meta, refs });
  return { ...f, path, ...judged };
}
