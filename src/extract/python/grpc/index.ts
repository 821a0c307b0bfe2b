// gRPC servers in Python: `xxx_pb2_grpc.add_FooServicer_to_server(FooService(), server)` makes an
// entry point (protocol grpc) per registered service, with the servicer class as handler. Server
// interceptors that check credentials are not judged yet, so auth is `none` unless the servicer's
// methods check metadata and abort with UNAUTHENTICATED / PERMISSION_DENIED.
import type { EntrypointFact, FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { isPythonFile, isPythonTestFile, pyIndex } from '../_lib/index.js';
import { positionalArgs } from '../_lib/receivers.js';

export const extractor: Extractor = {
  id: 'python/grpc',
  title: 'Python gRPC servers: registered servicers as entry points',
  matches: (path) => isPythonFile(path) && !isPythonTestFile(path),
  signals: ['_to_server('],
  extract(file, ctx) {
    const index = pyIndex(file, ctx);
    const facts: FactInput[] = [];
    for (const call of index.root.findAll({ rule: { kind: 'call', has: { field: 'function', regex: 'add_[A-Za-z0-9_]+Servicer_to_server$' } } })) {
      const service = /add_(\w+?)Servicer_to_server$/.exec(call.field('function')?.text() ?? '')?.[1];
      if (!service || service === 'Health' || /health_pb2_grpc|reflection/.test(call.text())) continue;
      const implName = /^(\w+)\(/.exec(positionalArgs(call)[0]?.text() ?? '')?.[1];
      const impl = implName ? index.classes.find((c) => c.name === implName) : undefined;
      const text = impl?.node.text() ?? '';
      const checks = /invocation_metadata\(\)/.test(text) && /StatusCode\.(UNAUTHENTICATED|PERMISSION_DENIED)/.test(text);
      const fact: Omit<EntrypointFact, 'extractor'> = {
        kind: 'entrypoint',
        protocol: 'grpc',
        framework: 'grpc',
        path: `/${service}`,
        middleware: [],
        auth: checks ? 'user' : 'none',
        authEvidence: checks ? [`${implName} checks call metadata and aborts`] : [],
        tags: [],
        evidence: index.evidence(call),
        key: `${index.file}#entrypoint:grpc ${service}`,
      };
      if (impl) fact.handler = { file: index.file, line: impl.line, name: impl.name };
      facts.push(fact);
    }
    return facts.length > 0 ? facts : null;
  },
};
