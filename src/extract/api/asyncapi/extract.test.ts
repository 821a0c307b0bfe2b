import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const V2 = `asyncapi: 2.6.0
info: { title: orders, version: "1" }
servers:
  prod:
    url: kafka.internal:9092
    protocol: kafka
    security:
      - sasl: []
channels:
  orders.created:
    publish:
      message: { name: OrderCreated }
  orders.shipped:
    subscribe:
      message: { name: OrderShipped }
`;

const V3 = `asyncapi: 3.0.0
info: { title: mail, version: "1" }
servers:
  broker:
    host: rabbitmq:5672
    protocol: amqp
channels:
  signup:
    address: user/signedup
operations:
  onSignup:
    action: receive
    channel:
      $ref: '#/channels/signup'
  sendMail:
    action: send
    channel:
      $ref: '#/channels/signup'
`;

describe('extract/api/asyncapi', () => {
  test('2.x: brokers as queue clients, published-to channels as consumed entry points', () => {
    const { facts, diagnostics } = runExtractor(extractor, { 'events/asyncapi.yaml': V2 });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      facts.map((f) => (f.kind === 'datastore-client' ? ['client', f.tech, f.target, f.evidence.line] : f.kind === 'entrypoint' ? ['entry', f.protocol, f.path, f.auth, f.evidence.line] : [f.kind])),
      [
        ['client', 'kafka', 'kafka://kafka.internal:9092', 4],
        ['entry', 'queue', 'orders.created', 'user', 11],
      ],
    );
  });

  test('3.x: receive operations through channel references', () => {
    const { facts } = runExtractor(extractor, { 'asyncapi.yaml': V3 });
    assert.deepEqual(
      facts.map((f) => (f.kind === 'datastore-client' ? ['client', f.tech, f.target] : f.kind === 'entrypoint' ? ['entry', f.path, f.auth, f.evidence.line] : [f.kind])),
      [
        ['client', 'rabbitmq', 'amqp://rabbitmq:5672'],
        ['entry', 'user/signedup', 'none', 11],
      ],
    );
  });
});
