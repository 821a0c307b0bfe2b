import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { DependencyFact, DeploymentFact, Fact, SecretFact } from '../../../model/types.js';
import { extractFile, linkFacts } from '../../engine.js';
import { runExtractor } from '../../testing.js';
import { extractor as dotenv } from '../dotenv/index.js';
import { extractor, isComposePath } from './index.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const deployments = (facts: Fact[]) => facts.filter((f): f is DeploymentFact => f.kind === 'deployment');
const secrets = (facts: Fact[]) => facts.filter((f): f is SecretFact => f.kind === 'secret');
const deps = (facts: Fact[]) => facts.filter((f): f is DependencyFact => f.kind === 'dependency');

function service(facts: Fact[], name: string): DeploymentFact {
  const found = deployments(facts).find((d) => d.workload === name);
  assert.ok(found, `service ${name}`);
  return found;
}

describe('extract/iac/compose', () => {
  const { facts, diagnostics } = runExtractor(extractor, { 'deploy/docker-compose.yml': fixture('docker-compose.yml') });

  test('file names', () => {
    for (const p of ['docker-compose.yml', 'a/docker-compose.prod.yaml', 'compose.yaml', 'compose.override.yml', 'docker-compose-dev.yml']) {
      assert.equal(isComposePath(p), true, p);
    }
    for (const p of ['compose.json', 'k8s/deployment.yaml', 'my-compose.yml']) assert.equal(isComposePath(p), false, p);
  });

  test('one deployment fact per service, evidence at the service key', () => {
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      deployments(facts).map((d) => [d.workload, d.platform, d.evidence.line, d.evidence.snippet]),
      [
        ['api', 'compose', 5, 'api:'],
        ['db', 'compose', 37, 'db:'],
        ['cache', 'compose', 53, 'cache:'],
        ['monitor', 'compose', 58, 'monitor:'],
        ['admin', 'compose', 70, 'admin:'],
      ],
    );
  });

  test('build-based service', () => {
    const api = service(facts, 'api');
    assert.equal(api.image, undefined);
    assert.equal(api.buildContext, 'services/api');
    assert.deepEqual(api.ports, [
      { container: 3000, published: 8080, protocol: 'tcp' },
      { container: 9229, published: 9229, protocol: 'tcp' },
    ]);
    assert.equal(api.exposure, 'internet');
    assert.equal(api.runsAsRoot, undefined);
    assert.deepEqual(api.hostAccess, ['docker.sock']);
    assert.deepEqual(api.env, {
      LOG_LEVEL: 'info',
      DATABASE_URL: 'postgres://shop:****@db:5432/shop',
      REDIS_URL: 'redis://cache:6379',
      JWT_SECRET: '${JWT_SECRET}',
      SESSION_SECRET: '****',
    });
    assert.deepEqual(api.dependsOn, ['db', 'cache']);
    assert.deepEqual(api.volumes, ['/var/run/docker.sock:/var/run/docker.sock:ro', './data:/data']);
    assert.deepEqual(api.networks, ['front', 'back']);
    assert.deepEqual(api.secrets, ['db_password']);
    assert.equal(api.attributes?.readOnly, true);
    assert.equal(api.attributes?.restart, 'unless-stopped');
    assert.equal(api.attributes?.healthcheck, true);
    assert.equal(api.attributes?.envFile, '.env');
    assert.equal(api.attributes?.buildDockerfile, 'Dockerfile.prod');
    assert.equal(api.attributes?.publishedPorts, '0.0.0.0:8080:3000/tcp, 127.0.0.1:9229:9229/tcp');
  });

  test('datastore published on all interfaces, running as root', () => {
    const db = service(facts, 'db');
    assert.equal(db.image, 'postgres:16.2');
    assert.equal(db.buildContext, undefined);
    assert.equal(db.exposure, 'internet');
    assert.equal(db.runsAsRoot, true);
    assert.equal(db.attributes?.datastore, 'postgres');
    assert.equal(db.attributes?.publishedAllInterfaces, true);
    assert.equal(db.attributes?.imageTag, '16.2');
    assert.deepEqual(db.env, { POSTGRES_USER: 'shop', POSTGRES_PASSWORD: '****', POSTGRES_DB: '' });
    assert.deepEqual(db.volumes, ['db-data:/var/lib/postgresql/data']);
    assert.deepEqual(db.networks, ['back']);
  });

  test('expose only is internal', () => {
    const cache = service(facts, 'cache');
    assert.equal(cache.exposure, 'internal');
    assert.deepEqual(cache.ports, [{ container: 6379, protocol: 'tcp' }]);
    assert.equal(cache.attributes?.publishedAllInterfaces, false);
    assert.equal(cache.attributes?.imageTag, 'latest');
  });

  test('privileged and host access', () => {
    const monitor = service(facts, 'monitor');
    assert.equal(monitor.privileged, true);
    assert.deepEqual(monitor.hostAccess, ['network:host', 'pid:host', 'host-root', 'mount:/proc', 'cap:SYS_ADMIN']);
    assert.equal(monitor.exposure, 'internet');
  });

  test('long port syntax bound to loopback is internal', () => {
    const admin = service(facts, 'admin');
    assert.deepEqual(admin.ports, [{ container: 8080, published: 8081, protocol: 'tcp' }]);
    assert.equal(admin.exposure, 'internal');
  });

  test('secrets: literal values redacted, evidence at the variable', () => {
    assert.deepEqual(
      secrets(facts).map((s) => [s.key, s.secretType, s.redacted, s.evidence.line]),
      [
        ['deploy/docker-compose.yml#secret:api:environment:DATABASE_URL', 'password', 'postgres://shop:****@db:5432/shop', 16],
        ['deploy/docker-compose.yml#secret:api:environment:SESSION_SECRET', 'generic-secret', 'dev-****', 19],
        ['deploy/docker-compose.yml#secret:api:args:NPM_TOKEN', 'token', 'fake****', 10],
        ['deploy/docker-compose.yml#secret:db:environment:POSTGRES_PASSWORD', 'password', 's3****', 43],
      ],
    );
    const text = JSON.stringify(facts);
    for (const secret of ['s3cretpw', 'dev-session-secret', 'fake-npm-token-0123456789']) assert.ok(!text.includes(secret), secret);
  });

  test('images of image-only services are dependencies', () => {
    assert.deepEqual(
      deps(facts).map((d) => [d.name, d.version, d.purl, d.evidence.line]),
      [
        ['postgres', '16.2', 'pkg:docker/postgres@16.2', 38],
        ['redis', 'latest', 'pkg:docker/redis@latest', 54],
        ['ghcr.io/acme/agent', '1.4', 'pkg:docker/acme/agent@1.4?repository_url=ghcr.io', 59],
        ['adminer', '4', 'pkg:docker/adminer@4', 71],
      ],
    );
  });

  test('legacy v1 file without services key', () => {
    const out = runExtractor(extractor, { 'compose.legacy.yaml': fixture('compose.legacy.yaml') });
    assert.deepEqual(
      deployments(out.facts).map((d) => [d.workload, d.image, d.buildContext, d.exposure, d.evidence.line]),
      [
        ['web', 'nginx:1.25', undefined, 'internet', 1],
        ['app', undefined, '.', 'internal', 7],
      ],
    );
  });

  test('invalid YAML gives a diagnostic and no facts', () => {
    const out = runExtractor(extractor, { 'docker-compose.yml': 'services:\n  api:\n    image: [unclosed\n' });
    assert.deepEqual(out.facts, []);
    assert.equal(out.diagnostics[0]?.code, 'parse-error');
  });

  test('survives an alias bomb', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'services:',
      '  api:',
      '    image: nginx',
      '    environment: *f',
    ].join('\n');
    const out = runExtractor(extractor, { 'docker-compose.yml': bomb });
    assert.deepEqual(out.facts, []);
    assert.match(out.diagnostics[0]?.message ?? '', /alias/i);
  });

  test('custom tags are not executed and files without services give nothing', () => {
    const tagged = runExtractor(extractor, { 'docker-compose.yml': 'services:\n  api:\n    image: !!js/function "function(){}"\n' });
    assert.ok(tagged.facts.every((f) => f.kind !== 'deployment' || typeof f.image !== 'function'));
    assert.deepEqual(runExtractor(extractor, { 'docker-compose.yml': 'version: "3"\n' }).facts, []);
    assert.deepEqual(runExtractor(extractor, { 'docker-compose.yml': '- just\n- a list\n' }).facts, []);
  });
});

describe('extract/iac/compose with the project .env and env_file', () => {
  const dir = 'stack';
  const read = (name: string): string => readFileSync(new URL(`./fixtures/dotenv-project/${name}`, import.meta.url), 'utf8');
  const files = { [`${dir}/.env`]: read('.env'), [`${dir}/worker.env`]: read('worker.env'), [`${dir}/compose.yaml`]: read('compose.yaml') };
  const facts: Fact[] = [];
  for (const [path, content] of Object.entries(files)) facts.push(...extractFile({ path, content }, [dotenv, extractor]).facts);
  const linked = linkFacts(facts, [dotenv, extractor]);

  test('ports, images and Dockerfile paths are interpolated from .env', () => {
    const proxy = service(linked, 'proxy');
    assert.equal(proxy.image, 'ghcr.io/acme/proxy:dev');
    assert.deepEqual(proxy.ports, [{ container: 8443, published: 8443, protocol: 'tcp' }]);
    assert.equal(proxy.exposure, 'internet');
    const orders = service(linked, 'orders');
    assert.equal(orders.buildContext, 'stack');
    assert.equal(orders.attributes?.buildDockerfile, './services/orders/Dockerfile');
    assert.equal(orders.exposure, 'internal', 'bound to loopback');
    const db = service(linked, 'db');
    assert.equal(db.image, 'postgres:16');
    assert.equal(db.attributes?.datastore, 'postgres');
  });

  test('volumes are interpolated too, and a runtime socket behind a variable is host access', () => {
    assert.deepEqual(service(linked, 'proxy').volumes, ['./proxy/envoy.yaml:/etc/envoy/envoy.yaml:ro']);
    assert.deepEqual(service(linked, 'worker').volumes, ['/var/run/docker.sock:/var/run/docker.sock']);
    assert.deepEqual(service(linked, 'worker').hostAccess, ['docker.sock']);
  });

  test('environment: pass-through entries take .env values, references resolve, secrets stay redacted', () => {
    assert.deepEqual(service(linked, 'proxy').env, { ORDERS_ADDR: 'orders:7000', UNKNOWN_VAR: '', TIMEOUT: '30' });
    assert.deepEqual(service(linked, 'orders').env, { PAYMENTS_URL: 'http://payments:9000', DATABASE_PASSWORD: '****', MISSING: '${NOT_SET}' });
    // env_file values, overridden by `environment:`.
    assert.deepEqual(service(linked, 'worker').env, { QUEUE_HOST: 'queue', QUEUE_URL: 'amqp://broker:5672' });
  });

  test('the raw attribute used for linking never reaches the model, and holds no literal secret', () => {
    for (const d of deployments(linked)) assert.equal(d.attributes?.composeRaw, undefined);
    const raw = deployments(facts).map((d) => String(d.attributes?.composeRaw ?? '')).join('\n');
    assert.ok(raw.includes('DATABASE_PASSWORD'));
    assert.ok(!raw.includes('hunter2'));
  });

  test('without a .env, Compose defaults apply and references stay as written', () => {
    const alone = runExtractor(extractor, { 'x/compose.yaml': read('compose.yaml') }).facts;
    assert.equal(service(alone, 'proxy').image, '${REGISTRY}/proxy:${TAG:-dev}');
    assert.deepEqual(service(alone, 'proxy').ports, []);
    assert.equal(service(alone, 'orders').env?.PAYMENTS_URL, '${PAYMENTS_URL}');
  });
});

describe('extract/iac/compose: services routed by label-configured proxies', () => {
  const file = [
    'services:',
    '  traefik:',
    '    image: traefik:v3.1',
    '    ports: ["80:80"]',
    '  api:',
    '    build: ./api',
    '    labels:',
    '      - traefik.enable=true',
    '      - traefik.http.routers.api.rule=PathPrefix(`/api`)',
    '  admin:',
    '    build: ./admin',
    '    labels:',
    '      traefik.enable: "false"',
    '  site:',
    '    image: nginx',
    '    labels:',
    '      caddy: example.com',
    '      caddy.reverse_proxy: "{{upstreams 80}}"',
    '',
  ].join('\n');
  const { facts } = runExtractor(extractor, { 'compose.yaml': file });

  test('Traefik and caddy-docker-proxy labels are recorded as proxyRouted', () => {
    assert.equal(service(facts, 'api').attributes?.proxyRouted, 'traefik');
    assert.equal(service(facts, 'admin').attributes?.proxyRouted, undefined);
    assert.equal(service(facts, 'site').attributes?.proxyRouted, 'caddy');
    assert.equal(service(facts, 'traefik').attributes?.proxyRouted, undefined);
  });
});
