// Whole-repository step of the ConnectRPC extractor: joins the per-file records (scan.ts) into one
// entry point per service method, `POST <prefix>/<package.Service>/<Method>` (Connect's HTTP
// mapping), handled by the implementation's method. A router's prefix comes from the adapter
// that serves it (`requestPathPrefix`, fastify `prefix`, `app.use('/rpc', ...)`) or from another
// framework's route that dispatches its `handlers` (that catch-all route is then replaced by the
// methods it serves). Auth is the interceptors' verdict: a check that throws `ConnectError(...,
// Code.Unauthenticated | Code.PermissionDenied)` guards every method but those an early `return
// next(req)` lets through by service or method name.
import type { AuthLevel, EntrypointFact, Fact } from '../../../model/types.js';
import { authLikeName, joinPath, routeTags } from '../_lib/routes.js';
import { exportLocator, readFileRecords } from '../_lib/workspace-modules.js';
import { protoName, type ConnectFileRecord, type DescMethod, type DescRecord, type GuardRecord, type ImplMethod, type InterceptorUse, type Ref } from './scan.js';

export const CONNECT_SETTING = 'js-connectrpc-file';
const EXTRACTOR = 'js/rpc-connect';
const MAX_HOPS = 8;
/** Method names of reads: `GetOrder`, `ListUsers`, `CheckHealth`, `Ping`. */
const READ_NAME = /^(?:Get|List|Check|Search|Find|Describe|Read|Count|Fetch|Watch|Lookup|Query|Ping|Health|Status|Show|View|Preview)(?:[A-Z0-9_]|$)/;

interface Located {
  file: string;
  name: string;
}

interface Serving {
  prefix: string;
  interceptors: { from: string; uses: InterceptorUse[] }[];
  /** `<file>#<path>` of another framework's route that dispatches to the router. */
  replaces?: { file: string; path: string };
}

export function linkConnect(facts: Fact[]): Fact[] {
  if (!facts.some((f) => f.kind === 'config' && f.setting === CONNECT_SETTING)) return facts;
  const { records, rest, resolver } = readFileRecords<ConnectFileRecord>(facts, CONNECT_SETTING);
  // Descriptors and barrels alone (a gRPC repository, a NestJS `export * from './x.service'`) serve nothing.
  if (![...records.values()].some((r) => Object.keys(r.routers).length > 0)) return rest;

  /** What a ref denotes: the file (no extension) and local name, following re-exports. */
  const locate = exportLocator(records, resolver, MAX_HOPS);

  // Descriptors by short name, for services whose import we cannot follow (generated code not
  // committed, only the `.proto`): used when the name is unique.
  const byShortName = new Map<string, { file: string; desc: DescRecord }[]>();
  for (const rec of records.values()) for (const [name, desc] of Object.entries(rec.descs)) byShortName.set(name, [...(byShortName.get(name) ?? []), { file: rec.file, desc }]);
  const descOf = (from: string, ref: Ref, shortName: string): DescRecord | undefined => {
    const at = locate(from, ref);
    const d = at ? records.get(at.file)?.descs[at.name] : undefined;
    if (d) return d;
    // Narrowed while ambiguous: files under the folder the import names (`@acme/proto/billing/v1`
    // → `.../billing/v1/`), then generated code over `.proto` files (another language's copy).
    let same = byShortName.get(shortName) ?? [];
    const tail = 'module' in ref ? ref.module.split('/').filter((s) => s && !s.startsWith('@') && !s.startsWith('.')).slice(-2).join('/') : '';
    const narrow = (keep: (c: { file: string; desc: DescRecord }) => boolean) => {
      if (new Set(same.map((c) => c.desc.typeName)).size <= 1) return;
      const kept = same.filter(keep);
      if (kept.length > 0) same = kept;
    };
    if (tail.includes('/')) narrow((c) => c.file.includes(`/${tail}/`));
    // The proto package that shares most names with the import (`@acme/proto/billing/v1` →
    // `acme.billing.v1` over `billing.v1`): generated packages are named after it.
    if ('module' in ref) {
      const words = new Set(ref.module.split(/[@/]/).filter(Boolean));
      const score = (c: { desc: DescRecord }) => c.desc.typeName.split('.').slice(0, -1).filter((w) => words.has(w)).length;
      const best = Math.max(0, ...same.map(score));
      narrow((c) => score(c) === best);
    }
    narrow((c) => !c.desc.proto);
    return new Set(same.map((c) => c.desc.typeName)).size === 1 ? same[0].desc : undefined;
  };
  const guardOf = (from: string, use: InterceptorUse): GuardRecord | undefined => {
    if (use.guard) return use.guard;
    const at = use.ref ? locate(from, use.ref) : undefined;
    return at ? records.get(at.file)?.interceptors[at.name] : undefined;
  };

  // Where each router is served.
  const serving = new Map<string, Serving[]>();
  const serve = (at: Located | undefined, s: Serving) => {
    if (!at) return;
    const key = `${at.file}#${at.name}`;
    serving.set(key, [...(serving.get(key) ?? []), s]);
  };
  // The dispatching route as its framework's link placed it (under the prefixes its app is
  // mounted at): its full path, without the wildcard, is the router's prefix.
  const routeAt = new Map<string, string[]>();
  for (const f of rest) {
    if (f.kind !== 'entrypoint' || f.protocol !== 'http' || f.path === undefined) continue;
    const at = `${f.evidence.file}:${f.evidence.line}`;
    routeAt.set(at, [...(routeAt.get(at) ?? []), f.path]);
  }
  for (const [fne, rec] of records) {
    for (const a of rec.adapters) if (a.routes) serve(locate(fne, a.routes), { prefix: a.prefix ?? '', interceptors: [{ from: fne, uses: a.interceptors }] });
    for (const m of rec.mounts) {
      const placed = [...new Set(routeAt.get(`${rec.file}:${m.line}`) ?? [])].filter((p) => p.endsWith(m.path));
      if (placed.length === 0) serve(locate(fne, m.router), { prefix: m.prefix, interceptors: [], replaces: { file: rec.file, path: m.path } });
      for (const path of placed) serve(locate(fne, m.router), { prefix: path.slice(0, path.length - m.path.length) + m.prefix, interceptors: [], replaces: { file: rec.file, path } });
    }
  }

  const out: Fact[] = [];
  const emitted = new Set<string>();
  const replaced = new Set<string>();
  for (const [fne, rec] of [...records].sort(([a], [b]) => a.localeCompare(b))) {
    for (const [name, router] of Object.entries(rec.routers).sort(([a], [b]) => a.localeCompare(b))) {
      const servings = serving.get(`${fne}#${name}`) ?? [{ prefix: '', interceptors: [] }];
      for (const s of servings) {
        if (s.replaces) replaced.add(`${s.replaces.file}#${s.replaces.path}`);
        const chain = [{ from: fne, uses: router.interceptors }, ...s.interceptors].flatMap((c) => c.uses.map((u) => ({ name: u.name, guard: guardOf(c.from, u) })));
        for (const use of router.services) {
          const desc = descOf(fne, use.desc, use.descName);
          let implFile = rec.file;
          let impl: ImplMethod[] = use.inline ?? [];
          if (use.impl) {
            const at = locate(fne, use.impl);
            const found = at ? records.get(at.file)?.impls[at.name] : undefined;
            if (at && found) {
              implFile = records.get(at.file)?.file ?? implFile;
              impl = found;
            }
          }
          const typeName = desc?.typeName ?? use.descName;
          const methods: DescMethod[] = desc ? desc.methods : impl.map((m) => ({ name: protoName(m.local), local: m.local }));
          for (const m of methods) for (const verb of m.get ? ['POST', 'GET'] : ['POST']) {
            if (use.only && m.local !== use.only) continue;
            const path = joinPath(s.prefix, `/${typeName}/${m.name}`);
            const key = `${rec.file}#entrypoint:http ${verb} ${path}`;
            if (emitted.has(key)) continue;
            emitted.add(key);
            const handler = impl.find((h) => h.local === m.local);
            const { auth, why, optional, exempted } = decide(chain, typeName, m.name, m.local);
            // Every Connect call is a POST: a handler seen to write nothing reads as no state change
            // only when its name says it reads (`GetUser`); writes behind service helpers go unseen.
            const bodyTags = (handler?.tags ?? []).filter((t) => t !== 'no-state-change' || READ_NAME.test(m.name) || m.get === true);
            // Let through by an interceptor's allow-list: public by declaration, not a forgotten guard.
            const tags = ['connect-rpc', ...bodyTags, ...(optional ? ['optional-auth'] : []), ...(exempted && auth === 'none' ? ['declared-public'] : [])];
            const fact: EntrypointFact = {
              kind: 'entrypoint',
              extractor: EXTRACTOR,
              protocol: 'http',
              framework: 'connectrpc',
              method: verb,
              path,
              ...(handler ? { handler: { file: implFile, line: handler.line, name: `${use.descName}.${m.local}` } } : {}),
              middleware: chain.map((c) => c.name),
              auth,
              authEvidence: why,
              tags: routeTags(verb, path, [], m.local, tags),
              evidence: { file: rec.file, line: use.line, snippet: use.snippet },
              key,
            };
            out.push(fact);
          }
        }
      }
    }
  }
  // The catch-all route that hands every request to the router's handlers is served by them.
  const kept = rest.filter((f) => !(f.kind === 'entrypoint' && f.extractor !== EXTRACTOR && f.path !== undefined && replaced.has(`${f.evidence.file}#${f.path}`)));
  return [...kept, ...out];
}

/** The strongest guard among the interceptors that does not exempt this method. */
function decide(chain: { name: string; guard?: GuardRecord }[], typeName: string, method: string, local: string): { auth: AuthLevel; why: string[]; optional: boolean; exempted: boolean } {
  let auth: AuthLevel = 'none';
  const why: string[] = [];
  let optional = false;
  let exempted = false;
  const rank: Record<AuthLevel, number> = { none: 0, unknown: 1, user: 2, admin: 3 };
  for (const c of chain) {
    const g = c.guard;
    if (!g) {
      // An interceptor we could not read, named like an auth check.
      if (authLikeName(c.name) && rank.unknown > rank[auth]) {
        auth = 'unknown';
        why.push(`${c.name} (not resolved)`);
      }
      continue;
    }
    if (g.level === 'none') {
      if (g.bypass) optional = true;
      continue;
    }
    const exempt = g.exemptServices.includes(typeName) || g.exemptMethods.some((e) => e === method || e === local || e === `${typeName}/${method}`);
    if (exempt) {
      why.push(`${c.name} lets ${typeName}/${method} through (allow-list)`);
      exempted = true;
      continue;
    }
    if (g.bypass) {
      optional = true;
      why.push(`${c.name}: skipped when ${g.bypass}`);
      continue;
    }
    if (rank[g.level] > rank[auth]) auth = g.level;
    why.push(`${c.name}: ${g.why}`);
  }
  return { auth, why, optional, exempted };
}
