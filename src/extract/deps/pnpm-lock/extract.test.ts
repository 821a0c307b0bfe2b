import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { ConfigFact } from '../../../model/types.js';
import { extractor as packageJson } from '../../js/package-json/index.js';
import { runExtractor } from '../../testing.js';
import { dependencies, runExtractors, summary } from '../_lib/testing.js';
import { extractor } from './index.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

test('v5: /name/version keys, peer suffixes, dev flags, top-level importer', () => {
  const { facts, diagnostics } = runExtractor(extractor, { 'web/pnpm-lock.yaml': fixture('v5.pnpm-lock.yaml') });
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(summary(facts), [
    '@types/prop-types@15.7.5 transitive dev',
    '@types/react@18.0.28 direct dev',
    'csstype@3.1.1 transitive dev',
    'js-tokens@4.0.0 transitive prod',
    'loose-envify@1.4.0 transitive prod',
    'react-dom@18.2.0 direct prod',
    'react@18.2.0 direct prod',
    'scheduler@0.23.0 transitive prod',
  ]);
  const reactDom = dependencies(facts).find((d) => d.name === 'react-dom');
  assert.deepEqual(reactDom?.evidence, { file: 'web/pnpm-lock.yaml', line: 43 });
  assert.equal(reactDom?.purl, 'pkg:npm/react-dom@18.2.0');
  assert.equal(dependencies(facts).find((d) => d.name === '@types/react')?.purl, 'pkg:npm/%40types/react@18.0.28');
});

test('v6: /name@version keys, importers, aliases and workspace links', () => {
  const { facts } = runExtractor(extractor, { 'pnpm-lock.yaml': fixture('v6.pnpm-lock.yaml') });
  assert.deepEqual(summary(facts), [
    '@nestjs/core@10.2.0 direct prod',
    'reflect-metadata@0.1.13 direct prod',
    'string-width@4.2.3 direct prod',
    'tslib@2.6.2 transitive prod',
    'typescript@5.2.2 direct dev',
  ]);
  assert.deepEqual(dependencies(facts).find((d) => d.name === '@nestjs/core')?.evidence, { file: 'pnpm-lock.yaml', line: 35 });
  const config = facts.find((f): f is ConfigFact => f.kind === 'config');
  assert.deepEqual(config?.values, { format: 'pnpm', lockfileVersion: '6.0', packages: 5, directKnown: true, workspaces: 'libs/shared\nservices/api' });
});

test('v9: packages + snapshots; scope from what each importer section reaches', () => {
  const { facts } = runExtractor(extractor, { 'pnpm-lock.yaml': fixture('v9.pnpm-lock.yaml') });
  assert.deepEqual(summary(facts), [
    '@next/env@14.2.3 transitive prod',
    '@prisma/client@5.13.0 direct prod',
    // prisma is a devDependency, and an optional dependency of the run-time client.
    '@prisma/engines@5.13.0 transitive optional',
    'js-tokens@4.0.0 transitive prod',
    'loose-envify@1.4.0 transitive prod',
    'next@14.2.3 direct prod',
    'prisma@5.13.0 direct optional',
    'react-dom@18.3.1 direct prod',
    'react@18.3.1 direct prod',
    'scheduler@0.23.2 transitive prod',
  ]);
  // Evidence points at the `packages` entry (quoted scoped key included).
  assert.deepEqual(dependencies(facts).find((d) => d.name === '@prisma/client')?.evidence, { file: 'pnpm-lock.yaml', line: 33 });
});

test('with manifests: workspace members covered by the root pnpm lockfile', () => {
  const facts = runExtractors([extractor, packageJson], {
    'package.json': JSON.stringify({ name: 'mono', private: true, devDependencies: { typescript: '^5.2.2' } }),
    'services/api/package.json': JSON.stringify({ name: 'api', dependencies: { '@nestjs/core': '^10.2.0', shared: 'workspace:*' } }),
    'libs/shared/package.json': JSON.stringify({ name: 'shared', dependencies: { 'reflect-metadata': '^0.1.13' } }),
    'pnpm-lock.yaml': fixture('v6.pnpm-lock.yaml'),
  });
  assert.deepEqual(summary(facts, 'package.json'), []);
  assert.deepEqual(summary(facts, 'services/api/package.json'), []);
  assert.deepEqual(summary(facts, 'libs/shared/package.json'), []);
  assert.equal(dependencies(facts, 'pnpm-lock.yaml').length, 5);
});

test('not a pnpm lockfile: diagnostic; odd shapes do not crash', () => {
  const bad = runExtractor(extractor, { 'pnpm-lock.yaml': 'lockfileVersion:\n  nested: true\n' });
  assert.equal(bad.diagnostics[0]?.code, 'parse-error');
  const odd = runExtractor(extractor, {
    'pnpm-lock.yaml': "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies: weird\npackages:\n  - item\n  nover: {}\nsnapshots:\n  'x@1.0.0': {}\n",
  });
  assert.deepEqual(odd.diagnostics, []);
  assert.deepEqual(summary(odd.facts), ['x@1.0.0 transitive -']);
});

function bigV9(count: number): string {
  const out = ["lockfileVersion: '9.0'\n\nsettings:\n  autoInstallPeers: true\n  excludeLinksFromLockfile: false\n\nimporters:\n\n  .:\n    dependencies:\n"];
  for (let i = 0; i < 20; i++) out.push(`      '@big/pkg-${i}':\n        specifier: ^${i}.0.0\n        version: ${i}.0.0\n`);
  out.push('\npackages:\n\n');
  for (let i = 0; i < count; i++) {
    out.push(`  '@big/pkg-${i}@${i}.0.0':\n    resolution: {integrity: sha512-${'C'.repeat(86)}==}\n    engines: {node: '>=18'}\n\n`);
  }
  out.push('snapshots:\n\n');
  for (let i = 0; i < count; i++) {
    out.push(`  '@big/pkg-${i}@${i}.0.0':\n    dependencies:\n`);
    for (let j = 1; j <= 75; j++) out.push(`      '@big/pkg-${(i + j) % count}': ${(i + j) % count}.0.0\n`);
    out.push('\n');
  }
  return out.join('');
}

test('a 10 MB v9 lockfile with 4,000 packages parses fast, with the right lines', (t) => {
  const text = bigV9(4000);
  assert.ok(text.length > 10_000_000, `fixture is ${text.length} bytes`);
  const started = performance.now();
  const { facts } = runExtractor(extractor, { 'pnpm-lock.yaml': text });
  const elapsed = performance.now() - started;
  t.diagnostic(`pnpm-lock: ${(text.length / 1e6).toFixed(1)} MB in ${Math.round(elapsed)} ms`);
  const deps = dependencies(facts);
  assert.equal(deps.length, 4000);
  assert.ok(deps.every((d) => d.scope === 'prod'));
  assert.equal(deps.filter((d) => d.direct).length, 20);
  const lines = text.split('\n');
  for (const probe of [deps[0], deps[1999], deps[3999]]) {
    assert.equal(lines[probe.evidence.line - 1], `  '${probe.name}@${probe.version}':`);
  }
});
