import picomatch from 'picomatch';
import { stableId } from '../ids.js';
import type {
  Asset,
  AuthLevel,
  Classification,
  Component,
  Dependency,
  EntryPoint,
  EntrypointFact,
  Evidence,
  Exposure,
  Fact,
  Flow,
  TrustBoundary,
} from '../types.js';
import type { DraftComponent } from './components.js';
import { deploymentExposure, discoverComponents, owningComponent } from './components.js';
import { connectCloud } from './cloud.js';
import { connectDatastores, connectDeployments, connectOutbound, FlowSet } from './connections.js';
import { connectGrpc, grpcServers, grpcServiceTarget, implementerOf } from './grpc.js';
import { FactIndex } from './facts.js';
import { connectLabelRoutes, exposeUpstreams, markProxies, proxyConfigFiles } from './proxies.js';
import { STORE_TECH } from './tech.js';
import { assignZones } from './zones.js';

export interface BuildOverrides {
  classification?: { match: string; classification: Classification }[];
  trustZones?: { match: string; zone: string }[];
  exposure?: { match: string; exposure: Exposure }[];
}

export interface SystemModel {
  components: Component[];
  flows: Flow[];
  trustBoundaries: TrustBoundary[];
  entryPoints: EntryPoint[];
  assets: Asset[];
  dependencies: Dependency[];
  /** Things the builder had to assume (become model assumptions). */
  assumptions: string[];
  /** Code component owning a file (for rules and scoring). */
  componentOf(file: string): Component | undefined;
}

const CLASS_RANK: Record<Classification, number> = { public: 0, internal: 1, confidential: 2, restricted: 3 };

function matches(glob: string, ...candidates: (string | undefined)[]): boolean {
  const test = picomatch(glob, { nocase: true, dot: true });
  return candidates.some((c) => c !== undefined && (c === glob || test(c)));
}

function byId<T extends { id: string }>(a: T, b: T): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function decideExposure(components: DraftComponent[], facts: FactIndex, overrides: BuildOverrides, assumptions: string[]): void {
  const withHttp = new Set<string>();
  const code = components.filter((c) => c.roots.length > 0);
  for (const entry of facts.of('entrypoint')) {
    const owner = owningComponent(code, entry.evidence.file);
    if (owner && entry.protocol !== 'cli' && entry.protocol !== 'queue') withHttp.add(owner.id);
  }
  for (const component of components) {
    const override = overrides.exposure?.find((o) => matches(o.match, component.name, ...component.paths));
    if (override) {
      component.exposure = override.exposure;
      component.notes?.push(`exposure set to ${override.exposure} by .threatcode.yml`);
      continue;
    }
    if (component.kind === 'external') continue;
    const deployed = deploymentExposure(component);
    if (deployed) {
      component.exposure = deployed.exposure;
      component.notes?.push(deployed.reason);
    } else if (component.kind === 'frontend') {
      component.exposure = 'internet';
      component.notes?.push('single-page frontend served to browsers');
    } else if (withHttp.has(component.id)) {
      component.exposure = 'internet';
      component.notes?.push('serves HTTP and no deployment descriptor says otherwise');
      assumptions.push(`${component.name} is assumed to be reachable from the internet: it serves HTTP and no deployment file (compose, Kubernetes, Terraform) restricts it.`);
    } else {
      component.exposure = component.roots.length > 0 ? 'internal' : 'internal';
    }
  }
}

function buildEntryPoints(components: DraftComponent[], facts: FactIndex, servers: Map<string, DraftComponent[]>): EntryPoint[] {
  const code = components.filter((c) => c.roots.length > 0);
  const merged = new Map<string, EntryPoint>();
  const entrypoints = facts.of('entrypoint');
  for (const fact of entrypoints) {
    if (fact.tags?.includes('declared')) continue;
    const owner = owningComponent(code, fact.evidence.file);
    if (!owner) continue;
    // A single-page app's `api.post('/v1/x', data)` on an imported client that no router mount
    // explains is the browser calling its API, not a route it serves.
    if (owner.kind === 'frontend' && fact.protocol === 'http' && fact.tags?.includes('mount-unresolved')) continue;
    const method = fact.method?.toUpperCase();
    const key = `${owner.id}|${fact.protocol}|${method ?? ''}|${fact.path ?? fact.key}`;
    let id = stableId('entrypoint', key);
    let existing = merged.get(id);
    // Registered and handled in other files than the entry point already kept (two controllers or
    // routers whose prefixes were not both resolved, a second app of the same service): another
    // entry point, or its auth and handler would be lost. Its id then also names its handler.
    // Within one file the first registration of a method and path answers (Express, Koa), so
    // later ones there still merge into it.
    if (existing?.handler && fact.handler && existing.handler.file !== fact.handler.file && !existing.evidence.some((e) => e.file === fact.evidence.file)) {
      id = stableId('entrypoint', `${key}|${fact.handler.file}:${fact.handler.line}`);
      existing = merged.get(id);
    }
    if (existing && !existing.handler && fact.handler) {
      // The code that handles it says more (auth, handler) than a schema file declaring the same
      // operation (`schema.graphql` beside the resolvers), whichever file sorts first.
      const replaced = entryPointOf(id, owner, fact, method);
      replaced.evidence.push(...existing.evidence.filter((e) => !(e.file === fact.evidence.file && e.line === fact.evidence.line)));
      merged.set(id, replaced);
      continue;
    }
    if (existing) {
      if (!existing.evidence.some((e) => e.file === fact.evidence.file && e.line === fact.evidence.line)) existing.evidence.push(fact.evidence);
      continue;
    }
    merged.set(id, entryPointOf(id, owner, fact, method));
  }
  mergeDeclared(entrypoints.filter((f) => f.tags?.includes('declared')), code, merged, servers);
  return [...merged.values()];
}

function entryPointOf(id: string, owner: DraftComponent, fact: EntrypointFact, method: string | undefined, extraTags: string[] = []): EntryPoint {
  return {
    id,
    component: owner.id,
    kind: fact.protocol,
    method,
    path: fact.path,
    auth: fact.auth,
    framework: fact.framework,
    middleware: [...fact.middleware],
    handler: fact.handler,
    exposure: owner.exposure,
    tags: [...new Set([...(fact.tags ?? []), ...extraTags])].sort(),
    evidence: [fact.evidence],
  };
}

/** `/orders/:id`, `/orders/<int:id>` and `/orders/{orderId}` all read `/orders/{}`. */
export function normaliseRoutePath(path: string): string {
  const p = path.replace(/\{[^}]*\}|:[A-Za-z_][\w-]*|<[^>]*>|\*[A-Za-z_]\w*/g, '{}').replace(/\/+$/, '');
  return p === '' ? '/' : p;
}

/**
 * Spec-declared entry points (OpenAPI operations, proto rpcs) merge into the code entry point with
 * the same method and path, so an endpoint is counted once; those no code serves stay, tagged
 * `declared-only`. A spec that requires authentication where the code has no guard tags the
 * entry point `spec-auth-mismatch`.
 */
function mergeDeclared(declared: EntrypointFact[], code: DraftComponent[], merged: Map<string, EntryPoint>, servers: Map<string, DraftComponent[]>): void {
  const ownerBySpec = new Map<string, Map<string, number>>();
  const leftover: EntrypointFact[] = [];
  // Code entry points by kind, method and normalised path, in `merged` order (perf: one pass
  // instead of a scan of every entry point per declared operation). Nothing is added to `merged`
  // and no `declared-only` tag is set before the leftovers, so the index stays true in this loop.
  const routeKey = (kind: string, method: string, path: string) => `${kind}\u0000${method}\u0000${path}`;
  const byRoute = new Map<string, EntryPoint[]>();
  for (const e of merged.values()) {
    if (e.tags.includes('declared-only') || e.path === undefined) continue;
    // A page the browser renders (`pages/bots.tsx` at `/bots`) is not the API operation of
    // the same path (`GET /bots` under the spec's `/api/v1` server).
    if (e.tags.includes('server-rendered-page') || e.tags.includes('ui-shell')) continue;
    const key = routeKey(e.kind, e.method ?? '', normaliseRoutePath(e.path));
    const list = byRoute.get(key);
    if (list) list.push(e);
    else byRoute.set(key, [e]);
  }
  const sameRoute = (fact: EntrypointFact, path: string | undefined): EntryPoint[] =>
    path === undefined ? [] : (byRoute.get(routeKey(fact.protocol, fact.method?.toUpperCase() ?? '', path)) ?? []);
  for (const fact of declared) {
    const specOwner = fact.protocol === 'grpc' ? implementerOf(servers, fact) ?? owningComponent(code, fact.evidence.file) : owningComponent(code, fact.evidence.file);
    const base = fact.tags?.find((t) => t.startsWith('base-path:'))?.slice('base-path:'.length);
    const paths = fact.path ? [normaliseRoutePath(fact.path)] : [];
    if (fact.path && base && fact.path.startsWith(base)) paths.push(normaliseRoutePath(fact.path.slice(base.length) || '/'));
    // The full path (server base included) first; the bare path only when nothing serves the full one.
    const full = sameRoute(fact, paths[0]);
    const candidates = full.length > 0 ? full : sameRoute(fact, paths[1]);
    const inOwner = candidates.filter((e) => e.component === specOwner?.id);
    const target = inOwner[0] ?? (new Set(candidates.map((c) => c.component)).size === 1 ? candidates[0] : undefined);
    if (!target) {
      leftover.push(fact);
      continue;
    }
    if (!target.evidence.some((e) => e.file === fact.evidence.file && e.line === fact.evidence.line)) target.evidence.push(fact.evidence);
    const tags = new Set([...target.tags, 'declared']);
    if ((fact.auth === 'user' || fact.auth === 'admin') && target.auth === 'none') tags.add('spec-auth-mismatch');
    target.tags = [...tags].sort();
    const counts = ownerBySpec.get(fact.evidence.file) ?? new Map<string, number>();
    counts.set(target.component, (counts.get(target.component) ?? 0) + 1);
    ownerBySpec.set(fact.evidence.file, counts);
  }
  for (const fact of leftover) {
    const implementer = fact.protocol === 'grpc' ? implementerOf(servers, fact) : undefined;
    const counts = [...(ownerBySpec.get(fact.evidence.file) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const owner = implementer ?? owningComponent(code, fact.evidence.file) ?? code.find((c) => c.id === counts[0]?.[0]);
    if (!owner) continue;
    const method = fact.method?.toUpperCase();
    const id = stableId('entrypoint', `${owner.id}|${fact.protocol}|${method ?? ''}|${fact.path ?? fact.key}`);
    const existing = merged.get(id);
    if (existing) {
      existing.evidence.push(fact.evidence);
      continue;
    }
    merged.set(id, entryPointOf(id, owner, fact, method, implementer ? [] : ['declared-only']));
  }
}

/** Stores that hold data models: databases and search indexes, not caches, queues or file storage. */
function isDatabase(component: DraftComponent): boolean {
  if (component.kind !== 'datastore') return false;
  const kind = component.storeTech ? STORE_TECH[component.storeTech]?.storeKind : undefined;
  return kind === undefined || kind === 'database' || kind === 'search';
}

function buildAssets(components: DraftComponent[], facts: FactIndex, flows: FlowSet, overrides: BuildOverrides): Asset[] {
  const code = components.filter((c) => c.roots.length > 0);
  const assets = new Map<string, Asset>();
  // Flows and components do not change here: the databases each owner writes to, computed once per owner.
  const componentById = new Map<string, DraftComponent>();
  for (const c of components) if (!componentById.has(c.id)) componentById.set(c.id, c);
  const flowList = flows.list();
  const storesByOwner = new Map<string, string[]>();
  const storesOf = (ownerId: string): string[] => {
    let stores = storesByOwner.get(ownerId);
    if (!stores) {
      stores = flowList
        .filter((f) => f.from === ownerId)
        .map((f) => componentById.get(f.to))
        .filter((c): c is DraftComponent => c !== undefined && isDatabase(c))
        .map((c) => c.id);
      storesByOwner.set(ownerId, stores);
    }
    return [...stores];
  };
  const classificationOverride = new Map<string, Classification | undefined>();
  for (const model of facts.of('data-model')) {
    const owner = owningComponent(code, model.evidence.file);
    if (!classificationOverride.has(model.name)) classificationOverride.set(model.name, overrides.classification?.find((o) => matches(o.match, model.name))?.classification);
    const classification = classificationOverride.get(model.name) ?? model.classification;
    const id = stableId('asset', model.name.toLowerCase());
    const stores = owner ? storesOf(owner.id) : [];
    const existing = assets.get(id);
    if (existing) {
      if (CLASS_RANK[classification] > CLASS_RANK[existing.classification]) existing.classification = classification;
      for (const s of stores) if (!existing.storedIn.includes(s)) existing.storedIn.push(s);
      existing.evidence.push(model.evidence);
      continue;
    }
    assets.set(id, { id, name: model.name, classification, categories: [...model.categories].sort(), storedIn: stores.sort(), evidence: [model.evidence] });
  }
  const secrets = facts.of('secret');
  if (secrets.length > 0) {
    const id = stableId('asset', 'secrets-in-source');
    assets.set(id, { id, name: 'Secrets in source code', classification: 'restricted', categories: ['credentials'], storedIn: [], evidence: secrets.slice(0, 5).map((s) => s.evidence) });
  }
  return [...assets.values()];
}

/** Actor → internet-facing components, and data labels on every flow. */
function connectActors(components: DraftComponent[], entryPoints: EntryPoint[], flows: FlowSet): void {
  const exposed = components.filter((c) => c.exposure === 'internet' && (c.kind === 'frontend' || c.kind === 'service' || c.kind === 'function'));
  if (exposed.length === 0) return;
  const actor: DraftComponent = {
    id: stableId('component', 'actor:browser'),
    name: 'Browser / internet user',
    kind: 'actor',
    tech: [],
    paths: [],
    exposure: 'internet',
    trustZone: '',
    notes: [],
    evidence: [],
    roots: [],
    workloads: [],
  };
  components.push(actor);
  const byComponent = entryPointsByComponent(entryPoints);
  for (const component of exposed) {
    const eps = (byComponent.get(component.id) ?? []).filter((e) => e.kind !== 'cli' && e.kind !== 'queue');
    if (component.kind !== 'frontend' && eps.length === 0 && !component.gateway) continue;
    const auth: boolean | 'unknown' = eps.length === 0 ? 'unknown' : eps.some((e) => e.auth === 'none') ? false : eps.every((e) => e.auth === 'user' || e.auth === 'admin') ? true : 'unknown';
    flows.add(actor.id, component.id, 'HTTPS', eps[0]?.evidence[0] ?? component.evidence[0], { authenticated: auth });
  }
}

/** Entry points grouped by component, each group in the original order. */
function entryPointsByComponent(entryPoints: readonly EntryPoint[]): Map<string, EntryPoint[]> {
  const out = new Map<string, EntryPoint[]>();
  for (const e of entryPoints) {
    const list = out.get(e.component);
    if (list) list.push(e);
    else out.set(e.component, [e]);
  }
  return out;
}

function labelFlowData(components: DraftComponent[], assets: Asset[], entryPoints: EntryPoint[], flows: FlowSet): void {
  const byId = new Map(components.map((c) => [c.id, c]));
  const byComponent = entryPointsByComponent(entryPoints);
  for (const flow of flows.list()) {
    const to = byId.get(flow.to);
    if (!to) continue;
    for (const asset of assets) if (asset.storedIn.includes(flow.to)) flow.data.add(asset.name);
    if (to.kind === 'service' || to.kind === 'function') {
      const eps = byComponent.get(to.id) ?? [];
      if (eps.some((e) => e.tags.includes('login') || e.tags.includes('signup'))) flow.data.add('credentials');
      if (eps.some((e) => e.auth !== 'none')) flow.data.add('session tokens');
      if (eps.some((e) => e.tags.includes('upload'))) flow.data.add('uploaded files');
    }
    if (to.kind === 'external' && /stripe|paypal|braintree|adyen/i.test(to.name)) flow.data.add('payment data');
  }
}

function buildDependencies(components: DraftComponent[], facts: FactIndex): Dependency[] {
  const code = components.filter((c) => c.roots.length > 0);
  const seen = new Map<string, Dependency>();
  // A lockfile gives thousands of dependencies with one manifest path: find its owner once.
  const owners = new Map<string, DraftComponent | undefined>();
  const ownerOf = (file: string): DraftComponent | undefined => {
    if (!owners.has(file)) owners.set(file, owningComponent(code, file));
    return owners.get(file);
  };
  for (const dep of facts.of('dependency')) {
    const owner = ownerOf(dep.manifest) ?? ownerOf(dep.evidence.file);
    const component = owner?.id ?? '';
    const key = `${dep.ecosystem}|${dep.name}|${dep.version}|${component}`;
    const existing = seen.get(key);
    if (existing) {
      existing.direct ||= dep.direct;
      continue;
    }
    seen.set(key, { ecosystem: dep.ecosystem, name: dep.name, version: dep.version, direct: dep.direct, scope: dep.scope, component, manifest: dep.manifest, purl: dep.purl });
  }
  // Keys built once, not twice per comparison; a Collator is what localeCompare uses without arguments.
  const collator = new Intl.Collator();
  return [...seen.values()]
    .map((d) => ({ d, key: `${d.ecosystem}|${d.name}|${d.version}|${d.component}` }))
    .sort((a, b) => collator.compare(a.key, b.key))
    .map(({ d }) => d);
}

function finishFlows(flows: FlowSet, components: DraftComponent[]): Flow[] {
  const zoneOf = new Map(components.map((c) => [c.id, c.trustZone]));
  return flows.list().map((f) => {
    const fromZone = zoneOf.get(f.from) ?? '';
    const toZone = zoneOf.get(f.to) ?? '';
    const crosses = fromZone !== toZone ? [fromZone, toZone].filter(Boolean) : [];
    return {
      id: stableId('flow', `${f.from}|${f.to}|${f.protocol}`),
      from: f.from,
      to: f.to,
      protocol: f.protocol,
      authenticated: f.authenticated,
      encrypted: f.encrypted,
      data: [...f.data].sort(),
      crosses,
      evidence: f.evidence,
    };
  });
}

function publicComponent(c: DraftComponent): Component {
  const component: Component = {
    id: c.id,
    name: c.name,
    kind: c.kind,
    tech: [...new Set(c.tech)].sort(),
    paths: [...c.paths].sort(),
    exposure: c.exposure,
    trustZone: c.trustZone,
    evidence: dedupeEvidence(c.evidence),
  };
  if (c.language) component.language = c.language;
  if (c.notes && c.notes.length > 0) component.notes = [...new Set(c.notes)];
  return component;
}

function dedupeEvidence(list: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const k = `${e.file}:${e.line}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Components whose code serves HTTP routes and no gRPC service (so a bare `host:port` to them is HTTP). */
function httpOnlyHosts(components: DraftComponent[], facts: FactIndex): (c: DraftComponent) => boolean {
  const code = components.filter((c) => c.roots.length > 0);
  const http = new Set<string>();
  const grpc = new Set<string>();
  for (const e of facts.of('entrypoint')) {
    if (e.tags?.includes('declared')) continue;
    const owner = owningComponent(code, e.evidence.file);
    if (!owner) continue;
    if (e.protocol === 'http') http.add(owner.id);
    else if (e.protocol === 'grpc') grpc.add(owner.id);
  }
  return (c) => http.has(c.id) && !grpc.has(c.id);
}

/** Merges facts into the system model: components, flows, boundaries, entry points, assets, dependencies. */
export function buildSystem(facts: readonly Fact[], productName: string, overrides: BuildOverrides = {}): SystemModel {
  const index = new FactIndex(facts);
  const assumptions: string[] = [];
  const components = discoverComponents(index, productName);
  const flows = new FlowSet();
  connectDatastores(components, index, flows);
  const servers = grpcServers(components, index);
  connectOutbound(components, index, flows, grpcServiceTarget(components, servers));
  connectGrpc(components, index, flows, servers);
  connectCloud(components, flows);
  const grpcHosts = new Set([...servers.values()].filter((list) => list.length === 1).map((list) => list[0].id));
  connectDeployments(components, flows, (c) => grpcHosts.has(c.id), httpOnlyHosts(components, index));
  const proxyFiles = proxyConfigFiles(index);
  markProxies(components, proxyFiles);
  const labelRoutes = connectLabelRoutes(components, flows);
  decideExposure(components, index, overrides, assumptions);
  // Exposure set in .threatcode.yml stays as written.
  const pinned = new Set(components.filter((c) => overrides.exposure?.some((o) => matches(o.match, c.name, ...c.paths))).map((c) => c.id));
  exposeUpstreams(components.filter((c) => !pinned.has(c.id) || c.gateway), flows, proxyFiles, labelRoutes);
  const entryPoints = buildEntryPoints(components, index, servers);
  connectActors(components, entryPoints, flows);
  const assets = buildAssets(components, index, flows, overrides);
  labelFlowData(components, assets, entryPoints, flows);
  const trustBoundaries = assignZones(components, overrides);
  const publicComponents = components.map(publicComponent).sort(byId);
  const code = components.filter((c) => c.roots.length > 0);
  const byIdMap = new Map(publicComponents.map((c) => [c.id, c]));
  const owners = new Map<string, Component | undefined>();
  return {
    components: publicComponents,
    flows: finishFlows(flows, components).sort(byId),
    trustBoundaries: trustBoundaries.sort(byId),
    entryPoints: entryPoints.sort(byId),
    assets: assets.sort(byId),
    dependencies: buildDependencies(components, index),
    assumptions,
    componentOf(file: string) {
      // Rules ask once per fact, many facts per file: each file's owner is looked up once (perf).
      if (owners.has(file)) return owners.get(file);
      const owner = owningComponent(code, file);
      const component = owner ? byIdMap.get(owner.id) : undefined;
      owners.set(file, component);
      return component;
    },
  };
}

export type { AuthLevel };
