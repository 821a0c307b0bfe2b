// Whole-repository step of the tRPC extractor: joins the per-file records (scan.ts) into one entry
// point per procedure. Routers are walked from the adapters that serve them (their endpoint is the
// mount, `/trpc` when none is known) through nested routers and plain objects to procedures; a
// procedure's auth is the middleware of its builder chain (`adminProcedure = authedProcedure.use(
// isAdmin)`, across files and packages) plus its own `.use()` and any check its resolver makes
// first. trpc-to-openapi metadata adds the REST route the same procedure answers.
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { decideAuth, joinPath, rateLimitLikeName, routeTags, type MwRef } from '../_lib/routes.js';
import { exportLocator, readFileRecords } from '../_lib/workspace-modules.js';
import type { Verdict } from '../_lib/early-guards.js';
import type { BuilderRecord, Entry, MwUse, OpenApi, ProcRecord, Ref, TrpcFileRecord } from './scan.js';

export const TRPC_SETTING = 'js-trpc-file';
const EXTRACTOR = 'js/trpc';
const DEFAULT_MOUNT = '/trpc';
const MAX_HOPS = 8;
const MAX_DEPTH = 12;

interface Located {
  file: string;
  name: string;
}

const ROLE: Record<Verdict['level'], MwRef['role']> = { none: 'other', optional: 'auth-optional', unknown: 'auth-unknown', user: 'auth-user', admin: 'auth-admin' };

export function linkTrpc(facts: Fact[]): Fact[] {
  if (!facts.some((f) => f.kind === 'config' && f.setting === TRPC_SETTING)) return facts;
  const { records, rest, resolver } = readFileRecords<TrpcFileRecord>(facts, TRPC_SETTING);

  /** What a ref denotes: the file (no extension) and local name, following re-exports. */
  const locate = exportLocator(records, resolver, MAX_HOPS);

  /** Middleware that also admits a validated capability (a share link): its kind, tagged on the route. */
  const altCapability = new Map<MwRef, string>();
  const mwRefs = (from: string, uses: readonly MwUse[], args?: string): MwRef[] =>
    uses.map((u) => {
      let v = u.verdict;
      if (!v && u.ref) {
        const at = locate(from, u.ref);
        v = at ? records.get(at.file)?.middlewares[at.name] : undefined;
      }
      const level = v?.level ?? 'unknown';
      // `.use(createRateLimitMiddleware({...}))`: a limiter factory, not an unseen auth check.
      if ((level === 'unknown' || level === 'none') && rateLimitLikeName(u.name)) return { name: u.name, role: 'rate-limit', why: u.name };
      const ref: MwRef = { name: u.name, role: ROLE[level], why: v?.why ? `${u.name}: ${v.why}` : u.name };
      if (v?.altCapability) altCapability.set(ref, v.altCapability);
      // Open until the installation is set up: a first-run step, not a forgotten guard.
      if (v?.bootstrap) ref.tags = ['bootstrap-once'];
      // `requiresPermission('admin')`: the factory's check tests what it was handed, so the arguments
      // decide the level (an administrator permission is admin, a feature permission stays user).
      if (u.byArgs && args) {
        ref.args = args;
        ref.why = `${ref.why ?? u.name} (${args})`;
      }
      return ref;
    });

  /** The middleware a builder runs, base first; `unresolved` when a base could not be seen. */
  const builderChain = (from: string, base: Ref | undefined, baseName: string, depth = 0, args?: string): MwRef[] => {
    if (!base) return [];
    const at = depth < MAX_DEPTH ? locate(from, base) : undefined;
    const b: BuilderRecord | undefined = at ? records.get(at.file)?.builders[at.name] : undefined;
    if (!at || !b) {
      // A builder we cannot see: its name is all there is (`publicProcedure` is public by name).
      if (/^(public|base|open|anon\w*)?procedure$/i.test(baseName)) return [];
      return [{ name: baseName, role: /admin/i.test(baseName) ? 'auth-unknown' : /protected|authed|authenticated|private|user|session|logged/i.test(baseName) ? 'auth-unknown' : 'other' }];
    }
    return [...builderChain(at.file, b.base, b.baseName, depth + 1, b.baseArgs), ...mwRefs(at.file, b.mw, args)];
  };

  const metaOf = (from: string, p: ProcRecord): OpenApi | undefined => {
    if (!p.meta) return undefined;
    if ('method' in p.meta) return p.meta;
    const at = locate(from, p.meta.ref);
    return at ? records.get(at.file)?.metas[at.name] : undefined;
  };

  // Adapters: where each router is served.
  const mounts = new Map<string, Set<string>>();
  const openapiMounts = new Map<string, Set<string>>();
  let anyOpenApi = false;
  for (const [fne, rec] of records) {
    for (const a of rec.adapters) {
      const at = locate(fne, a.router);
      if (!at || !records.get(at.file)?.routers[at.name]) continue;
      const key = `${at.file}#${at.name}`;
      const map = a.openapi ? openapiMounts : mounts;
      if (a.openapi) anyOpenApi = true;
      let set = map.get(key);
      if (!set) map.set(key, (set = new Set()));
      if (a.endpoint !== undefined) set.add(a.endpoint);
    }
  }

  // Routers some other router includes are not roots.
  const included = new Set<string>();
  const markIncluded = (fne: string, entries: readonly Entry[]) => {
    for (const e of entries) {
      if (e.router) markIncluded(fne, e.router);
      const at = e.ref ? locate(fne, e.ref) : undefined;
      if (at) included.add(`${at.file}#${at.name}`);
    }
  };
  for (const [fne, rec] of records) {
    for (const r of Object.values(rec.routers)) {
      markIncluded(fne, r.entries);
      for (const m of r.merge) {
        const at = locate(fne, m);
        if (at) included.add(`${at.file}#${at.name}`);
      }
    }
  }

  const out: Fact[] = [];
  const emitted = new Set<string>();
  const emit = (fne: string, p: ProcRecord, dotted: string, prefixes: readonly string[], openapi: readonly string[]) => {
    const file = records.get(fne)?.file ?? fne;
    const chain = [...builderChain(fne, p.base, p.baseName, 0, p.baseArgs), ...mwRefs(fne, p.mw)];
    const inline = p.inline && p.inline.level !== 'none' && p.inline.level !== 'optional' ? { level: p.inline.level, why: `resolver: ${p.inline.why}` } : undefined;
    const extra = [...(p.inline?.capability ? ['capability-token'] : []), ...(p.inline?.login ? ['login'] : []), ...(p.webhook ? [p.webhook] : []), ...chain.flatMap((r) => (altCapability.has(r) ? [`alt-capability:${altCapability.get(r)}`] : []))];
    const decision = decideAuth(chain, inline);
    const last = dotted.split('.').pop() ?? dotted;
    const routes: { method: string; path: string; tags: string[] }[] = [];
    const method = p.type === 'mutation' ? 'POST' : 'GET';
    for (const prefix of prefixes) routes.push({ method, path: joinPath(prefix, dotted), tags: ['trpc-procedure', `trpc-${p.type}`, ...extra] });
    const meta = metaOf(fne, p);
    if (meta) for (const prefix of openapi) routes.push({ method: meta.method, path: joinPath(prefix, meta.path), tags: ['trpc-procedure', 'openapi', ...extra] });
    for (const r of routes) {
      const key = `${file}#entrypoint:http ${r.method} ${r.path}`;
      if (emitted.has(key)) continue;
      emitted.add(key);
      const fact: EntrypointFact = {
        kind: 'entrypoint',
        extractor: EXTRACTOR,
        protocol: 'http',
        framework: 'trpc',
        method: r.method,
        path: r.path,
        handler: { file, line: p.handlerLine, name: dotted },
        middleware: chain.filter((m) => m.role !== 'other' || !m.name.startsWith('<')).map((m) => m.name),
        auth: decision.auth,
        authEvidence: decision.evidence,
        tags: routeTags(r.method, r.path, chain, last, r.tags),
        evidence: { file, line: p.line, snippet: p.snippet },
        key,
      };
      out.push(fact);
    }
  };

  const walk = (fne: string, entries: readonly Entry[], names: readonly string[], prefixes: readonly string[], openapi: readonly string[], seen: Set<string>, depth: number) => {
    if (depth > MAX_DEPTH) return;
    for (const e of entries) {
      const dotted = [...names, e.key];
      if (e.proc) emit(fne, e.proc, dotted.join('.'), prefixes, openapi);
      else if (e.router) walk(fne, e.router, dotted, prefixes, openapi, seen, depth + 1);
      else if (e.ref) {
        const at = locate(fne, e.ref);
        const rec = at ? records.get(at.file) : undefined;
        if (!at || !rec) continue;
        const proc = rec.procedures[at.name];
        if (proc) emit(at.file, proc, dotted.join('.'), prefixes, openapi);
        else if (rec.routers[at.name]) walkRouter(at, dotted, prefixes, openapi, seen, depth + 1);
      }
    }
  };
  const walkRouter = (at: Located, names: readonly string[], prefixes: readonly string[], openapi: readonly string[], seen: Set<string>, depth: number) => {
    const key = `${at.file}#${at.name}`;
    const r = records.get(at.file)?.routers[at.name];
    if (!r || seen.has(key)) return;
    const next = new Set(seen).add(key);
    walk(at.file, r.entries, names, prefixes, openapi, next, depth);
    for (const m of r.merge) {
      const child = locate(at.file, m);
      if (child) walkRouter(child, names, prefixes, openapi, next, depth + 1);
    }
  };

  const served = new Set([...mounts.keys(), ...openapiMounts.keys()]);
  const knownEndpoints = new Set([...mounts.values()].flatMap((s) => [...s]));
  const fallback = knownEndpoints.size === 1 ? [...knownEndpoints][0] : DEFAULT_MOUNT;
  const list = (s: Set<string> | undefined, dflt: string[]): string[] => (s && s.size > 0 ? [...s].sort() : dflt);
  for (const key of [...served].sort()) {
    const [file, name] = [key.slice(0, key.indexOf('#')), key.slice(key.indexOf('#') + 1)];
    const trpc = mounts.has(key) ? list(mounts.get(key), [DEFAULT_MOUNT]) : [];
    const openapi = openapiMounts.has(key) ? list(openapiMounts.get(key), ['']) : [];
    // Served only through an OpenAPI adapter: its procedures answer at their `meta.openapi` paths,
    // not at tRPC's dotted ones (another router that includes them serves those).
    walkRouter({ file, name }, [], trpc.length > 0 || openapi.length > 0 ? trpc : [fallback], openapi, new Set(), 0);
  }
  // Routers no adapter we saw serves and no other router includes: served at the usual mount,
  // unless a tRPC adapter was read and serves another router; a router beside it that none serves
  // is called in-process (`mcpRouter.createCaller(ctx)`, tests, scripts), no HTTP door.
  for (const [fne, rec] of [...records].sort(([a], [b]) => a.localeCompare(b))) {
    for (const name of Object.keys(rec.routers).sort()) {
      const key = `${fne}#${name}`;
      if (served.has(key) || included.has(key) || mounts.size > 0) continue;
      walkRouter({ file: fne, name }, [], [fallback], anyOpenApi ? [''] : [], new Set(), 0);
    }
  }
  return [...rest, ...out];
}
