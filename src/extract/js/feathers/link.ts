// Puts a Feathers application together across files: each registered service becomes one REST
// entry point per method it serves, behind the app hooks, the Express middleware mounted with it
// and its own hooks (wherever `app.service(path).hooks(...)` is called and whatever module holds
// the hooks object). The shared route link then judges imported hooks like middleware.
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { linkRoutes } from '../_lib/routes-link.js';
import { fileNoExt, routeFact, type MwRef, type RouteMeta } from '../_lib/routes.js';
import { readFileRecords, type WorkspaceResolver } from '../_lib/workspace-modules.js';
import { DENY, verdictRef, type HookTable } from './hooks.js';
import { isStandard, normalPath, STANDARD_METHODS, type ClassRec, type FileRecord, type HookUse, type MethodRec, type NameRef, type ServiceRec } from './scan.js';

export const SETTING = 'js-feathers-file';
const EXTRACTOR = 'js/feathers';

const VERB: Record<string, { method: string; id: boolean }> = {
  find: { method: 'GET', id: false },
  get: { method: 'GET', id: true },
  create: { method: 'POST', id: false },
  update: { method: 'PUT', id: true },
  patch: { method: 'PATCH', id: true },
  remove: { method: 'DELETE', id: true },
};

type Rec = FileRecord & { file: string };

class Workspace {
  constructor(
    readonly records: Map<string, Rec>,
    readonly resolver: WorkspaceResolver,
  ) {}

  fileOf(from: string, module: string): Rec | undefined {
    const f = this.resolver.resolve(from, module);
    return f ? this.records.get(f) : undefined;
  }

  constant(from: string, ref: NameRef | undefined): string | string[] | undefined {
    if (!ref) return undefined;
    if ('local' in ref) return this.records.get(fileNoExt(from))?.consts[ref.local];
    return this.fileOf(from, ref.module)?.consts[ref.export];
  }

  /** An imported application hook judged by the record of its module (`onlyInternal()`, `authenticateAround(...)`). */
  judged(ref: MwRef): MwRef {
    if (!ref.module || !ref.from || !ref.export) return ref;
    const rec = this.fileOf(ref.from, ref.module);
    const name = ref.export === '*' ? 'default' : ref.export.split('.')[0];
    const v = rec?.guards[name] ?? (rec && Object.keys(rec.guards).length === 1 && ref.export === '*' ? Object.values(rec.guards)[0] : undefined);
    return v ? verdictRef(ref, v) : ref;
  }

  hookTable(from: string, use: HookUse): HookTable | undefined {
    if (use.table) return use.table;
    if (!use.ref) return undefined;
    if ('local' in use.ref) return this.records.get(fileNoExt(from))?.hookSets[use.ref.local];
    const rec = this.fileOf(from, use.ref.module);
    if (!rec) return undefined;
    const name = use.ref.export === '*' ? 'default' : use.ref.export;
    return rec.hookSets[name] ?? (Object.keys(rec.hookSets).length === 1 ? Object.values(rec.hookSets)[0] : undefined);
  }

  classOf(from: string, ref: NameRef, factory: boolean): (ClassRec & { file: string }) | undefined {
    const rec = 'local' in ref ? this.records.get(fileNoExt(from)) : this.fileOf(from, ref.module);
    if (!rec) return undefined;
    const name = 'local' in ref ? ref.local : ref.export;
    // A factory module (`export default (options) => new Service(options)`) serves its one service class.
    const found = factory ? (rec.classes.length === 1 ? rec.classes[0] : undefined) : (rec.classes.find((c) => ('local' in ref ? c.name === name : c.exports.includes(name === '*' ? 'default' : name))) ?? rec.classes.find((c) => c.name === name));
    return found ? { ...found, file: rec.file } : undefined;
  }
}

/** `/collections/:collection_id/items` → `collections/:collection_id/items`, keyed like `app.service(path)`. */
function key(path: string): string {
  return normalPath(path);
}

function tableFor(ws: Workspace, table: HookTable | undefined, method: string): MwRef[] {
  if (!table) return [];
  return [...(table.all ?? []), ...(table[method] ?? [])].map((r) => ws.judged(r));
}

interface Served {
  name: string;
  method?: MethodRec;
  file?: string;
}

/** What a service serves: its methods (declared, inherited from an adapter, or listed in v5 `methods`). */
function served(ws: Workspace, file: string, s: ServiceRec): { methods: Served[]; auth: boolean } {
  const listed = s.methods ?? (() => {
    const v = ws.constant(file, s.methodsRef);
    return Array.isArray(v) ? v : undefined;
  })();
  let own: MethodRec[] = [];
  let ownFile: string | undefined;
  let inherits = false;
  let auth = false;
  switch (s.impl.kind) {
    case 'adapter':
      if (s.impl.methods) own = s.impl.methods.map((name) => ({ name, line: s.line }));
      else inherits = true;
      break;
    case 'auth':
      auth = true;
      break;
    case 'object':
      own = s.impl.methods;
      ownFile = file;
      break;
    case 'class':
    case 'factory': {
      const cls = ws.classOf(file, s.impl.ref, s.impl.kind === 'factory');
      if (cls) {
        own = cls.methods;
        ownFile = cls.file;
        inherits = cls.inherits;
        auth = cls.auth;
      } else inherits = true;
      break;
    }
    case 'unknown':
      inherits = true;
      break;
  }
  if (auth) {
    // The authentication service serves login (create) and logout (remove) only.
    const byName = new Map(own.map((m) => [m.name, m]));
    return { methods: ['create', 'remove'].map((n) => ({ name: n, method: byName.get(n), file: ownFile })), auth };
  }
  const byName = new Map(own.map((m) => [m.name, m]));
  const names = listed ?? [...new Set([...(inherits ? STANDARD_METHODS : []), ...own.filter((m) => isStandard(m.name)).map((m) => m.name)])];
  return { methods: names.map((n) => ({ name: n, method: byName.get(n), file: byName.has(n) ? ownFile : undefined })), auth };
}

function entryPoints(ws: Workspace, rec: Rec, s: ServiceRec, appHooks: { file: string; table: HookTable }[], serviceHooks: Map<string, { file: string; table: HookTable }[]>): Fact[] {
  const raw = s.path ?? (() => {
    const v = ws.constant(rec.file, s.pathRef);
    return typeof v === 'string' ? v : undefined;
  })();
  if (raw === undefined) return [];
  const base = `/${key(raw)}`;
  const hooks = serviceHooks.get(key(raw)) ?? [];
  const { methods, auth } = served(ws, rec.file, s);
  const out: Fact[] = [];
  for (const m of methods) {
    const verb = VERB[m.name] ?? { method: 'POST', id: false };
    let chain = [...s.express, ...appHooks.flatMap((h) => tableFor(ws, h.table, m.name)), ...hooks.flatMap((h) => tableFor(ws, h.table, m.name))];
    // Logging in is the authentication service's `create`: an app-wide authenticate hook cannot
    // guard it (Feathers' hook refuses to run on the authentication service itself).
    if (auth && m.name === 'create') chain = chain.filter((r) => r.role !== 'auth-user' && r.role !== 'auth-optional');
    // `disallow()` / `disallow('external')`: the method is for the server's own calls only.
    if (chain.some((r) => r.why === DENY)) continue;
    const path = verb.id ? `${base === '/' ? '' : base}/:id` : base;
    const meta: RouteMeta = { mw: chain, local: path };
    if (m.method?.inline) meta.inline = m.method.inline;
    if (m.method?.guardCalls) meta.guardCalls = m.method.guardCalls;
    const tags = ['feathers-service', ...(isStandard(m.name) ? [] : ['feathers-custom-method', `feathers-method:${m.name}`]), ...(auth && m.name === 'create' ? ['login'] : []), ...(auth && m.name === 'remove' ? ['logout'] : [])];
    // Route tags are recomputed by the shared link from the handler's: ours travel with them.
    meta.handlerTags = [...tags, ...(m.method?.tags ?? [])];
    // Logging out (`remove` of the authentication service) verifies the token it revokes.
    if (auth && m.name === 'remove' && !meta.inline) meta.inline = { level: 'user', why: 'the authentication service verifies the access token it removes' };
    const handler = m.method && m.file ? { file: m.file, line: m.method.line, name: m.name } : undefined;
    const fact = routeFact({
      framework: 'feathers',
      method: verb.method,
      path,
      evidence: { file: rec.file, line: s.line },
      handler,
      meta,
      extraTags: tags,
    }) as Omit<EntrypointFact, 'extractor'>;
    out.push({ ...fact, extractor: EXTRACTOR } as Fact);
  }
  return out;
}

/**
 * Service modules nobody loads, when the application has a services index (a module importing
 * several service modules, `app.configure(users)`): a module under a `services/` folder that no
 * module imports is dead code. Empty when no such index is seen.
 */
function unloaded(records: Map<string, Rec>, resolver: WorkspaceResolver): Set<string> {
  const withServices = [...records.values()].filter((r) => r.services.length > 0).map((r) => fileNoExt(r.file));
  const imported = new Set<string>();
  let index = false;
  for (const rec of records.values()) {
    const targets = rec.imports.map((m) => resolver.resolve(rec.file, m)).filter((f): f is string => f !== undefined);
    for (const t of targets) imported.add(t);
    if (targets.filter((t) => withServices.includes(t)).length >= 2) index = true;
  }
  if (!index) return new Set();
  return new Set(withServices.filter((f) => /(?:^|\/)services?\//.test(f) && !imported.has(f)));
}

export function linkFeathers(facts: Fact[]): Fact[] {
  if (!facts.some((f) => f.kind === 'config' && f.setting === SETTING)) return facts;
  const { records, rest, resolver } = readFileRecords<FileRecord>(facts, SETTING);
  // Modules in `services/` folders of applications on other frameworks: nothing to build.
  if (![...records.values()].some((r) => r.feathers)) return rest;
  const ws = new Workspace(records, resolver);
  const appHooks: { file: string; table: HookTable }[] = [];
  const serviceHooks = new Map<string, { file: string; table: HookTable }[]>();
  for (const rec of records.values()) {
    for (const use of rec.appHooks) {
      const table = ws.hookTable(rec.file, use);
      if (table) appHooks.push({ file: rec.file, table });
    }
    for (const use of rec.serviceHooks) {
      const raw = use.path ?? (() => {
        const v = ws.constant(rec.file, use.pathRef);
        return typeof v === 'string' ? v : undefined;
      })();
      const table = ws.hookTable(rec.file, use);
      if (raw === undefined || !table) continue;
      const k = key(raw);
      serviceHooks.set(k, [...(serviceHooks.get(k) ?? []), { file: rec.file, table }]);
    }
  }
  const dead = unloaded(records, resolver);
  const routes: Fact[] = [];
  const registered = new Set<string>();
  for (const rec of records.values()) {
    if (dead.has(fileNoExt(rec.file))) continue;
    for (const s of rec.services) {
      const eps = entryPoints(ws, rec, s, appHooks, serviceHooks);
      registered.add(`${rec.file}:${s.line}`);
      routes.push(...eps);
    }
  }
  // The Express extractor reads `app.use('/x', mw, service)` as one middleware mount: the service's
  // own entry points replace it.
  const kept = rest.filter((f) => !(f.kind === 'entrypoint' && f.framework !== 'feathers' && registered.has(`${f.evidence.file}:${f.evidence.line}`)));
  // Custom methods share `POST /path` (told apart by the X-Service-Method header): linked one by
  // one, as the shared link keeps one route per method and path.
  const custom = (f: Fact) => f.kind === 'entrypoint' && !!f.tags?.includes('feathers-custom-method');
  const linked = linkRoutes([...kept, ...routes.filter((f) => !custom(f))]);
  const context = linked.filter((f) => f.kind === 'auth' || f.kind === 'project');
  for (const f of routes.filter(custom)) {
    for (const g of linkRoutes([...context, f])) {
      if (g.kind !== 'entrypoint') continue;
      const name = g.tags?.find((t) => t.startsWith('feathers-method:'))?.slice('feathers-method:'.length) ?? '';
      linked.push({ ...g, key: `${g.key}#${name}` });
    }
  }
  return linked;
}
