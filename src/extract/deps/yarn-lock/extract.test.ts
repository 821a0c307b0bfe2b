import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { ConfigFact } from '../../../model/types.js';
import { linkFacts } from '../../engine.js';
import { extractor as packageJson } from '../../js/package-json/index.js';
import { runExtractor } from '../../testing.js';
import { dependencies, runExtractors, summary } from '../_lib/testing.js';
import { extractor } from './index.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

test('classic: every resolved package with its exact version and entry line', () => {
  const { facts, diagnostics } = runExtractor(extractor, { 'yarn.lock': fixture('classic.yarn.lock') });
  assert.deepEqual(diagnostics, []);
  // Without the manifest a classic lockfile cannot tell direct from transitive, nor dev from prod.
  assert.deepEqual(summary(facts), [
    '@babel/code-frame@7.22.13 transitive -',
    '@babel/highlight@7.22.20 transitive -',
    'chalk@2.4.2 transitive -',
    'chalk@4.1.2 transitive -',
    'fsevents@2.3.3 transitive -',
    'koa@2.14.2 transitive -',
    'my-private-lib@1.0.0 transitive -',
    // The alias entry installs strip-ansi; the local `file:` package is the project's own.
    'strip-ansi@6.0.1 transitive -',
  ]);
  const codeFrame = dependencies(facts).find((d) => d.name === '@babel/code-frame');
  assert.deepEqual(codeFrame?.evidence, { file: 'yarn.lock', line: 5 });
  assert.equal(codeFrame?.purl, 'pkg:npm/%40babel/code-frame@7.22.13');
  assert.equal(codeFrame?.key, 'yarn.lock#@babel/code-frame@^7.0.0, @babel/code-frame@^7.22.13');
  assert.equal(JSON.stringify(facts).includes('ghp_abc123secret'), false);
  const config = facts.find((f): f is ConfigFact => f.kind === 'config');
  assert.deepEqual(config?.values, { format: 'yarn-classic', lockfileVersion: '1', packages: 8, directKnown: false, workspaces: '' });
});

test('classic with its manifest: direct by exact spec, scope from the manifest section', () => {
  const facts = runExtractors([extractor, packageJson], {
    'package.json': fixture('classic.package.json'),
    'yarn.lock': fixture('classic.yarn.lock'),
  });
  assert.deepEqual(summary(facts, 'yarn.lock'), [
    '@babel/code-frame@7.22.13 direct dev',
    '@babel/highlight@7.22.20 transitive -',
    // chalk@^2.4.2 is only a transitive need; the manifest's chalk@^4.1.2 is the direct one.
    'chalk@2.4.2 transitive -',
    'chalk@4.1.2 direct prod',
    'fsevents@2.3.3 transitive -',
    'koa@2.14.2 direct prod',
    'my-private-lib@1.0.0 direct prod',
    'strip-ansi@6.0.1 direct prod',
  ]);
  // left-pad is declared but not in the lockfile (stale lockfile): it keeps its range.
  assert.deepEqual(summary(facts, 'package.json'), ['left-pad@^1.3.0 direct dev']);
  assert.deepEqual(linkFacts(facts, [extractor, packageJson]), facts);
});

test('berry: resolutions, patches folded into their package, workspaces give direct', () => {
  const { facts, diagnostics } = runExtractor(extractor, { 'yarn.lock': fixture('berry.yarn.lock') });
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(summary(facts), [
    '@fastify/error@3.4.1 transitive -',
    'debug@4.3.4 direct -',
    'fastify@4.26.2 direct -',
    'ms@2.1.2 transitive -',
    'resolve@1.22.8 direct -',
    'strip-ansi@6.0.1 direct -',
    'typescript@5.4.5 direct -',
  ]);
  const resolve = dependencies(facts).find((d) => d.name === 'resolve');
  assert.deepEqual(resolve?.evidence, { file: 'yarn.lock', line: 44 });
  const config = facts.find((f): f is ConfigFact => f.kind === 'config');
  assert.deepEqual(config?.values, { format: 'yarn-berry', lockfileVersion: '8', packages: 7, directKnown: true, workspaces: 'packages/api' });
});

test('berry with manifests: dev scope of direct packages comes from package.json', () => {
  const facts = runExtractors([extractor, packageJson], {
    'package.json': JSON.stringify({ name: 'monorepo', workspaces: ['packages/*'], devDependencies: { typescript: '^5.4.5' } }),
    'packages/api/package.json': JSON.stringify({ name: 'api', dependencies: { fastify: '^4.26.2', debug: '4.3.4' } }),
    'yarn.lock': fixture('berry.yarn.lock'),
  });
  const byName = new Map(dependencies(facts, 'yarn.lock').map((d) => [d.name, d]));
  assert.equal(byName.get('typescript')?.scope, 'dev');
  assert.equal(byName.get('fastify')?.scope, 'prod');
  assert.equal(byName.get('debug')?.scope, 'prod');
  assert.equal(byName.get('ms')?.scope, undefined);
  assert.deepEqual(summary(facts, 'package.json'), []);
  assert.deepEqual(summary(facts, 'packages/api/package.json'), []);
});

test('garbage yarn.lock gives a diagnostic, an empty one nothing', () => {
  const garbage = runExtractor(extractor, { 'yarn.lock': 'this is not\na lockfile at all\n' });
  assert.deepEqual(garbage.facts, []);
  assert.equal(garbage.diagnostics[0]?.code, 'parse-error');
  const empty = runExtractor(extractor, { 'yarn.lock': '# yarn lockfile v1\n\n' });
  assert.deepEqual(empty.diagnostics, []);
  assert.equal(dependencies(empty.facts).length, 0);
});

test('CRLF lockfiles read the same', () => {
  const crlf = fixture('classic.yarn.lock').replace(/\n/g, '\r\n');
  const { facts } = runExtractor(extractor, { 'yarn.lock': crlf });
  assert.deepEqual(summary(facts), summary(runExtractor(extractor, { 'yarn.lock': fixture('classic.yarn.lock') }).facts));
});

function bigClassic(count: number): string {
  const parts = ['# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n\n'];
  for (let i = 0; i < count; i++) {
    parts.push(`"@scope-${i % 50}/pkg-${i}@^1.${i}.0", "@scope-${i % 50}/pkg-${i}@~1.${i}.0":\n`);
    parts.push(`  version "1.${i}.3"\n`);
    parts.push(`  resolved "https://registry.yarnpkg.com/@scope-${i % 50}/pkg-${i}/-/pkg-${i}-1.${i}.3.tgz#${'0123456789abcdef'.repeat(2)}"\n`);
    parts.push(`  integrity sha512-${'B'.repeat(86)}==\n`);
    parts.push('  dependencies:\n');
    for (let j = 1; j <= 50; j++) parts.push(`    "@scope-${(i + j) % 50}/pkg-${(i + j) % count}" "^1.${(i + j) % count}.0"\n`);
    parts.push('\n');
  }
  return parts.join('');
}

test('a 10 MB classic lockfile with 5,000 packages parses fast, with the right lines', (t) => {
  const text = bigClassic(5000);
  assert.ok(text.length > 10_000_000, `fixture is ${text.length} bytes`);
  const started = performance.now();
  const { facts } = runExtractor(extractor, { 'yarn.lock': text });
  const elapsed = performance.now() - started;
  t.diagnostic(`yarn-lock: ${(text.length / 1e6).toFixed(1)} MB in ${Math.round(elapsed)} ms`);
  const deps = dependencies(facts);
  assert.equal(deps.length, 5000);
  const lines = text.split('\n');
  for (const probe of [deps[0], deps[2500], deps[4999]]) {
    assert.ok(lines[probe.evidence.line - 1].startsWith(`"${probe.name}@`), `line of ${probe.name}`);
  }
});
