// Reverse proxies (Envoy, nginx, Caddy... see the `reverse-proxy` config facts; Traefik and
// caddy-docker-proxy configured by Compose labels): the component holding the proxy configuration
// is a gateway (clients reach it even without entry points in code), and the upstreams it routes
// to are as reachable as the proxy itself.
import type { DraftComponent } from './components.js';
import { configOwner } from './mounts.js';
import type { FlowSet } from './connections.js';
import type { FactIndex } from './facts.js';
import { imageRepository } from './workload-match.js';

/** Files holding a reverse-proxy route table. */
export function proxyConfigFiles(facts: FactIndex): Set<string> {
  return new Set(facts.of('config').filter((f) => f.setting === 'reverse-proxy').map((f) => f.evidence.file));
}

/** Marks the components owning (or mounting) proxy configuration as gateways. */
export function markProxies(components: DraftComponent[], files: ReadonlySet<string>): void {
  const ownerOf = configOwner(components);
  for (const file of files) {
    const owner = ownerOf(file);
    if (owner) owner.gateway = true;
  }
}

/** Image names of proxies that read their routes from container labels. */
const LABEL_PROXY_IMAGES: Record<string, RegExp> = { traefik: /(?:^|\/)traefik$/, caddy: /(?:^|\/)caddy-docker-proxy$/ };

/**
 * Traefik / caddy-docker-proxy: the proxy container (by image) routes to every service labelled
 * for it. Gives proxy → service flows, evidenced by the service's labels, and marks the proxy a
 * gateway. Returns the routes' evidence (`file:line` of each routed service), for exposeUpstreams.
 */
export function connectLabelRoutes(components: DraftComponent[], flows: FlowSet): Set<string> {
  const routes = new Set<string>();
  for (const [proxyKind, image] of Object.entries(LABEL_PROXY_IMAGES)) {
    const proxies = components.filter((c) => c.workloads.some((w) => w.image && image.test(imageRepository(w.image))));
    if (proxies.length !== 1) continue;
    const proxy = proxies[0];
    for (const target of components) {
      const routed = target.workloads.find((w) => w.attributes?.proxyRouted === proxyKind);
      if (!routed || target.id === proxy.id) continue;
      proxy.gateway = true;
      flows.add(proxy.id, target.id, 'HTTP', routed.evidence);
      routes.add(`${routed.evidence.file}:${routed.evidence.line}`);
    }
  }
  return routes;
}

/**
 * Upstreams of an internet-facing proxy become internet-reachable (through the proxy's routes):
 * flows from a gateway evidenced by a proxy configuration file or by a label route.
 */
export function exposeUpstreams(components: DraftComponent[], flows: FlowSet, files: ReadonlySet<string>, labelRoutes: ReadonlySet<string> = new Set()): void {
  if (files.size === 0 && labelRoutes.size === 0) return;
  const byId = new Map(components.map((c) => [c.id, c]));
  for (const flow of flows.list()) {
    const from = byId.get(flow.from);
    const to = byId.get(flow.to);
    if (!from?.gateway || from.exposure !== 'internet' || !to || to.exposure === 'internet') continue;
    if (to.kind === 'external' || to.kind === 'actor') continue;
    const route = flow.evidence.find((e) => files.has(e.file) || labelRoutes.has(`${e.file}:${e.line}`));
    if (!route) continue;
    to.exposure = 'internet';
    to.notes?.push(`reachable from outside through the reverse proxy ${from.name} (${route.file}:${route.line})`);
  }
}
