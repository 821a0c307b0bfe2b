import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DatastoreClientFact, OutboundCallFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

test('EF Core providers, Redis and HttpClient base addresses in code; connection strings in appsettings', () => {
  const program = 'builder.Services.AddDbContext<ShopDb>(o => o.UseNpgsql(cs));\nbuilder.Services.AddStackExchangeRedisCache(o => {});\nbuilder.Services.AddHttpClient("pay", c => c.BaseAddress = new Uri("https://api.stripe.com/"));\n';
  const settings = '{\n  "ConnectionStrings": {\n    "Default": "Server=sql01;Database=Shop;User Id=app;Password=secret;",\n    "Redis": "cache:6379"\n  }\n}\n';
  const { facts } = runExtractor(extractor, { 'Program.cs': program, 'appsettings.json': settings });
  const stores = facts.filter((f): f is DatastoreClientFact => f.kind === 'datastore-client').map((f) => `${f.evidence.file}:${f.evidence.line} ${f.tech} ${f.library} ${f.target ?? '-'}`);
  assert.deepEqual(stores, ['Program.cs:1 postgres ef-core -', 'Program.cs:2 redis StackExchange.Redis -', 'appsettings.json:3 mssql connection-string sql01', 'appsettings.json:4 redis connection-string -']);
  const calls = facts.filter((f): f is OutboundCallFact => f.kind === 'outbound-call').map((f) => `${f.target} ${f.service}`);
  assert.deepEqual(calls, ['api.stripe.com stripe']);
  assert.equal(JSON.stringify(facts).includes('secret'), false);
});
