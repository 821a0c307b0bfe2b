import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkShowcase } from '../java/_showcase.js';

test('C# / ASP.NET Core showcase: every annotated finding, and the model around it', { timeout: 60_000 }, async () => {
  const model = await checkShowcase(fileURLToPath(new URL('./showcase.fixture', import.meta.url)));
  const api = model.components.find((c) => c.name === 'Shop.Api');
  assert.equal(api?.language, 'csharp');
  assert.ok(api?.tech.includes('aspnet-core'));
  assert.ok(model.components.some((c) => c.kind === 'datastore' && c.name === 'SQL Server'));
  const routes = model.entryPoints.map((e) => `${e.kind} ${e.method} ${e.path} ${e.auth}`).sort();
  assert.ok(routes.includes('http GET /api/orders user'));
  assert.ok(routes.includes('http GET /api/orders/back none'));
  assert.ok(routes.includes('grpc POST /InventoryService none'));
  assert.ok(model.dependencies.some((d) => d.name === 'Newtonsoft.Json' && d.version === '13.0.1'));
});
