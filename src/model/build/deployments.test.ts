// Builder behaviour for orchestrated and cloud deployments: matching image-only workloads to
// source folders, cluster DNS names, gRPC flows, declared entry points, cloud components.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConfigFact, DeploymentFact, EntrypointFact, Fact, ProjectFact } from '../types.js';
import { hostCandidates, parseAddress } from './addresses.js';
import { buildSystem, normaliseRoutePath } from './index.js';
import { imageRepository } from './workload-match.js';

const ev = (file: string, line = 1) => ({ file, line });
const project = (root: string, name: string): ProjectFact => ({ kind: 'project', name, root, language: 'javascript', ecosystem: 'npm', frameworks: [], role: 'service', evidence: ev(`${root}/package.json`), extractor: 'js/package-json' });
const deployment = (d: Partial<DeploymentFact> & Pick<DeploymentFact, 'workload' | 'platform'>): DeploymentFact => ({ kind: 'deployment', evidence: ev(`deploy/${d.workload}.yaml`), extractor: 'iac/kubernetes', ...d });
const entry = (file: string, method: string, path: string, extra: Partial<EntrypointFact> = {}): EntrypointFact => ({ kind: 'entrypoint', protocol: 'http', framework: 'express', method, path, middleware: [], auth: 'none', evidence: ev(file, 3), extractor: 'js/express', ...extra });

describe('model/build: deployments, addresses, declared entry points', () => {
  test('helpers: image repositories, cluster DNS names, addresses, route paths', () => {
    assert.equal(imageRepository('ghcr.io/acme/orders:1.2@sha256:abc'), 'acme/orders');
    assert.equal(imageRepository('localhost:5000/web'), 'web');
    assert.deepEqual(hostCandidates('orders.shop.svc.cluster.local', new Set()), ['orders.shop.svc.cluster.local', 'orders']);
    assert.deepEqual(hostCandidates('orders.shop', new Set(['shop'])), ['orders.shop', 'orders']);
    assert.deepEqual(hostCandidates('example.com', new Set(['shop'])), ['example.com']);
    assert.deepEqual(parseAddress('inventory:50051'), { scheme: '', host: 'inventory', port: 50051 });
    assert.equal(parseAddress('10.0.0.1:80'), undefined);
    assert.equal(normaliseRoutePath('/orders/:id/items/<int:n>'), '/orders/{}/items/{}');
    assert.equal(normaliseRoutePath('/orders/{orderId}/'), '/orders/{}');
  });

  test('image-only Kubernetes workloads attach to the folder that builds the same image or has its name', () => {
    const facts: Fact[] = [
      project('services/web', 'web-app'),
      project('services/orders', 'orders'),
      deployment({ workload: 'web', platform: 'compose', buildContext: 'services/web', image: 'acme/shop-web:dev', exposure: 'internet', extractor: 'iac/compose', evidence: ev('docker-compose.yml', 2) }),
      deployment({ workload: 'web', platform: 'kubernetes', image: 'registry.acme.io/acme/shop-web:1.0' }),
      deployment({ workload: 'orders-api', platform: 'kubernetes', image: 'ghcr.io/acme/orders:1.0', env: { PAYMENTS: 'http://payments.shop.svc.cluster.local' }, attributes: { namespace: 'shop' } }),
      deployment({ workload: 'payments', platform: 'kubernetes', image: 'ghcr.io/acme/payments:1.0', attributes: { namespace: 'shop', services: 'payments' } }),
      deployment({ workload: 'postgres', platform: 'kubernetes', image: 'postgres:16' }),
      deployment({ workload: 'db', platform: 'compose', image: 'postgres:16', extractor: 'iac/compose', evidence: ev('docker-compose.yml', 9) }),
    ];
    const system = buildSystem(facts, 'shop');
    const byName = new Map(system.components.map((c) => [c.name, c]));
    // The first orchestrated workload names a code component; one database for both platforms.
    assert.deepEqual([...byName.keys()].sort(), ['Browser / internet user', 'orders-api', 'payments', 'postgres', 'web']);
    assert.equal(byName.get('web')?.evidence.length, 3, 'project, compose and kubernetes');
    assert.equal(byName.get('orders-api')?.paths[0], 'services/orders');
    assert.equal(byName.get('postgres')?.kind, 'datastore');
    assert.equal(byName.get('postgres')?.evidence.length, 2);
    const flows = system.flows.map((f) => `${system.components.find((c) => c.id === f.from)?.name}>${system.components.find((c) => c.id === f.to)?.name}:${f.protocol}`);
    assert.deepEqual(flows, ['orders-api>payments:HTTP']);
    const zone = (n: string) => system.trustBoundaries.find((b) => b.id === byName.get(n)?.trustZone)?.kind;
    assert.equal(zone('orders-api'), 'cluster');
    assert.equal(zone('web'), 'dmz');
  });

  test('gRPC: client stub → implementing component; rpcs placed there; declared-only when nobody implements', () => {
    const grpc = (setting: string, file: string, service: string): ConfigFact => ({ kind: 'config', setting, values: { service, tls: false }, evidence: ev(file), extractor: 'api/proto' });
    const facts: Fact[] = [
      project('a', 'a'),
      project('b', 'b'),
      grpc('grpc-client', 'a/client.js', 'Ledger'),
      grpc('grpc-server', 'b/server.go', 'Ledger'),
      entry('proto/ledger.proto', '', '/x.v1.Ledger/Post', { protocol: 'grpc', framework: 'proto', method: undefined, auth: 'unknown', tags: ['declared'] }),
      entry('proto/ledger.proto', '', '/x.v1.Audit/Get', { protocol: 'grpc', framework: 'proto', method: undefined, auth: 'unknown', tags: ['declared'] }),
    ];
    const system = buildSystem(facts, 'p');
    const name = (id: string) => system.components.find((c) => c.id === id)?.name;
    assert.deepEqual(system.flows.map((f) => [name(f.from), name(f.to), f.protocol, f.encrypted]), [['a', 'b', 'gRPC', false]]);
    assert.deepEqual(system.entryPoints.map((e) => [name(e.component), e.path, e.tags.includes('declared-only')]), [['b', '/x.v1.Ledger/Post', false]]);
    assert.equal(system.components.some((c) => c.name === 'p'), false, 'spec files do not create a root component');
  });

  test('OpenAPI operations merge into code routes; spec-only stays; auth disagreement is tagged', () => {
    const spec = (method: string, path: string, auth: EntrypointFact['auth']) => entry('api/openapi.yaml', method, path, { framework: 'openapi', auth, tags: ['declared', 'base-path:/api'] });
    const facts: Fact[] = [
      project('svc', 'svc'),
      entry('svc/app.js', 'GET', '/api/items/:id'),
      entry('svc/app.js', 'POST', '/api/items', { auth: 'user' }),
      // A page of the same bare path is no implementation of the operation.
      entry('svc/pages/orders.tsx', 'GET', '/orders', { framework: 'nextjs', tags: ['server-rendered-page', 'ui-shell'] }),
      spec('GET', '/api/orders', 'user'),
      spec('GET', '/api/items/{itemId}', 'user'),
      spec('POST', '/api/items', 'user'),
      spec('DELETE', '/api/items/{itemId}', 'user'),
    ];
    const system = buildSystem(facts, 'p');
    assert.deepEqual(
      system.entryPoints.map((e) => [e.method, e.path, e.auth, e.tags.join(','), e.evidence.length]).sort(),
      [
        ['DELETE', '/api/items/{itemId}', 'user', 'base-path:/api,declared,declared-only', 1],
        ['GET', '/api/items/:id', 'none', 'declared,spec-auth-mismatch', 2],
        ['GET', '/api/orders', 'user', 'base-path:/api,declared,declared-only', 1],
        ['GET', '/orders', 'none', 'server-rendered-page,ui-shell', 1],
        ['POST', '/api/items', 'user', 'declared', 2],
      ],
    );
  });

  test('cloud: API Gateway → Lambda built from its code folder, gateway reached by users', () => {
    const facts: Fact[] = [
      project('functions/orders', 'orders-fn'),
      deployment({ workload: 'OrdersFunction', platform: 'cloudformation', buildContext: 'functions/orders', attributes: { kind: 'lambda', component: 'function', displayName: 'OrdersFunction' }, extractor: 'iac/cloudformation' }),
      deployment({ workload: 'ServerlessRestApi', platform: 'cloudformation', exposure: 'internet', attributes: { kind: 'api-gateway', component: 'service', gateway: true, routesTo: 'OrdersFunction', displayName: 'ServerlessRestApi' }, extractor: 'iac/cloudformation' }),
    ];
    const system = buildSystem(facts, 'p');
    const name = (id: string) => system.components.find((c) => c.id === id)?.name;
    assert.deepEqual(system.components.map((c) => [c.name, c.kind, c.exposure]).sort(), [
      ['Browser / internet user', 'actor', 'internet'],
      ['OrdersFunction', 'function', 'internal'],
      ['ServerlessRestApi', 'service', 'internet'],
    ]);
    assert.deepEqual(system.flows.map((f) => [name(f.from), name(f.to), f.protocol]).sort(), [
      ['Browser / internet user', 'ServerlessRestApi', 'HTTPS'],
      ['ServerlessRestApi', 'OrdersFunction', 'HTTPS'],
    ]);
  });
});
