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

test('placeholder defaults give the technology; profile files and documents are named in the snippet', () => {
  const props = 'database=mysql\nspring.datasource.url=${MYSQL_URL:jdbc:mysql://localhost/shop}\nspring.datasource.password=${MYSQL_PASS:secret}\n';
  const yml = 'spring:\n  datasource:\n    url: jdbc:sqlserver://sql1;databaseName=shop\n---\nspring:\n  config:\n    activate:\n      on-profile: postgres\n  datasource:\n    url: jdbc:postgresql://orders-db:5432/orders\n';
  const { facts } = runExtractor(extractor, { 'src/main/resources/application-mysql.properties': props, 'src/main/resources/application.yml': yml });
  const stores = facts.filter((f): f is DatastoreClientFact => f.kind === 'datastore-client').map((f) => `${f.evidence.file.split('/').pop()}:${f.evidence.line} ${f.tech} ${f.target} ${f.evidence.snippet}`);
  assert.deepEqual(stores.sort(), [
    'application-mysql.properties:2 mysql env:MYSQL_URL spring.datasource.url=… (profile mysql)',
    'application.yml:10 postgres orders-db spring.datasource.url=… (profile postgres)',
    'application.yml:3 mssql sql1 spring.datasource.url=…',
  ]);
  assert.equal(JSON.stringify(facts).includes('secret'), false);
});
