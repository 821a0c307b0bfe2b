import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { linkFacts } from '../../engine.js';
import { runExtractor } from '../../testing.js';
import { dependencies, summary } from '../_lib/testing.js';
import { extractor } from './index.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

test('project files with central package management and MSBuild properties', () => {
  const { facts, diagnostics } = runExtractor(extractor, {
    'Directory.Packages.props': fixture('Directory.Packages.props'),
    'src/Shop.Api/Shop.Api.csproj': fixture('src/Shop.Api/Shop.Api.csproj'),
  });
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(summary(facts), [
    'Microsoft.EntityFrameworkCore.SqlServer@8.0.1 direct prod',
    'Newtonsoft.Json@13.0.1 direct prod',
    'Serilog.AspNetCore@8.0.0 direct prod',
    'StyleCop.Analyzers@1.1.118 direct dev',
    'System.IdentityModel.Tokens.Jwt@7.0.3 direct prod',
  ]);
  const json = dependencies(facts).find((d) => d.name === 'Newtonsoft.Json');
  assert.equal(json?.evidence.line, 10);
  assert.equal(json?.purl, 'pkg:nuget/Newtonsoft.Json@13.0.1');
  assert.deepEqual(linkFacts(facts, [extractor]), facts);
});

test('packages.lock.json replaces its project\'s declarations; packages.config', () => {
  const { facts } = runExtractor(extractor, {
    'src/Shop.Worker/Shop.Worker.csproj': fixture('src/Shop.Worker/Shop.Worker.csproj'),
    'src/Shop.Worker/packages.lock.json': fixture('src/Shop.Worker/packages.lock.json'),
    'packages.config': fixture('packages.config'),
  });
  assert.deepEqual(summary(facts), [
    'Azure.Core@1.36.0 transitive -',
    'Azure.Storage.Blobs@12.19.1 direct -',
    'NUnit@3.13.3 direct dev',
    'log4net@2.0.8 direct prod',
  ]);
  assert.equal(dependencies(facts).find((d) => d.name === 'Azure.Core')?.evidence.line, 11);
});
