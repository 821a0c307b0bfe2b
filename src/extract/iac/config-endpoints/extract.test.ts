import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { OutboundCallFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const fixture = readFileSync(new URL('./fixtures/collector.yaml', import.meta.url), 'utf8');
const calls = (files: Record<string, string>) => runExtractor(extractor, files).facts.filter((f): f is OutboundCallFact => f.kind === 'outbound-call');

describe('extract/iac/config-endpoints', () => {
  test('file selection', () => {
    for (const p of ['otel/collector.yaml', 'src/grafana/provisioning/datasources/default.yml']) assert.equal(extractor.matches(p), true, p);
    for (const p of ['compose.yaml', '.github/workflows/ci.yml', 'test/config.yaml', 'charts/app/values.yaml', '.golangci.yml', 'config.json', 'pnpm-lock.yaml', 'web/pnpm-lock.yml', 'conda-lock.yml', 'config/locales/en.yml', 'src/i18n/de.yaml']) assert.equal(extractor.matches(p), false, p);
  });

  test('exporter endpoints, scrape targets, datastore receivers; templates kept; loopback, words and doc links skipped', () => {
    assert.deepEqual(
      calls({ 'otel/collector.yaml': fixture }).map((c) => [c.target, c.protocol, c.library, c.evidence.line]),
      [
        ['${env:COLLECTOR_HOST}:4317', 'tcp', 'config-file', 5],
        ['cache:6379', 'tcp', 'config-file', 7],
        ['orders:9464', 'tcp', 'config-file', 13],
        ['traces-backend:4317', 'tcp', 'config-file', 16],
        ['http://metrics:9090/api/v1/otlp', 'http', 'config-file', 18],
      ],
    );
  });

  test('a Grafana data source with apiVersion but no kind is read; Kubernetes, OpenAPI and CI files are not', () => {
    assert.deepEqual(calls({ 'grafana/datasources.yaml': 'apiVersion: 1\ndatasources:\n  - name: Prometheus\n    url: http://prometheus:9090\n' }).map((c) => c.target), ['http://prometheus:9090']);
    assert.deepEqual(calls({ 'k8s/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\ndata:\n  url: http://orders:80\n' }), []);
    assert.deepEqual(calls({ 'api.yaml': 'openapi: 3.0.0\nservers:\n  - url: https://api.example.com:443\n' }), []);
    assert.deepEqual(calls({ 'pipeline.yml': 'jobs:\n  build:\n    url: http://ci:8080\n' }), []);
  });
});
