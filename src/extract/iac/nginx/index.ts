// nginx reverse-proxy configuration: `proxy_pass` / `grpc_pass` / `uwsgi_pass` / `fastcgi_pass`
// targets (through `upstream` blocks when the target names one) become outbound calls from the
// component whose folder holds the file; any proxying marks that component as a reverse proxy.
// `${VAR}` (envsubst templates) is kept for the model builder; nginx `$variables` are dynamic and skipped.
import type { FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { reverseProxyFact } from '../_lib/reverse-proxy.js';

const PASS = /^\s*(proxy_pass|grpc_pass|uwsgi_pass|fastcgi_pass)\s+([^;\s]+)\s*;/;
const UPSTREAM = /^\s*upstream\s+([\w.-]+)\s*\{/;
const SERVER = /^\s*server\s+([^;\s]+)[^;]*;/;
const LOOPBACK = /^(?:127\.|localhost$|\[?::1\]?$|unix:)/;

interface Target {
  scheme: string;
  host: string;
  port?: string;
}

/** `http://api:8080/v1` → http, api, 8080; `grpc://orders:50051`; `api:9000` (fastcgi). */
function parseTarget(raw: string, directive: string): Target | undefined {
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/:\s]+|\$\{[A-Za-z_]\w*\})(?::(\d+|\$\{[A-Za-z_]\w*\}))?/i.exec(raw);
  if (!m) return undefined;
  const host = m[2];
  if (/^\$(?!\{)/.test(host)) return undefined;
  const scheme = (m[1] ?? (directive === 'grpc_pass' ? 'grpc' : 'http')).toLowerCase();
  return { scheme: scheme === 'grpcs' || scheme === 'grpc' ? 'grpc' : scheme, host, port: m[3] };
}

/** CI pipelines and documentation configure no running component of the product. */
const CI_OR_DOCS = /(?:^|\/)(?:\.github|\.gitlab|\.circleci|docs?|examples?)\//i;

export const extractor: Extractor = {
  id: 'iac/nginx',
  title: 'nginx reverse-proxy configuration',
  matches: (path) => /(?:^|\/)(?:nginx[^/]*\.conf|[^/]+\.conf)(?:\.template)?$/i.test(path) && !CI_OR_DOCS.test(path),
  signals: ['proxy_pass', 'grpc_pass', 'uwsgi_pass', 'fastcgi_pass'],
  extract(file) {
    const lines = file.content.split(/\r?\n/);
    const upstreams = new Map<string, { server: string; line: number }[]>();
    let current: string | undefined;
    lines.forEach((line, i) => {
      const clean = line.replace(/#.*$/, '');
      const up = UPSTREAM.exec(clean);
      if (up) {
        current = up[1];
        upstreams.set(current, []);
        return;
      }
      if (current && /^\s*\}/.test(clean)) current = undefined;
      const server = current ? SERVER.exec(clean) : null;
      if (current && server) upstreams.get(current)?.push({ server: server[1], line: i + 1 });
    });
    const facts: FactInput[] = [];
    let proxies = 0;
    lines.forEach((line, i) => {
      const pass = PASS.exec(line.replace(/#.*$/, ''));
      if (!pass) return;
      const target = parseTarget(pass[2], pass[1]);
      if (!target) return;
      proxies++;
      const servers = upstreams.get(target.host)?.map((s) => ({ ...parseTarget(s.server, pass[1]), line: s.line })) ?? [{ ...target, line: i + 1 }];
      for (const s of servers) {
        if (!s.host || LOOPBACK.test(s.host)) continue;
        const port = s.port ?? target.port;
        facts.push({
          kind: 'outbound-call',
          protocol: target.scheme === 'grpc' ? 'grpc' : pass[1] === 'proxy_pass' ? target.scheme : pass[1].replace('_pass', ''),
          library: 'nginx',
          target: `${target.scheme}://${s.host}${port ? `:${port}` : ''}`,
          tainted: false,
          evidence: { file: file.path, line: i + 1, snippet: line.trim().slice(0, 120) },
          key: `${file.path}#outbound-call:nginx:${s.host}:${port ?? ''}`,
        });
      }
    });
    if (proxies > 0) {
      const first = lines.findIndex((l) => PASS.test(l));
      facts.push(reverseProxyFact(file.path, 'nginx', proxies, `nginx proxies ${proxies} locations`, first + 1, lines[first]));
    }
    return facts.length > 0 ? facts : null;
  },
};
