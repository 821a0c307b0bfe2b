// The polyglot-shop fixture: three services in three languages, deployed by Compose and by
// Kubernetes, with a gRPC proto between two of them and an OpenAPI spec for the public API. The
// architecture recovered from it is asserted exactly.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyzeDirectory } from '../../src/api/pipeline.js';
import type { ThreatModel } from '../../src/model/types.js';
import { readAnnotations } from '../../src/rules/annotations.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/polyglot-shop', import.meta.url));

describe('polyglot-shop: Node + Python + Go, Compose + Kubernetes, gRPC + OpenAPI', () => {
  let model: ThreatModel;
  const name = (id: string): string => model.components.find((c) => c.id === id)?.name ?? id;
  const zone = (id: string): string => model.trustBoundaries.find((b) => b.id === id)?.name ?? id;

  before(async () => {
    model = await analyzeDirectory(FIXTURE, { today: '2026-06-01' });
  });

  test('components: names, kinds, exposure and trust zones', () => {
    const components = model.components.map((c) => [c.name, c.kind, c.exposure, zone(c.trustZone)]).sort();
    assert.deepEqual(components, [
      ['Browser / internet user', 'actor', 'internet', 'Internet'],
      ['gateway', 'service', 'internet', 'Internet-facing tier'],
      ['inventory', 'service', 'internal', 'Kubernetes cluster'],
      ['orders', 'service', 'internal', 'Kubernetes cluster'],
      ['postgres', 'datastore', 'internal', 'Data tier'],
      ['redis', 'datastore', 'internal', 'Data tier'],
    ]);
  });

  test('each service is matched to its source folder and its Compose and Kubernetes workloads', () => {
    const paths = Object.fromEntries(model.components.filter((c) => c.kind === 'service').map((c) => [c.name, c.paths]));
    assert.deepEqual(paths, { gateway: ['services/gateway'], inventory: ['services/inventory'], orders: ['services/orders'] });
    for (const service of ['gateway', 'orders', 'inventory']) {
      const c = model.components.find((x) => x.name === service);
      const files = new Set(c?.evidence.map((e) => e.file));
      assert.ok(files.has('docker-compose.yml') && files.has(`k8s/${service}.yaml`), `${service}: ${[...files].join(', ')}`);
      assert.ok(c?.tech.includes(`ghcr.io/acme/polyglot-shop/${service}:1.4.0`), `${service} runs its image`);
    }
    const postgres = model.components.find((c) => c.name === 'postgres');
    assert.deepEqual([...new Set(postgres?.evidence.map((e) => e.file))].sort(), ['docker-compose.yml', 'k8s/data.yaml'], 'one database for both deployments');
  });

  test('languages of the services', () => {
    const languages = Object.fromEntries(model.components.filter((c) => c.kind === 'service').map((c) => [c.name, c.language]));
    assert.deepEqual(languages, { gateway: 'javascript', inventory: 'go', orders: 'python' });
  });

  test('flows: endpoints and protocols', () => {
    const flows = model.flows.map((f) => [name(f.from), name(f.to), f.protocol]).sort();
    assert.deepEqual(flows, [
      ['Browser / internet user', 'gateway', 'HTTPS'],
      ['gateway', 'orders', 'HTTP'],
      ['gateway', 'redis', 'Redis'],
      ['inventory', 'postgres', 'PostgreSQL'],
      ['orders', 'inventory', 'gRPC'],
      ['orders', 'postgres', 'PostgreSQL'],
    ]);
  });

  test('the gRPC flow comes from the generated client stub, and is plaintext', () => {
    const grpc = model.flows.find((f) => f.protocol === 'gRPC');
    assert.equal(grpc?.encrypted, false);
    assert.ok(grpc?.evidence.some((e) => e.file === 'services/orders/app/main.py' && e.line === 12), JSON.stringify(grpc?.evidence));
  });

  test('trust boundaries', () => {
    const boundaries = model.trustBoundaries.map((b) => [b.name, b.kind, b.components.map(name).sort()]).sort();
    assert.deepEqual(boundaries, [
      ['Data tier', 'data', ['postgres', 'redis']],
      ['Internet', 'internet', ['Browser / internet user']],
      ['Internet-facing tier', 'dmz', ['gateway']],
      ['Kubernetes cluster', 'cluster', ['inventory', 'orders']],
    ]);
    const crossing = model.flows.filter((f) => f.crosses.length > 0).map((f) => `${name(f.from)}>${name(f.to)}`).sort();
    assert.deepEqual(crossing, ['Browser / internet user>gateway', 'gateway>orders', 'gateway>redis', 'inventory>postgres', 'orders>postgres']);
  });

  test('gateway entry points: OpenAPI operations merged into the Express routes, spec-only kept', () => {
    const gateway = model.components.find((c) => c.name === 'gateway');
    const eps = model.entryPoints
      .filter((e) => e.component === gateway?.id)
      .map((e) => [e.method, e.path, e.auth, e.tags.filter((t) => ['declared', 'declared-only', 'spec-auth-mismatch'].includes(t)).join(',')])
      .sort((a, b) => String(a[1]).localeCompare(String(b[1])) || String(a[0]).localeCompare(String(b[0])));
    assert.deepEqual(eps, [
      ['POST', '/api/orders', 'user', 'declared'],
      ['GET', '/api/orders/:id', 'none', 'declared,spec-auth-mismatch'],
      ['POST', '/api/orders/{orderId}/cancel', 'user', 'declared,declared-only'],
      ['GET', '/api/products', 'none', 'declared'],
    ]);
  });

  test('proto rpcs belong to the service that implements them', () => {
    const inventory = model.components.find((c) => c.name === 'inventory');
    const rpcs = model.entryPoints.filter((e) => e.kind === 'grpc' && e.framework === 'proto').map((e) => [name(e.component), e.path, e.tags.includes('declared-only')]).sort();
    assert.equal(inventory?.id !== undefined, true);
    assert.deepEqual(rpcs, [
      ['inventory', '/shop.inventory.v1.Inventory/GetStock', false],
      ['inventory', '/shop.inventory.v1.Inventory/Reserve', false],
    ]);
  });

  const httpEntries = (service: string) =>
    model.entryPoints
      .filter((e) => name(e.component) === service && e.kind === 'http')
      .map((e) => `${e.method ?? ''} ${(e.path ?? '').replace(/\{(\w+)\}/g, ':$1')}`)
      .sort();

  test('orders HTTP entry points (FastAPI)', () => {
    assert.deepEqual(httpEntries('orders'), ['GET /orders/:order_id', 'POST /orders']);
  });

  test('inventory HTTP entry points (net/http)', () => {
    // Registered inside `go func() { ... }()`; a pattern without a method serves every method.
    assert.deepEqual(httpEntries('inventory'), ['ALL /healthz']);
  });

  test('annotated findings: every ruleid: line reported, nothing on ok: lines', () => {
    const annotations = readAnnotations(FIXTURE);
    const ruleIds = [...new Set(annotations.map((a) => a.ruleId))].sort();
    assert.deepEqual(ruleIds, ['grpc-server-without-tls', 'k8s-missing-network-policy', 'openapi-auth-not-enforced-in-code', 'openapi-operation-without-security']);
    for (const ruleId of ruleIds) {
      const found = model.threats.filter((t) => t.ruleId === ruleId).map((t) => `${t.evidence[0]?.file}:${t.evidence[0]?.line}`).sort();
      const expected = annotations.filter((a) => a.ruleId === ruleId && a.kind === 'ruleid').map((a) => `${a.file}:${a.line}`).sort();
      assert.deepEqual(found, expected, ruleId);
    }
  });
});
