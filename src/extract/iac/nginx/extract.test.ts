import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { ConfigFact, OutboundCallFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const fixture = readFileSync(new URL('./fixtures/nginx.conf', import.meta.url), 'utf8');

describe('extract/iac/nginx', () => {
  const { facts, diagnostics } = runExtractor(extractor, { 'gateway/nginx.conf': fixture });

  test('file names', () => {
    for (const p of ['nginx.conf', 'deploy/nginx/default.conf', 'nginx/templates/site.conf.template']) assert.equal(extractor.matches(p), true, p);
    for (const p of ['nginx.yaml', 'app.config', '.github/workflows/nginx.conf', 'docs/nginx.conf']) assert.equal(extractor.matches(p), false, p);
  });

  test('proxy_pass through upstream blocks, grpc_pass, envsubst templates; nginx variables and loopback skipped', () => {
    assert.deepEqual(diagnostics, []);
    const calls = facts.filter((f): f is OutboundCallFact => f.kind === 'outbound-call');
    assert.deepEqual(
      calls.map((c) => [c.target, c.protocol, c.evidence.line]),
      [
        ['http://api:8080', 'http', 9],
        ['http://api-replica:8080', 'http', 9],
        ['grpc://orders:50051', 'grpc', 12],
        ['http://${STATIC_HOST}:${STATIC_PORT}', 'http', 16],
      ],
    );
  });

  test('the file is a reverse proxy', () => {
    const config = facts.filter((f): f is ConfigFact => f.kind === 'config');
    assert.deepEqual(config.map((c) => [c.setting, c.values.server, c.evidence.line]), [['reverse-proxy', 'nginx', 9]]);
  });
});
