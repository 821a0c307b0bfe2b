// Compose `ports:` in short syntax (`[[HOST_IP:]HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`, ranges,
// `[::1]:8080:80`) and long syntax (`target`, `published`, `host_ip`, `protocol`), after
// https://github.com/compose-spec/compose-spec/blob/main/05-services.md#ports.
import { interpolateDefaults } from './interpolate.js';

export interface PortBinding {
  container?: number;
  /** Host port; undefined when Docker picks one (`"80"`, `"127.0.0.1::80"`). */
  published?: number;
  protocol: string;
  /** Host address the port is bound to; '' means every interface. */
  hostIp: string;
}

/** Longest range we expand port by port (a range of thousands is kept as its first port). */
const MAX_RANGE = 100;

function range(text: string): number[] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const first = Number(m[1]);
  const last = m[2] ? Number(m[2]) : first;
  if (first > 65535 || last < first) return undefined;
  const out: number[] = [];
  for (let p = first; p <= Math.min(last, first + MAX_RANGE - 1); p++) out.push(p);
  return out;
}

function bindings(hostIp: string, host: string, container: string, protocol: string): PortBinding[] {
  const containers = range(container);
  if (!containers) return [];
  const hosts = host.trim() === '' ? undefined : range(host);
  return containers.map((c, i) => ({
    container: c,
    published: hosts ? (hosts[i] ?? hosts[0]) : undefined,
    protocol,
    hostIp,
  }));
}

export function parseShortPort(spec: string | number, interp: (t: string) => string = interpolateDefaults): PortBinding[] {
  let text = interp(String(spec)).trim();
  let protocol = 'tcp';
  const slash = text.lastIndexOf('/');
  if (slash >= 0) {
    protocol = text.slice(slash + 1).toLowerCase() || 'tcp';
    text = text.slice(0, slash);
  }
  const bracketed = /^\[([^\]]*)\]:([^:]*):(.+)$/.exec(text);
  if (bracketed) return bindings(bracketed[1], bracketed[2], bracketed[3], protocol);
  const parts = text.split(':');
  if (parts.length === 1) return bindings('', '', parts[0], protocol);
  if (parts.length === 2) return bindings('', parts[0], parts[1], protocol);
  // Three parts: ip:host:container; more: an IPv6 address written without brackets.
  const container = parts[parts.length - 1];
  const host = parts[parts.length - 2];
  return bindings(parts.slice(0, -2).join(':'), host, container, protocol);
}

function asText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

export function parseLongPort(entry: Record<string, unknown>, interp: (t: string) => string = interpolateDefaults): PortBinding[] {
  const protocol = asText(entry.protocol).toLowerCase() || 'tcp';
  const hostIp = interp(asText(entry.host_ip));
  const container = interp(asText(entry.target));
  const host = interp(asText(entry.published));
  return bindings(hostIp, host, container, protocol);
}

/** `interp` resolves Compose variables (defaults only unless the project's `.env` is known). */
export function parsePorts(value: unknown, interp: (t: string) => string = interpolateDefaults): PortBinding[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    if (typeof entry === 'string' || typeof entry === 'number') return parseShortPort(entry, interp);
    if (entry && typeof entry === 'object') return parseLongPort(entry as Record<string, unknown>, interp);
    return [];
  });
}

/** Loopback and private (RFC 1918, ULA, link-local) addresses are not reachable from the internet. */
export function isInternalAddress(ip: string): boolean {
  const a = ip.trim().toLowerCase();
  return (
    a === 'localhost' ||
    /^127\./.test(a) ||
    a === '::1' ||
    /^10\./.test(a) ||
    /^192\.168\./.test(a) ||
    /^172\.(?:1[6-9]|2\d|3[01])\./.test(a) ||
    /^169\.254\./.test(a) ||
    /^f[cd][0-9a-f]{2}:/.test(a) ||
    /^fe80:/.test(a)
  );
}

/** Bound on every interface (`0.0.0.0`, `::`, or no address at all). */
export function isAllInterfaces(ip: string): boolean {
  const a = ip.trim();
  return a === '' || a === '0.0.0.0' || a === '::' || a === '[::]';
}

/** `0.0.0.0:5432:5432/tcp` (host address, host port, container port), for attributes and messages. */
export function renderBinding(b: PortBinding): string {
  const host = isAllInterfaces(b.hostIp) ? '0.0.0.0' : b.hostIp;
  return `${host}:${b.published ?? ''}:${b.container ?? ''}/${b.protocol}`;
}
