// Whole-repository step for the JS route extractors. Per-file passes leave router-local paths and
// unresolved middleware/handler imports; this step
//   1. resolves mounts (`app.use('/api', require('./routes/users'))`, koa `.routes()`, fastify
//      `register(..., { prefix })`, `require('./routes')(app)`) into full paths and inherited
//      middleware (what `app.use(guard)` registered before the mount),
//   2. resolves imported middleware against guard definitions (AuthFact `guard-definition`) found
//      in other files, and names that strongly suggest auth to `unknown`,
//   3. attaches handler summaries of imported controllers (inline checks, record access),
//   4. applies global guards (Nest APP_GUARD, hapi default strategy, Next.js middleware matcher),
//   5. recomputes auth and tags, and drops all internal bookkeeping.
// It is idempotent: without internal data in the facts it returns them unchanged, so every route
// extractor can expose it as its `link`.
import { scopeGuards, type MiddlewareScope } from './middleware-scope-eval.js';
import { posix } from 'node:path';
import type { AuthFact, ConfigFact, EntrypointFact, Fact } from '../../../model/types.js';
import { optionsRole } from './option-guards.js';
import { STRATEGY_MODULE } from './passport-strategies.js';
import { encodeItem, guardBypass, type ListItem, type MatchMode } from './guard-bypass.js';
import { judgeGuardCalls, type GuardCall } from './routes-guard-calls.js';
import { ownerNote } from './routes-guards.js';
import type { ReexportRecord } from './routes-exports.js';
import type { MountRecord } from './routes-scan.js';
import { expandRegistrars, REGISTRAR, REGISTRAR_CALL, type RegistrarRecord } from './routes-registrars.js';
import { PathAliases } from './path-aliases.js';
import { byRouteConfig } from './route-config-guards.js';
import {
  authLikeName,
  decideAuth,
  decodeMeta,
  effectiveRole,
  fileNoExt,
  joinPath,
  rateLimitLikeName,
  ROUTE_TAG,
  routeTags,
  runsOn,
  stateTags,
  pathParamOf,
  underPrefix,
  type MwRef,
  type ReceiverRef,
  type RouteMeta,
} from './routes.js';

/** Handler summary of an exported function, written by the express extractor for link. */
export interface HandlerRecord {
  exports: string[];
  name: string;
  line: number;
  inline?: RouteMeta['inline'];
  tags: string[];
  /** The body can end the request unsuccessfully (401/403, next(err), throw, redirect). */
  rejects?: boolean;
  /** It answers requests itself instead of passing them on (see `answers`). */
  answers?: boolean;
  guardCalls?: GuardCall[];
  /** A middleware serving one path prefix itself (`/mock/`, routes-scan-tables.ts `prefixDispatch`). */
  dispatch?: string;
  /** A middleware refusing once the application is set up (bootstrap-gate.ts). */
  bootstrapGate?: boolean;
}

export interface RouteSelector {
  path?: string;
  method?: string;
  controller?: string;
}

export interface GlobalGuardRecord {
  framework: string;
  guard: MwRef;
  /** Next.js middleware matcher patterns; absent = every route. */
  matcher?: string[];
  /** Next.js middleware: the paths its function lets through before its check (middleware-scope-eval.ts). */
  scope?: MiddlewareScope;
  /** Nest middleware consumer: forRoutes(...) and exclude(...) selectors. */
  routes?: RouteSelector[];
  exclude?: RouteSelector[];
}

/** Nest route selector against a route: path pattern (`:param`, `*`), method, controller class. */
function selects(sel: RouteSelector, method: string | undefined, localPath: string, controller: string | undefined): boolean {
  if (sel.controller !== undefined) return sel.controller === controller;
  if (sel.method && method && sel.method.toUpperCase() !== method.toUpperCase()) return false;
  const pattern = (sel.path ?? '*').replace(/^\/+/, '');
  if (pattern === '*' || pattern === '(.*)' || pattern === '') return true;
  const re = new RegExp(`^/?${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\\\(\.\*\\\)|\*/g, '.*').replace(/:\w+/g, '[^/]+')}/?$`);
  return re.test(localPath);
}

function guardApplies(g: GlobalGuardRecord, method: string | undefined, path: string, localPath: string, controller: string | undefined): boolean {
  if (!matcherMatches(g.matcher, path) || !scopeGuards(g.scope, path)) return false;
  if (g.routes && !g.routes.some((s) => selects(s, method, localPath, controller))) return false;
  if (g.exclude && g.exclude.some((s) => selects(s, method, localPath, controller))) return false;
  return true;
}

export interface GlobalPrefixRecord {
  framework: string;
  prefix: string;
}

/** Levels of a guard in a middleware list, weakest first: the list refuses whom its strictest element refuses. */
const CHAIN_RANK: Record<string, number> = { user: 1, role: 2, admin: 3 };

const INTERNAL_SETTINGS = new Set(['js-router-mount', 'js-handler', 'js-reexport', 'js-path-list', 'js-wrapper', REGISTRAR, REGISTRAR_CALL]);
/** Re-export hops followed from a route to its handler (`routes → controllers/index → x`). */
const MAX_REEXPORT_HOPS = 8;
/** Handler facts link completes with the route they belong to (routeFile, routeLine, method, path). */
const ATTACHED = new Set(['record-access', 'handler-site', 'record-listing']);

function parse<T>(fact: ConfigFact): T | undefined {
  const raw = fact.values.data;
  if (typeof raw !== 'string') return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

class ModuleResolver {
  private readonly known = new Set<string>();
  /**
   * Answers by (folder of `from`, spec): a bare spec scans every known file, and the same few
   * specs (`express`, `../middleware/auth`) are resolved once per route and middleware (perf).
   */
  private readonly memo = new Map<string, string>();

  /** Packages of the repository's workspace by name, longest first (`@acme/api-client` before `@acme/api`). */
  private readonly packages: { name: string; root: string }[];

  constructor(files: Iterable<string>, packages: readonly { name: string; root: string }[] = [], private readonly aliases?: PathAliases) {
    for (const f of files) this.known.add(fileNoExt(f));
    this.packages = packages.filter((p) => p.name && p.root && p.root !== '.').sort((a, b) => b.name.length - a.name.length);
  }

  /** Was the resolved file (`src/routes/users`) seen? */
  has(resolved: string): boolean {
    return this.known.has(resolved);
  }

  /** `./routes/users` imported from `src/app.js` → `src/routes/users` (or `.../index`). */
  resolve(from: string, spec: string): string {
    // Relative specs, and any spec where tsconfig aliases may differ by folder, are answered per folder.
    const memoKey = spec.startsWith('.') || this.aliases?.size ? `${posix.dirname(from)}\u0000${spec}` : `\u0000${spec}`;
    let resolved = this.memo.get(memoKey);
    if (resolved === undefined) {
      resolved = this.resolveUncached(from, spec);
      this.memo.set(memoKey, resolved);
    }
    return resolved;
  }

  private resolveUncached(from: string, spec: string): string {
    const bare = fileNoExt(spec);
    const candidates: string[] = [];
    if (bare.startsWith('.')) candidates.push(posix.normalize(posix.join(posix.dirname(from), bare)));
    else {
      // The project's own `paths` aliases first (tsconfig.json), where they name a file that exists.
      for (const c of this.aliases?.candidates(from, spec) ?? []) if (this.known.has(c) || this.known.has(`${c}/index`)) return this.known.has(c) ? c : `${c}/index`;
      // SvelteKit's `$lib` alias: the `src/lib` folder of the app the importing file belongs to.
      if (/^\$lib(\/|$)/.test(bare)) {
        const rest = bare.slice('$lib'.length);
        const found = [...this.known].filter((k) => k === `src/lib${rest}` || k.endsWith(`/src/lib${rest}`) || k === `src/lib${rest}/index` || k.endsWith(`/src/lib${rest}/index`));
        found.sort((a, b) => sharedDirs(b, from) - sharedDirs(a, from) || a.length - b.length);
        if (found[0]) return found[0];
      }
      const trimmed = bare.replace(/^[@~]\//, '');
      candidates.push(trimmed, `src/${trimmed}`);
      for (const k of this.known) if (k.endsWith(`/${trimmed}`)) candidates.push(k);
      // A tsconfig `paths` alias named after a folder (`@server/*` → `server/*`): tried last, so
      // a package of that scope never matches a file unless the repository has that folder.
      const alias = /^[@#]([\w-]+\/.+)$/.exec(bare)?.[1];
      if (alias) {
        candidates.push(alias);
        const found = [...this.known].filter((k) => k.endsWith(`/${alias}`));
        // `#src/x` (package.json `imports`) names the importing package's own file: the nearest one.
        if (bare.startsWith('#')) found.sort((a, b) => sharedDirs(b, from) - sharedDirs(a, from));
        candidates.push(...found);
      }
      // A workspace package of a monorepo by its name (`@acme/middleware` → `packages/middleware/src/index`).
      const pkg = this.packages.find((p) => bare === p.name || bare.startsWith(`${p.name}/`));
      if (pkg) {
        const rest = bare.slice(pkg.name.length + 1);
        candidates.push(...(rest ? [`${pkg.root}/${rest}`, `${pkg.root}/src/${rest}`] : [`${pkg.root}/src/index`, `${pkg.root}/index`, `${pkg.root}/lib/index`]));
      }
    }
    for (const c of candidates) {
      if (this.known.has(c)) return c;
      if (this.known.has(`${c}/index`)) return `${c}/index`;
    }
    return candidates[0];
  }
}

/** Leading folders two repository paths share. */
function sharedDirs(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  let i = 0;
  while (i < x.length - 1 && i < y.length - 1 && x[i] === y[i]) i++;
  return i;
}

interface Context {
  prefix: string;
  chain: MwRef[];
  /** Reached through a mount made only outside production. */
  devOnly?: boolean;
}

function appliesTo(ref: MwRef, path: string | undefined): boolean {
  return (ref.under === undefined || path === undefined || underPrefix(path, ref.under)) && runsOn(ref, path);
}

function absolutize(refs: readonly MwRef[] | undefined, prefix: string): MwRef[] {
  return (refs ?? []).map((r) => {
    const out = r.under !== undefined ? { ...r, under: joinPath(prefix, r.under) } : r;
    // A path pattern of a router mounted at `prefix` matches below it (`^/forum(?:...)`).
    return out.only !== undefined && prefix && prefix !== '/' ? { ...out, only: `^${prefix.replace(/\/$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${out.only.replace(/^\^/, '')}` } : out;
  });
}

/** Next.js matcher: `/dashboard/:path*` prefix patterns or regex-like strings. */
function matcherMatches(patterns: readonly string[] | undefined, path: string): boolean {
  if (!patterns || patterns.length === 0) return true;
  return patterns.some((p) => {
    const prefix = p.replace(/\/:[^/]+[*+?]?$/, '').replace(/\(\.\*\)$/, '');
    if (!/[()[\]\\^$|]/.test(prefix)) return path === prefix || path.startsWith(`${prefix === '/' ? '' : prefix}/`) || prefix === '';
    try {
      return new RegExp(`^${p.replace(/:\w+\*/g, '.*').replace(/:\w+/g, '[^/]+')}$`).test(path);
    } catch {
      return false;
    }
  });
}

/**
 * `onOwned`: told of each route whose owner guard compared these path parameters with the caller,
 * for record accesses linked outside this pass (Nest's, attached to their route by file and line).
 */
/** js/nextjs layout guards (layout-guard.ts) that await imported gates, judged here while re-exports are known. */
const LAYOUT_GATE = 'nextjs-layout-guard';

/**
 * A layout's gates (`await requireRole(['admin'])` through `@/lib/authz`'s index), resolved like
 * route guards: the strongest one that throws without a caller or role sets the layout's level.
 * Left as `gate` when none resolves (js/nextjs judges it again without re-exports).
 */
function judgeLayoutGates(f: ConfigFact, resolveRef: (ref: MwRef) => MwRef): ConfigFact {
  let refs: MwRef[] = [];
  try {
    refs = JSON.parse(String(f.values.gates)) as MwRef[];
  } catch {
    return f;
  }
  let best: { level: 'user' | 'admin'; why: string } | undefined;
  for (const r of refs) {
    const resolved = resolveRef({ ...r, throwsOnly: true });
    const role = effectiveRole(resolved);
    const level = role === 'auth-admin' ? 'admin' : role === 'auth-user' || role === 'auth-role' ? 'user' : undefined;
    if (level && (!best || (level === 'admin' && best.level === 'user'))) best = { level, why: resolved.why ?? r.name };
  }
  return best ? { ...f, values: { ...f.values, level: best.level, why: `${String(f.values.why)}${best.why}` } } : f;
}

export function linkRoutes(facts: Fact[], onOwned?: (routeFile: string, routeLine: number, params: string[]) => void): Fact[] {
  const hasInternal = facts.some(
    (f) => (f.kind === 'entrypoint' && f.tags?.some((t) => t.startsWith(ROUTE_TAG))) || (f.kind === 'config' && INTERNAL_SETTINGS.has(f.setting)),
  );
  if (!hasInternal) return facts;

  const files = new Set<string>();
  for (const f of facts) files.add(f.evidence.file);
  const resolver = new ModuleResolver(files, facts.flatMap((f) => (f.kind === 'project' ? [{ name: f.name, root: f.root }] : [])), PathAliases.from(facts));

  const mounts: (MountRecord & { file: string })[] = [];
  const handlers = new Map<string, HandlerRecord & { file: string }>();
  const guardsByExport = new Map<string, AuthFact>();
  const guardsByName = new Map<string, AuthFact>();
  /** Guards a module exports as its default, by the module's file name (null: several modules share it). */
  const guardsByModuleName = new Map<string, AuthFact | null>();
  const globalGuards: (GlobalGuardRecord & { file: string })[] = [];
  const globalPrefixes: (GlobalPrefixRecord & { file: string })[] = [];
  const projectRoots: string[] = [];
  const reexports = new Map<string, ReexportRecord & { file: string }>();
  const pathLists = new Map<string, { file: string; items: ListItem[] }>();
  const wrappers = new Set<string>();
  /** Wrappers that run their middleware except on the requests a test lets through: those requests (`unless` entries). */
  const skipWrappers = new Map<string, string[]>();
  /** Middleware factories that hand out a no-op unless a setting is on (`rateLimit()` off by default): the setting. */
  const noOps = new Map<string, string>();

  for (const f of facts) {
    if (f.kind === 'config' && f.setting === 'js-router-mount') {
      const m = parse<MountRecord | (GlobalPrefixRecord & { kind: 'prefix' })>(f);
      if (!m) continue;
      if (m.kind === 'prefix') globalPrefixes.push({ ...(m as GlobalPrefixRecord), file: f.evidence.file });
      else mounts.push({ ...(m as MountRecord), file: f.evidence.file });
    } else if (f.kind === 'config' && f.setting === 'js-handler') {
      const h = parse<HandlerRecord>(f);
      if (h) for (const e of h.exports) handlers.set(`${e.startsWith(`${STRATEGY_MODULE}:`) ? STRATEGY_MODULE : fileNoExt(f.evidence.file)}#${e}`, { ...h, file: f.evidence.file });
    } else if (f.kind === 'config' && f.setting === 'js-reexport') {
      const r = parse<ReexportRecord>(f);
      if (r) reexports.set(fileNoExt(f.evidence.file), { ...r, file: f.evidence.file });
    } else if (f.kind === 'config' && f.setting === 'js-wrapper') {
      // Pass-through wrappers (`asyncHandler(fn)`): their argument is the middleware (routes-guard-wrappers.ts).
      const w = parse<{ names: string[]; noop?: { name: string; when: string }[]; skip?: { name: string; unless: string[] }[] }>(f);
      for (const n of w?.names ?? []) wrappers.add(`${fileNoExt(f.evidence.file)}#${n}`);
      for (const n of w?.skip ?? []) skipWrappers.set(`${fileNoExt(f.evidence.file)}#${n.name}`, n.unless);
      for (const n of w?.noop ?? []) noOps.set(`${fileNoExt(f.evidence.file)}#${n.name}`, n.when);
    } else if (f.kind === 'config' && f.setting === 'js-path-list') {
      const r = parse<{ lists: { name: string; items: ListItem[] }[] }>(f);
      for (const l of r?.lists ?? []) pathLists.set(`${fileNoExt(f.evidence.file)}#${l.name}`, { file: f.evidence.file, items: l.items });
    } else if (f.kind === 'config' && f.setting === 'auth-global-guard') {
      const g = parse<GlobalGuardRecord>(f);
      if (g) globalGuards.push({ ...g, file: f.evidence.file });
    } else if (f.kind === 'auth' && f.role === 'guard-definition') {
      const exportsList = String(f.details?.exports ?? '').split(',').filter(Boolean);
      for (const e of exportsList) guardsByExport.set(`${fileNoExt(f.evidence.file)}#${e}`, f);
      if (f.name && !guardsByName.has(f.name)) guardsByName.set(f.name, f);
      const base = posix.basename(fileNoExt(f.evidence.file));
      if (exportsList.includes('default') && base !== 'index') guardsByModuleName.set(base, guardsByModuleName.has(base) ? null : f);
    } else if (f.kind === 'project') {
      projectRoots.push(f.root);
    }
  }

  // Asked for every route, prefix and guard: answered once per file (perf).
  const roots = new Map<string, string>();
  const rootOf = (file: string): string => {
    let best = roots.get(file);
    if (best !== undefined) return best;
    best = '';
    for (const r of projectRoots) {
      const norm = r === '.' ? '' : r;
      if ((norm === '' || file.startsWith(`${norm}/`)) && norm.length >= best.length) best = norm;
    }
    roots.set(file, best);
    return best;
  };

  /**
   * The thing a chain of names denotes in a module, following re-exports: `articles.comments.del`
   * of `controllers/index` is `comments.del` of `controllers/articles`, which is `del` of
   * `controllers/comments`. `lookup` answers for a `file#name` key. Bounded and cycle-safe.
   */
  const followExport = <T>(file: string, path: readonly string[], lookup: (key: string) => T | undefined, hops = 0, seen = new Set<string>()): T | undefined => {
    const key = `${file}#${path.join('.')}`;
    if (path.length === 0 || hops > MAX_REEXPORT_HOPS || seen.has(key)) return undefined;
    seen.add(key);
    const direct = lookup(key);
    if (direct !== undefined) return direct;
    // CommonJS `module.exports = {...}` and `export default {...}` export their members too.
    if (path[0] === 'default' && path.length > 1) {
      const member = followExport(file, path.slice(1), lookup, hops, seen);
      if (member !== undefined) return member;
    }
    const record = reexports.get(file);
    if (!record) return undefined;
    for (let i = path.length; i >= 1; i--) {
      const name = path.slice(0, i).join('.');
      for (const e of record.names) {
        if (e.name !== name) continue;
        const target = resolver.resolve(record.file, e.module);
        if (!resolver.has(target)) continue;
        const next = [...(e.export === '*' ? [] : e.export.split('.')), ...path.slice(i)];
        const found = followExport(target, next.length > 0 ? next : ['default'], lookup, hops + 1, seen);
        if (found !== undefined) return found;
      }
    }
    // `default()`: what the factory a module passes on builds (`module.exports = require('./app')`).
    if (path.length === 1 && path[0].endsWith('()')) {
      const bare = path[0].slice(0, -2);
      for (const e of record.names) {
        if (e.name !== bare || e.export === '*') continue;
        const target = resolver.resolve(record.file, e.module);
        const found = resolver.has(target) ? followExport(target, [`${e.export}()`], lookup, hops + 1, seen) : undefined;
        if (found !== undefined) return found;
      }
    }
    if (path[0] === 'default') return undefined;
    for (const spec of record.star) {
      const target = resolver.resolve(record.file, spec);
      const found = resolver.has(target) ? followExport(target, path, lookup, hops + 1, seen) : undefined;
      if (found !== undefined) return found;
    }
    return undefined;
  };
  /** An export of an imported module, directly or through re-exports. */
  const importedExport = <T>(ref: { module: string; from: string; export: string }, lookup: (key: string) => T | undefined, path?: readonly string[]): T | undefined => {
    const file = resolver.resolve(ref.from, ref.module);
    // The whole chain of names is exact: its last name alone could pick a namesake elsewhere.
    if (path) return followExport(file, path, lookup);
    return lookup(`${file}#${ref.export}`) ?? (reexports.size > 0 ? followExport(file, ref.export.split('.'), lookup) : undefined);
  };

  const exportMap = new Map<string, string>();
  for (const m of mounts) if (m.kind === 'export' && m.id && m.export) exportMap.set(`${fileNoExt(m.file)}#${m.export}`, m.id);

  const refId = (ref: ReceiverRef | undefined): string | undefined => {
    if (!ref) return undefined;
    if ('id' in ref) return ref.id;
    const file = resolver.resolve(ref.from, ref.module);
    const key = `${file}#${ref.export}`;
    // `export { default } from './users'` in a folder's index: the router of the module it names.
    return exportMap.get(key) ?? (reexports.has(file) ? followExport(file, [ref.export], (k) => exportMap.get(k)) : undefined) ?? key;
  };
  const exportsRouter = (ref: { module: string; from: string; export: string }): boolean => {
    const file = resolver.resolve(ref.from, ref.module);
    // Through a folder's index that passes the module on (`module.exports = require('./app')`).
    return exportMap.has(`${file}#${ref.export}`) || (reexports.has(file) && followExport(file, [ref.export], (k) => exportMap.get(k)) !== undefined);
  };

  /**
   * An import passed to `use()` is middleware or a router by what its module exports; the name
   * decided only while the module is not known (see `MwRef.router`).
   */
  const isMiddleware = (ref: MwRef): boolean => {
    if (!ref.router || !ref.module || !ref.from || !ref.export) return true;
    const imported = { module: ref.module, from: ref.from, export: ref.export };
    if (exportsRouter(imported)) return false;
    if (ref.router === 'maybe') return true;
    const file = resolver.resolve(ref.from, ref.module);
    return resolver.has(file) && (importedExport(imported, (k) => guardsByExport.get(k)) !== undefined || importedExport(imported, (k) => handlers.get(k)) !== undefined);
  };

  // Calls of route-registration helpers become ordinary routes before anything else reads them.
  const registrars = new Map<string, RegistrarRecord>();
  for (const f of facts) {
    if (f.kind !== 'config' || f.setting !== REGISTRAR) continue;
    const r = parse<RegistrarRecord>(f);
    if (r) for (const n of r.names) registrars.set(`${fileNoExt(f.evidence.file)}#${n}`, r);
  }
  if (registrars.size > 0) facts = [...facts, ...expandRegistrars(facts, (c) => ('id' in c ? registrars.get(c.id) : importedExport(c, (k) => registrars.get(k))))];

  const parents = new Map<string, { parent: string; prefix: string; mw: MwRef[]; devOnly?: boolean }[]>();
  // @fastify/autoload: plugin files under the folder hang off the registering instance.
  const receiverIds = new Set<string>();
  // Route metadata is JSON in a tag: decoded once here and read again below (perf).
  const metas = new Map<Fact, RouteMeta>();
  for (const f of facts) {
    const meta = f.kind === 'entrypoint' ? decodeMeta(f.tags) : undefined;
    if (meta) metas.set(f, meta);
    if (meta?.recv && 'id' in meta.recv) receiverIds.add(meta.recv.id);
  }
  // A plugin file's own `autoPrefix` / `prefixOverride` export, by file (without extension).
  const autoPrefixes = new Map<string, MountRecord>();
  for (const m of mounts) if (m.kind === 'autoprefix' && m.id) autoPrefixes.set(m.id, m);
  for (const m of mounts) {
    if (m.kind !== 'autoload' || !m.dir) continue;
    const parent = refId(m.parent);
    if (!parent) continue;
    for (const id of receiverIds) {
      const file = id.slice(0, id.indexOf('#'));
      if (!file.startsWith(`${m.dir}/`) || !/\(0\)$/.test(id)) continue;
      const sub = posix.dirname(file.slice(m.dir.length + 1));
      const own = autoPrefixes.get(file);
      const folder = joinPath(m.prefix ?? '', m.dirPrefix !== false && sub !== '.' ? `/${sub}` : '');
      const prefix = !own?.prefix ? folder : own.override ? own.prefix : joinPath(folder, own.prefix);
      let list = parents.get(id);
      if (!list) parents.set(id, (list = []));
      list.push({ parent, prefix, mw: m.mw ?? [] });
    }
  }
  // Routers imported somewhere and never used there (a commented-out mount).
  const unusedRouters = new Set(mounts.filter((m) => m.kind === 'unused').map((m) => refId(m.child)));
  for (const m of mounts) {
    if (m.kind === 'export' || m.kind === 'autoload' || m.kind === 'unused' || m.kind === 'autoprefix') continue;
    // Mounted on a guess from names (`app.use(authRouter)`): only a module that exports a router.
    if (m.tentative && !(m.child && 'module' in m.child && exportsRouter(m.child))) continue;
    const child = refId(m.child);
    const parent = refId(m.parent);
    if (!child || !parent || child === parent) continue;
    let list = parents.get(child);
    if (!list) parents.set(child, (list = []));
    list.push({ parent, prefix: m.prefix ?? '', mw: (m.mw ?? []).filter(isMiddleware), ...(m.devOnly ? { devOnly: true } : {}) });
  }

  // Hooks of a fastify-plugin wrapped plugin guard the context that registers it (and what that
  // context registers), not a context of their own.
  const hoistedBy = new Map<string, MwRef[]>();
  for (const m of mounts) if (m.kind === 'export' && m.id && m.hoisted) hoistedBy.set(m.id, m.hoisted);
  const hoisted = new Map<string, MwRef[]>();
  if (hoistedBy.size > 0) {
    for (const m of mounts) {
      if (m.kind !== 'mount') continue;
      const hooks = hoistedBy.get(refId(m.child) ?? '');
      const parent = refId(m.parent);
      if (hooks && parent) hoisted.set(parent, [...(hoisted.get(parent) ?? []), ...hooks]);
    }
  }

  const contextCache = new Map<string, Context[]>();
  const contexts = (id: string, seen: Set<string>): Context[] => {
    const own = hoisted.get(id);
    if (!own) return outerContexts(id, seen);
    const outer = outerContexts(id, seen);
    return (outer.length > 0 ? outer : [{ prefix: '', chain: [] }]).map((c) => ({ ...c, chain: [...c.chain, ...own] }));
  };
  const outerContexts = (id: string, seen: Set<string>): Context[] => {
    const cached = contextCache.get(id);
    if (cached) return cached;
    const edges = parents.get(id);
    if (!edges || seen.has(id) || seen.size > 10) return [];
    const out: Context[] = [];
    const nextSeen = new Set(seen).add(id);
    for (const e of edges) {
      const ups = contexts(e.parent, nextSeen);
      // A plugin slot nobody mounts (see plugin-slots.ts) places nothing.
      if (ups.length === 0 && e.parent.startsWith('~plugin:')) continue;
      const bases = ups.length > 0 ? ups : [{ prefix: '', chain: [] }];
      for (const up of bases) {
        if (out.length >= 8) break;
        out.push({ prefix: joinPath(up.prefix, e.prefix), chain: [...up.chain, ...absolutize(e.mw, up.prefix)], ...(up.devOnly || e.devOnly ? { devOnly: true } : {}) });
      }
    }
    contextCache.set(id, out);
    return out;
  };

  /** The entries of an imported path list, as `unless` entries (its own imported items followed). */
  const listEntries = (ref: { module: string; from: string; export: string }, match: MatchMode, depth = 0): string[] => {
    const list = depth > 3 ? undefined : importedExport(ref, (k) => pathLists.get(k));
    if (!list) return [];
    return list.items.flatMap((i) => ('ref' in i ? listEntries({ ...i.ref, from: list.file }, match, depth + 1) : (encodeItem(i, match) ?? [])));
  };
  /** The one path a member of an imported route table holds (`export enum ApiUrls { whoami = '/-/whoami' }`). */
  const routeTablePath = (ref: { module: string; from: string; export: string }): string | undefined => {
    const list = importedExport(ref, (k) => pathLists.get(k));
    const only = list?.items.length === 1 ? list.items[0] : undefined;
    return only && 's' in only ? only.s : undefined;
  };
  const allowed = new Map<MwRef, MwRef>();
  /** A guard exempting imported path lists: their entries join its `unless` (once per ref). */
  const withLists = (ref: MwRef): MwRef => {
    if (!ref.allowFrom?.length) return ref;
    let done = allowed.get(ref);
    if (!done) allowed.set(ref, (done = { ...ref, unless: [...(ref.unless ?? []), ...ref.allowFrom.flatMap((l) => listEntries(l, l.match))] }));
    return done;
  };

  /**
   * A middleware that stops behind a guard of another module (`details.calls`): that guard's level,
   * when it is one that refuses; otherwise nothing is known and the middleware is judged as unseen.
   */
  const delegatedTo = (def: AuthFact, calls: string, depth = 0): AuthFact | undefined => {
    const [module, exp] = calls.split('#');
    // `#name`: a guard the framework auto-imports by name (Nuxt's server/utils), found by its name.
    let judged = module && exp ? importedExport({ module, from: def.evidence.file, export: exp }, (k) => guardsByExport.get(k)) : !module && exp && exp !== def.name ? guardsByName.get(exp) : undefined;
    // A guard that itself leaves the decision to another (a few steps at most).
    if (judged && judged !== def && typeof judged.details?.calls === 'string' && !['user', 'admin', 'role'].includes(String(judged.details.level))) judged = depth < 3 ? delegatedTo(judged, judged.details.calls, depth + 1) : undefined;
    const level = judged?.details?.level;
    if (!judged || (level !== 'user' && level !== 'admin' && level !== 'role')) return undefined;
    const name = `${def.name ?? 'guard'} (calls ${judged.name ?? 'guard'} in ${judged.evidence.file})`;
    return { ...def, name, mechanism: judged.mechanism, details: { ...def.details, level, why: `${String(def.details?.why)}: ${String(judged.details?.why ?? judged.name)}` } };
  };

  /**
   * An exported list of middleware with imported elements (`details.chain`): the strictest of the
   * guards they name (an element that itself stops behind another module's guard counts with that
   * guard's level) and of the list's own elements; nothing known when none of them refuses.
   */
  const chainedTo = (def: AuthFact, chain: string): AuthFact | undefined => {
    let best: AuthFact | undefined = def.details?.level === 'unknown' ? undefined : def;
    for (const item of chain.split(',')) {
      const [module, exp] = item.split('#');
      let judged = module && exp ? importedExport({ module, from: def.evidence.file, export: exp }, (k) => guardsByExport.get(k)) : undefined;
      if (judged && typeof judged.details?.calls === 'string') judged = delegatedTo(judged, judged.details.calls);
      const level = judged?.details?.level;
      if (!judged || (level !== 'user' && level !== 'admin' && level !== 'role')) continue;
      if (!best || CHAIN_RANK[String(level)] > CHAIN_RANK[String(best.details?.level)]) best = judged;
    }
    if (!best || best === def) return best;
    const name = `${def.name ?? 'guard'} (holds ${best.name ?? 'guard'} of ${best.evidence.file})`;
    return { ...def, name, mechanism: best.mechanism, details: { ...def.details, level: String(best.details?.level), why: `chain: ${String(best.details?.why ?? best.name)}` } };
  };

  /**
   * A guard class extending another guard class of the project (`details.inherits`, auth/guards.ts):
   * without its own `canActivate` it is the parent (`inherit`); returning `super.canActivate(ctx)`
   * on every way through adds the parent's check (`all`: the stricter of the two), on some ways only
   * (`some`: the weaker, with the parent's tags). Undefined when the parent is unknown and the class
   * checks nothing itself.
   */
  const inheritedFrom = (def: AuthFact, depth = 0): AuthFact | undefined => {
    const [module, exp] = String(def.details?.inherits).split('#');
    let parent = module && exp ? importedExport({ module, from: def.evidence.file, export: exp }, (k) => guardsByExport.get(k)) : undefined;
    if (!parent && exp) parent = guardsByName.get(exp);
    if (parent && typeof parent.details?.inherits === 'string') parent = depth < 4 && parent !== def ? inheritedFrom(parent, depth + 1) : undefined;
    const own = String(def.details?.level ?? 'none');
    if (!parent || parent === def) return own === 'none' ? undefined : def;
    const use = String(def.details?.superUse ?? 'inherit');
    const plevel = String(parent.details?.level ?? 'user');
    const why = `extends ${parent.name ?? exp} (${parent.evidence.file}): ${String(parent.details?.why ?? '')}`;
    if (use === 'inherit' || own === 'none') return { ...def, mechanism: parent.mechanism, details: { ...parent.details, exports: def.details?.exports ?? '', why, inherits: null } as AuthFact['details'] };
    const tags = [...new Set([def.details?.tags, parent.details?.tags].filter((t): t is string => typeof t === 'string' && t !== '').flatMap((t) => t.split(',')))];
    const pick = (INHERIT_RANK[plevel] ?? 2) > (INHERIT_RANK[own] ?? 2) === (use === 'all') ? parent : def;
    return { ...def, mechanism: pick.mechanism, details: { ...pick.details, exports: def.details?.exports ?? '', why: `${String(def.details?.why ?? '')}; ${why}`, inherits: null, ...(tags.length > 0 ? { tags: tags.join(',') } : {}) } as AuthFact['details'] };
  };

  const resolveRef = (raw: MwRef): MwRef => {
    const ref = withLists(raw);
    if (ref.role !== undefined) return ref;
    let def: AuthFact | undefined;
    // `auth({ optional: true })` taken for a possible router factory (`default()`): the guard is the factory's.
    const imported = ref.module && ref.from && ref.export ? { module: ref.module, from: ref.from, export: ref.export.replace(/\(\)$/, '') } : undefined;
    if (ref.wrapped && imported) {
      // The wrapped middleware where the wrapper's call stood (its mount scope kept).
      const scope: Partial<MwRef> = { name: ref.name, ...(ref.under !== undefined ? { under: ref.under } : {}), ...(ref.only !== undefined ? { only: ref.only } : {}), ...(ref.line !== undefined ? { line: ref.line } : {}), ...(ref.appWide ? { appWide: true } : {}) };
      if (importedExport(imported, (k) => (wrappers.has(k) ? true : undefined))) return resolveRef({ ...ref.wrapped, ...scope });
      // `this.auth.ifAuthNeeded(guard)`: the guard runs except on the requests the wrapper lets through.
      const skip = importedExport(imported, (k) => skipWrappers.get(k));
      if (skip) {
        const inner = resolveRef({ ...ref.wrapped, ...scope });
        return { ...inner, unless: [...(inner.unless ?? []), ...skip] };
      }
      // A guard handed to a wrapper whose effect was not read: the wrapper may or may not run it.
      const outer = resolveRef({ ...ref, wrapped: undefined });
      if (outer.role !== undefined && outer.role !== 'other') return outer;
      const inner = resolveRef(ref.wrapped);
      return /^auth-(user|admin|role)$/.test(effectiveRole(inner) ?? '') ? { ...outer, role: 'auth-unknown', why: `${ref.name} wraps ${inner.name}` } : outer;
    }
    if (imported) def = importedExport(imported, (k) => guardsByExport.get(k));
    if (!def && ref.byName) def = guardsByName.get(ref.byName);
    if (!def && !ref.module) def = guardsByName.get(ref.name.replace(/\(.*$/, ''));
    // `app.middleware.permissionHandler`, where the app keeps a registry of middleware built one per
    // module (`{ permissionHandler: require('./permissionHandler')(app) }`): the one module of the
    // project of that name whose default export is a guard.
    if (!def && !ref.module && /^[\w$]+(\.[\w$]+)+$/.test(ref.name)) def = guardsByModuleName.get(ref.name.slice(ref.name.lastIndexOf('.') + 1)) ?? undefined;
    if (def && typeof def.details?.calls === 'string') def = delegatedTo(def, def.details.calls);
    if (def && typeof def.details?.chain === 'string') def = chainedTo(def, def.details.chain);
    if (def && typeof def.details?.inherits === 'string') def = inheritedFrom(def);
    // A call whose result is dropped guards only if the helper throws on refusal.
    if (ref.throwsOnly && def?.details?.throws !== true) return { ...ref, role: 'other' };
    // An async gate called without `await`: its rejection does not stop the handler.
    if (ref.unawaited && def?.details?.sync !== true) return { ...ref, role: 'other' };
    if (def) {
      const level = String(def.details?.level ?? 'user');
      // An owner-or-role guard keeps the path parameters it compares.
      // A predicate on the caller's rights to its arguments (js/nextjs-helpers): the path parameters passed.
      const owner = typeof def.details?.ownerParams === 'string' ? def.details.ownerParams.split(',').filter(Boolean) : def.details?.objectArgs === true && ref.argParams?.length ? ref.argParams : undefined;
      // An auth-by-default helper called with its opt-out flag (`parseRequest(req, s, { skipAuth: true })`) checks nothing.
      if (typeof def.details?.optOut === 'string' && ref.optOut?.includes(def.details.optOut)) return { ...ref, role: 'other', optedOut: true, why: `${ref.name}({ ${def.details.optOut}: true })` };
      // An option-driven factory (`auth({ optional: true })`): the use site's options decide.
      if (typeof def.details?.options === 'string') {
        // Its helper lives in another module: a guard there (or nothing known) decides.
        const delegate = typeof def.details.delegate === 'string' ? def.details.delegate.split('#') : undefined;
        const judged = delegate ? importedExport({ module: delegate[0], from: def.evidence.file, export: delegate[1] }, (k) => guardsByExport.get(k)) : undefined;
        if (delegate && (!judged || judged.details?.level === 'unknown' || judged.details?.level === 'optional')) return { ...ref, role: 'auth-unknown' };
        const { role, note } = optionsRole(def.details.options, ref.args);
        return { ...ref, role, mechanism: def.mechanism, why: `${ref.name}: ${def.name ?? 'guard'} in ${def.evidence.file}${note ? ` (${note})` : ''}` };
      }
      // A guard by what it hands on (a socket passed to a Hocuspocus server): one of the modules it names decides.
      if (typeof def.details?.via === 'string') {
        const judged = def.details.via
          .split(',')
          .map((v) => v.split('#'))
          .map(([module, exp]) => (module && exp ? importedExport({ module, from: def!.evidence.file, export: exp }, (k) => guardsByExport.get(k)) : undefined))
          .find((d) => d !== undefined);
        if (!judged) return { ...ref, role: 'other' };
        return { ...ref, role: 'auth-user', mechanism: judged.mechanism, why: `${ref.name}: ${String(def.details.why ?? def.name)}; ${String(judged.details?.why ?? judged.name)} in ${judged.evidence.file}` };
      }
      return withLists({
        ...ref,
        ...guardBypass(def),
        ...(owner ? { ownerParams: owner } : {}),
        ...(typeof def.details?.tags === 'string' ? { tags: [...(ref.tags ?? []), ...def.details.tags.split(',')] } : {}),
        ...(typeof def.details?.routeConfig === 'string' ? { routeConfig: def.details.routeConfig } : {}),
        // `capability`: a mailed link's token or a token for the path's record (guards.ts, its tag
        // says so), whoever holds it passes, nobody's identity; `none`: no check.
        role: level === 'admin' ? 'auth-admin' : level === 'role' ? 'auth-role' : level === 'optional' ? 'auth-optional' : level === 'unknown' ? 'auth-unknown' : level === 'deny' ? 'auth-deny' : level === 'capability' || level === 'none' ? 'other' : 'auth-user',
        mechanism: def.mechanism,
        why: `${ref.name}: ${def.name ?? 'guard'} in ${def.evidence.file}${owner ? ` (${ownerNote(owner)})` : ''}${bypassNote(def)}`,
      });
    }
    if (rateLimitLikeName(ref.name)) {
      // `rateLimit()` that returns `next()` unless ENABLE_RATE_LIMIT is set: no limit by default.
      const when = imported ? importedExport(imported, (k) => noOps.get(k)) : undefined;
      return when !== undefined ? { ...ref, role: 'other', tags: [...(ref.tags ?? []), 'rate-limit-switched'], why: `${ref.name}: a no-op when ${when}` } : { ...ref, role: 'rate-limit' };
    }
    // `verifyCSRFToken()` is no guard (a cookie-token check judged by body says so too).
    if (/csrf|xsrf/i.test(ref.name)) return { ...ref, role: /attach|generate|issue|create|set[A-Z_]/.test(ref.name) ? 'other' : 'csrf' };
    // Its body was seen and judged not to be a guard: auth-like names count only if it can reject.
    const seen = imported ? importedExport(imported, (k) => handlers.get(k)) : undefined;
    if (seen?.bootstrapGate) return { ...ref, role: 'other', tags: [...(ref.tags ?? []), 'bootstrap-once'], why: `${ref.name}: refuses once the application is set up` };
    if (seen) return { ...ref, role: authLikeName(ref.name) && seen.rejects ? 'auth-unknown' : 'other' };
    if (authLikeName(ref.name)) return { ...ref, role: 'auth-unknown' };
    return { ...ref, role: 'other' };
  };

  const out: Fact[] = [];
  const routes: LinkedRoute[] = [];
  const accessByHandler = new Map<string, ConfigFact[]>();
  const routeAccess: ConfigFact[] = [];
  for (const f of facts) {
    if (f.kind === 'config' && ATTACHED.has(f.setting)) {
      const h = f.values.handler;
      if (typeof h === 'string') {
        let list = accessByHandler.get(h);
        if (!list) accessByHandler.set(h, (list = []));
        list.push(f);
      } else routeAccess.push(f);
    }
  }

  const accessByRoute = new Map<string, ConfigFact[]>();
  for (const a of routeAccess) {
    const k = `${a.values.routeFile}:${a.values.routeLine}`;
    let list = accessByRoute.get(k);
    if (!list) accessByRoute.set(k, (list = []));
    list.push(a);
  }

  for (const f of facts) {
    if (f.kind === 'config' && (INTERNAL_SETTINGS.has(f.setting) || ATTACHED.has(f.setting))) continue;
    if (f.kind === 'config' && f.setting === LAYOUT_GATE && f.values.level === 'gate') {
      out.push(judgeLayoutGates(f, resolveRef));
      continue;
    }
    if (f.kind !== 'entrypoint') {
      out.push(f);
      continue;
    }
    const meta = metas.get(f);
    if (!meta) {
      out.push(f);
      continue;
    }
    // A re-exporting route file whose module's handler is mounted at its path: that route stands.
    if (meta.standsFor && receiverIds.has(refId(meta.standsFor) ?? '')) continue;
    const recvKindTag = f.tags?.find((t) => t.startsWith('~recv-kind:'));
    const recvKind = recvKindTag?.slice('~recv-kind:'.length) ?? 'app';
    const recv = refId(meta.recv);
    const ctxs = recv ? contexts(recv, new Set()) : [];
    const unresolved = ctxs.length === 0 && recvKind !== 'app' && !/^param:(app|application|server|fastify|instance|api)$/.test(recvKind);
    // Socket events of a function given a socket: only where a server's connection hands it one
    // (a client's or an event bus's listeners are not entry points).
    if (f.protocol === 'websocket' && unresolved) continue;
    // A parameter taken for an app only by what is registered on it: where a caller hands it one.
    if (unresolved && f.tags?.includes('~recv-loose')) continue;
    if (unresolved && recv && unusedRouters.has(recv)) continue;
    // `router.get(ApiUrls.whoami, h)`: the path the imported route table gives the member.
    if (meta.pathRef && meta.local !== undefined) {
      const value = routeTablePath(meta.pathRef);
      const at = meta.local.lastIndexOf(meta.pathRef.text);
      if (value !== undefined && at >= 0) meta.local = joinPath(meta.local.slice(0, at), value);
      // A receiver taken for a router only by this call's shape: without the path, no route.
      else if (recvKind === 'guess' || f.tags?.includes('~recv-loose')) continue;
    }
    const bases = ctxs.length > 0 ? ctxs : [{ prefix: '', chain: [] }];

    // Handler summary from another file.
    let inline = meta.inline;
    let handlerTags = meta.handlerTags ?? [];
    let handler = f.handler;
    let handlerKey: string | undefined;
    let handlerAnswers: boolean | undefined;
    let guardCalls = meta.guardCalls;
    if (meta.handler?.module && meta.handler.from && meta.handler.export) {
      handlerKey = `${resolver.resolve(meta.handler.from, meta.handler.module)}#${meta.handler.export}`;
      const h = importedExport({ module: meta.handler.module, from: meta.handler.from, export: meta.handler.export }, (k) => handlers.get(k), meta.handler.path);
      if (h) {
        handlerKey = `${fileNoExt(h.file)}#${h.exports[0]}`;
        inline ??= h.inline;
        guardCalls ??= h.guardCalls;
        handlerTags = [...new Set([...handlerTags, ...h.tags])];
        handler = { file: h.file, line: h.line, name: meta.handler.name ?? h.name };
        handlerAnswers = h.answers;
      }
      // `app.use('/x', importedHandler)`: an endpoint only when that handler answers requests.
      if (f.tags?.includes('~use-endpoint') && !h?.answers) continue;
      // `app.use(mockServer)`: only one that serves a path prefix itself, under that prefix.
      if (f.tags?.includes('~prefix-dispatch')) {
        if (!h?.dispatch) continue;
        meta.local = joinPath(meta.local ?? '/', `${h.dispatch}*`);
      }
    } else if (f.tags?.includes('~use-endpoint')) continue;

    // Guards the handler calls itself: one that stops it decides like an inline check.
    const judged = judgeGuardCalls(guardCalls, (g) => (g.ref ? importedExport(g.ref, (k) => guardsByExport.get(k)) : undefined));
    inline ??= judged.inline;
    if (judged.continues.length > 0 && !handlerTags.includes('guard-does-not-halt')) handlerTags = [...handlerTags, 'guard-does-not-halt'];

    const root = rootOf(f.evidence.file);
    const prefixes = globalPrefixes.filter((p) => p.framework === f.framework && rootOf(p.file) === root);
    const baseTags = (f.tags ?? []).filter((t) => !t.startsWith('~'));
    const extraTags = baseTags.filter((t) => !ROUTE_TAGS.has(t));
    if (unresolved) extraTags.push('mount-unresolved');

    for (const base of bases) {
      // GraphQL fields and socket events are names, not paths, unless mounted under one.
      const http = f.protocol === 'http';
      let path = meta.local !== undefined ? (http || base.prefix ? joinPath(base.prefix, meta.local) : meta.local) : f.path;
      // A socket event of a handler module (`#event`) under the namespace that connected it.
      if (f.protocol === 'websocket' && meta.local?.startsWith('#')) path = `${base.prefix || '/'}${meta.local}`;
      if (http) for (const p of prefixes) if (path !== undefined) path = joinPath(p.prefix, path);
      const globals = meta.public
        ? []
        : globalGuards
            .filter((g) => g.framework === f.framework && rootOf(g.file) === root && guardApplies(g, f.method, path ?? '/', joinPath(base.prefix, meta.local ?? path ?? '/'), handler?.name?.split('.')[0]))
            .map((g) => (meta.skipGlobals?.includes(g.guard.byName ?? g.guard.name) ? { ...g.guard, role: 'other' as const, optedOut: true, why: `${g.guard.name} returns true for this route's metadata` } : g.guard));
      // Path-scoped middleware (`app.use('/v1/auth', limiter)`) runs only for routes under its path.
      const owned = ownerGuards([...globals, ...base.chain, ...absolutize(meta.mw.filter(isMiddleware), base.prefix)].filter((r) => appliesTo(r, path)).map((r) => byRouteConfig(resolveRef(r), meta.routeConfig)), path);
      const chain = owned.chain;
      let decision = decideAuth(chain, inline, path, f.method);
      // Only a POST (searches and reports are POSTed): DELETE, PUT and PATCH name a write by their verb.
      // A request validator (`validateBody(schema)`) checks and changes nothing: with only those the
      // route is like one without middleware, where the handler body decides for every verb.
      const isGuard = (r: MwRef): boolean => /^auth-(user|admin|role)$/.test(effectiveRole(resolveRef(r)) ?? '');
      const own = meta.ownMiddleware === true && meta.mw.length > 0;
      const guardsOnly = own && (meta.mw.every(requestValidator) || (f.method === 'POST' && meta.mw.every((r) => isGuard(r) || requestValidator(r))));
      const tags = stateTags(routeTags(f.method, path, chain, handler?.name, [...extraTags, ...handlerTags]), meta, f.method, guardsOnly);
      // A login handler's own refusals (a blocked or unknown account, a wrong password) concern the
      // account it signs in, which a middleware may have looked up by the posted e-mail: no guard.
      if (inline && tags.includes('login') && decision.auth !== 'none') {
        const guarded = decideAuth(chain, undefined, path, f.method);
        if (guarded.auth === 'none') decision = { auth: 'none', evidence: [`${inline.why} (the account being signed in)`] };
      }
      if (base.devOnly && !tags.includes('dev-only')) tags.splice(tags.findIndex((t) => t > 'dev-only') >>> 0, 0, 'dev-only');
      // Opted out of the global guards on purpose (`@Public()`, hapi `auth: false`): public by
      // declaration, which rules weigh differently from a route someone forgot to guard.
      if ((meta.public || chain.some((r) => r.optedOut)) && !tags.includes('declared-public')) tags.push('declared-public');
      const linked: EntrypointFact = {
        ...f,
        path,
        middleware: chain.filter((r) => !r.terminal).map((r) => r.name),
        auth: decision.auth,
        authEvidence: decision.evidence,
        tags,
        key: `${f.evidence.file}#entrypoint:${f.protocol} ${f.method ?? ''} ${path ?? ''}`,
      };
      if (handler) linked.handler = handler;
      out.push(linked);
      routes.push({ fact: linked, chain, answers: meta.answers ?? handlerAnswers, generatedAt: meta.generatedAt });
      for (const { call, guard } of judged.continues) {
        const values = { site: 'guard-continues', guard: call.name, guardFile: guard.evidence.file, guardLine: guard.evidence.line, after: call.after, routeFile: f.evidence.file, routeLine: f.evidence.line, routeMethod: f.method ?? '', routePath: path ?? '' };
        out.push({ kind: 'config', extractor: f.extractor, setting: 'handler-site', values, evidence: call.evidence, key: `${call.evidence.file}#handler-site:${call.evidence.line}:guard-continues` });
      }
      if (owned.params && onOwned) onOwned(f.evidence.file, f.evidence.line, owned.params);
      const attached = [...(handlerKey ? (accessByHandler.get(handlerKey) ?? []) : []), ...(accessByRoute.get(`${f.evidence.file}:${f.evidence.line}`) ?? [])];
      for (const a of attached) {
        // Selected by a path parameter an owner-or-role guard compared with the caller: checked.
        if (owned.params && ownerKeyed(String(a.values.idSource ?? ''), owned.params)) continue;
        out.push({ ...a, values: { ...withoutHandler(a.values), routeFile: f.evidence.file, routeLine: f.evidence.line, routeMethod: f.method ?? '', routePath: path ?? '' } });
      }
    }
  }
  return dedupe(mergeGenerated(out, routes));
}

/** A switch that turns the guard off (`unless disableAuth`, see libraryGuardInvoked), for authEvidence. */
function bypassNote(def: AuthFact): string {
  const unless = /\bunless (.+)$/.exec(String(def.details?.why ?? ''))?.[1];
  return unless ? ` (off when ${unless})` : '';
}

/** `:userId`, `{userId}`, `[userId]`: the parameter names of a route path. */
function pathParams(path: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const seg of (path ?? '').split('/')) {
    const m = /^:(\w+)\??$|^\{(\w+)\}$|^\[(?:\.\.\.)?(\w+)\]$/.exec(seg);
    if (m) out.add(m[1] ?? m[2] ?? m[3]);
  }
  return out;
}

/**
 * Owner-or-role guards (`if (!hasRights && req.params.userId !== user.id) reject(403)`) admit the
 * owner of the record their path parameter names. On a route with that parameter they require a
 * user, and the caller's own record is all it reaches (`params`: those parameters, empty when the
 * guard compared a record field instead). On a route without it nobody is the owner, so the role
 * check alone decides: a role given at the use site (`auth('getUsers')`) or else an admin check.
 */
function ownerGuards(chain: MwRef[], path: string | undefined): { chain: MwRef[]; params?: string[] } {
  const have = pathParams(path);
  let params: string[] | undefined;
  const out = chain.map((ref) => {
    const owner = ref.role === 'auth-user' ? ref.ownerParams : undefined;
    if (!owner) return ref;
    const matched = owner.filter((p) => have.has(p));
    if (owner.length > 0 && matched.length === 0) return { ...ref, role: ref.args !== undefined ? ('auth-role' as const) : ('auth-admin' as const) };
    params = [...(params ?? []), ...matched];
    return ref;
  });
  return { chain: out, params };
}

/** Is a record selected by one of these path parameters (all path parameters when none are named)? */
export function ownerKeyed(idSource: string, params: readonly string[]): boolean {
  const param = pathParamOf(idSource);
  if (param !== undefined) return params.length === 0 || params.includes(param);
  // Next.js Pages Router: a dynamic segment (`[projectId].ts`) reaches the handler as `req.query.projectId`;
  // counted only when the guard named that path parameter.
  const query = /^(?:req|request)\.query\.(\w+)$/.exec(idSource)?.[1];
  return query !== undefined && params.includes(query);
}


interface LinkedRoute {
  fact: EntrypointFact;
  chain: MwRef[];
  /** The handler answers requests itself (undefined: not known). */
  answers?: boolean;
  generatedAt?: number;
}

/**
 * Generated CRUD routes (finale) run after whatever the app registered earlier for the same method
 * and path. A guard-only registration (`app.get('/api/Users', isAuthorized())`) and the generated
 * route are one endpoint: its line is the first registration and its chain has both. A handler
 * that answers (`app.get('/api/Items/:id', getItem())`) shadows the generated route.
 */
function mergeGenerated(out: Fact[], routes: LinkedRoute[]): Fact[] {
  const generated = routes.filter((r) => r.fact.framework === 'finale' && r.fact.tags?.includes('crud-generated'));
  if (generated.length === 0) return out;
  const drop = new Set<Fact>();
  const replace = new Map<Fact, Fact>();
  for (const g of generated) {
    const explicit = routes
      .filter((r) => r !== g && !r.fact.tags?.includes('crud-generated') && r.fact.evidence.file === g.fact.evidence.file && r.fact.method === g.fact.method && r.fact.path === g.fact.path && r.fact.evidence.line < (g.generatedAt ?? g.fact.evidence.line))
      .sort((a, b) => a.fact.evidence.line - b.fact.evidence.line);
    if (explicit.length === 0) continue;
    if (explicit.some((e) => e.answers === true)) {
      drop.add(g.fact);
      continue;
    }
    const chain: MwRef[] = [];
    const seen = new Set<string>();
    for (const r of [...explicit.flatMap((e) => e.chain), ...g.chain]) {
      const k = `${r.name}|${r.under ?? ''}|${r.role ?? ''}`;
      if (!seen.has(k)) chain.push(r);
      seen.add(k);
    }
    const decision = decideAuth(chain, undefined, g.fact.path, g.fact.method);
    // The first registration of this method and path, whichever came first.
    const first = explicit[0].fact.evidence.line < g.fact.evidence.line ? explicit[0].fact : g.fact;
    const tags = routeTags(g.fact.method, g.fact.path, chain, undefined, (g.fact.tags ?? []).filter((t) => !ROUTE_TAGS.has(t)));
    replace.set(g.fact, { ...g.fact, evidence: first.evidence, middleware: chain.filter((r) => !r.terminal).map((r) => r.name), auth: decision.auth, authEvidence: decision.evidence, tags });
    for (const e of explicit) drop.add(e.fact);
  }
  return out.filter((f) => !drop.has(f)).map((f) => replace.get(f) ?? f);
}

/** Tags routeTags computes itself from method, path and chain. */
/** Strictness of guard levels, to join a guard class with the parent it extends. */
const INHERIT_RANK: Record<string, number> = { none: 0, optional: 0, capability: 0, unknown: 1, user: 2, role: 3, admin: 4, deny: 5 };

const ROUTE_TAGS = new Set(['state-changing', 'login', 'password-reset', 'otp', 'signup', 'upload', 'admin-path', 'debug', 'id-param', 'rate-limited', 'csrf-protected', 'cookie-auth', 'deny-all', 'optional-auth', 'auth-conditional']);

function withoutHandler(values: ConfigFact['values']): ConfigFact['values'] {
  const { handler: _handler, ...rest } = values;
  return rest;
}

/** The same route reached twice (a router mounted twice at one path) keeps its first fact. */
function dedupe(facts: Fact[]): Fact[] {
  const seen = new Set<string>();
  return facts.filter((f) => {
    if (f.kind !== 'entrypoint' && !(f.kind === 'config' && ATTACHED.has(f.setting))) return true;
    const k = `${f.kind}|${f.key}|${f.evidence.file}|${f.evidence.line}|${f.kind === 'config' ? f.values.routePath : ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** `validateBody(schema)`, `celebrate({...})`, `users.buildSaveValidation()`: a request validator by name or by its options. */
function requestValidator(ref: MwRef): boolean {
  if (ref.why === 'request validation') return true;
  const last = ref.name.replace(/\(.*$/s, '').split('.').pop() ?? '';
  return /^(validate(Body|Query|Params|Request|Input|Schema)?|\w*Validat(or|ion)|celebrate|zValidator|joiValidator)$/i.test(last);
}
