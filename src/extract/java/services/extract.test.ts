import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DatastoreClientFact, OutboundCallFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

test('Spring Boot settings name the data stores; credentials never reach a fact', () => {
  const yml = 'spring:\n  datasource:\n    url: jdbc:postgresql://orders-db:5432/orders\n    password: hunter2\n  data:\n    redis:\n      host: cache\n  kafka:\n    bootstrap-servers: ${KAFKA_BROKERS}\n';
  const { facts } = runExtractor(extractor, { 'src/main/resources/application.yml': yml });
  const stores = facts.filter((f): f is DatastoreClientFact => f.kind === 'datastore-client').map((f) => `${f.evidence.line} ${f.tech} ${f.storeKind} ${f.target}`);
  assert.deepEqual(stores, ['3 postgres database orders-db', '7 redis cache cache', '9 kafka queue env:KAFKA_BROKERS']);
  assert.equal(JSON.stringify(facts).includes('hunter2'), false);
});

test('outbound calls to literal URLs name the host and known services', () => {
  const java = 'class P {\n  void pay() {\n    rest.postForObject("https://api.stripe.com/v1/charges", req, String.class);\n    WebClient c = WebClient.create("http://inventory:8080");\n  }\n}\n';
  const { facts } = runExtractor(extractor, { 'src/main/java/P.java': java });
  const calls = facts.filter((f): f is OutboundCallFact => f.kind === 'outbound-call').map((f) => `${f.evidence.line} ${f.library} ${f.protocol} ${f.target} ${f.service ?? '-'}`);
  assert.deepEqual(calls, ['3 RestTemplate https api.stripe.com stripe', '4 WebClient http inventory -']);
});
