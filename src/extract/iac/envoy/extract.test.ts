import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { ConfigFact, OutboundCallFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const fixture = readFileSync(new URL('./fixtures/envoy.yaml', import.meta.url), 'utf8');

describe('extract/iac/envoy', () => {
  const { facts, diagnostics } = runExtractor(extractor, { 'proxy/envoy.yaml': fixture });

  test('each cluster endpoint is an outbound call; loopback endpoints are not', () => {
    assert.deepEqual(diagnostics, []);
    const calls = facts.filter((f): f is OutboundCallFact => f.kind === 'outbound-call');
    assert.deepEqual(
      calls.map((c) => [c.target, c.protocol, c.evidence.line]),
      [
        ['http://${API_HOST}:${API_PORT}', 'http2', 39],
        ['http://web:3000', 'http', 49],
      ],
    );
  });

  test('a route table marks the file as a reverse proxy', () => {
    const config = facts.filter((f): f is ConfigFact => f.kind === 'config');
    assert.equal(config.length, 1);
    assert.equal(config[0].setting, 'reverse-proxy');
    assert.deepEqual(config[0].values, { server: 'envoy', routes: 2, upstreams: 'api, web' });
  });

  test('YAML without static clusters (Kubernetes, Compose) gives nothing', () => {
    const other = runExtractor(extractor, { 'k8s/svc.yaml': 'kind: Service\nspec:\n  socket_address: x\n' });
    assert.deepEqual(other.facts, []);
  });
});
