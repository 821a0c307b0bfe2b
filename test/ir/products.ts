// Fixture products for incident-response tests. npm products are real source folders
// (test/fixtures/ir/<name>) modelled by the pipeline; ecosystems that have no extractor yet (PyPI, Go,
// Maven, NuGet, RubyGems, Debian, Alpine) are hand-built models and reach data, exactly the files a
// future extractor would produce, so version matching and verdicts are tested for all of them now.
import { join } from 'node:path';
import { publishModel } from '../../src/catalog/publish.js';
import { publishSource } from '../../src/catalog/publish.js';
import { emptyReach, type ReachDeployment, type ReachImport, type ReachIndex } from '../../src/catalog/reach-types.js';
import type { Component, Dependency, EntryPoint, ThreatModel } from '../../src/model/types.js';
import { MODEL_SCHEMA } from '../../src/model/types.js';
import { scratchDir } from '../../src/util/scratch.js';

export const FIXTURES = new URL('../fixtures/ir/', import.meta.url).pathname;
export const ADVISORIES = new URL('../../../shared/fixtures/advisories/', import.meta.url).pathname;
export const NOW = new Date('2025-01-02T03:04:05Z');

function component(id: string, name: string, kind: Component['kind'], exposure: Component['exposure'], paths: string[] = []): Component {
  return { id, name, kind, tech: [], paths, exposure, trustZone: exposure === 'internet' ? 'edge' : 'internal', evidence: [] };
}

function entry(id: string, comp: string, method: string, path: string, auth: EntryPoint['auth'], file: string, line: number): EntryPoint {
  return { id, component: comp, kind: 'http', method, path, auth, middleware: [], handler: { file, line }, exposure: 'internet', tags: [], evidence: [{ file, line }] };
}

function dep(ecosystem: string, name: string, version: string, direct: boolean, manifest: string, comp: string, scope = 'prod'): Dependency {
  return { ecosystem, name, version, direct, scope, component: comp, manifest };
}

export function makeModel(name: string, parts: Partial<ThreatModel>): ThreatModel {
  return {
    schema: MODEL_SCHEMA,
    generator: { name: 'threatcode', version: '0.0.0-test' },
    product: { name, languages: [], owners: [] },
    components: [],
    flows: [],
    trustBoundaries: [],
    entryPoints: [],
    assets: [],
    dependencies: [],
    threats: [],
    mitigations: [],
    assumptions: [],
    killChains: [],
    diagnostics: [],
    ...parts,
  };
}

function imp(pkg: string, module: string, file: string, line: number, symbols: string[], uses: [string, number][], reachedBy: string[], component: string, ecosystem: string): ReachImport {
  return { ecosystem, package: pkg, module, file, line, symbols, uses: uses.map(([symbol, l]) => ({ symbol, line: l })), component, reachedBy, via: reachedBy.length ? 'handler' : 'none', owners: [] };
}

export interface HandBuilt {
  model: ThreatModel;
  reach: ReachIndex;
}

export function handBuiltProducts(): HandBuilt[] {
  const out: HandBuilt[] = [];

  // PyPI: names differ in case from the advisories (pyyaml / PyYAML, Django / django).
  {
    const m = makeModel('billing-py', {
      product: { name: 'billing-py', languages: ['python'], owners: ['@acme/billing'] },
      components: [component('c-billing', 'billing-api', 'service', 'internet', ['.']), component('c-db', 'billing-db', 'datastore', 'internal')],
      flows: [{ id: 'f1', from: 'c-billing', to: 'c-db', protocol: 'postgres', authenticated: true, encrypted: 'unknown', data: ['invoices'], crosses: [], evidence: [] }],
      assets: [{ id: 'a1', name: 'invoices', classification: 'confidential', categories: ['financial'], storedIn: ['c-db'], evidence: [] }],
      entryPoints: [entry('e-import', 'c-billing', 'POST', '/invoices/import', 'none', 'app/handlers.py', 10), entry('e-report', 'c-billing', 'GET', '/reports', 'user', 'app/views.py', 5)],
      dependencies: [dep('pypi', 'pyyaml', '5.3.1', true, 'requirements.txt', 'c-billing'), dep('pypi', 'Django', '3.2.13', true, 'requirements.txt', 'c-billing'), dep('pypi', 'Jinja2', '3.1.3', true, 'requirements.txt', 'c-billing'), dep('pypi', 'urllib3', '1.26.5', false, 'requirements.txt', 'c-billing')],
    });
    const reach = emptyReach('billing-py');
    reach.importsAnalysed = ['pypi'];
    reach.imports = [imp('PyYAML', 'yaml', 'app/handlers.py', 2, ['load'], [['load', 12]], ['e-import'], 'c-billing', 'pypi'), imp('Django', 'django.db.models', 'app/views.py', 1, ['Trunc'], [['Trunc', 9]], ['e-report'], 'c-billing', 'pypi'), imp('Jinja2', 'jinja2', 'app/views.py', 2, ['Template'], [['Template', 14]], ['e-report'], 'c-billing', 'pypi')];
    reach.declarations = [
      { ecosystem: 'pypi', name: 'pyyaml', file: 'requirements.txt', line: 1, spec: '==5.3.1' },
      { ecosystem: 'pypi', name: 'Django', file: 'requirements.txt', line: 2, spec: '==3.2.13' },
      { ecosystem: 'pypi', name: 'Jinja2', file: 'requirements.txt', line: 3, spec: '==3.1.3' },
    ];
    reach.owners = ['@acme/billing'];
    out.push({ model: m, reach });
  }

  // Go: a pseudo-version of x/net and a gRPC release inside a backport range; imports not analysed.
  {
    const m = makeModel('ledger-go', {
      product: { name: 'ledger-go', languages: ['go'], owners: ['@acme/ledger'] },
      components: [component('c-ledger', 'ledger', 'service', 'internal', ['.'])],
      entryPoints: [{ ...entry('e-grpc', 'c-ledger', 'POST', '/ledger.v1.Ledger/Post', 'user', 'server.go', 40), kind: 'grpc', exposure: 'internal' }],
      dependencies: [dep('golang', 'golang.org/x/net', 'v0.0.0-20220722155237-a158d28d115b', true, 'go.mod', 'c-ledger'), dep('golang', 'google.golang.org/grpc', 'v1.57.0', true, 'go.mod', 'c-ledger'), dep('golang', 'github.com/gorilla/mux', 'v1.8.0', true, 'go.mod', 'c-ledger')],
    });
    const reach = emptyReach('ledger-go');
    reach.declarations = [
      { ecosystem: 'golang', name: 'golang.org/x/net', file: 'go.mod', line: 6, spec: 'v0.0.0-20220722155237-a158d28d115b' },
      { ecosystem: 'golang', name: 'google.golang.org/grpc', file: 'go.mod', line: 7, spec: 'v1.57.0' },
    ];
    reach.owners = ['@acme/ledger'];
    out.push({ model: m, reach });
  }
  {
    const m = makeModel('audit-go', {
      product: { name: 'audit-go', languages: ['go'], owners: ['@acme/audit'] },
      components: [component('c-audit', 'audit', 'service', 'internal', ['.'])],
      dependencies: [dep('golang', 'golang.org/x/net', 'v0.17.0', true, 'go.mod', 'c-audit'), dep('golang', 'google.golang.org/grpc', 'v1.58.3', true, 'go.mod', 'c-audit')],
    });
    out.push({ model: m, reach: { ...emptyReach('audit-go'), owners: ['@acme/audit'] } });
  }

  // Maven: Log4Shell in a direct dependency, Spring4Shell only transitively, a `.RELEASE` qualifier.
  {
    const m = makeModel('orders-java', {
      product: { name: 'orders-java', languages: ['java'], owners: ['@acme/orders'] },
      components: [component('c-orders', 'orders', 'service', 'internet', ['.'])],
      entryPoints: [entry('e-orders', 'c-orders', 'POST', '/orders', 'none', 'src/main/java/OrdersController.java', 21)],
      dependencies: [
        dep('maven', 'org.apache.logging.log4j:log4j-core', '2.14.1', true, 'pom.xml', 'c-orders'),
        dep('maven', 'org.springframework:spring-beans', '5.3.17', false, 'pom.xml', 'c-orders'),
        dep('maven', 'org.springframework:spring-webmvc', '5.2.20.RELEASE', true, 'pom.xml', 'c-orders'),
      ],
    });
    const reach = emptyReach('orders-java');
    reach.declarations = [{ ecosystem: 'maven', name: 'org.apache.logging.log4j:log4j-core', file: 'pom.xml', line: 31, spec: '2.14.1' }];
    out.push({ model: m, reach });
  }
  {
    const m = makeModel('legacy-java', {
      product: { name: 'legacy-java', languages: ['java'], owners: [] },
      components: [component('c-legacy', 'legacy', 'service', 'internal', ['.'])],
      dependencies: [dep('maven', 'org.apache.logging.log4j:log4j-core', '2.3.1', true, 'pom.xml', 'c-legacy')],
    });
    out.push({ model: m, reach: emptyReach('legacy-java') });
  }

  // NuGet: the same moment advisory under its NuGet name, with a four-part version.
  {
    const m = makeModel('reports-dotnet', {
      product: { name: 'reports-dotnet', languages: ['csharp'], owners: ['@acme/reports'] },
      components: [component('c-reports', 'reports', 'frontend', 'internet', ['.'])],
      dependencies: [dep('nuget', 'moment.js', '2.29.1.0', true, 'Reports.csproj', 'c-reports'), dep('nuget', 'Newtonsoft.Json', '13.0.1', true, 'Reports.csproj', 'c-reports')],
    });
    out.push({ model: m, reach: emptyReach('reports-dotnet') });
  }

  // RubyGems: four-segment releases (2.2.6.3 < 2.2.6.4).
  {
    const m = makeModel('shop-ruby', {
      product: { name: 'shop-ruby', languages: ['ruby'], owners: ['@acme/shop-ruby'] },
      components: [component('c-rails', 'rails-app', 'service', 'internet', ['.'])],
      dependencies: [dep('gem', 'rack', '2.2.6.3', false, 'Gemfile.lock', 'c-rails'), dep('gem', 'rails', '7.0.4', true, 'Gemfile.lock', 'c-rails')],
    });
    out.push({ model: m, reach: emptyReach('shop-ruby') });
  }

  // Debian: an OS package with a Debian revision, a privileged, host-networked, internet-facing workload.
  {
    const m = makeModel('edge-proxy', {
      product: { name: 'edge-proxy', languages: [], owners: ['@acme/platform'] },
      components: [component('c-edge', 'edge', 'service', 'internet', ['.'])],
      entryPoints: [entry('e-edge', 'c-edge', 'GET', '/', 'none', 'nginx.conf', 12)],
      dependencies: [dep('docker', 'debian', 'bookworm-slim', true, 'Dockerfile', 'c-edge'), dep('deb', 'openssl', '3.0.11-1~deb12u2', true, 'Dockerfile', 'c-edge'), dep('deb', 'libc6', '2.36-9+deb12u3', true, 'Dockerfile', 'c-edge')],
    });
    const reach = emptyReach('edge-proxy');
    const deployment: ReachDeployment = { workload: 'edge', platform: 'kubernetes', resourceType: 'Deployment', image: 'registry.acme.test/edge:1.4', file: 'k8s/edge.yaml', line: 3, exposure: 'internet', privileged: true, runsAsRoot: true, hostAccess: ['hostNetwork'], ports: [443], component: 'c-edge' };
    reach.deployments = [deployment];
    reach.lockLines = [
      { ecosystem: 'docker', name: 'debian', version: 'bookworm-slim', file: 'Dockerfile', line: 1 },
      { ecosystem: 'deb', name: 'openssl', version: '3.0.11-1~deb12u2', file: 'Dockerfile', line: 3 },
      { ecosystem: 'deb', name: 'libc6', version: '2.36-9+deb12u3', file: 'Dockerfile', line: 3 },
    ];
    reach.owners = ['@acme/platform'];
    out.push({ model: m, reach });
  }

  // Alpine: musl, apk revisions (-r5), a non-root internal worker.
  {
    const m = makeModel('worker-alpine', {
      product: { name: 'worker-alpine', languages: ['javascript'], owners: ['@acme/jobs'] },
      components: [component('c-worker', 'worker', 'service', 'internal', ['.'])],
      dependencies: [dep('docker', 'node', '20.11-alpine', true, 'Dockerfile', 'c-worker'), dep('apk', 'musl', '1.2.4-r2', true, 'Dockerfile', 'c-worker'), dep('apk', 'openssl', '3.1.4-r5', true, 'Dockerfile', 'c-worker')],
    });
    const reach = emptyReach('worker-alpine');
    reach.deployments = [{ workload: 'worker', platform: 'compose', resourceType: 'service', file: 'docker-compose.yml', line: 2, exposure: 'internal', privileged: false, runsAsRoot: false, component: 'c-worker' }];
    reach.lockLines = [{ ecosystem: 'docker', name: 'node', version: '20.11-alpine', file: 'Dockerfile', line: 1 }];
    out.push({ model: m, reach });
  }

  // Nothing to see: no dependencies, no deployment files.
  out.push({ model: makeModel('static-site', { product: { name: 'static-site', languages: ['html'], owners: ['@acme/web'] } }), reach: { ...emptyReach('static-site'), owners: ['@acme/web'] } });
  return out;
}

export const NPM_PRODUCTS = ['storefront', 'admin-portal', 'docs-site'];

/** A catalog with every fixture product, published the way `catalog add` does. */
export async function buildFixtureCatalog(dir = scratchDir('threatcode-ir-')): Promise<string> {
  for (const name of NPM_PRODUCTS) await publishSource(dir, { source: join(FIXTURES, name), blame: false, now: NOW });
  for (const { model, reach } of handBuiltProducts()) await publishModel(dir, { model, reach, now: NOW });
  return dir;
}
