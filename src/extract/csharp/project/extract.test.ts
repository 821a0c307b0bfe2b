import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { ProjectFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const csproj = (name: string) => readFileSync(new URL(`../../deps/nuget/fixtures/src/${name}`, import.meta.url), 'utf8');

test('web and worker SDKs are services; frameworks from package references', () => {
  const found = runExtractor(extractor, { 'src/Shop.Api/Shop.Api.csproj': csproj('Shop.Api/Shop.Api.csproj'), 'src/Shop.Worker/Shop.Worker.csproj': csproj('Shop.Worker/Shop.Worker.csproj'), 'lib/Lib.csproj': '<Project Sdk="Microsoft.NET.Sdk"></Project>' })
    .facts.filter((f): f is ProjectFact => f.kind === 'project')
    .map((p) => `${p.root} ${p.name} ${p.role} ${p.frameworks.join(',')}`);
  assert.deepEqual(found, ['src/Shop.Api Shop.Api service aspnet-core,ef-core,json.net', 'src/Shop.Worker Shop.Worker service ', 'lib Lib library ']);
});
