import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { ConfigFact, OutboundCallFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const fixture = readFileSync(new URL('./fixtures/Caddyfile', import.meta.url), 'utf8');

describe('extract/iac/caddy', () => {
  const { facts, diagnostics } = runExtractor(extractor, { 'docker/Caddyfile': fixture });

  test('file names', () => {
    for (const p of ['Caddyfile', 'docker/Caddyfile', 'deploy/Caddyfile.prod', 'site.caddyfile']) assert.equal(extractor.matches(p), true, p);
    for (const p of ['caddy.json', 'caddyconfig/caddyfile.go', 'Caddyfile.md', 'docs/content/Caddyfile', '.github/Caddyfile']) assert.equal(extractor.matches(p), false, p);
  });

  test('inline and block upstreams once each, env defaults, h2c; comments, loopback and run-time placeholders skipped', () => {
    assert.deepEqual(diagnostics, []);
    const calls = facts.filter((f): f is OutboundCallFact => f.kind === 'outbound-call');
    assert.deepEqual(
      calls.map((c) => [c.target, c.protocol, c.evidence.line]),
      [
        ['http://backend:3000', 'http', 4],
        ['http://frontend:3001', 'http', 6],
        ['grpc://orders:50051', 'grpc', 9],
        ['http://admin-1:8080', 'http', 13],
        ['http://admin-2:8080', 'http', 13],
      ],
    );
  });

  test('the file is a reverse proxy', () => {
    const config = facts.filter((f): f is ConfigFact => f.kind === 'config');
    assert.deepEqual(config.map((c) => [c.setting, c.values.server, c.values.routes, c.evidence.line]), [['reverse-proxy', 'caddy', 7, 4]]);
  });
});
