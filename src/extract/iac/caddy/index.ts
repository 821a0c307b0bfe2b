// Caddyfile reverse-proxy configuration: every upstream of a `reverse_proxy` directive (inline
// `reverse_proxy /api/* backend:3000 backend-2:3000`, or `to` lines inside its block) becomes an
// outbound call from the component that mounts or holds the file, and any proxying marks that
// component as a reverse proxy (see src/model/build/proxies.ts). `{$VAR}` / `{$VAR:default}`
// placeholders keep their default when they have one; Caddy's run-time `{placeholders}` are skipped.
import type { FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { reverseProxyFact } from '../_lib/reverse-proxy.js';

const DIRECTIVE = /^\s*reverse_proxy(?:\s+(.*?))?\s*(\{)?\s*$/;
const TO = /^\s*to\s+(.+?)\s*$/;
/** A request matcher: a path (`/api/*`, `*`) or a named matcher (`@websockets`). */
const MATCHER = /^(?:\/|\*$|@)/;
const LOOPBACK = /^(?:127\.|localhost$|\[?::1\]?$|unix\/)/;

/** CI pipelines and documentation configure no running component of the product. */
const CI_OR_DOCS = /(?:^|\/)(?:\.github|\.gitlab|\.circleci|docs?|examples?)\//i;

/** `Caddyfile`, `Caddyfile.prod`, `site.caddyfile`; not Caddy's own sources (`caddyfile.go`) or docs. */
const CADDYFILE = /(?:^|\/)(?:Caddyfile(?:\.(?!(?:go|[cm]?[jt]sx?|py|rs|md|txt)$)[\w.-]+)?|[\w.-]+\.caddyfile)$/i;

interface Upstream {
  scheme: string;
  host: string;
  port?: string;
}

/** `{$HD_BACKEND_PORT:3000}` → 3000; `{$HOST}` stays `${HOST}` for the model builder; `{http.request.host}` is dynamic. */
function expand(raw: string): string | undefined {
  let dynamic = false;
  const out = raw.replace(/\{\$([A-Za-z_]\w*)(?::([^}]*))?\}|\{[^}]*\}/g, (whole, name: string | undefined, fallback: string | undefined) => {
    if (name === undefined) {
      dynamic = true;
      return whole;
    }
    return fallback !== undefined && fallback !== '' ? fallback : `\${${name}}`;
  });
  return dynamic ? undefined : out;
}

/** `http://backend:3000`, `backend:3000`, `h2c://grpc:50051`, `:8080` (this host: skipped). */
function parseUpstream(raw: string): Upstream | undefined {
  const text = expand(raw);
  if (!text) return undefined;
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/:\s]+|\$\{[A-Za-z_]\w*\})(?::(\d+|\$\{[A-Za-z_]\w*\}))?/i.exec(text);
  if (!m) return undefined;
  const scheme = (m[1] ?? 'http').toLowerCase();
  return { scheme: scheme === 'h2c' ? 'grpc' : scheme, host: m[2], port: m[3] };
}

/** The upstream words of a `reverse_proxy` line, after its matcher if it has one. */
function upstreamWords(args: string): string[] {
  const words = args.split(/\s+/).filter((w) => w !== '');
  return words.length > 0 && MATCHER.test(words[0]) ? words.slice(1) : words;
}

export const extractor: Extractor = {
  id: 'iac/caddy',
  title: 'Caddy reverse-proxy configuration',
  matches: (path) => CADDYFILE.test(path) && !CI_OR_DOCS.test(path),
  signals: ['reverse_proxy'],
  extract(file) {
    const lines = file.content.split(/\r?\n/);
    const facts: FactInput[] = [];
    let proxies = 0;
    let first = -1;
    /** Inside a `reverse_proxy { … }` block: its `to` lines name upstreams. */
    let block = false;
    /** One call per upstream (its first route cites it), as the fact key says. */
    const seen = new Set<string>();
    const add = (raw: string, line: number, text: string): void => {
      const upstream = parseUpstream(raw);
      if (!upstream || LOOPBACK.test(upstream.host)) return;
      const port = upstream.port ? `:${upstream.port}` : '';
      if (seen.has(`${upstream.host}${port}`)) return;
      seen.add(`${upstream.host}${port}`);
      facts.push({
        kind: 'outbound-call',
        protocol: upstream.scheme === 'grpc' ? 'grpc' : upstream.scheme,
        library: 'caddy',
        target: `${upstream.scheme}://${upstream.host}${port}`,
        tainted: false,
        evidence: { file: file.path, line, snippet: text.trim().slice(0, 120) },
        key: `${file.path}#outbound-call:caddy:${upstream.host}:${upstream.port ?? ''}`,
      });
    };
    lines.forEach((raw, i) => {
      const line = raw.replace(/(^|\s)#.*$/, '');
      if (block) {
        if (/^\s*\}/.test(line)) block = false;
        const to = TO.exec(line);
        if (to) for (const word of to[1].split(/\s+/)) add(word, i + 1, raw);
        return;
      }
      const directive = DIRECTIVE.exec(line);
      if (!directive) return;
      proxies++;
      if (first < 0) first = i;
      for (const word of upstreamWords(directive[1] ?? '')) add(word, i + 1, raw);
      block = directive[2] === '{';
    });
    if (proxies > 0) facts.push(reverseProxyFact(file.path, 'caddy', proxies, `Caddy proxies ${proxies} routes`, first + 1, lines[first]));
    return facts.length > 0 ? facts : null;
  },
};
