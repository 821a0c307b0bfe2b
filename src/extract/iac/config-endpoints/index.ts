// Peer addresses in application and infrastructure YAML configuration: the `endpoint:` of an
// exporter or scraper (OpenTelemetry Collector, Prometheus `targets`), a data source `url:`
// (Grafana provisioning), `brokers:` / `bootstrap_servers:` lists... Each address becomes an
// outbound call from the component that holds the file or mounts it (Compose bind mounts, see
// src/model/build/mounts.ts). The builder only turns these into flows to components of the
// product (never into external entities), because configuration files also carry documentation
// links and examples. `${VAR}` and `${env:VAR}` are kept for the builder, which substitutes the
// component's deployment environment.
import { posix } from 'node:path';
import type { FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { parseYaml, toPlain } from '../_lib/yaml.js';
import { isComposePath } from '../compose/index.js';

/** Keys whose value is the address of a peer the program connects to. */
const ADDRESS_KEYS = new Set(['endpoint', 'endpoints', 'url', 'urls', 'uri', 'targets', 'brokers', 'bootstrap_servers', 'bootstrap.servers', 'servers', 'hosts', 'addresses', 'address']);
/** Keys under which an address is one the program listens on, not one it calls. */
const LISTEN_KEYS = /^(?:listen|listeners|bind|server_address|http_listen_address|grpc_listen_address)$/i;
const TEMPLATE = String.raw`\$\{(?:env:)?[A-Za-z_]\w*(?::?-[^}]*)?\}`;
/** `scheme://host[:port]...` or `host:port` (either part possibly a `${VAR}` template). */
const ADDRESS = new RegExp(String.raw`^(?:([a-z][a-z0-9+.-]*):\/\/)?((?:[a-z0-9][a-z0-9.-]*|${TEMPLATE})+)(?::(\d{2,5}|${TEMPLATE}))?(?:[/?#].*)?$`, 'i');
const SKIPPED_FOLDERS = /(?:^|\/)(?:\.github|\.gitlab|test|tests|testdata|__tests__|fixtures|examples?|docs?|node_modules|vendor|charts|templates|\.circleci)\//i;
/** Translation catalogues are YAML too (Rails `config/locales`, i18n folders): large, and only text. */
const TRANSLATIONS = /(?:^|\/)(?:locales?|i18n|translations?|lang)\//i;
/** Configuration that names peers is small; megabyte YAML is data (fixtures, dumps, catalogues). */
const MAX_CONFIG_BYTES = 256 * 1024;
/** Lockfiles are YAML too (pnpm-lock.yaml is often megabytes) and name registries, not peers. */
const LOCKFILE = /(?:^|\/)(?:pnpm-lock|[^/]*[.-]lock)\.ya?ml$/i;
const LOOPBACK = /^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[?::1?\]?)$/i;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Found {
  value: string;
  path: string;
  scheme: string;
}

/** An address with a host part; a bare word (`jaeger`) needs a scheme or a port to count. */
function asAddress(value: string): { scheme: string } | undefined {
  const m = ADDRESS.exec(value.trim());
  if (!m) return undefined;
  const [, scheme, host, port] = m;
  if (!scheme && !port) return undefined;
  if (scheme && !/^(?:https?|grpcs?|wss?|tcp|redis|rediss|postgres(?:ql)?|mysql|mongodb|amqps?|kafka|nats|dns)$/i.test(scheme)) return undefined;
  if (LOOPBACK.test(host) || !/[a-z$]/i.test(host)) return undefined;
  return { scheme: (scheme ?? '').toLowerCase() };
}

function collect(node: unknown, path: string[], out: Found[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, path, out);
    return;
  }
  if (!isRecord(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (LISTEN_KEYS.test(key)) continue;
    const here = [...path, key];
    if (ADDRESS_KEYS.has(key.toLowerCase())) {
      const values = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
      for (const v of values) {
        const address = asAddress(v);
        if (address) out.push({ value: v.trim(), path: here.join('.'), scheme: address.scheme });
      }
    }
    collect(value, here, out);
  }
}

/** Documents that other extractors model (Kubernetes, Helm, OpenAPI, Envoy) or that describe no running program. */
function isOtherFormat(root: Record<string, unknown>): boolean {
  return ('apiVersion' in root && 'kind' in root) || 'openapi' in root || 'swagger' in root || 'asyncapi' in root || 'static_resources' in root || 'services' in root || 'jobs' in root || 'steps' in root;
}

export const extractor: Extractor = {
  id: 'iac/config-endpoints',
  title: 'Peer addresses in YAML configuration',
  matches: (path) => /\.ya?ml$/i.test(path) && !isComposePath(path) && !LOCKFILE.test(path) && !TRANSLATIONS.test(path) && !SKIPPED_FOLDERS.test(path) && !/^(?:\.|_)/.test(posix.basename(path)),
  signals: ['endpoint', 'url', 'targets', 'brokers', 'bootstrap', 'servers', 'hosts', 'address'],
  extract(file, ctx) {
    if (file.content.length > MAX_CONFIG_BYTES) return null;
    const facts: FactInput[] = [];
    let documents;
    try {
      const parsed = parseYaml(file, ctx);
      if (parsed.errors.length > 0) return null;
      documents = parsed.documents;
    } catch {
      return null;
    }
    let from = 0;
    for (const doc of documents) {
      let root: unknown;
      try {
        root = toPlain(doc);
      } catch {
        continue;
      }
      if (!isRecord(root) || isOtherFormat(root)) continue;
      const found: Found[] = [];
      collect(root, [], found);
      for (const f of found) {
        const at = file.content.indexOf(f.value, from);
        const offset = at < 0 ? file.content.indexOf(f.value) : at;
        if (offset >= 0) from = offset + f.value.length;
        const line = offset < 0 ? 1 : file.content.slice(0, offset).split('\n').length;
        facts.push({
          kind: 'outbound-call',
          protocol: f.scheme || 'tcp',
          library: 'config-file',
          target: f.value,
          tainted: false,
          evidence: { file: file.path, line, snippet: `${f.path}: ${f.value}`.slice(0, 160) },
          key: `${file.path}#outbound-call:config:${f.path}:${f.value}`,
        });
      }
    }
    return facts.length > 0 ? facts : null;
  },
};
