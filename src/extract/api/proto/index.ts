// gRPC: `.proto` services become declared entry points (`/package.Service/Method`), and source
// files that register or dial a generated service become `grpc-server` / `grpc-client` config
// facts, which the builder turns into client → server flows and uses to place the rpcs.
import type { ConfigFact, EntrypointFact, FactInput } from '../../../model/types.js';
import type { ExtractContext, Extractor, SourceFile } from '../../types.js';
import { parseProto } from './proto.js';
import { languageOf, scanGrpcUsage } from './usage.js';

function protoFacts(file: SourceFile): FactInput[] {
  const proto = parseProto(file.content);
  const facts: FactInput[] = [];
  for (const service of proto.services) {
    const full = proto.package ? `${proto.package}.${service.name}` : service.name;
    for (const rpc of service.rpcs) {
      const tags = ['declared'];
      if (rpc.clientStreaming) tags.push('client-streaming');
      if (rpc.serverStreaming) tags.push('server-streaming');
      const entry: Omit<EntrypointFact, 'extractor'> = {
        kind: 'entrypoint',
        protocol: 'grpc',
        framework: 'proto',
        path: `/${full}/${rpc.name}`,
        middleware: [],
        auth: 'unknown',
        tags,
        evidence: { file: file.path, line: rpc.line, snippet: `rpc ${rpc.name}` },
        key: `${file.path}#rpc:${full}/${rpc.name}`,
      };
      facts.push(entry);
      if (rpc.http) {
        facts.push({
          ...entry,
          protocol: 'http',
          framework: 'grpc-gateway',
          method: rpc.http.method,
          path: rpc.http.path,
          tags: ['declared'],
          key: `${file.path}#http:${rpc.http.method} ${rpc.http.path}`,
        });
      }
    }
  }
  return facts;
}

function usageFacts(file: SourceFile): FactInput[] {
  return scanGrpcUsage(file.path, file.content).map((use): Omit<ConfigFact, 'extractor'> => ({
    kind: 'config',
    setting: `grpc-${use.role}`,
    values: {
      service: use.service,
      language: languageOf(file.path) ?? null,
      tls: use.tls ?? null,
      ...(use.insecureLine !== undefined ? { insecureLine: use.insecureLine } : {}),
      ...(use.interceptors !== undefined ? { interceptors: use.interceptors } : {}),
    },
    summary: `${use.role === 'server' ? 'implements' : 'calls'} gRPC service ${use.service}`,
    evidence: { file: file.path, line: use.line },
    key: `${file.path}#grpc-${use.role}:${use.service}`,
  }));
}

function extract(file: SourceFile, _ctx: ExtractContext): FactInput[] | null {
  const isProto = file.path.endsWith('.proto');
  if (!isProto && !/grpc/i.test(file.content)) return null;
  const facts = isProto ? protoFacts(file) : usageFacts(file);
  return facts.length > 0 ? facts : null;
}

export const extractor: Extractor = {
  id: 'api/proto',
  title: 'gRPC (proto services, servers and clients)',
  matches: (path) => path.endsWith('.proto') || languageOf(path) !== undefined,
  signals: ['service', 'grpc', 'Grpc'],
  extract,
};
