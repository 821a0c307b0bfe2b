import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConfigFact, EntrypointFact, Fact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';
import { parseProto } from './proto.js';

const PROTO = `syntax = "proto3";
package shop.billing.v1; // the package
/* service Fake { rpc No(A) returns (B); } */
service Billing {
  rpc Charge (ChargeRequest) returns (ChargeReply);
  rpc Watch(stream Event) returns (stream Event) {}
  rpc Get(GetRequest) returns (Invoice) {
    option (google.api.http) = { get: "/v1/invoices/{id}" };
  }
}
`;

const entries = (facts: Fact[]) => facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
const uses = (facts: Fact[]) => facts.filter((f): f is ConfigFact => f.kind === 'config').map((f) => [f.setting, f.values.service, f.values.tls, f.evidence.line]);

describe('extract/api/proto', () => {
  test('services and rpcs, comments ignored, streaming and HTTP mappings', () => {
    const proto = parseProto(PROTO);
    assert.equal(proto.package, 'shop.billing.v1');
    assert.deepEqual(proto.services.map((s) => [s.name, s.rpcs.map((r) => [r.name, r.line, r.clientStreaming, r.serverStreaming])]), [
      ['Billing', [['Charge', 5, false, false], ['Watch', 6, true, true], ['Get', 7, false, false]]],
    ]);
    const { facts } = runExtractor(extractor, { 'proto/billing.proto': PROTO });
    assert.deepEqual(entries(facts).map((e) => [e.protocol, e.method, e.path, e.tags]), [
      ['grpc', undefined, '/shop.billing.v1.Billing/Charge', ['declared']],
      ['grpc', undefined, '/shop.billing.v1.Billing/Watch', ['declared', 'client-streaming', 'server-streaming']],
      ['grpc', undefined, '/shop.billing.v1.Billing/Get', ['declared']],
      ['http', 'GET', '/v1/invoices/{id}', ['declared']],
    ]);
  });

  test('Go: registration and client stubs, plaintext by default', () => {
    const go = 'import "google.golang.org/grpc"\nfunc main() {\n  s := grpc.NewServer()\n  pb.RegisterBillingServer(s, &srv{})\n  c := pb.NewLedgerClient(conn)\n}\n';
    assert.deepEqual(uses(runExtractor(extractor, { 'svc/main.go': go }).facts), [
      ['grpc-server', 'Billing', false, 4],
      ['grpc-client', 'Ledger', false, 5],
    ]);
  });

  test('Python, Node and Java generated names; TLS when credentials are given', () => {
    const py = 'import grpc\nserver.add_secure_port("[::]:443", creds)\nbilling_pb2_grpc.add_BillingServicer_to_server(Servicer(), server)\n';
    const node = "const grpc = require('@grpc/grpc-js');\nconst client = new proto.shop.Ledger(addr, grpc.credentials.createInsecure());\nserver.addService(proto.shop.Billing.service, impl);\n";
    const java = 'import io.grpc.*;\nclass Impl extends BillingGrpc.BillingImplBase {}\nvar stub = LedgerGrpc.newBlockingStub(channel);\n';
    assert.deepEqual(uses(runExtractor(extractor, { 'a.py': py }).facts), [['grpc-server', 'Billing', true, 3]]);
    assert.deepEqual(uses(runExtractor(extractor, { 'b.js': node }).facts), [
      ['grpc-server', 'Billing', false, 3],
      ['grpc-client', 'Ledger', false, 2],
    ]);
    assert.deepEqual(uses(runExtractor(extractor, { 'C.java': java }).facts), [
      ['grpc-server', 'Billing', null, 2],
      ['grpc-client', 'Ledger', null, 3],
    ]);
  });

  test('files without gRPC give nothing', () => {
    assert.deepEqual(runExtractor(extractor, { 'x.go': 'package main\nfunc NewHTTPClient() {}\n' }).facts, []);
  });
});
