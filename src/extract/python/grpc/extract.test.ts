import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

test('registered servicers are gRPC entry points; health services are not', () => {
  const { facts } = runExtractor(extractor, {
    'server.py': `import grpc
import demo_pb2_grpc
from grpc_health.v1 import health_pb2_grpc

class EmailService(demo_pb2_grpc.EmailServiceServicer):
    def SendOrderConfirmation(self, request, context):
        return None

server = grpc.server(None)
demo_pb2_grpc.add_EmailServiceServicer_to_server(EmailService(), server)
health_pb2_grpc.add_HealthServicer_to_server(HealthCheck(), server)
`,
  });
  const eps = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  assert.deepEqual(eps.map((e) => `${e.protocol} ${e.path} ${e.auth} ${e.handler?.name}`), ['grpc /EmailService none EmailService']);
});
