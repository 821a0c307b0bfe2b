import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { DependencyFact, DeploymentFact, Fact, SecretFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor, isDockerfilePath } from './index.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function deployment(facts: Fact[]): DeploymentFact {
  const found = facts.filter((f): f is DeploymentFact => f.kind === 'deployment');
  assert.equal(found.length, 1);
  return found[0];
}

const deps = (facts: Fact[]) => facts.filter((f): f is DependencyFact => f.kind === 'dependency');
const secrets = (facts: Fact[]) => facts.filter((f): f is SecretFact => f.kind === 'secret');

describe('extract/iac/dockerfile', () => {
  test('file names', () => {
    for (const p of ['Dockerfile', 'api/Dockerfile', 'Dockerfile.prod', 'build/api.Dockerfile', 'Containerfile', 'x/dockerfile']) {
      assert.equal(isDockerfilePath(p), true, p);
    }
    for (const p of ['Dockerfile.dockerignore', 'docs/Dockerfile.md', 'DockerfileGenerator.ts', 'src/docker.ts']) {
      assert.equal(isDockerfilePath(p), false, p);
    }
  });

  test('returns nothing for a file without FROM, with a diagnostic', () => {
    const out = runExtractor(extractor, { Dockerfile: '# just a comment\nFROMAGE' });
    assert.deepEqual(out.facts, []);
    assert.equal(out.diagnostics.length, 1);
  });

  test('multi-stage build: final stage, alias resolution, inheritance', () => {
    const { facts, diagnostics } = runExtractor(extractor, { 'services/api/Dockerfile': fixture('multistage.Dockerfile') });
    assert.deepEqual(diagnostics, []);
    const d = deployment(facts);
    assert.equal(d.platform, 'docker');
    assert.equal(d.workload, 'api');
    assert.equal(d.buildContext, 'services/api');
    // `FROM base` resolves through the alias to the global-ARG-substituted image.
    assert.equal(d.image, 'node:20.11-bookworm-slim');
    assert.equal(d.evidence.line, 20);
    assert.deepEqual(d.ports, [{ container: 3000, protocol: 'tcp' }]);
    assert.equal(d.runsAsRoot, false);
    // ENV from the inherited `base` stage is part of the final image; the builder's ENV is not.
    assert.deepEqual(d.env, { NODE_ENV: 'production', SESSION_SECRET: '****', DATABASE_URL: 'postgres://app:****@db:5432/shop' });
    assert.equal(d.attributes?.baseImageTag, '20.11-bookworm-slim');
    assert.equal(d.attributes?.healthcheck, true);
    assert.equal(d.attributes?.copyAll, false);
    assert.equal(d.attributes?.secretsInBuildArgs, true);
    assert.equal(d.attributes?.stages, 4);
  });

  test('dependencies: base images per stage and pinned OS packages', () => {
    const { facts } = runExtractor(extractor, { 'services/api/Dockerfile': fixture('multistage.Dockerfile') });
    const list = deps(facts).map((f) => [f.ecosystem, f.name, f.version, f.scope, f.evidence.line]);
    assert.deepEqual(list, [
      ['docker', 'node', '20.11-bookworm-slim', 'prod', 4],
      ['deb', 'ca-certificates', '20230311', 'prod', 6],
      ['deb', 'tini', '', 'prod', 6],
      ['docker', 'golang', '1.22', 'dev', 11],
      ['apk', 'git', '2.43.0-r0', 'dev', 13],
    ]);
    const node = deps(facts)[0];
    assert.equal(node.purl, 'pkg:docker/node@20.11-bookworm-slim');
    assert.equal(node.direct, true);
    assert.equal(node.manifest, 'services/api/Dockerfile');
    assert.equal(deps(facts)[1].purl, 'pkg:deb/debian/ca-certificates@20230311');
  });

  test('secrets in ENV and ARG are redacted and never stored', () => {
    const { facts } = runExtractor(extractor, { 'services/api/Dockerfile': fixture('multistage.Dockerfile') });
    const found = secrets(facts).map((s) => [s.key, s.secretType, s.redacted, s.evidence.line]);
    assert.deepEqual(found, [
      ['services/api/Dockerfile#secret:ENV:SESSION_SECRET', 'generic-secret', 'a1b2****', 8],
      ['services/api/Dockerfile#secret:ENV:DATABASE_URL', 'password', 'postgres://app:****@db:5432/shop', 8],
      ['services/api/Dockerfile#secret:ARG:GITHUB_TOKEN', 'token', 'fake****', 14],
    ]);
    const text = JSON.stringify(facts);
    for (const secret of ['a1b2c3d4e5f6a7b8', 'apppass', 'fake-token-0123456789abcdef']) assert.ok(!text.includes(secret), secret);
  });

  test('risky single-stage Dockerfile', () => {
    const { facts } = runExtractor(extractor, { Dockerfile: fixture('risky.Dockerfile') });
    const d = deployment(facts);
    assert.equal(d.workload, '.');
    assert.equal(d.buildContext, '.');
    assert.equal(d.image, 'ubuntu');
    assert.equal(d.runsAsRoot, true);
    assert.equal(d.attributes?.userLine, 12);
    assert.equal(d.attributes?.baseImageTag, 'latest');
    assert.equal(d.attributes?.addFromUrl, true);
    assert.equal(d.attributes?.addFromUrlLine, 4);
    assert.equal(d.attributes?.curlPipeShell, true);
    assert.equal(d.attributes?.curlPipeShellLine, 6);
    assert.equal(d.attributes?.sudo, true);
    assert.equal(d.attributes?.copyAll, true);
    assert.equal(d.attributes?.healthcheck, false);
    assert.equal(d.attributes?.secretsInBuildArgs, false);
    assert.deepEqual(d.ports, [
      { container: 80, protocol: 'tcp' },
      { container: 8443, protocol: 'tcp' },
    ]);
    assert.deepEqual(
      deps(facts).map((f) => [f.ecosystem, f.name, f.version]),
      [
        ['docker', 'ubuntu', 'latest'],
        ['deb', 'curl', ''],
        ['deb', 'sudo', ''],
      ],
    );
    assert.equal(deps(facts)[1].purl, 'pkg:deb/ubuntu/curl');
  });

  test('ADD with --checksum and a verified download are not risks', () => {
    const { facts } = runExtractor(extractor, {
      Dockerfile: [
        'FROM alpine:3.20@sha256:' + 'a'.repeat(64),
        'ADD --checksum=sha256:' + 'b'.repeat(64) + ' https://example.com/tool.tgz /opt/',
        'RUN curl -fsSLo /tmp/i.sh https://example.com/i.sh && sha256sum -c sums && sh /tmp/i.sh',
        'USER 10001:10001',
      ].join('\n'),
    });
    const d = deployment(facts);
    assert.equal(d.attributes?.addFromUrl, false);
    assert.equal(d.attributes?.curlPipeShell, false);
    assert.equal(d.attributes?.baseImageTag, 'digest');
    assert.equal(d.runsAsRoot, false);
  });

  test('curl piped into a shell in its variants', () => {
    for (const run of ['RUN wget -qO- https://x.io/i | sudo -E bash -', 'RUN sh -c "$(curl -fsSL https://x.io/i)"', 'RUN bash <(curl -s https://x.io/i)']) {
      const { facts } = runExtractor(extractor, { Dockerfile: `FROM debian:12\n${run}\n` });
      assert.equal(deployment(facts).attributes?.curlPipeShell, true, run);
    }
    const { facts } = runExtractor(extractor, { Dockerfile: 'FROM debian:12\nRUN curl -fsSL https://x.io/a.tgz | tar xz\n' });
    assert.equal(deployment(facts).attributes?.curlPipeShell, false);
  });

  test('USER with an unresolved variable leaves runsAsRoot unknown; nonroot images are not root', () => {
    const unknown = runExtractor(extractor, { Dockerfile: 'FROM debian:12\nUSER $APP_USER\n' });
    assert.equal(deployment(unknown.facts).runsAsRoot, undefined);
    const distroless = runExtractor(extractor, { Dockerfile: 'FROM gcr.io/distroless/static-debian12:nonroot\n' });
    assert.equal(deployment(distroless.facts).runsAsRoot, false);
    const resolved = runExtractor(extractor, { Dockerfile: 'FROM debian:12\nARG UID=0\nUSER ${UID}\n' });
    assert.equal(deployment(resolved.facts).runsAsRoot, true);
  });

  test('unresolvable base image keeps the written reference and gives no dependency', () => {
    const { facts } = runExtractor(extractor, { 'x/Dockerfile.dev': 'ARG BASE\nFROM ${BASE}\n' });
    const d = deployment(facts);
    assert.equal(d.image, '${BASE}');
    assert.equal(d.attributes?.baseImageTag, 'unknown');
    assert.deepEqual(deps(facts), []);
  });

  test('FROM scratch', () => {
    const { facts } = runExtractor(extractor, { Dockerfile: 'FROM golang:1.22 AS b\nRUN go build\nFROM scratch\nCOPY --from=b /app /app\nUSER 65532\n' });
    const d = deployment(facts);
    assert.equal(d.image, 'scratch');
    assert.equal(d.attributes?.baseImageTag, 'scratch');
    assert.equal(d.runsAsRoot, false);
    assert.deepEqual(
      deps(facts).map((f) => [f.name, f.scope]),
      [['golang', 'dev']],
    );
  });

  test('a build-only stage\'s DSN to localhost is a placeholder; the shipped stage\'s is a secret', () => {
    const text = [
      'FROM node:22 AS builder',
      'ENV DATABASE_URL="postgresql://user:pass@localhost:5432/dummy"',
      'ENV OTHER_URL="postgresql://app:Q8zt3vLm9w@db.internal:5432/app"',
      'RUN npm run build',
      'FROM node:22-slim AS runner',
      'ENV DATABASE_URL="postgresql://app:Q8zt3vLm9w@localhost:5432/app"',
      'USER node',
      'CMD ["node", "server.js"]',
    ].join('\n');
    const found = secrets(runExtractor(extractor, { Dockerfile: text }).facts).map((s) => s.evidence.line);
    assert.deepEqual(found, [3, 6]);
  });

  test('judges the stage that runs: CMD stages before a CI export stage, base images flagged as such', () => {
    const text = [
      'FROM node:22 AS build',
      'RUN npm ci',
      'FROM node:22-slim AS release',
      'CMD ["node", "server.js"]',
      'FROM release AS rootless',
      'USER node',
      'FROM node:22-slim AS upload-artifact',
      'COPY --from=build /app /app',
    ].join('\n');
    const d = deployment(runExtractor(extractor, { 'docker/dockerfile': text }).facts);
    assert.equal(d.evidence.line, 3);
    assert.equal(d.runsAsRoot, true);
    assert.equal(d.attributes?.finalStage, 'release');
    assert.equal(d.attributes?.baseImage, undefined);
    const base = deployment(runExtractor(extractor, { 'docker/debian-base.dockerfile': 'FROM node:22-bookworm-slim AS base2\nRUN apt-get update' }).facts);
    assert.equal(base.attributes?.hasCommand, false);
    assert.equal(base.attributes?.baseImage, true);
    const pg = deployment(runExtractor(extractor, { 'db/Dockerfile': 'FROM postgres:15.1-bullseye\nCOPY init.sql /docker-entrypoint-initdb.d/' }).facts);
    assert.equal(pg.runsAsRoot, false);
    assert.equal(pg.attributes?.baseImage, undefined);
    const own = deployment(runExtractor(extractor, { 'db/Dockerfile': 'FROM postgres:15.1\nENTRYPOINT ["/custom.sh"]' }).facts);
    assert.equal(own.runsAsRoot, true);
  });
});
