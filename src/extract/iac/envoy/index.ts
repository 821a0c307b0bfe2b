// Envoy proxy configuration (static bootstrap YAML): every cluster's upstream endpoints become
// outbound calls from the component whose folder holds the file, and a listener with a route
// table marks that component as a reverse proxy (reached by clients, forwarding to the clusters).
// Addresses written as `${VAR}` (templated configs rendered by envsubst at start-up) are kept for
// the model builder, which resolves them with the component's deployment environment.
import type { FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { parseYaml, toPlain } from '../_lib/yaml.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** Every `socket_address` below a node (endpoints of `load_assignment`, legacy `hosts`). */
function socketAddresses(node: unknown, out: { address: string; port?: string }[] = []): { address: string; port?: string }[] {
  if (Array.isArray(node)) for (const item of node) socketAddresses(item, out);
  else if (isRecord(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'socket_address' && isRecord(value)) {
        const address = text(value.address);
        if (address) out.push({ address, port: text(value.port_value) ?? text(value.named_port) });
      } else socketAddresses(value, out);
    }
  }
  return out;
}

/** Route targets (`route: { cluster: x }`) anywhere in the document. */
function routedClusters(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) routedClusters(item, out);
  else if (isRecord(node)) {
    if (isRecord(node.route) && text(node.route.cluster)) out.add(text(node.route.cluster) ?? '');
    for (const value of Object.values(node)) routedClusters(value, out);
  }
  return out;
}

const LOOPBACK = /^(?:127\.|localhost$|::1$|0\.0\.0\.0$)/;

/** Upstreams speak gRPC/HTTP2 when the cluster asks for HTTP/2. */
function protocolOf(cluster: Record<string, unknown>): string {
  return /http2_protocol_options|"h2"/.test(JSON.stringify(cluster)) ? 'http2' : 'http';
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** First `key: value` (value optionally quoted) at or after `from`; the line of `from` when absent. */
function lineOf(content: string, key: string, value: string, from: number): { line: number; at: number } {
  const re = new RegExp(`${key}:\\s*["']?${escape(value)}["']?(?![\\w-])`, 'g');
  re.lastIndex = Math.max(0, from);
  const m = re.exec(content);
  const at = m ? m.index : Math.max(0, from);
  return { line: content.slice(0, at).split('\n').length, at };
}

/** CI pipelines and documentation configure no running component of the product. */
const CI_OR_DOCS = /(?:^|\/)(?:\.github|\.gitlab|\.circleci|docs?|examples?)\//i;

export const extractor: Extractor = {
  id: 'iac/envoy',
  title: 'Envoy proxy configuration',
  matches: (path) => /\.ya?ml$/i.test(path) && !CI_OR_DOCS.test(path),
  signals: ['socket_address'],
  extract(file, ctx) {
    let root: unknown;
    try {
      const parsed = parseYaml(file, ctx);
      if (parsed.errors.length > 0 || !parsed.documents[0]) return null;
      root = toPlain(parsed.documents[0]);
    } catch {
      return null;
    }
    const resources = isRecord(root) && isRecord(root.static_resources) ? root.static_resources : undefined;
    const clusters = resources && Array.isArray(resources.clusters) ? resources.clusters.filter(isRecord) : [];
    if (clusters.length === 0) return null;
    const facts: FactInput[] = [];
    const routed = routedClusters(resources?.listeners);
    for (const cluster of clusters) {
      const name = text(cluster.name) ?? '';
      const start = lineOf(file.content, 'name', name, file.content.indexOf('clusters:'));
      for (const { address, port } of socketAddresses(cluster)) {
        if (LOOPBACK.test(address)) continue;
        const { line } = lineOf(file.content, 'address', address, start.at);
        facts.push({
          kind: 'outbound-call',
          protocol: protocolOf(cluster),
          library: 'envoy',
          target: `http://${address}${port ? `:${port}` : ''}`,
          tainted: false,
          evidence: { file: file.path, line, snippet: `cluster ${name}: ${address}${port ? `:${port}` : ''}` },
          key: `${file.path}#outbound-call:envoy:${name}:${address}`,
        });
      }
    }
    if (routed.size > 0) {
      const at = file.content.indexOf('route_config');
      const line = at < 0 ? 1 : file.content.slice(0, at).split('\n').length;
      facts.push({
        kind: 'config',
        setting: 'reverse-proxy',
        values: { server: 'envoy', routes: routed.size, upstreams: [...routed].sort().join(', ') },
        summary: `Envoy routes to ${routed.size} clusters`,
        evidence: { file: file.path, line, snippet: 'route_config' },
        key: `${file.path}#reverse-proxy`,
      });
    }
    return facts.length > 0 ? facts : null;
  },
};
