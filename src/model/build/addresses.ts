// Service addresses as written in env and config: URLs (`http://orders:8080`), bare `host:port`
// (gRPC targets such as `inventory:50051`) and Kubernetes DNS names (`orders.shop`,
// `orders.shop.svc`, `orders.shop.svc.cluster.local`), resolved to the component that serves them.
import type { DraftComponent } from './components.js';
import type { ParsedUrl } from './tech.js';
import { parseServiceUrl } from './tech.js';

const HOST_PORT = /^(?:dns:\/\/\/)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*):(\d{2,5})$/i;

/** A URL, or a scheme-less `host:port` (scheme left empty). */
export function parseAddress(value: string): ParsedUrl | undefined {
  const url = parseServiceUrl(value);
  if (url) return url;
  const m = HOST_PORT.exec(value.trim());
  if (!m || !/[a-z]/i.test(m[1])) return undefined;
  return { scheme: '', host: m[1].toLowerCase(), port: Number(m[2]) };
}

/** Kubernetes namespaces named by deployment facts (to read `svc.ns` without mistaking `example.com`). */
export function namespacesOf(components: DraftComponent[]): Set<string> {
  const out = new Set<string>();
  for (const c of components) for (const w of c.workloads) if (typeof w.attributes?.namespace === 'string' && w.attributes.namespace) out.add(w.attributes.namespace);
  return out;
}

/** The names a host may stand for: itself, and the Service name of a cluster DNS name. */
export function hostCandidates(host: string, namespaces: ReadonlySet<string>): string[] {
  const h = host.toLowerCase().replace(/\.$/, '');
  const labels = h.split('.');
  const candidates = [h];
  const clusterSuffix = /\.svc(?:\.cluster\.local)?$/.test(h) && labels.length >= 3;
  if (clusterSuffix || (labels.length === 2 && namespaces.has(labels[1]))) candidates.push(labels[0]);
  return candidates;
}

/** Names a component answers to: its name, its workloads and the Kubernetes Services in front of them. */
function answersTo(component: DraftComponent, name: string): boolean {
  if (component.name.toLowerCase() === name) return true;
  return component.workloads.some((w) => w.workload.toLowerCase() === name || String(w.attributes?.services ?? '').toLowerCase().split(',').includes(name));
}

export function componentByHost(components: DraftComponent[], host: string): DraftComponent | undefined {
  const namespaces = namespacesOf(components);
  for (const candidate of hostCandidates(host, namespaces)) {
    const found = components.find((c) => answersTo(c, candidate));
    if (found) return found;
  }
  return undefined;
}

/** Protocols that own their IANA / de-facto port, for `host:port` addresses written without a scheme. */
const WELL_KNOWN_PORTS: Record<number, string> = {
  4317: 'gRPC', // OTLP over gRPC
  4318: 'HTTP', // OTLP over HTTP
  9092: 'Kafka',
  6379: 'Redis',
  5432: 'PostgreSQL',
  3306: 'MySQL',
  27017: 'MongoDB',
  5672: 'AMQP',
  4222: 'NATS',
  11211: 'Memcached',
  9200: 'HTTP', // Elasticsearch / OpenSearch REST
};

export function protocolOfPort(port: number | undefined): string | undefined {
  return port === undefined ? undefined : WELL_KNOWN_PORTS[port];
}

function normalised(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** `OrdersService` → `ordersservice`, `orders`; `ORDERS_SVC` → `orderssvc`, `orders`. */
export function serviceNameForms(service: string): string[] {
  const n = normalised(service);
  const bare = n.replace(/(?:service|svc|api)$/, '');
  return bare && bare !== n ? [n, bare] : [n];
}

/** Names a component is deployed or built as: its name, workloads and source folders (normalised). */
export function deployedNames(component: DraftComponent): string[] {
  return [component.name, ...component.workloads.map((w) => w.workload), ...component.roots.filter((r) => r !== '.').map((r) => r.slice(r.lastIndexOf('/') + 1))].map(normalised);
}

const ADDRESS_VARIABLE = /_(?:ADDR|ADDRESS|HOST|HOSTNAME|URL|URI|ENDPOINT|SERVER|TARGET)$/i;

/**
 * The component an address variable names when no deployment sets it: code dialing
 * `env:CART_SERVICE_ADDR` (or `PAYMENTS_URL`) reaches the one component deployed or built as
 * `cart` / `cartservice` (`payments`). Undefined when the name fits none or several.
 */
export function componentByAddressVariable(components: DraftComponent[], variable: string, caller: DraftComponent): DraftComponent | undefined {
  const base = variable.replace(ADDRESS_VARIABLE, '');
  if (base === variable || base === '') return undefined;
  const forms = serviceNameForms(base);
  const candidates = components.filter((c) => c.id !== caller.id && c.kind !== 'external' && c.kind !== 'actor' && deployedNames(c).some((n) => forms.includes(n) || forms.includes(n.replace(/(?:service|svc|api)$/, ''))));
  return candidates.length === 1 ? candidates[0] : undefined;
}
