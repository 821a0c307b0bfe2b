import { stableId } from '../ids.js';
import { SELF_PAGE_SINK, type DatastoreClientFact, type Evidence, type OutboundCallFact } from '../types.js';
import type { DraftComponent } from './components.js';
import { owningComponent } from './components.js';
import type { FactIndex } from './facts.js';
import { componentByAddressVariable, componentByHost, parseAddress, protocolOfPort } from './addresses.js';
import { configOwner } from './mounts.js';
import type { ParsedUrl } from './tech.js';
import { componentKindOfStore, parseServiceUrl, serviceDisplay, STORE_TECH, storeDisplay, storeTechOfScheme } from './tech.js';

/** A flow under construction (merged by endpoints and protocol). */
export interface DraftFlow {
  from: string;
  to: string;
  protocol: string;
  encrypted: boolean | 'unknown';
  authenticated: boolean | 'unknown';
  data: Set<string>;
  evidence: Evidence[];
}

export class FlowSet {
  private readonly flows = new Map<string, DraftFlow>();
  /** `file:line` of each flow's evidence, so adding evidence is not a scan of the list (perf). */
  private readonly evidenceSeen = new Map<DraftFlow, Set<string>>();
  /** `from|to` pairs with at least one flow, whatever the protocol. */
  private readonly pairs = new Set<string>();

  add(from: string, to: string, protocol: string, evidence: Evidence | undefined, extra: Partial<Pick<DraftFlow, 'encrypted' | 'authenticated'>> = {}): DraftFlow {
    const key = `${from}|${to}|${protocol}`;
    let flow = this.flows.get(key);
    let seen: Set<string> | undefined;
    if (!flow) {
      flow = { from, to, protocol, encrypted: extra.encrypted ?? 'unknown', authenticated: extra.authenticated ?? 'unknown', data: new Set(), evidence: [] };
      this.flows.set(key, flow);
      this.evidenceSeen.set(flow, (seen = new Set()));
      this.pairs.add(`${from}|${to}`);
    } else {
      if (extra.encrypted === false) flow.encrypted = false;
      if (extra.authenticated === false) flow.authenticated = false;
      seen = this.evidenceSeen.get(flow);
    }
    if (evidence) {
      const at = `${evidence.file}:${evidence.line}`;
      if (!seen?.has(at)) {
        seen?.add(at);
        flow.evidence.push(evidence);
      }
    }
    return flow;
  }

  /** Whether some flow goes from `from` to `to` (any protocol). */
  connects(from: string, to: string): boolean {
    return this.pairs.has(`${from}|${to}`);
  }

  list(): DraftFlow[] {
    return [...this.flows.values()];
  }
}

/** Looks an env var up in the deployment descriptors of the component that reads it. */
function envValue(component: DraftComponent, name: string): string | undefined {
  for (const workload of component.workloads) {
    const value = workload.env?.[name];
    if (value !== undefined) return value;
  }
  return undefined;
}

const TEMPLATE_VARIABLE = /\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g;

/**
 * `env:NAME` → the value of NAME in the component's deployment; `${NAME}` / `${NAME:-default}`
 * inside a templated address (`http://${API_HOST}:${API_PORT}`, rendered by envsubst at start-up)
 * → the same, variable by variable.
 */
function resolveTarget(component: DraftComponent, target: string | undefined): string | undefined {
  if (!target) return undefined;
  if (target.startsWith('env:')) return envValue(component, target.slice(4)) ?? target;
  if (!target.includes('${')) return target;
  return target.replace(TEMPLATE_VARIABLE, (whole, name: string, fallback: string | undefined) => envValue(component, name) || fallback || whole);
}

function encryptedScheme(scheme: string | undefined, tech: string): boolean | 'unknown' {
  if (!scheme) return 'unknown';
  if (scheme === 'https' || scheme === 'wss' || STORE_TECH[tech]?.encryptedSchemes?.includes(scheme)) return true;
  if (scheme === 'http' || scheme === 'ws') return false;
  // Database schemes are plaintext unless the URL or driver asks for TLS, which we cannot see here.
  return STORE_TECH[tech] ? 'unknown' : 'unknown';
}

/** Data stores used by code: matched to deployed stores through env URLs, then by technology. */
export function connectDatastores(components: DraftComponent[], facts: FactIndex, flows: FlowSet): void {
  const stores = new Map<string, DraftComponent>();
  // Stores made below have no roots, so the code components stay the same through the loop.
  const code = components.filter((c) => c.roots.length > 0);
  // Clients that name their engine first, so an engine-less one (`sql` from knex) finds their store.
  const clients = facts.of('datastore-client');
  for (const client of [...clients.filter((c) => c.tech !== 'sql'), ...clients.filter((c) => c.tech === 'sql')]) {
    const user = owningComponent(code, client.evidence.file);
    if (!user) continue;
    const store = findOrCreateStore(components, stores, user, client);
    const resolved = resolveTarget(user, client.target);
    const url = resolved ? parseServiceUrl(resolved) : undefined;
    // An engine-less client (`sql`) speaks the engine of the store it reached.
    const protocol = storeDisplay(client.tech === 'sql' && store.storeTech ? store.storeTech : client.tech);
    const flow = flows.add(user.id, store.id, protocol, client.evidence, { encrypted: encryptedScheme(url?.scheme, client.tech) });
    if (url && /:\/\/[^@/]*:[^@/]+@/.test(resolved ?? '')) flow.authenticated = true;
    // Flows carry no notes: the store says which configuration profile reaches it.
    const profile = PROFILE_SNIPPET.exec(client.evidence.snippet ?? '')?.[1];
    if (profile) store.notes?.push(`${user.name} reaches it through the \`${profile}\` configuration profile, not the default one (${client.evidence.file}:${client.evidence.line})`);
  }
}

/** Relational engines an engine-less SQL client (`sql`) can be. */
const SQL_ENGINES = new Set(['postgres', 'mysql', 'mssql', 'oracle', 'sqlite']);
/** Driver packages (as listed in a service's technologies) → the SQL engine they speak. */
const SQL_DRIVERS: Record<string, string> = {
  mysql: 'mysql',
  mysql2: 'mysql',
  mariadb: 'mysql',
  pg: 'postgres',
  postgres: 'postgres',
  'pg-promise': 'postgres',
  sqlite3: 'sqlite',
  'better-sqlite3': 'sqlite',
  mssql: 'mssql',
  tedious: 'mssql',
  oracledb: 'oracle',
};

const BARE_STORE_HOST = /^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/i;

/** `(profile mysql)` in a Spring setting's snippet: the store is used only under that profile. */
const PROFILE_SNIPPET = /\(profile ([^)]+)\)$/;

function findOrCreateStore(components: DraftComponent[], created: Map<string, DraftComponent>, user: DraftComponent, client: DatastoreClientFact): DraftComponent {
  const resolved = resolveTarget(user, client.target);
  const url = resolved ? parseServiceUrl(resolved) : undefined;
  // A bare host (`mysql` from `jdbc:mysql://mysql:3306/shop`, `spring.redis.host: cache`) names a deployed store too.
  const host = url?.host ?? (resolved && BARE_STORE_HOST.test(resolved) ? resolved.toLowerCase() : undefined);
  if (host) {
    const byHost = componentByHost(components, host);
    if (byHost && byHost.roots.length === 0) return byHost;
  }
  const tech = (url && storeTechOfScheme(url.scheme)) || client.tech;
  const byTech = components.find((c) => c.storeTech === tech);
  if (byTech) return byTech;
  // A query builder or ORM whose engine was not read (`sql`: knex, TypeORM, Sequelize) talks to the
  // one SQL database there is: the Compose `db: mysql:8` or the store another client named.
  let storeTech = client.tech;
  if (tech === 'sql') {
    const engines = components.filter((c) => c.storeTech !== undefined && SQL_ENGINES.has(c.storeTech));
    if (engines.length === 1) return engines[0];
    // Else the one SQL driver the service depends on names the engine (`mysql` beside TypeORM).
    const drivers = new Set(user.tech.map((t) => SQL_DRIVERS[t]).filter((e): e is string => e !== undefined));
    if (drivers.size === 1) storeTech = [...drivers][0];
  }
  const key = storeTech === 'filesystem' || storeTech === 'embedded-db' ? `${user.id}:${storeTech}` : storeTech;
  let store = created.get(key);
  if (!store) {
    const info = STORE_TECH[storeTech];
    const name = storeTech === 'filesystem' ? `${user.name} file storage` : storeTech === 'embedded-db' ? `${user.name} embedded store` : storeDisplay(storeTech);
    store = {
      id: stableId('component', `store:${key}`),
      name,
      kind: componentKindOfStore(info?.storeKind ?? client.storeKind),
      tech: [storeDisplay(storeTech), client.library],
      paths: [],
      exposure: 'internal',
      trustZone: '',
      notes: [],
      evidence: [client.evidence],
      roots: [],
      workloads: [],
      storeTech,
    };
    created.set(key, store);
    components.push(store);
  } else if (!store.tech.includes(client.library)) store.tech.push(client.library);
  return store;
}

const SPA_RELATIVE = /^\/(?!\/)/;
/** Outbound calls read from configuration files rather than code (extractors iac/envoy, iac/nginx, iac/caddy, iac/config-endpoints). */
const CONFIG_LIBRARIES = new Set(['envoy', 'nginx', 'caddy', 'config-file']);

/** Outbound calls: to other components when the host is one of ours, otherwise to external entities. */
export function connectOutbound(components: DraftComponent[], facts: FactIndex, flows: FlowSet, grpcService: (service: string, caller: DraftComponent) => DraftComponent | undefined = () => undefined): void {
  const externals = new Map<string, DraftComponent>();
  const codeComponents = components.filter((c) => c.roots.length > 0);
  const ownerOfConfig = configOwner(components);
  for (const call of facts.of('outbound-call')) {
    // Proxy and configuration files configure the workload that mounts them (often a stock image).
    const fromConfig = CONFIG_LIBRARIES.has(call.library);
    const caller = fromConfig ? ownerOfConfig(call.evidence.file) : owningComponent(codeComponents, call.evidence.file);
    if (!caller) continue;
    // A gRPC stub whose address was not traced (`pb.NewOrdersClient(conn)`): the service that implements it, or is named after it.
    const server = call.protocol === 'grpc' && call.service && !call.target ? grpcService(call.service, caller) : undefined;
    if (server) {
      flows.add(caller.id, server.id, 'gRPC', call.evidence);
      continue;
    }
    const resolved = resolveTarget(caller, call.target);
    // A path without a host (`${BASE_URL}/quote` where the base was not traced) names no peer.
    if (caller.kind !== 'frontend' && resolved && SPA_RELATIVE.test(resolved)) continue;
    // A templated address whose variables the deployment does not set names no peer either.
    if (resolved?.includes('${')) continue;
    if (caller.kind === 'frontend' && resolved && SPA_RELATIVE.test(resolved)) {
      const api = apiFor(codeComponents, resolved);
      if (api) flows.add(caller.id, api.id, 'HTTPS', call.evidence);
      continue;
    }
    const url = resolved ? parseAddress(resolved) : undefined;
    // An address variable no deployment sets: the component it is named after.
    const named = !url && resolved?.startsWith('env:') ? componentByAddressVariable(components, resolved.slice(4), caller) : undefined;
    const internal = url ? componentByHost(components, url.host) : named;
    if (internal && internal.id !== caller.id) {
      const protocol = !url?.scheme && internal.storeTech ? storeDisplay(internal.storeTech) : url?.scheme ? protocolName(url.scheme) : protocolOfPort(url?.port) ?? protocolName(call.protocol);
      flows.add(caller.id, internal.id, protocol, call.evidence, { encrypted: encryptedScheme(url?.scheme, '') });
      continue;
    }
    // A call to itself (a listener address in its own configuration) is no peer; addresses in
    // configuration files count only between our own components (docs links, examples).
    if (internal || call.library === 'config-file') continue;
    const external = externalFor(externals, components, call, url?.host ?? (resolved && !resolved.startsWith('env:') ? resolved : undefined));
    if (!external) continue;
    flows.add(caller.id, external.id, call.protocol.toUpperCase(), call.evidence, { encrypted: encryptedScheme(url?.scheme ?? call.protocol, '') });
  }
  // A request-controlled URL (SSRF sink) lets the caller reach any host: model it as its own external entity.
  for (const sink of facts.of('sink')) {
    // A page of the server itself that a headless browser renders reaches no other host by itself.
    if (sink.sink !== 'ssrf' || !sink.tainted || sink.api.includes(SELF_PAGE_SINK)) continue;
    const caller = owningComponent(codeComponents, sink.evidence.file);
    if (!caller) continue;
    const call: OutboundCallFact = { kind: 'outbound-call', protocol: 'http', library: sink.api.split('.')[0], tainted: true, evidence: sink.evidence, extractor: sink.extractor };
    const external = externalFor(externals, components, call, undefined);
    if (external) flows.add(caller.id, external.id, 'HTTP(S)', sink.evidence);
  }
}

/** The service whose entry points serve an SPA's relative API path (the only service when unsure). */
function apiFor(components: DraftComponent[], path: string): DraftComponent | undefined {
  const services = components.filter((c) => c.kind === 'service');
  return services.length === 1 ? services[0] : services.find((s) => s.tech.length > 0 && path.startsWith('/api')) ?? services[0];
}

function externalFor(externals: Map<string, DraftComponent>, components: DraftComponent[], call: OutboundCallFact, host: string | undefined): DraftComponent | undefined {
  const key = call.service ?? host ?? (call.tainted ? 'user-supplied-url' : undefined);
  if (!key) return undefined;
  let external = externals.get(key);
  if (!external) {
    const name = call.service ? serviceDisplay(call.service) : key === 'user-supplied-url' ? 'Arbitrary URLs (request-controlled)' : key;
    external = {
      id: stableId('component', `external:${key}`),
      name,
      kind: 'external',
      tech: [call.library],
      paths: [],
      exposure: 'internet',
      trustZone: '',
      notes: [],
      evidence: [call.evidence],
      roots: [],
      workloads: [],
    };
    externals.set(key, external);
    components.push(external);
  } else if (!external.tech.includes(call.library)) external.tech.push(call.library);
  return external;
}

/** Display name of a flow protocol from a URL scheme (`grpc` → gRPC, `http` → HTTP). */
export function protocolName(scheme: string): string {
  return scheme === 'grpc' || scheme === 'grpcs' ? 'gRPC' : scheme.toUpperCase();
}

/**
 * Service-to-service addresses in deployment env (`API_URL=http://orders:8080`,
 * `INVENTORY_ADDR=inventory.shop.svc.cluster.local:50051`) and depends_on to stores. A bare
 * `host:port` is gRPC when the target serves gRPC, HTTP when it serves only HTTP routes, the
 * protocol owning a well-known port (Kafka 9092, OTLP 4317...), else plain TCP.
 */
export function connectDeployments(
  components: DraftComponent[],
  flows: FlowSet,
  servesGrpc: (c: DraftComponent) => boolean = () => false,
  servesHttpOnly: (c: DraftComponent) => boolean = () => false,
): void {
  for (const component of components) {
    for (const workload of component.workloads) {
      for (const [name, value] of Object.entries(workload.env ?? {})) {
        for (const url of envAddresses(name, value)) {
          const target = componentByHost(components, url.host);
          if (!target || target.id === component.id) continue;
          if (flows.connects(component.id, target.id)) continue;
          const tech = target.storeTech ?? '';
          // No scheme: what the target serves (gRPC implementations, else only HTTP routes) decides.
          const scheme = url.scheme || (servesGrpc(target) ? 'grpc' : servesHttpOnly(target) ? 'http' : '');
          const protocol = tech ? storeDisplay(tech) : scheme ? protocolName(scheme) : protocolOfPort(url.port) ?? 'TCP';
          flows.add(component.id, target.id, protocol, workload.evidence, { encrypted: encryptedScheme(url.scheme, tech) });
        }
      }
    }
  }
}

/** Variables whose name says the value is a peer's host name (`ORDERS_HOST=orders`, `KAFKA_BROKERS=kafka`). */
const HOST_VARIABLE = /(?:^|_)(?:HOST|HOSTNAME|HOSTS|SERVER|SERVERS|ENDPOINT|ADDR|ADDRESS|BROKER|BROKERS)$/i;
const BARE_HOST = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$/i;

/**
 * The addresses in one env value: a URL or `host:port`, a comma-separated list of them (broker
 * lists), or a bare host name when the variable's name says it is one.
 */
export function envAddresses(name: string, value: string): ParsedUrl[] {
  const out: ParsedUrl[] = [];
  for (const part of value.split(',')) {
    const item = part.trim();
    if (!item) continue;
    const url = parseAddress(item);
    if (url) out.push(url);
    else if (HOST_VARIABLE.test(name) && BARE_HOST.test(item) && /[a-z]/i.test(item) && item !== 'localhost') out.push({ scheme: '', host: item.toLowerCase() });
  }
  return out;
}
