// Builder behaviour for a single service at the repository root: its name from the manifests,
// developer tooling (.devcontainer, CI folders) left out, the Kubernetes Deployment of its image
// merged into it, and Spring datasource settings reaching the Compose stores.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { DatastoreClientFact, DeploymentFact, EntrypointFact, Fact, ProjectFact } from '../types.js';
import { buildSystem } from './index.js';

const ev = (file: string, line = 1, snippet?: string) => (snippet ? { file, line, snippet } : { file, line });
const project = (file: string, name: string, role: ProjectFact['role'] = 'service'): ProjectFact => ({
  kind: 'project',
  name,
  root: file === 'config/application.rb' ? '.' : file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.',
  language: 'java',
  ecosystem: 'gradle',
  frameworks: role === 'service' ? ['spring-mvc'] : [],
  role,
  evidence: ev(file),
  extractor: 'java/project',
});
const deployment = (d: Partial<DeploymentFact> & Pick<DeploymentFact, 'workload' | 'platform'>): DeploymentFact => ({ kind: 'deployment', evidence: ev(`k8s/${d.workload}.yml`), extractor: 'iac/kubernetes', ...d });
const entry: EntrypointFact = { kind: 'entrypoint', protocol: 'http', framework: 'spring-mvc', method: 'GET', path: '/owners', middleware: [], auth: 'none', evidence: ev('src/main/java/shop/OwnerController.java', 9), extractor: 'java/spring' };
const store = (file: string, tech: string, target: string | undefined, snippet: string): DatastoreClientFact => ({
  kind: 'datastore-client',
  tech,
  storeKind: 'database',
  library: 'spring-data-jdbc',
  target,
  evidence: ev(file, 3, snippet),
  extractor: 'java/services',
});

const names = (facts: Fact[]) => buildSystem(facts, 'checkout-folder').components.filter((c) => c.kind !== 'actor').map((c) => c.name).sort();

describe('model/build: the service at the repository root', () => {
  test('a root build.gradle named `root` takes the name another manifest of the folder declares', () => {
    assert.deepEqual(names([project('build.gradle', 'root'), project('settings.gradle', 'pet-shop', 'unknown'), entry]), ['pet-shop']);
    // A declared name is kept; name-only facts (role unknown) make no component of their own.
    assert.deepEqual(names([project('pom.xml', 'pet-shop-api'), project('settings.gradle', 'pet-shop', 'unknown'), entry]), ['pet-shop-api']);
    assert.deepEqual(names([project('Gemfile', 'app'), project('tools/settings.gradle', 'x', 'unknown')]), ['app'], 'a name declared for another folder');
    // No manifest declares a name: the product (repository) name, not `root`.
    assert.deepEqual(names([project('build.gradle', 'root'), entry]), ['checkout-folder']);
  });

  test('a Compose service names the root service, unless its name is a placeholder and a manifest declared one', () => {
    const compose = (workload: string): DeploymentFact => deployment({ workload, platform: 'compose', buildContext: '.', extractor: 'iac/compose', evidence: ev('docker-compose.yml', 2) });
    assert.deepEqual(names([project('Gemfile', 'root'), project('config/application.rb', 'news', 'unknown'), compose('app')]), ['news']);
    assert.deepEqual(names([project('Gemfile', 'root'), project('config/application.rb', 'news', 'unknown'), compose('web')]), ['web']);
  });

  test('dev container and CI folders make no service or datastore', () => {
    const facts: Fact[] = [
      project('pom.xml', 'pet-shop'),
      entry,
      deployment({ workload: '.devcontainer', platform: 'docker', buildContext: '.devcontainer', image: 'mcr.microsoft.com/devcontainers/java:17', extractor: 'iac/dockerfile', evidence: ev('.devcontainer/Dockerfile') }),
      deployment({ workload: 'db', platform: 'compose', image: 'postgres:16', extractor: 'iac/compose', evidence: ev('.devcontainer/docker-compose.yml', 5) }),
      deployment({ workload: 'runner', platform: 'docker', buildContext: '.github/actions/lint', extractor: 'iac/dockerfile', evidence: ev('.github/actions/lint/Dockerfile') }),
      { kind: 'sink', sink: 'command', api: 'exec', tainted: false, evidence: ev('.github/scripts/release.js', 4), extractor: 'js/sinks' } as Fact,
      deployment({ workload: 'tests', platform: 'docker', buildContext: 'tests', extractor: 'iac/dockerfile', evidence: ev('tests/Dockerfile') }),
    ];
    assert.deepEqual(names(facts), ['pet-shop']);
  });

  test('a Kubernetes Deployment whose image is the project name merges with the code service', () => {
    const facts: Fact[] = [
      project('build.gradle', 'root'),
      project('settings.gradle', 'spring-pet-shop', 'unknown'),
      entry,
      deployment({ workload: 'pet-shop', platform: 'kubernetes', image: 'someone/pet-shop:latest', exposure: 'internet' }),
      deployment({ workload: 'cache', platform: 'kubernetes', image: 'redis:7' }),
      deployment({ workload: 'worker', platform: 'kubernetes', image: 'someone/other-thing' }),
    ];
    const system = buildSystem(facts, 'checkout-folder');
    const service = system.components.find((c) => c.paths.includes('.'));
    assert.equal(service?.name, 'pet-shop', 'the deployment names the merged service');
    assert.ok(service?.tech.includes('someone/pet-shop:latest'));
    assert.deepEqual(system.components.map((c) => c.name).sort(), ['Browser / internet user', 'cache', 'pet-shop', 'worker']);
  });

  test('Spring datasource settings reach the Compose store named by the host, else the store of that technology', () => {
    const facts: Fact[] = [
      project('pom.xml', 'pet-shop'),
      entry,
      deployment({ workload: 'mysql', platform: 'compose', image: 'mysql:9', extractor: 'iac/compose', evidence: ev('docker-compose.yml', 2) }),
      deployment({ workload: 'orders-db', platform: 'compose', image: 'postgres:16', extractor: 'iac/compose', evidence: ev('docker-compose.yml', 8) }),
      deployment({ workload: 'reports-db', platform: 'compose', image: 'postgres:16', extractor: 'iac/compose', evidence: ev('docker-compose.yml', 14) }),
      store('src/main/resources/application.properties', 'postgres', 'reports-db', 'spring.datasource.url=…'),
      store('src/main/resources/application-mysql.properties', 'mysql', 'env:MYSQL_URL', 'spring.datasource.url=… (profile mysql)'),
    ];
    const system = buildSystem(facts, 'checkout-folder');
    const name = (id: string) => system.components.find((c) => c.id === id)?.name;
    const flows = system.flows.filter((f) => name(f.from) === 'pet-shop').map((f) => `${name(f.to)}:${f.protocol}`).sort();
    assert.deepEqual(flows, ['mysql:MySQL', 'reports-db:PostgreSQL']);
    const mysql = system.components.find((c) => c.name === 'mysql');
    assert.ok(mysql?.notes?.some((n) => n.includes('`mysql` configuration profile')));
    assert.equal(system.components.find((c) => c.name === 'reports-db')?.notes?.some((n) => n.includes('profile')), false);
  });

  test('an engine-less SQL client (knex, TypeORM) reaches the one SQL database deployed; test-harness Compose services are no components', () => {
    const facts: Fact[] = [
      project('pom.xml', 'tasks'),
      entry,
      deployment({ workload: 'db', platform: 'compose', image: 'mysql:8.4', extractor: 'iac/compose', evidence: ev('docker-compose.yml', 2) }),
      deployment({ workload: 'e2e-db', platform: 'compose', image: 'postgres:16', extractor: 'iac/compose', evidence: ev('cypress/docker-compose.yml', 2) }),
      deployment({ workload: 'cypress', platform: 'compose', image: 'cypress/included:13', extractor: 'iac/compose', evidence: ev('cypress/docker-compose.yml', 9) }),
      store('src/tasks-repository.ts', 'sql', undefined, 'fastify.knex("tasks")'),
    ];
    const system = buildSystem(facts, 'checkout-folder');
    assert.deepEqual(system.components.filter((c) => c.kind !== 'actor').map((c) => c.name).sort(), ['db', 'tasks']);
    const db = system.components.find((c) => c.name === 'db');
    assert.ok(system.flows.some((f) => f.to === db?.id && f.protocol === 'MySQL'), JSON.stringify(system.flows));
  });

  test('with no SQL database deployed, the one SQL driver the service depends on names the engine', () => {
    const facts: Fact[] = [{ ...project('pom.xml', 'api'), frameworks: ['nestjs', 'typeorm', 'mysql'] }, entry, store('src/app.module.ts', 'sql', undefined, 'TypeOrmModule.forRoot()')];
    const stores = buildSystem(facts, 'checkout-folder').components.filter((c) => c.kind === 'datastore').map((c) => `${c.name}:${c.tech.join('+')}`);
    assert.deepEqual(stores, ['MySQL:MySQL+spring-data-jdbc']);
    const two: Fact[] = [{ ...project('pom.xml', 'api'), frameworks: ['typeorm', 'mysql', 'pg'] }, entry, store('src/app.module.ts', 'sql', undefined, 'TypeOrmModule.forRoot()')];
    assert.deepEqual(buildSystem(two, 'checkout-folder').components.filter((c) => c.kind === 'datastore').map((c) => c.name), ['sql']);
  });
});
