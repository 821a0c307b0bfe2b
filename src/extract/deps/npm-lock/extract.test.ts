import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { ConfigFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor as packageJson } from '../../js/package-json/index.js';
import { dependencies, runExtractors, summary } from '../_lib/testing.js';
import { extractor } from './index.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

test('v3 with workspaces: every package, exact versions, direct from root and workspace importers', () => {
  const { facts, diagnostics } = runExtractor(extractor, { 'package-lock.json': fixture('v3-workspaces.package-lock.json') });
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(summary(facts), [
    '@types/node@20.12.7 transitive dev',
    'debug@2.6.9 transitive prod',
    'esbuild@0.20.2 direct dev',
    'express@4.18.2 direct prod',
    'fsevents@2.3.3 transitive dev',
    'lodash@4.17.21 direct prod',
    'ms@2.0.0 transitive prod',
    // The workspace's own ms resolves to its nested copy, not the hoisted one.
    'ms@2.1.3 direct prod',
    // The alias `string-width-cjs` installs string-width.
    'string-width@4.2.3 direct prod',
    'typescript@5.4.5 direct dev',
    'undici-types@5.26.5 transitive dev',
  ]);
  const express = dependencies(facts).find((d) => d.name === 'express');
  assert.deepEqual(express?.evidence, { file: 'package-lock.json', line: 52 });
  assert.equal(express?.purl, 'pkg:npm/express@4.18.2');
  assert.equal(express?.key, 'package-lock.json#node_modules/express');
  assert.equal(dependencies(facts).find((d) => d.name === '@types/node')?.purl, 'pkg:npm/%40types/node@20.12.7');
  const config = facts.find((f): f is ConfigFact => f.kind === 'config');
  assert.deepEqual(config?.values, {
    format: 'npm',
    lockfileVersion: '3',
    packages: 11,
    directKnown: true,
    workspaces: 'packages/api',
    installScripts: 2,
  });
});

test('v2 reads the packages map, not the duplicated v1 tree', () => {
  const { facts } = runExtractor(extractor, { 'api/package-lock.json': fixture('v2.package-lock.json') });
  assert.deepEqual(summary(facts), ['jsonwebtoken@8.5.1 direct prod', 'mocha@10.2.0 direct dev', 'semver@5.7.2 transitive prod']);
  assert.deepEqual(dependencies(facts)[0].evidence, { file: 'api/package-lock.json', line: 17 });
});

test('v1 nested tree: nested copies, aliases, dev flags; direct guessed without a manifest', () => {
  const { facts } = runExtractor(extractor, { 'npm-shrinkwrap.json': fixture('v1.package-lock.json') });
  assert.deepEqual(summary(facts), [
    'body-parser@1.19.0 transitive prod',
    'debug@2.6.9 transitive prod',
    'express@4.17.1 direct prod',
    'minimist@0.0.8 direct dev',
    'ms@2.0.0 transitive prod',
    'qs@6.5.2 transitive prod',
    'qs@6.7.0 transitive prod',
    'string-width@4.2.3 direct prod',
  ]);
  const nested = dependencies(facts).find((d) => d.version === '6.7.0');
  assert.deepEqual(nested?.evidence, { file: 'npm-shrinkwrap.json', line: 34 });
  assert.equal(nested?.key, 'npm-shrinkwrap.json#node_modules/express/node_modules/qs');
});

test('v1 with its manifest: direct comes from package.json; range-only facts are dropped', () => {
  const manifest = JSON.stringify(
    {
      name: 'old-shop',
      dependencies: { express: '^4.17.1', qs: '^6.5.2', 'string-width-cjs': 'npm:string-width@^4.2.0', 'not-installed': '^1.0.0' },
      devDependencies: { minimist: '0.0.8' },
    },
    null,
    2,
  );
  const facts = runExtractors([extractor, packageJson], { 'package.json': manifest, 'package-lock.json': fixture('v1.package-lock.json') });
  assert.deepEqual(summary(facts, 'package-lock.json'), [
    'body-parser@1.19.0 transitive prod',
    'debug@2.6.9 transitive prod',
    'express@4.17.1 direct prod',
    'minimist@0.0.8 direct dev',
    'ms@2.0.0 transitive prod',
    // Declared and required by others: only the manifest can tell it is direct.
    'qs@6.5.2 direct prod',
    'qs@6.7.0 transitive prod',
    'string-width@4.2.3 direct prod',
  ]);
  // The lockfile resolves everything the manifest declares except one: that one keeps its range.
  assert.deepEqual(summary(facts, 'package.json'), ['not-installed@^1.0.0 direct prod']);
});

test('workspace manifests are covered by the root lockfile', () => {
  const facts = runExtractors([extractor, packageJson], {
    'package.json': JSON.stringify({ name: 'shop', workspaces: ['packages/*'], dependencies: { express: '^4.18.2' } }),
    'packages/api/package.json': JSON.stringify({ name: '@shop/api', dependencies: { lodash: '^4.17.21', ms: '^2.1.3' } }),
    'package-lock.json': fixture('v3-workspaces.package-lock.json'),
    // Not a workspace and without a lockfile of its own: its declarations stay.
    'examples/demo/package.json': JSON.stringify({ name: 'demo', dependencies: { lodash: '^4.17.0' } }),
  });
  assert.deepEqual(summary(facts, 'package.json'), []);
  assert.deepEqual(summary(facts, 'packages/api/package.json'), []);
  assert.deepEqual(summary(facts, 'examples/demo/package.json'), ['lodash@^4.17.0 direct prod']);
  assert.equal(summary(facts, 'package-lock.json').length, 11);
});

test('the link step is idempotent', async () => {
  const { linkFacts } = await import('../../engine.js');
  const facts = runExtractors([extractor, packageJson], {
    'package.json': JSON.stringify({ name: 'x', dependencies: { express: '^4', qs: '^6.5.2' } }),
    'package-lock.json': fixture('v1.package-lock.json'),
  });
  assert.deepEqual(linkFacts(facts, [extractor, packageJson]), facts);
});

test('broken lockfiles give a diagnostic; foreign JSON gives nothing', () => {
  const broken = runExtractor(extractor, { 'package-lock.json': '{"lockfileVersion": 3, "packages": {' });
  assert.deepEqual(broken.facts, []);
  assert.equal(broken.diagnostics[0].code, 'parse-error');
  assert.deepEqual(runExtractor(extractor, { 'package-lock.json': '{"lockfileVersion": 3}' }).facts, []);
  const odd = runExtractor(extractor, {
    'package-lock.json': JSON.stringify({ lockfileVersion: 3, packages: { '': null, 'node_modules/a': 'x', 'node_modules/b': { version: 7 }, 'node_modules/c': { version: '1.0.0', dependencies: 'no' } } }),
  });
  assert.deepEqual(odd.diagnostics, []);
  assert.deepEqual(summary(odd.facts), ['c@1.0.0 transitive prod']);
});

test('matches lockfiles outside node_modules only', () => {
  assert.equal(extractor.matches('package-lock.json'), true);
  assert.equal(extractor.matches('apps/x/npm-shrinkwrap.json'), true);
  assert.equal(extractor.matches('node_modules/.package-lock.json'), false);
  assert.equal(extractor.matches('node_modules/a/package-lock.json'), false);
});

test('a 10 MB lockfile with 4,000 packages parses fast, with the right lines', (t) => {
  const packages: Record<string, unknown> = { '': { name: 'big', dependencies: { 'pkg-0': '^1.0.0' } } };
  const hash = 'sha512-' + 'A'.repeat(88);
  for (let i = 0; i < 4000; i++) {
    const deps: Record<string, string> = {};
    for (let j = 1; j <= 12; j++) deps[`pkg-${(i + j) % 4000}`] = '^1.0.0';
    packages[`node_modules/pkg-${i}`] = {
      version: `1.${i}.0`,
      resolved: `https://registry.npmjs.org/pkg-${i}/-/pkg-${i}-1.${i}.0.tgz`,
      integrity: hash,
      dependencies: deps,
      engines: { node: '>=18' },
      funding: { type: 'github', url: `https://github.com/sponsors/pkg-${i}` },
      license: 'MIT',
      description: 'x'.repeat(1800),
    };
  }
  const text = JSON.stringify({ name: 'big', lockfileVersion: 3, requires: true, packages }, null, 2);
  assert.ok(text.length > 10_000_000, `fixture is ${text.length} bytes`);
  const started = performance.now();
  const { facts } = runExtractor(extractor, { 'package-lock.json': text });
  const elapsed = performance.now() - started;
  const deps = dependencies(facts);
  assert.equal(deps.length, 4000);
  const lines = text.split('\n');
  for (const probe of [deps[0], deps[1234], deps[3999]]) {
    assert.ok(lines[probe.evidence.line - 1].includes(`"node_modules/${probe.name}": {`), `line of ${probe.name}`);
  }
  t.diagnostic(`npm-lock: ${(text.length / 1e6).toFixed(1)} MB in ${Math.round(elapsed)} ms`);
});
