// Builder behaviour for multi-service products: addresses in deployment env (scheme-less
// `host:port`, bare host names in *_HOST variables, broker lists), services sharing a wide build
// context, reverse proxies (templated upstreams, gateway, exposure of upstreams), gRPC stubs whose
// address was not traced, and relative URLs that name no peer.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConfigFact, DeploymentFact, Fact, OutboundCallFact, ProjectFact } from '../types.js';
import { envAddresses } from './connections.js';
import { buildSystem } from './index.js';
import { sourceRootOf } from './workload-match.js';

const ev = (file: string, line = 1) => ({ file, line });
const project = (root: string, name: string): ProjectFact => ({ kind: 'project', name, root, language: 'go', ecosystem: 'go', frameworks: [], role: 'service', evidence: ev(`${root}/go.mod`), extractor: 'go/project' });
const compose = (workload: string, extra: Partial<DeploymentFact>, file = 'compose.yaml'): DeploymentFact => ({
  kind: 'deployment',
  platform: 'compose',
  workload,
  exposure: 'internal',
  evidence: ev(file, 2),
  extractor: 'iac/compose',
  ...extra,
});
const call = (file: string, extra: Partial<OutboundCallFact>): OutboundCallFact => ({ kind: 'outbound-call', protocol: 'http', library: 'test', tainted: false, evidence: ev(file, 5), extractor: 'test', ...extra });

function flowsOf(facts: Fact[]): string[] {
  const system = buildSystem(facts, 'shop');
  const name = (id: string) => system.components.find((c) => c.id === id)?.name ?? id;
  return system.flows.map((f) => `${name(f.from)}>${name(f.to)}:${f.protocol}`).sort();
}

describe('model/build: multi-service flows', () => {
  test('env addresses: URLs, host:port, broker lists, bare hosts only in host-like variables', () => {
    assert.deepEqual(envAddresses('ORDERS_ADDR', 'orders:7000'), [{ scheme: '', host: 'orders', port: 7000 }]);
    assert.deepEqual(envAddresses('KAFKA_BROKERS', 'kafka-1:9092,kafka-2:9092').map((u) => u.host), ['kafka-1', 'kafka-2']);
    assert.deepEqual(envAddresses('FLAGS_HOST', 'flags'), [{ scheme: '', host: 'flags' }]);
    assert.deepEqual(envAddresses('APP_NAME', 'flags'), []);
    assert.deepEqual(envAddresses('BIND_HOST', '0.0.0.0'), []);
    assert.deepEqual(envAddresses('DB_HOST', 'localhost'), []);
  });

  test('a wide build context with a Dockerfile in a service folder builds that folder', () => {
    assert.equal(sourceRootOf(compose('orders', { buildContext: '.', attributes: { buildDockerfile: './services/orders/Dockerfile' } })), 'services/orders');
    assert.equal(sourceRootOf(compose('orders', { buildContext: '.', attributes: { buildDockerfile: 'docker/orders.Dockerfile' } })), '.');
    assert.equal(sourceRootOf(compose('orders', { buildContext: 'services/orders', attributes: { buildDockerfile: 'Dockerfile' } })), 'services/orders');
    assert.equal(sourceRootOf(compose('orders', { buildContext: '.', attributes: { buildDockerfile: '${ORDERS_DOCKERFILE}' } })), '.');
  });

  test('compose services sharing the root context, scheme-less and host-only addresses, gRPC stubs by service name', () => {
    const facts: Fact[] = [
      project('services/web', 'web'),
      project('services/orders', 'orders'),
      project('services/flags', 'flags'),
      compose('web', { buildContext: '.', attributes: { buildDockerfile: './services/web/Dockerfile' }, env: { ORDERS_ADDR: 'orders:7000', FLAGS_HOST: 'flags', APP_NAME: 'orders' } }),
      compose('orders', { buildContext: '.', attributes: { buildDockerfile: './services/orders/Dockerfile' }, env: { KAFKA_BROKERS: 'kafka:9092' } }),
      compose('web-tests', { buildContext: '.', attributes: { buildDockerfile: './services/web/Dockerfile' } }, 'compose.tests.yaml'),
      compose('flags', { buildContext: '.', attributes: { buildDockerfile: './services/flags/Dockerfile' } }),
      compose('kafka', { image: 'apache/kafka:3.7' }),
      // A stub built on a connection whose address the extractor could not trace.
      call('services/orders/main.go', { protocol: 'grpc', library: 'grpc-go', service: 'FlagsService' }),
      // `fetch(`${BASE}/quote`)` with the base untraced: no peer, and no external named "/quote".
      call('services/orders/quote.go', { target: '/quote' }),
    ];
    assert.deepEqual(flowsOf(facts), ['orders>flags:gRPC', 'orders>kafka:Kafka', 'web>flags:TCP', 'web>orders:TCP']);
    const names = buildSystem(facts, 'shop').components.map((c) => c.name).sort();
    assert.deepEqual(names, ['flags', 'kafka', 'orders', 'web'], 'the test variant does not rename web; no external for the relative URL');
  });

  test('reverse proxy: templated upstreams resolve with its env, it is a gateway, its upstreams are reachable through it', () => {
    const proxyConfig: ConfigFact = { kind: 'config', setting: 'reverse-proxy', values: { server: 'envoy', routes: 2 }, evidence: ev('proxy/envoy.yaml', 10), extractor: 'iac/envoy' };
    const facts: Fact[] = [
      project('proxy', 'proxy'),
      project('api', 'api'),
      project('admin', 'admin'),
      compose('proxy', { buildContext: 'proxy', exposure: 'internet', ports: [{ container: 8080, published: 8080 }], env: { API_HOST: 'api', API_PORT: '9000' } }),
      compose('api', { buildContext: 'api' }),
      compose('admin', { buildContext: 'admin' }),
      proxyConfig,
      call('proxy/envoy.yaml', { library: 'envoy', target: 'http://${API_HOST}:${API_PORT}', evidence: ev('proxy/envoy.yaml', 30) }),
      call('proxy/envoy.yaml', { library: 'envoy', target: 'http://${UNSET_HOST}:80', evidence: ev('proxy/envoy.yaml', 40) }),
    ];
    assert.deepEqual(flowsOf(facts), ['Browser / internet user>proxy:HTTPS', 'proxy>api:HTTP']);
    const system = buildSystem(facts, 'shop');
    const exposure = Object.fromEntries(system.components.map((c) => [c.name, c.exposure]));
    assert.deepEqual(exposure, { 'Browser / internet user': 'internet', proxy: 'internet', api: 'internet', admin: 'internal' });
    assert.match(system.components.find((c) => c.name === 'api')?.notes?.join(' ') ?? '', /through the reverse proxy proxy \(proxy\/envoy\.yaml:30\)/);
    // Exposure pinned in .threatcode.yml is not overridden by the proxy's routes.
    const pinned = buildSystem(facts, 'shop', { exposure: [{ match: 'api', exposure: 'internal' }] });
    assert.equal(pinned.components.find((c) => c.name === 'api')?.exposure, 'internal');
  });

  test('mounted configuration: a stock image owns the files it mounts; config addresses reach only our components', () => {
    const proxyConfig: ConfigFact = { kind: 'config', setting: 'reverse-proxy', values: { server: 'nginx', routes: 1 }, evidence: ev('deploy/nginx/nginx.conf', 3), extractor: 'iac/nginx' };
    const facts: Fact[] = [
      project('api', 'api'),
      compose('api', { buildContext: 'api', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317' } }),
      compose('nginx', { image: 'nginx:1.27', exposure: 'internet', volumes: ['./deploy/nginx/nginx.conf:/etc/nginx/nginx.conf:ro'] }),
      compose('grafana', { image: 'grafana/grafana:11', volumes: ['./deploy/grafana/:/etc/grafana/provisioning/'] }),
      compose('prometheus', { image: 'prom/prometheus:v2' }),
      compose('collector', { image: 'otel/opentelemetry-collector-contrib:0.100.0', volumes: ['./deploy/otel.yaml:/etc/otel.yaml'], env: { API_HOST: 'api' } }),
      // An override file adding a mount to a service defined elsewhere joins that service.
      compose('collector', { volumes: ['./deploy/otel-extra.yaml:/etc/otel-extra.yaml'] }, 'compose.observability.yaml'),
      proxyConfig,
      call('deploy/nginx/nginx.conf', { library: 'nginx', target: 'http://api:8080', evidence: ev('deploy/nginx/nginx.conf', 3) }),
      call('deploy/grafana/datasources/prom.yaml', { library: 'config-file', protocol: 'http', target: 'http://prometheus:9090' }),
      call('deploy/grafana/datasources/prom.yaml', { library: 'config-file', protocol: 'https', target: 'https://grafana.example.com/docs' }),
      call('deploy/otel.yaml', { library: 'config-file', protocol: 'tcp', target: '${env:API_HOST}:9464' }),
      call('deploy/otel-extra.yaml', { library: 'config-file', protocol: 'tcp', target: 'prometheus:4317' }),
    ];
    assert.deepEqual(flowsOf(facts), [
      'Browser / internet user>nginx:HTTPS',
      'api>collector:HTTP',
      'collector>api:TCP',
      'collector>prometheus:gRPC',
      'grafana>prometheus:HTTP',
      'nginx>api:HTTP',
    ]);
    const system = buildSystem(facts, 'shop');
    assert.equal(system.components.filter((c) => c.name === 'collector').length, 1);
    assert.equal(system.components.find((c) => c.name === 'api')?.exposure, 'internet', 'routed to by the published proxy');
  });

  test('a mounted Caddyfile: the caddy image routes to the services it names, which become as reachable as it is', () => {
    const facts: Fact[] = [
      project('backend', 'backend'),
      project('frontend', 'frontend'),
      compose('backend', { image: 'ghcr.io/acme/notes/backend:1' }),
      compose('frontend', { image: 'ghcr.io/acme/notes/frontend:1' }),
      compose('proxy', { image: 'caddy:2', exposure: 'internet', volumes: ['./Caddyfile:/etc/caddy/Caddyfile'] }),
      { kind: 'config', setting: 'reverse-proxy', values: { server: 'caddy', routes: 2 }, evidence: ev('Caddyfile', 4), extractor: 'iac/caddy' } as ConfigFact,
      call('Caddyfile', { library: 'caddy', target: 'http://backend:3000', evidence: ev('Caddyfile', 4) }),
      call('Caddyfile', { library: 'caddy', target: 'http://frontend:3001', evidence: ev('Caddyfile', 5) }),
    ];
    assert.deepEqual(flowsOf(facts), ['Browser / internet user>proxy:HTTPS', 'proxy>backend:HTTP', 'proxy>frontend:HTTP']);
    const exposure = Object.fromEntries(buildSystem(facts, 'notes').components.map((c) => [c.name, c.exposure]));
    assert.equal(exposure.backend, 'internet');
    assert.equal(exposure.frontend, 'internet');
  });

  test('Traefik labels: the proxy routes to labelled services, which are as reachable as it is', () => {
    const facts: Fact[] = [
      project('api', 'api'),
      project('worker', 'worker'),
      compose('traefik', { image: 'traefik:v3.1', exposure: 'internet', ports: [{ container: 80, published: 80 }], volumes: ['/var/run/docker.sock:/var/run/docker.sock:ro'] }),
      compose('api', { buildContext: 'api', attributes: { proxyRouted: 'traefik' }, evidence: ev('compose.yaml', 9) }),
      compose('worker', { buildContext: 'worker', evidence: ev('compose.yaml', 14) }),
    ];
    assert.deepEqual(flowsOf(facts), ['Browser / internet user>traefik:HTTPS', 'traefik>api:HTTP']);
    const exposure = Object.fromEntries(buildSystem(facts, 'shop').components.map((c) => [c.name, c.exposure]));
    assert.equal(exposure.api, 'internet');
    assert.equal(exposure.worker, 'internal');
  });

  test('a folder without code whose Dockerfile starts FROM a broker image is that broker', () => {
    const facts: Fact[] = [
      project('orders', 'orders'),
      compose('orders', { buildContext: 'orders' }),
      compose('kafka', { buildContext: 'infra-kafka' }),
      { kind: 'deployment', platform: 'docker', workload: 'infra-kafka', image: 'apache/kafka:3.7.0', buildContext: 'infra-kafka', evidence: ev('infra-kafka/Dockerfile'), extractor: 'iac/dockerfile' },
      { kind: 'datastore-client', tech: 'kafka', storeKind: 'queue', library: 'sarama', evidence: ev('orders/producer.go', 12), extractor: 'go/datastores' },
    ];
    const system = buildSystem(facts, 'shop');
    assert.deepEqual(system.components.map((c) => [c.name, c.kind]).sort(), [['kafka', 'queue'], ['orders', 'service']]);
    assert.deepEqual(flowsOf(facts), ['orders>kafka:Kafka']);
  });

  test('code dialing an address variable no deployment sets reaches the component named like the variable', () => {
    const facts: Fact[] = [
      project('services/web', 'web'),
      project('services/cartservice', 'cartservice'),
      project('services/payments', 'payments'),
      project('services/payments-worker', 'payments-worker'),
      call('services/web/cart.go', { protocol: 'grpc', library: 'grpc-go', target: 'env:CART_SERVICE_ADDR' }),
      call('services/web/pay.go', { target: 'env:PAYMENTS_URL' }),
      // Names no component: no flow, and no external entity made of a variable name.
      call('services/web/misc.go', { target: 'env:SOMETHING_ELSE_URL' }),
      call('services/web/misc.go', { target: 'env:LOG_LEVEL', evidence: ev('services/web/misc.go', 9) }),
    ];
    assert.deepEqual(flowsOf(facts), ['web>cartservice:gRPC', 'web>payments:HTTP']);
  });

  test('a repository-root component does not claim configuration files nothing mounts', () => {
    const facts: Fact[] = [
      project('.', 'app'),
      compose('app', { buildContext: '.' }),
      compose('cache', { image: 'redis:7' }),
      compose('worker', { image: 'acme/worker:1' }),
      call('ops/monitoring/scrape.yaml', { library: 'config-file', target: 'worker:9100' }),
      call('services/app-config.yaml', { library: 'config-file', target: 'cache:6379' }),
    ];
    assert.deepEqual(flowsOf(facts), []);
  });
});
