// Full Nest HTTP paths: global prefix (`setGlobalPrefix`, also read from `configService.get('ns.key')`
// through `registerAs('ns', () => ({ key: process.env.X || 'api' }))` in another file), its
// `exclude` list, and URI versioning (`enableVersioning({ type: VersioningType.URI })` with
// `@Controller({ version })`, `@Version()`, arrays, `VERSION_NEUTRAL`, `defaultVersion`).
//
// The shared route link (`linkRoutes`) runs first for whichever JS extractor comes first in the
// registry (express), before these cross-file facts can be joined. So Nest route facts and the
// records they need are deferred: renamed at extraction, restored here with their final local path,
// then handed to `linkRoutes`.
import type { ConfigFact, Fact, FactInput } from '../../../model/types.js';
import { calleeName, calleeProperty, literalValue, memberPath, objectProp, propertyKey, resolveObject, stringValue, unwrap, type AstNode, type CallLike, type JsIndex } from '../_lib/ast.js';
import { linkRoutes, ownerKeyed } from '../_lib/routes-link.js';
import { encodeMeta, fileNoExt, joinPath, ROUTE_TAG, type MwRef, type RouteMeta } from '../_lib/routes.js';
import { PassportLogins, type StrategyGuardRecord, type StrategyRecord } from './passport.js';
import { ServiceTokens, type ServiceTokenRecord } from './service-tokens.js';
import { GuardPolicies, isPolicyRecord, type GuardPolicyRecord } from './guard-policies.js';
import { RouterPrefixes, withModulePath, type ModuleRecord, type RouterRecord } from './router-module.js';
import { Composites, NEST_COMPOSITE, type CompositeCandidate, type CompositeRecord } from './composite.js';
import { DEV_TAGS, Reachability, type RefsRecord } from './reachability.js';
import { NEST_GATE_CALL, ServiceGates, type ServiceGateRecord } from './service-gates.js';
import { InertGuards, type InertGuardRecord } from './inert-guards.js';
import { NEST_KEYS, PublicKeys, routeOptIn, type PublicKeyRecord } from './public-keys.js';
import { optInRef } from './opt-in-auth.js';
import { listJudgement } from './permission-lists.js';
import { NEST_ABILITY, type AbilityCheck } from './ability-checks.js';

export interface RouteSelector {
  path?: string;
  method?: string;
  controller?: string;
}

const DEFERRED = 'nest-deferred';
const NEST_ROUTE = '~nest-route:';
const NEST_VERSION = '~nest-version:';
/** Settings linkRoutes would consume (or drop) before the Nest records are joined. */
const HIDDEN = new Set(['js-router-mount', 'record-access', 'handler-site', 'record-listing']);

/** A version list: strings, `null` for VERSION_NEUTRAL (no path segment). */
type Versions = (string | null)[];

interface PrefixRecord {
  kind: 'prefix';
  prefix?: string;
  configKey?: string;
  /** Why the prefix is not known (kept internal: no prefix is invented). */
  unresolved?: string;
  exclude: RouteSelector[];
}
interface VersioningRecord {
  kind: 'versioning';
  type: string;
  prefix: string;
  defaultVersion?: Versions;
}
interface ConfigRecord {
  kind: 'config';
  namespace: string;
  values: Record<string, string>;
}
/** `GraphQLModule.forRoot({ fieldResolverEnhancers: ['guards'] })`: guards also run on @ResolveField. */
interface EnhancersRecord {
  kind: 'field-enhancers';
  guards: boolean;
}
type NestRecord = PrefixRecord | VersioningRecord | ConfigRecord | EnhancersRecord | StrategyRecord | StrategyGuardRecord | ServiceTokenRecord | GuardPolicyRecord | RouterRecord | ModuleRecord | CompositeRecord | RefsRecord | ServiceGateRecord | InertGuardRecord | PublicKeyRecord;

export function record(index: JsIndex, at: AstNode, data: NestRecord, key: string): FactInput {
  return { kind: 'config', setting: DEFERRED, values: { nestRecord: JSON.stringify(data) }, evidence: index.evidence(at), key: `${index.file}#${DEFERRED}:${key}` };
}

/**
 * `'lit'`, `process.env.X || 'lit'`, `process.env.X ?? 'lit'`: the value a default deployment sees.
 * Also a sub-path joined in front (`UrlPrefix + 'api'` where `const UrlPrefix = process.env.SUB_PATH
 * !== undefined ? process.env.SUB_PATH : ''`): the branch taken without the variable set.
 */
function defaulted(expr: AstNode | undefined, index: JsIndex, depth = 0): string | undefined {
  const n = unwrap(expr);
  if (!n || depth > 3) return undefined;
  const s = stringValue(n, index);
  if (s !== undefined) return s;
  if (n.type === 'LogicalExpression' && (n.operator === '||' || n.operator === '??')) return defaulted(n.right as AstNode, index, depth + 1);
  if (n.type === 'BinaryExpression' && n.operator === '+') {
    const [l, r] = [defaulted(n.left as AstNode, index, depth + 1), defaulted(n.right as AstNode, index, depth + 1)];
    return l !== undefined && r !== undefined ? l + r : undefined;
  }
  if (n.type === 'Identifier') return defaulted(index.initAt(n.name, n), index, depth + 1);
  if (n.type === 'ConditionalExpression') {
    // One branch reads the environment, the other is what runs without it.
    const env = (b: AstNode) => /\bprocess\.env\b/.test(index.text(b));
    const [c, a] = [n.consequent as AstNode, n.alternate as AstNode];
    if (env(c) && !env(a)) return defaulted(a, index, depth + 1);
    if (env(a) && !env(c)) return defaulted(c, index, depth + 1);
  }
  return undefined;
}

/** `@Controller({ version: '1' })`, `@Version(['1', '2'])`, `VERSION_NEUTRAL`. */
export function versionsOf(expr: AstNode | undefined, index: JsIndex): Versions | undefined {
  const n = unwrap(expr);
  if (!n) return undefined;
  if (n.type === 'ArrayExpression') {
    const all = n.elements.map((e) => versionsOf(e as AstNode, index));
    return all.every((v) => v !== undefined) ? all.flat() as Versions : undefined;
  }
  if (memberPath(n)?.pop() === 'VERSION_NEUTRAL') return [null];
  const lit = literalValue(n, index);
  if (typeof lit === 'number') return [String(lit)];
  const s = stringValue(n, index);
  return s === undefined ? undefined : [s];
}

/** Tag carrying a controller method's declared versions (method `@Version` wins over the class). */
export function versionTag(ctrlArgs: AstNode[], methodVersion: AstNode[] | undefined, index: JsIndex): string | undefined {
  const declared = methodVersion ? versionsOf(methodVersion[0], index) : versionsOf(objectProp(ctrlArgs[0], 'version'), index);
  return declared ? NEST_VERSION + JSON.stringify(declared) : undefined;
}

/** `exclude: [...]`, or a local array filled before the call (`const paths = []; paths.push({ path: '/health', ... })`). */
function excludedRoutes(ex: AstNode | undefined, index: JsIndex): AstNode[] {
  if (ex?.type === 'ArrayExpression') return ex.elements.filter((e): e is NonNullable<typeof e> => !!e) as AstNode[];
  if (ex?.type !== 'Identifier') return [];
  const init = unwrap(index.initAt(ex.name, ex));
  const out = init?.type === 'ArrayExpression' ? excludedRoutes(init, index) : [];
  for (const c of index.nodesOf('CallExpression')) {
    const path = memberPath(c.callee as AstNode);
    if (path?.length === 2 && path[0] === ex.name && path[1] === 'push') out.push(...(c.arguments as AstNode[]));
  }
  return out;
}

/** `app.setGlobalPrefix(...)`, `app.enableVersioning(...)`, `registerAs('ns', () => ({...}))`. */
export function pathRecords(call: CallLike, index: JsIndex, selector: (a: AstNode) => RouteSelector): FactInput[] {
  const prop = calleeProperty(call);
  const args = call.arguments as AstNode[];
  if (prop === 'setGlobalPrefix' && args.length > 0) {
    const opts = resolveObject(args[1], index);
    const exclude = excludedRoutes(unwrap(objectProp(opts, 'exclude')), index).map(selector);
    const data: PrefixRecord = { kind: 'prefix', exclude };
    const value = defaulted(args[0], index);
    const arg0 = unwrap(args[0]);
    if (value !== undefined) data.prefix = value;
    else if (arg0.type === 'CallExpression' && /^(get|getOrThrow)$/.test(calleeProperty(arg0) ?? '') && stringValue(arg0.arguments[0] as AstNode, index) !== undefined) {
      data.configKey = stringValue(arg0.arguments[0] as AstNode, index);
    } else data.unresolved = index.text(args[0]);
    return [record(index, call, data, 'prefix')];
  }
  if (prop === 'enableVersioning') {
    const opts = resolveObject(args[0], index);
    const type = memberPath(objectProp(opts, 'type'))?.pop() ?? 'URI';
    const p = objectProp(opts, 'prefix');
    const prefix = literalValue(p, index) === false ? '' : (stringValue(p, index) ?? 'v');
    const data: VersioningRecord = { kind: 'versioning', type, prefix };
    const def = versionsOf(objectProp(opts, 'defaultVersion'), index);
    if (def) data.defaultVersion = def;
    return [record(index, call, data, 'versioning')];
  }
  if (calleeName(call)?.split('.').pop() === 'registerAs' && args.length >= 2) {
    const namespace = stringValue(args[0], index);
    const values = namespace === undefined ? undefined : factoryValues(args[1], index);
    if (namespace !== undefined && values && Object.keys(values).length > 0) return [record(index, call, { kind: 'config', namespace, values }, `config:${namespace}`)];
  }
  return [];
}

/**
 * `fieldResolverEnhancers: [...]` in any options object (forRoot, forRootAsync's useFactory, a
 * GqlOptionsFactory class). A value that is not a literal array counts as enabling guards, so an
 * unread setting never turns guarded fields into unguarded ones.
 */
export function enhancerRecords(index: JsIndex): FactInput[] {
  const out: FactInput[] = [];
  for (const obj of index.nodesOf('ObjectExpression')) {
    const value = unwrap(objectProp(obj, 'fieldResolverEnhancers'));
    if (!value) continue;
    const guards = value.type !== 'ArrayExpression' || value.elements.some((e) => { const s = e ? stringValue(e as AstNode, index) : undefined; return s === undefined || s === 'guards'; });
    out.push(record(index, value, { kind: 'field-enhancers', guards }, `field-enhancers:${index.line(value)}`));
  }
  return out;
}

/** Top-level string defaults of a config factory `() => ({ key: ... })` or `() => { return {...} }`. */
function factoryValues(fn: AstNode, index: JsIndex): Record<string, string> | undefined {
  const f = unwrap(fn);
  if (f.type !== 'ArrowFunctionExpression' && f.type !== 'FunctionExpression') return undefined;
  let obj: AstNode | undefined;
  const body = f.body as AstNode | null;
  if (body?.type === 'BlockStatement') {
    for (const st of body.body) if (st.type === 'ReturnStatement' && st.argument) obj = st.argument as AstNode;
  } else if (body) obj = (f as unknown as { expression?: boolean }).expression === false ? undefined : body;
  const o = unwrap(obj);
  if (!o || o.type !== 'ObjectExpression') return undefined;
  const out: Record<string, string> = {};
  for (const p of o.properties) {
    const key = propertyKey(p as AstNode);
    const v = p.type === 'Property' ? defaulted(p.value as AstNode, index) : undefined;
    if (key !== undefined && v !== undefined) out[key] = v;
  }
  return out;
}

/** Rename what linkRoutes would process before `linkNest` has joined the Nest records. */
export function deferFacts(facts: FactInput[]): FactInput[] {
  return facts.map((f) => {
    if (f.kind === 'entrypoint' && f.tags?.some((t) => t.startsWith(ROUTE_TAG))) return { ...f, tags: f.tags.map((t) => (t.startsWith(ROUTE_TAG) ? NEST_ROUTE + t.slice(ROUTE_TAG.length) : t)) };
    if (f.kind === 'config' && HIDDEN.has(f.setting)) return { ...f, setting: DEFERRED, values: { ...f.values, nestSetting: f.setting } };
    return f;
  });
}

function rootFinder(facts: Fact[]): (file: string) => string {
  const roots = facts.flatMap((f) => (f.kind === 'project' ? [f.root === '.' ? '' : f.root] : []));
  // Asked once per fact of the repository, with hundreds of projects in a monorepo: once per file.
  const byFile = new Map<string, string>();
  return (file) => {
    let root = byFile.get(file);
    if (root === undefined) {
      root = roots.filter((r) => r === '' || file.startsWith(`${r}/`)).reduce((best, r) => (r.length > best.length ? r : best), '');
      byFile.set(file, root);
    }
    return root;
  };
}

function matches(sel: RouteSelector, method: string | undefined, path: string, controller: string | undefined): boolean {
  if (sel.controller !== undefined) return sel.controller === controller;
  if (sel.method && method && sel.method.toUpperCase() !== method.toUpperCase()) return false;
  // `(.*)` is path-to-regexp's wildcard (`media/(.*)`): the same as `*`.
  const pattern = (sel.path ?? '*').replace(/^\/+|\/+$/g, '').replace(/\(\.\*\)/g, '*');
  if (pattern === '') return path === '/' || path === '';
  if (pattern === '*' || pattern === '(.*)') return true;
  const re = new RegExp(`^/?${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\\\(\.\*\\\)|\*/g, '.*').replace(/:\w+/g, '[^/]+')}/?$`);
  return re.test(path);
}

interface RootPaths {
  prefix?: string;
  exclude: RouteSelector[];
  versioning?: VersioningRecord;
  segments: Set<string>;
}

/** Joins the deferred Nest records, gives each Nest route its full local path, then links routes. */
export function linkNest(facts: Fact[]): Fact[] {
  // No Nest code deferred anything: the plain route link, without a second pass over every fact.
  // A role map (role-permissions.ts) is read from any file: alone it is no Nest code.
  const deferred = facts.some((f) => (f.kind === 'config' && f.setting === DEFERRED && !f.key?.endsWith(':role-permissions')) || (f.kind === 'entrypoint' && f.tags?.some((t) => t.startsWith(NEST_ROUTE))));
  if (!deferred) return linkRoutes(facts);
  const rootOf = rootFinder(facts);
  const config = new Map<string, string>();
  const prefixes: { root: string; rec: PrefixRecord }[] = [];
  const byRoot = new Map<string, RootPaths>();
  const fieldGuards = new Set<string>();
  const logins = new PassportLogins();
  const tokens = new ServiceTokens();
  const policies = new GuardPolicies();
  const routers = new RouterPrefixes();
  const composites = new Composites();
  const reach = new Reachability();
  const gates = new ServiceGates();
  const inert = new InertGuards();
  const publicKeys = new PublicKeys();
  const paths = (root: string): RootPaths => byRoot.get(root) ?? byRoot.set(root, { exclude: [], segments: new Set() }).get(root)!;
  for (const f of facts) {
    if (f.kind !== 'config' || f.setting !== DEFERRED || typeof f.values.nestRecord !== 'string') continue;
    const rec = JSON.parse(f.values.nestRecord) as NestRecord;
    const root = rootOf(f.evidence.file);
    if (rec.kind === 'config') for (const [k, v] of Object.entries(rec.values)) config.set(`${root}|${rec.namespace}.${k}`, v);
    else if (rec.kind === 'prefix') prefixes.push({ root, rec });
    else if (rec.kind === 'field-enhancers') {
      if (rec.guards) fieldGuards.add(root);
    } else if (rec.kind === 'passport-strategy' || rec.kind === 'passport-guard') logins.add(root, rec);
    else if (rec.kind === 'token-guard' || rec.kind === 'token-mint' || rec.kind === 'mint-calls') tokens.add(root, rec);
    else if (isPolicyRecord(rec)) policies.add(root, rec);
    else if (rec.kind === 'router-module' || rec.kind === 'nest-module') {
      routers.add(f.evidence.file, rec);
      if (rec.kind === 'nest-module') reach.addModule(rec);
    } else if (rec.kind === 'nest-refs') reach.add(f.evidence.file, rec);
    else if (rec.kind === 'service-gate') gates.add(root, rec);
    else if (rec.kind === 'metadata-guard' || rec.kind === 'metadata-setter' || rec.kind === 'decorator-uses') inert.add(f.evidence, rec);
    else if (rec.kind === 'skip-guard' || rec.kind === 'key-setter') publicKeys.add(rec);
    else if (rec.kind === 'composite-decorator') composites.add(f.evidence.file, rec);
    else if (rec.type === 'URI') paths(root).versioning ??= rec;
  }
  for (const { root, rec } of prefixes) {
    const prefix = rec.prefix ?? (rec.configKey ? config.get(`${root}|${rec.configKey}`) : undefined);
    if (prefix === undefined) continue; // not known: no prefix rather than an invented one
    const p = paths(root);
    p.prefix ??= prefix;
    p.exclude.push(...rec.exclude);
  }

  const globalNames = new Map<string, string[]>();
  // Global guards first: a global object-level ACL guard makes each route's permission decorator its level.
  for (const f of facts) {
    const data = globalGuardData(f);
    if (data) policies.addGlobal(rootOf(f.evidence.file), data);
    const gname = data?.guard?.byName ?? data?.guard?.name;
    if (gname) globalNames.set(rootOf(f.evidence.file), [...(globalNames.get(rootOf(f.evidence.file)) ?? []), gname]);
  }
  const lists = policies.permissionLists();
  // Controllers no module lists are no routes; those only a dev/test switch loads are dev-only.
  const judge = reach.empty ? undefined : reach.judge(facts, nestControllers(facts));
  const out: Fact[] = [];
  for (const f of facts) {
    if (f.kind === 'config' && f.setting === DEFERRED) {
      if (typeof f.values.nestSetting !== 'string') continue;
      const { nestSetting, ...values } = f.values;
      out.push({ ...f, setting: nestSetting, values } as ConfigFact);
      continue;
    }
    const tag = f.kind === 'entrypoint' ? f.tags?.find((t) => t.startsWith(NEST_ROUTE)) : undefined;
    if (!tag || f.kind !== 'entrypoint') {
      out.push(f);
      continue;
    }
    const reached = judge && f.protocol === 'http' && f.handler?.name ? judge(f.handler.name.split('.')[0], f.handler.file) : undefined;
    if (reached === 'drop') continue;
    let meta = JSON.parse(tag.slice(NEST_ROUTE.length)) as RouteMeta;
    // Composite decorators stand for the guards they apply (composite.ts).
    const ctag = f.tags?.find((t) => t.startsWith(NEST_COMPOSITE));
    if (ctag && !composites.empty) meta = { ...meta, mw: composites.expand(f.evidence.file, JSON.parse(ctag.slice(NEST_COMPOSITE.length)) as CompositeCandidate[], meta.mw, facts) };
    // Guards that run a Passport login strategy start or complete a login: they guard nothing.
    if (!logins.empty) meta = { ...meta, mw: logins.rewrite(rootOf(f.evidence.file), meta.mw) };
    // Guards that return true for the metadata the route's decorators set (public-keys.ts).
    const ktag = f.tags?.find((t) => t.startsWith(NEST_KEYS));
    if (ktag && !publicKeys.empty) {
      const keys = publicKeys.keysOf(ktag);
      meta = { ...meta, mw: publicKeys.rewrite(meta.mw, keys) };
      // A global guard that returns true for them (`if (roles?.includes('public')) return true`) skips the route too.
      const skips = publicKeys.globalSkips(globalNames.get(rootOf(f.evidence.file)) ?? [], keys);
      if (skips.guards.length > 0) meta = { ...meta, mw: publicKeys.opens(meta.mw, skips.opened), skipGlobals: skips.guards };
    }
    // The permission list a global permission-list guard reads (permission-lists.ts).
    const listed = ktag && lists.length > 0 ? listJudgement(ktag, lists, publicKeys, meta.mw) : undefined;
    if (listed) meta = { ...meta, mw: listed.mw };
    // An opt-in authentication guard (global or on the route) authenticates routes that set its metadata (opt-in-auth.ts).
    if (ktag) {
      const root = rootOf(f.evidence.file);
      const optGuards = policies.optInGuards(root, [...(globalNames.get(root) ?? []).filter((g) => !meta.skipGlobals?.includes(g)), ...meta.mw.filter((r) => r.role === undefined && !r.optedOut).map((r) => r.byName ?? r.name)]);
      const ref = optGuards.length > 0 ? optInRef(optGuards, routeOptIn(ktag, publicKeys)) : undefined;
      if (ref && !meta.mw.some((r) => r.name === ref.name && r.role === ref.role)) meta = { ...meta, mw: [...meta.mw, ref] };
    }
    // An ability check only privileged roles pass, on an ability not built from a record the client names (ability-checks.ts).
    const atag = f.tags?.find((t) => t.startsWith(NEST_ABILITY));
    if (atag && !meta.inline) {
      const check = JSON.parse(atag.slice(NEST_ABILITY.length)) as AbilityCheck;
      if (!check.scoped && policies.abilityLevel(rootOf(f.evidence.file), check.reqs) === 'admin') meta = { ...meta, inline: { level: 'admin', why: `handler refuses when ${check.why} (granted only to privileged roles)` } };
    }
    let rest = (f.tags ?? []).filter((t) => t !== tag && !t.startsWith(NEST_VERSION) && !t.startsWith(NEST_COMPOSITE) && !t.startsWith(NEST_KEYS) && !t.startsWith(NEST_ABILITY));
    if (reached === 'dev') rest = [...rest.filter((t) => !DEV_TAGS.includes(t)), ...DEV_TAGS];
    if (listed?.open && !rest.includes('declared-public')) rest = [...rest, 'declared-public'];
    // The service method the handler hands the request to keeps a gate (service-gates.ts).
    const gcall = rest.find((t) => t.startsWith(NEST_GATE_CALL));
    if (gcall) {
      const gate = gates.empty ? undefined : gates.gateOf(rootOf(f.evidence.file), gcall.slice(NEST_GATE_CALL.length));
      rest = rest.filter((t) => t !== gcall);
      if (gate && !rest.includes(gate)) rest = [...rest, gate];
    }
    const local = meta.local;
    if (f.protocol === 'graphql' && f.method === 'RESOLVEFIELD' && !meta.public && !fieldGuards.has(rootOf(f.evidence.file))) {
      // Nest runs no guards, interceptors or filters on field resolvers unless enabled.
      meta = { ...meta, mw: [], public: true };
      rest = [...rest, GUARDS_SKIPPED];
    }
    if (f.protocol !== 'http' || local === undefined) {
      if (!policies.empty) meta = { ...meta, mw: policies.rewrite(rootOf(f.evidence.file), meta.mw, () => true) };
      out.push({ ...f, tags: [...rest, encodeMeta(meta)] });
      continue;
    }
    const p = byRoot.get(rootOf(f.evidence.file));
    const vtag = f.tags?.find((t) => t.startsWith(NEST_VERSION));
    const declared = vtag ? (JSON.parse(vtag.slice(NEST_VERSION.length)) as Versions) : undefined;
    const v = p?.versioning;
    const versions = v ? (declared ?? v.defaultVersion ?? [null]) : [null];
    const controller = f.handler?.name?.split('.')[0];
    // RouterModule path of the controller's module (router-module.ts): after the version segment.
    const routed = withModulePath(f.handler && controller ? routers.prefixOf(f.handler.file, controller, facts) : undefined, local);
    for (const version of [...new Set(versions)]) {
      const segment = version === null || !v ? '' : `/${v.prefix}${version}`;
      if (segment) p!.segments.add(segment);
      const versioned = joinPath(segment, routed);
      const excluded = p?.exclude.some((s) => matches(s, f.method, local, controller) || matches(s, f.method, routed, controller) || matches(s, f.method, versioned, controller));
      const full = p?.prefix && !excluded ? joinPath(p.prefix, versioned) : versioned;
      // Policy guards and scoped throttlers among the route's own guards (guard-policies.ts).
      const mw = policies.empty ? meta.mw : policies.rewrite(rootOf(f.evidence.file), meta.mw, (s) => matches(s, f.method, full, controller));
      out.push({ ...f, path: full, tags: [...rest, encodeMeta({ ...meta, mw, local: full })] });
    }
  }
  // Handler facts an earlier link already attached to their route: a second link would drop them.
  const attached = (f: Fact) => f.kind === 'config' && HIDDEN.has(f.setting) && f.values.routeFile !== undefined;
  // Routes whose owner guard (`return share.creatorId == user.id`) compared these path parameters.
  const ownedRoutes = new Map<string, string[]>();
  const linked = linkRoutes(
    out
      .filter((f) => !attached(f))
      .flatMap((f) => (isNestGuardConfig(f) && !policies.empty ? policies.rewriteGlobal(rootOf(f.evidence.file), f) : [f]))
      .map((f) => (isNestGuardConfig(f) ? withPrefixedSelectors(f, byRoot.get(rootOf(f.evidence.file))) : f)),
    (file, line, params) => ownedRoutes.set(`${file}:${line}`, [...(ownedRoutes.get(`${file}:${line}`) ?? []), ...params]),
  );
  // A record selected by a parameter the route's owner guard checked is the caller's own.
  const ownerChecked = (f: Fact) => {
    if (f.kind !== 'config' || f.setting !== 'record-access') return false;
    const params = ownedRoutes.get(`${String(f.values.routeFile)}:${String(f.values.routeLine)}`);
    return !!params && ownerKeyed(String(f.values.idSource ?? ''), params);
  };
  // Guards of service tokens that only admin routes create are admin credentials.
  const all = [...tokens.upgrade(linked, rootOf).map(unguardedField), ...out.filter((f) => attached(f) && !ownerChecked(f))];
  // JWT decodes inside guards no route ever opts into (inert-guards.ts).
  return inert.empty ? all : inert.mark(all);
}

export const GUARDS_SKIPPED = 'guards-skipped';

/** Controller class → the files (without extension) declaring a Nest HTTP controller of that name. */
function nestControllers(facts: readonly Fact[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const f of facts) {
    if (f.kind !== 'entrypoint' || f.protocol !== 'http' || !f.handler?.name || !f.tags?.some((t) => t.startsWith(NEST_ROUTE))) continue;
    const cls = f.handler.name.split('.')[0];
    (out.get(cls) ?? out.set(cls, new Set()).get(cls)!).add(fileNoExt(f.handler.file));
  }
  return out;
}

/**
 * The field resolver was kept out of global guards the way `@Public()` is; it was not declared
 * public, so the tag that says so is dropped.
 */
function unguardedField(f: Fact): Fact {
  if (f.kind !== 'entrypoint' || !f.tags?.includes(GUARDS_SKIPPED) || !f.tags.includes('declared-public')) return f;
  return { ...f, tags: f.tags.filter((t) => t !== 'declared-public') };
}

/**
 * Middleware consumers select routes by their path without the global prefix and version
 * (`forRoutes('cats')`); the local paths now carry both, so each path selector also matches them.
 */
/** The data of a Nest global guard fact, deferred or not (`{ guard, routes?, exclude? }`). */
function globalGuardData(f: Fact): { guard?: MwRef; routes?: unknown; exclude?: unknown } | undefined {
  if (f.kind !== 'config' || f.values.framework !== 'nestjs' || typeof f.values.data !== 'string') return undefined;
  if (f.setting !== 'auth-global-guard' && !(f.setting === DEFERRED && f.values.nestSetting === 'auth-global-guard')) return undefined;
  try {
    return JSON.parse(f.values.data) as { guard?: MwRef };
  } catch {
    return undefined;
  }
}

function isNestGuardConfig(f: Fact): boolean {
  return f.kind === 'config' && f.setting === 'auth-global-guard' && f.values.framework === 'nestjs';
}

function withPrefixedSelectors(f: Fact, p: RootPaths | undefined): Fact {
  if (!p || (!p.prefix && p.segments.size === 0) || f.kind !== 'config' || f.setting !== 'auth-global-guard' || typeof f.values.data !== 'string' || f.values.framework !== 'nestjs') return f;
  const data = JSON.parse(f.values.data) as { routes?: RouteSelector[]; exclude?: RouteSelector[] };
  if (!data.routes && !data.exclude) return f;
  const widen = (sels: RouteSelector[] | undefined) =>
    sels?.flatMap((s) => {
      const pattern = (s.path ?? '*').replace(/^\/+/, '');
      if (s.path === undefined || pattern === '*' || pattern === '(.*)' || pattern === '') return [s];
      const variants = [s];
      for (const pre of p.prefix ? [p.prefix, ''] : ['']) for (const seg of ['', ...p.segments]) if (pre || seg) variants.push({ ...s, path: joinPath(pre, joinPath(seg, pattern)) });
      return variants;
    });
  return { ...f, values: { ...f.values, data: JSON.stringify({ ...data, routes: widen(data.routes), exclude: widen(data.exclude) }) } };
}
