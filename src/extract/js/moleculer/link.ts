// Whole-repository step: every moleculer-web gateway route becomes entry points for the actions it
// reaches (explicit aliases, `REST` aliases, autoAliases from actions' `rest`, and with the default
// mappingPolicy 'all' the direct `/<route>/<service>/<action>` calls), each pointing at the
// action's handler in its service file, with auth from the route's authenticate / authorize hooks
// and the access properties actions declare for the hooks and broker middleware that read them.
import type { EntrypointFact, Fact } from '../../../model/types.js';
import { linkRoutes } from '../_lib/routes-link.js';
import { adminLikeText, joinPath, routeFact, type MwRef, type RouteMeta } from '../_lib/routes.js';
import { MOLECULER_SETTING, type ActionRec, type AliasRec, type EntryPolicy, type GatewayRec, type GatewayRouteRec, type HookRec, type MoleculerRecord, type RestShape, type ServiceRec } from './scan.js';

export const EXTRACTOR = 'js/moleculer';

interface Svc extends ServiceRec {
  file: string;
  fullName: string;
}

/** CRUD actions the database mixins add, with their REST shapes. */
const MOLECULER_DB: Record<string, string | undefined> = { find: 'GET /find', count: 'GET /count', list: 'GET /', create: 'POST /', insert: undefined, get: 'GET /:id', update: 'PUT /:id', remove: 'DELETE /:id' };
const MOLECULER_DATABASE: Record<string, string | undefined> = { find: 'GET /all', count: 'GET /count', list: 'GET /', get: 'GET /:id', resolve: undefined, create: 'POST /', createMany: undefined, update: 'PATCH /:id', replace: 'PUT /:id', remove: 'DELETE /:id' };
/** `'REST /posts': 'posts'` in an alias table. */
const REST_ALIAS: [string, string, string][] = [
  ['GET', '', 'list'],
  ['GET', '/:id', 'get'],
  ['POST', '', 'create'],
  ['PUT', '/:id', 'update'],
  ['PATCH', '/:id', 'patch'],
  ['DELETE', '/:id', 'remove'],
];

/** The database mixin that adds CRUD actions, by module or name (`DbService`, `../mixins/db.mixin`). */
function crudMixin(svc: ServiceRec): ServiceRec['mixins'][number] | undefined {
  return svc.mixins.find((m) => (m.module === 'moleculer-db' || m.module === '@moleculer/database' || /db|database|sequelize|mongo|knex|typeorm|prisma|crud/i.test(`${m.name} ${m.module ?? ''}`)) && !m.none);
}

/** Actions of a service after its database mixin: the mixin's CRUD actions, overridden or switched off by its own. */
function actionsOf(svc: ServiceRec, database: boolean): ActionRec[] {
  const own = new Map(svc.actions.map((a) => [a.name, a]));
  const out: ActionRec[] = [];
  const mixin = crudMixin(svc);
  if (mixin) {
    for (const [name, rest] of Object.entries(database ? MOLECULER_DATABASE : MOLECULER_DB)) {
      const mine = own.get(name);
      if (mine?.disabled) continue;
      const shape = rest ? { method: rest.split(' ')[0], path: rest.split(' ')[1] } : undefined;
      const visibility = mine?.visibility ?? mixin.visibility;
      const merged: ActionRec = mine ? { ...mine } : { name, line: svc.mixinLine ?? svc.line, decl: {} };
      if (!merged.rest && shape) merged.rest = [shape];
      if (visibility) merged.visibility = visibility;
      out.push(merged);
    }
  }
  for (const a of svc.actions) if (!a.disabled && !out.some((o) => o.name === a.name)) out.push(a);
  return out;
}

/** moleculer-web whitelist entries: `posts.*` (one name part), `v1.**` (anything), `re:` regexes. */
function whitelisted(route: GatewayRouteRec, action: string): boolean {
  if (!route.whitelist) return true;
  return route.whitelist.some((w) => {
    if (w.startsWith('re:')) {
      try {
        return new RegExp(w.slice(3)).test(action);
      } catch {
        return false;
      }
    }
    const re = w
      .split('**')
      .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^.]*').replace(/\?/g, '.'))
      .join('.*');
    return new RegExp(`^${re}$`).test(action);
  });
}

/** What an access property's value requires: `auth: 'required'` a user, `permissions: [ROLE_ADMIN]` an administrator, `[]` nobody in particular. */
function declLevel(key: string, value: string): 'user' | 'admin' | 'none' {
  const v = value.trim();
  if (/^(isPublic|public)$/.test(key)) return 'none';
  if (/^(false|null|undefined|\[\s*\]|['"`](optional|none|public|disabled|anonymous|guest|everyone)?['"`])$/i.test(v)) return 'none';
  if (/EVERYONE|PUBLIC|ANONYMOUS|GUEST/.test(v) && !/AUTHENTICATED|USER|MEMBER|OWNER|ADMIN/i.test(v)) return 'none';
  return adminLikeText(v) ? 'admin' : 'user';
}

/** Entries of a declared list (`[C.ROLE_A, 'b', (ctx) => …]`), split at top-level commas. */
function entriesOf(value: string): string[] | undefined {
  const v = value.trim();
  if (!v.startsWith('[') || !v.endsWith(']')) return undefined;
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of v.slice(1, -1)) {
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    if ('([{'.includes(ch)) depth++;
    if (')]}'.includes(ch)) depth--;
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

const RANK = { none: 0, user: 1, admin: 2 } as const;

/**
 * What a hook with a per-entry policy enforces for a declared value: each entry by the branch that
 * handles it (a named case, a custom function, or the rest), combined as the hook combines them
 * (one passing entry is enough, or all must pass). Entries the hook collects and never reads
 * enforce nothing; a shape it handles out of sight is unknown, never an administrator.
 */
function policyLevel(key: string, value: string, policy: EntryPolicy): 'user' | 'admin' | 'none' | 'unknown' {
  if (declLevel(key, value) === 'none') return 'none';
  if (policy.rest === 'caller') return 'user';
  const entries = entriesOf(value) ?? [value];
  const norm = (x: string): string => x.replace(/^['"`]|['"`]$/g, '').trim();
  const levels: ('user' | 'admin' | 'unknown')[] = [];
  for (const e of entries) {
    const hit = policy.cases.find((c) => norm(c.match) === norm(e));
    if (hit) levels.push(hit.level);
    else if (/=>|\bfunction\b/.test(e)) levels.push('unknown');
    else if (policy.rest === 'checked') {
      const l = declLevel(key, e);
      if (l !== 'none') levels.push(l);
    } else if (policy.rest === 'unknown') levels.push('unknown');
    // 'ignored': collected and never read.
  }
  if (levels.length === 0) return 'none';
  if (levels.includes('unknown')) return 'unknown';
  const known = levels as ('user' | 'admin')[];
  return known.reduce((a, b) => ((policy.every ? RANK[b] > RANK[a] : RANK[b] < RANK[a]) ? b : a));
}

function roleRef(level: 'user' | 'admin', name: string, why: string): MwRef {
  return { name, role: level === 'admin' ? 'auth-admin' : 'auth-user', why };
}

/** The gateway hooks and broker middleware that apply to an action reached over a route. */
function authRefs(gw: GatewayRec, gwFile: string, route: GatewayRouteRec, action: ActionRec | undefined, brokerHooks: { hook: HookRec; file: string }[]): MwRef[] {
  const refs: MwRef[] = [];
  const byDecl = (hook: HookRec, file: string, label: string): void => {
    if (!action) return;
    for (const key of hook.keys) {
      const value = action.decl[key];
      if (value === undefined) continue;
      const level = hook.policy ? policyLevel(key, value, hook.policy) : declLevel(key, value);
      if (level === 'unknown') refs.push({ name: `${key}: ${value.slice(0, 40)}`, role: 'auth-unknown' });
      else if (level !== 'none') refs.push(roleRef(level, `${key}: ${value.slice(0, 40)}`, `${label} refuses actions declaring ${key}: ${value.slice(0, 60)} (${file}:${hook.line})`));
    }
  };
  for (const kind of ['authenticate', 'authorize'] as const) {
    if (!(kind === 'authenticate' ? route.authentication : route.authorization)) continue;
    const hook = gw.hooks.find((h) => h.kind === kind);
    if (!hook) {
      // Defined in a mixin out of sight: the route asks for it, what it checks is unknown.
      refs.push({ name: `route.${kind}`, role: 'auth-unknown' });
      continue;
    }
    if (!hook.refuses) continue;
    if (hook.keys.length === 0) refs.push(roleRef(hook.admin ? 'admin' : 'user', `route.${kind}`, `moleculer-web ${kind}() refuses requests (${gwFile}:${hook.line})`));
    else byDecl(hook, gwFile, `moleculer-web ${kind}()`);
  }
  for (const { hook, file } of brokerHooks) if (hook.refuses) byDecl(hook, file, 'broker middleware localAction');
  if (route.rateLimit) refs.push({ name: 'moleculer-web rateLimit', role: 'rate-limit' });
  return refs;
}

function fullNameOf(svc: ServiceRec): string {
  return `${svc.version && !svc.noVersionPrefix ? `${svc.version}.` : ''}${svc.name ?? ''}`;
}

export function linkMoleculer(input: Fact[]): Fact[] {
  if (!input.some((f) => f.kind === 'config' && f.setting === MOLECULER_SETTING)) return input;
  const services = new Map<string, Svc>();
  const gateways: { gw: GatewayRec; file: string }[] = [];
  const brokerHooks: { hook: HookRec; file: string }[] = [];
  let database = false;
  const rest: Fact[] = [];
  for (const f of input) {
    if (f.kind !== 'config' || f.setting !== MOLECULER_SETTING) {
      rest.push(f);
      continue;
    }
    const rec = JSON.parse(String(f.values.data)) as MoleculerRecord;
    const file = f.evidence.file;
    for (const s of rec.services ?? []) {
      if (s.name === undefined) continue;
      const known = services.get(fullNameOf(s));
      // One service read twice (a decorated class and its options object): the actions of both.
      if (known && known.file === file) known.actions.push(...s.actions.filter((a) => !known.actions.some((k) => k.name === a.name)));
      else if (!known) services.set(fullNameOf(s), { ...s, file, fullName: fullNameOf(s) });
    }
    for (const gw of rec.gateways ?? []) gateways.push({ gw, file });
    for (const hook of rec.hooks ?? []) brokerHooks.push({ hook, file });
    if (rec.database) database = true;
  }
  const out: Fact[] = [];
  const actionsCache = new Map<string, ActionRec[]>();
  const actions = (svc: Svc): ActionRec[] => {
    let a = actionsCache.get(svc.fullName);
    if (!a) actionsCache.set(svc.fullName, (a = actionsOf(svc, database)));
    return a;
  };
  const find = (name: string): { svc: Svc; action: ActionRec } | undefined => {
    const at = name.lastIndexOf('.');
    const svc = at > 0 ? services.get(name.slice(0, at)) : undefined;
    const action = svc ? actions(svc).find((a) => a.name === name.slice(at + 1)) : undefined;
    return svc && action ? { svc, action } : undefined;
  };
  for (const { gw, file } of gateways) {
    for (const route of gw.routes) {
      const seen = new Set<string>();
      const prefix = joinPath(gw.path || '/', route.path);
      const emit = (method: string, path: string, target: string | undefined, hit: { svc: Svc; action: ActionRec } | undefined, alias: AliasRec | undefined, tags: string[]): void => {
        const m = method === '*' ? 'ALL' : method;
        const full = joinPath(prefix, path).replace(/(.)\/+$/, '$1');
        const id = `${m} ${full}`;
        if (seen.has(id)) return;
        seen.add(id);
        const action = hit?.action;
        const meta: RouteMeta = { mw: authRefs(gw, file, route, action, brokerHooks), local: full, ...(action?.meta ?? alias?.fn?.meta ?? {}) };
        const evidence = hit ? { file: hit.svc.file, line: action!.line, snippet: `${id} → ${target ?? ''}` } : { file, line: alias?.line ?? route.line, snippet: `${id}${target ? ` → ${target}` : ''}` };
        const handler: EntrypointFact['handler'] = hit && action!.handler ? { file: hit.svc.file, line: action!.handler.line, name: action!.handler.name } : alias?.fn ? { file, line: alias.fn.line, name: alias.fn.name } : undefined;
        out.push({ ...routeFact({ framework: 'moleculer', method: m, path: full, evidence, handler, meta, extraTags: tags }), extractor: EXTRACTOR } as Fact);
      };
      for (const alias of route.aliases) {
        if (alias.rest && alias.action) {
          const svc = services.get(alias.action);
          for (const [verb, suffix, name] of REST_ALIAS) {
            const hit = svc ? find(`${svc.fullName}.${name}`) : undefined;
            if (svc && !hit) continue;
            if (!svc && name === 'patch') continue;
            emit(verb, `${alias.path}${suffix}`, `${alias.action}.${name}`, hit, alias, ['moleculer-alias']);
          }
        } else {
          emit(alias.method, alias.path, alias.action, alias.action ? find(alias.action) : undefined, alias, ['moleculer-alias']);
        }
      }
      if (route.autoAliases) {
        for (const svc of services.values()) {
          const base = svc.rest ?? `/${svc.fullName.replace(/\./g, '/')}`;
          for (const action of actions(svc)) {
            if (!action.rest || (action.visibility && action.visibility !== 'published')) continue;
            const name = `${svc.fullName}.${action.name}`;
            if (!whitelisted(route, name)) continue;
            for (const r of action.rest as RestShape[]) emit(r.method, joinPath(r.basePath ?? base, r.path), name, { svc, action }, undefined, ['moleculer-auto-alias']);
          }
        }
      }
      // mappingPolicy 'all' (the default): any published, whitelisted action answers at /<route>/<service>/<action>.
      if (route.mappingPolicy !== 'restrict') {
        for (const svc of services.values()) {
          for (const action of actions(svc)) {
            if (action.visibility && action.visibility !== 'published') continue;
            const name = `${svc.fullName}.${action.name}`;
            if (!whitelisted(route, name)) continue;
            emit('*', `/${name.replace(/\./g, '/')}`, name, { svc, action }, undefined, ['moleculer-direct-call']);
          }
        }
      }
    }
  }
  return out.length > 0 ? linkRoutes([...rest, ...out]) : rest;
}
