// Whole-repository step of the Medusa extractor. The route facts were finished by the shared route
// link (paths, handler checks, record accesses); this step keeps those of folders that are Medusa
// code and adds the authentication the framework applies around them: the area default
// (`/admin` → actor `user`, `/store` → optional customer), unless the file exports
// `AUTHENTICATE = false`, and the `authenticate(...)` entries of the root `middlewares.ts`.
import { posix } from 'node:path';
import type { AuthFact, AuthLevel, DependencyFact, EntrypointFact, Fact } from '../../../model/types.js';
import { linkRoutes } from '../_lib/routes-link.js';
import { authLikeName, decideAuth, fileNoExt, routeTags, type MwRef } from '../_lib/routes.js';
import { readFileRecords, WorkspaceResolver } from '../_lib/workspace-modules.js';
import { PathAliases } from '../_lib/path-aliases.js';
import { MEDUSA_SETTING, type ListItem, type MedusaFileRecord, type MwEntry, type MwItem } from './scan.js';

const EXTRACTOR = 'js/medusa';
/** Packages a Medusa server (application or plugin) depends on. */
const SERVER_PACKAGE = /^@medusajs\/(framework|medusa)$/;
const MAX_DEPTH = 6;
const RANK: Record<AuthLevel, number> = { none: 0, unknown: 1, user: 2, admin: 3 };
/** Tags decided by the middleware in front of a route (the rest came from the shared link). */
const CHAIN_TAGS = new Set(['optional-auth', 'cookie-auth', 'rate-limited', 'csrf-protected', 'deny-all']);

type Record_ = MedusaFileRecord & { file: string };

export function linkMedusa(input: Fact[]): Fact[] {
  if (!input.some((f) => f.kind === 'config' && f.setting === MEDUSA_SETTING)) return input;
  // Normally done by an earlier extractor's link (registry order); alone (tests) it is done here.
  const facts = linkRoutes(input);
  const { records, rest, resolver } = readFileRecords<MedusaFileRecord>(facts, MEDUSA_SETTING);
  const byFile = new Map<string, Record_>();
  for (const r of records.values()) byFile.set(r.file, r);

  const confirmed = medusaFolders([...records.values()], rest);
  // Imported middleware is judged by the guard definition js/auth found in its module.
  const guards = new Map<string, AuthFact>();
  const files = new Set<string>();
  const projects: { name: string; root: string }[] = [];
  for (const f of rest) {
    files.add(f.evidence.file);
    if (f.kind === 'auth' && f.role === 'guard-definition') for (const e of String(f.details?.exports ?? '').split(',').filter(Boolean)) guards.set(`${fileNoExt(f.evidence.file)}#${e}`, f);
    if (f.kind === 'project') projects.push({ name: f.name, root: f.root });
  }
  const modules = new WorkspaceResolver(files, projects, PathAliases.from(facts));
  const judge = (item: MwItem, from: string): MwItem => {
    if (!item.ref || item.authenticate || item.verdict) return item;
    // A relative import names a file of the repository even when nothing was extracted from it.
    const target = modules.resolve(from, item.ref.module) ?? (item.ref.module.startsWith('.') ? posix.normalize(posix.join(posix.dirname(from), fileNoExt(item.ref.module))) : undefined);
    if (!target) return item;
    const def = guards.get(`${target}#${item.ref.export}`);
    const level = String(def?.details?.level ?? '');
    // A function of the repository js/auth did not take for a guard checks no caller.
    if (!def) return { name: item.name, verdict: { level: 'none', why: '' } };
    return { name: item.name, verdict: { level: level === 'admin' || level === 'deny' ? 'admin' : level === 'role' ? 'role' : level === 'unknown' ? 'unknown' : level === 'optional' ? 'optional' : 'user', why: `${def.name ?? item.name} in ${def.evidence.file}` } };
  };
  const routesOf = new Map<string, Record_[]>();
  for (const r of records.values()) {
    if (!r.route || !confirmed.has(r.api)) continue;
    let list = routesOf.get(r.api);
    if (!list) routesOf.set(r.api, (list = []));
    list.push(r);
  }
  const entriesOf = new Map<string, { entry: MwEntry; file: string }[]>();
  for (const api of confirmed) {
    const root = [...records.values()].find((r) => r.lists?.default && posix.dirname(r.file) === api && /^middlewares$/.test(posix.basename(fileNoExt(r.file))));
    entriesOf.set(api, root ? expand(root, 'default', 0, new Set()) : []);
  }

  function expand(rec: Record_, list: string, depth: number, seen: Set<string>): { entry: MwEntry; file: string }[] {
    const key = `${rec.file}#${list}`;
    if (depth > MAX_DEPTH || seen.has(key)) return [];
    seen.add(key);
    const out: { entry: MwEntry; file: string }[] = [];
    for (const item of rec.lists?.[list] ?? ([] as ListItem[])) {
      if ('entry' in item) out.push({ entry: { ...item.entry, items: item.entry.items.map((i) => judge(i, rec.file)) }, file: rec.file });
      else if ('local' in item) out.push(...expand(rec, item.local, depth + 1, seen));
      else {
        const target = resolver.resolve(rec.file, item.module);
        const other = target ? records.get(target) : undefined;
        if (other) out.push(...expand(other, item.export, depth + 1, seen));
      }
    }
    return out;
  }

  const out: Fact[] = [];
  const dropped = new Set<string>();
  for (const f of rest) {
    if (f.kind !== 'entrypoint' || f.framework !== 'medusa') continue;
    const rec = byFile.get(f.evidence.file);
    if (!rec?.route || !confirmed.has(rec.api)) dropped.add(f.evidence.file);
  }
  for (const f of rest) {
    if (f.kind === 'entrypoint' && f.framework === 'medusa') {
      const rec = byFile.get(f.evidence.file);
      if (!rec?.route || !confirmed.has(rec.api)) continue;
      out.push(withFrameworkAuth(f, rec, routesOf.get(rec.api) ?? [], entriesOf.get(rec.api) ?? []));
      continue;
    }
    // Record accesses and handler sites of a dropped route file go with it.
    if (f.kind === 'config' && typeof f.values.routeFile === 'string' && dropped.has(f.values.routeFile) && f.extractor === EXTRACTOR) continue;
    out.push(f);
  }
  return out;
}

/**
 * Loader folders that are Medusa code: a file there imports a server-side @medusajs package, or
 * the nearest package.json declares @medusajs/framework or @medusajs/medusa.
 */
function medusaFolders(records: readonly Record_[], facts: readonly Fact[]): Set<string> {
  const out = new Set<string>();
  for (const r of records) if (r.medusa) out.add(r.api);
  const manifests = new Map<string, boolean>();
  for (const f of facts) {
    if (f.kind === 'project') {
      const dir = f.root === '.' ? '' : f.root;
      manifests.set(dir, manifests.get(dir) ?? false);
    }
    if (f.kind === 'dependency' && SERVER_PACKAGE.test((f as DependencyFact).name)) {
      const dir = posix.dirname((f as DependencyFact).manifest);
      manifests.set(dir === '.' ? '' : dir, true);
    }
  }
  for (const r of records) {
    if (out.has(r.api)) continue;
    let best: string | undefined;
    for (const dir of manifests.keys()) if ((dir === '' || r.api.startsWith(`${dir}/`)) && (best === undefined || dir.length > best.length)) best = dir;
    if (best !== undefined && manifests.get(best)) out.add(r.api);
  }
  return out;
}

const PATTERNS = new Map<string, RegExp | undefined>();
const PREFIXES = new Map<string, string>();

/** The text of a path pattern before its first parameter or wildcard. */
function literalPrefix(pattern: string): string {
  let p = PREFIXES.get(pattern);
  if (p === undefined) PREFIXES.set(pattern, (p = pattern.split(/[:*(]/)[0]));
  return p;
}

/** Express 4 path syntax (`:param`, `*`) as a regex: the whole path, or (`use`) a prefix ending at a `/`. */
function expressPattern(pattern: string, prefix: boolean): RegExp | undefined {
  // Every route is tested against every entry and every other route file: compiled once each (perf).
  const key = `${prefix ? 'p' : 'w'}${pattern}`;
  if (PATTERNS.has(key)) return PATTERNS.get(key);
  const re = compilePattern(pattern, prefix);
  PATTERNS.set(key, re);
  return re;
}

function compilePattern(pattern: string, prefix: boolean): RegExp | undefined {
  if (pattern.startsWith('re:')) {
    try {
      return new RegExp(pattern.slice(3));
    } catch {
      return undefined;
    }
  }
  const body = pattern
    .split(/(:\w+\??|\*)/)
    .map((part) => (part === '*' ? '.*' : /^:\w+\?$/.test(part) ? '[^/]*' : /^:\w+$/.test(part) ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('')
    .replace(/\/$/, '');
  try {
    return new RegExp(`^${body}${prefix ? '(?=/|$)' : '/?$'}`);
  } catch {
    return undefined;
  }
}

/** Does an entry run for this route and verb (`USE` is a prefix match, `ALL` any verb)? */
function entryRuns(entry: MwEntry, path: string, method: string): boolean {
  // The text before the first parameter or wildcard must start the path (a literal segment never
  // matches a route's `:param`): most entries are ruled out without a regex.
  if (!entry.matcher.startsWith('re:') && !path.startsWith(literalPrefix(entry.matcher))) return false;
  const verbs = entry.methods.filter((m) => m === 'USE' || m === 'ALL' || m === method);
  if (verbs.length === 0) return false;
  return verbs.some((v) => expressPattern(entry.matcher, v === 'USE')?.test(path) ?? false);
}

/** What one middleware does, as a ref the shared auth decision understands. */
function mwRef(item: MwItem, where: string): MwRef {
  const a = item.authenticate;
  if (a) {
    const mechanism = a.types.includes('session') ? 'session' : a.types.includes('api-key') ? 'api-key' : 'jwt';
    const why = `${item.name} (${where})`;
    if (a.optional) return { name: item.name, role: 'auth-optional', mechanism, why: `${why}: allowUnauthenticated` };
    if (a.unknownOptions) return { name: item.name, role: 'auth-unknown', mechanism, why: `${why}: options not literal` };
    // Actor `user` is Medusa's back-office user: every one administers the store (no roles).
    const admin = !!a.actors && a.actors.length > 0 && a.actors.every((x) => x === 'user') && !a.unregistered;
    // `allowUnregistered`: an identity the auth routes issue before any user or customer exists.
    return { name: item.name, role: admin ? 'auth-admin' : 'auth-user', mechanism, why: a.unregistered ? `${why}: allowUnregistered (a token of an identity with no ${a.actors?.join('/') ?? 'actor'} yet)` : why };
  }
  const v = item.verdict;
  if (v?.level === 'none') return { name: item.name, role: 'other' };
  if (v) return { name: item.name, role: v.level === 'admin' ? 'auth-admin' : v.level === 'role' ? 'auth-role' : v.level === 'unknown' ? 'auth-unknown' : v.level === 'optional' ? 'auth-optional' : 'auth-user', why: `${item.name} (${where}): ${v.why}` };
  return { name: item.name, role: authLikeName(item.name) ? 'auth-unknown' : 'other' };
}

/** The area default the loader puts in front of a route file (`applyRouteSpecificMiddlewares`). */
function areaDefault(path: string): MwRef[] {
  if (path.startsWith('/admin')) return [{ name: "authenticate('user')", role: 'auth-admin', mechanism: 'session', why: "Medusa /admin default: authenticate('user', bearer|session|api-key)" }];
  // The publishable key names a sales channel and is public; the customer is only read when present.
  if (path.startsWith('/store')) return [{ name: 'ensurePublishableApiKey', role: 'other' }, { name: "authenticate('customer', optional)", role: 'auth-optional', mechanism: 'session', why: "Medusa /store default: authenticate('customer', { allowUnauthenticated: true })" }];
  return [];
}

function withFrameworkAuth(f: EntrypointFact, rec: Record_, siblings: readonly Record_[], entries: readonly { entry: MwEntry; file: string }[]): EntrypointFact {
  const path = f.path ?? rec.route!.path;
  const method = f.method ?? '';
  // The default is registered with `router.use(route)`: it also runs for every route below a file
  // that did not opt out (an opted-out `/admin/x/public` under a defaulted `/admin/x` is guarded).
  const defaulted = !rec.route!.optOut || siblings.some((s) => !s.route!.optOut && path.startsWith(literalPrefix(s.route!.path)) && (expressPattern(s.route!.path, true)?.test(path) ?? false));
  const chain: MwRef[] = defaulted ? areaDefault(path) : [];
  for (const { entry, file } of entries) {
    if (entryRuns(entry, path, method)) chain.push(...entry.items.map((i) => mwRef(i, `${file}:${entry.line}`)));
  }
  const decision = decideAuth(chain, undefined, path);
  let auth = f.auth;
  const evidence = [...(f.authEvidence ?? [])];
  if (RANK[decision.auth] > RANK[auth]) auth = decision.auth;
  for (const e of decision.evidence) if (!evidence.includes(e)) evidence.push(e);
  const tags = new Set(f.tags ?? []);
  for (const t of routeTags(method, path, chain, undefined)) if (CHAIN_TAGS.has(t)) tags.add(t);
  // Read when present, required elsewhere: the requirement decides.
  if (auth !== 'none') tags.delete('optional-auth');
  // Opted out and not guarded again in middlewares.ts: public by the file's own declaration.
  if (rec.route!.optOut && !defaulted && auth === 'none') tags.add('declared-public');
  const names = [...new Set(chain.map((r) => r.name))];
  return { ...f, auth, authEvidence: evidence, middleware: [...names, ...(f.middleware ?? []).filter((n) => !names.includes(n))], tags: [...tags].sort() };
}
