import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkShowcase } from './_showcase.js';

test('Java / Spring showcase: every annotated finding, and the model around it', { timeout: 60_000 }, async () => {
  const model = await checkShowcase(fileURLToPath(new URL('./showcase.fixture', import.meta.url)));
  const shop = model.components.find((c) => c.name === 'shop');
  assert.equal(shop?.language, 'java');
  assert.ok(shop?.tech.includes('spring-mvc'));
  assert.ok(model.components.some((c) => c.kind === 'datastore' && c.name === 'PostgreSQL'));
  const routes = model.entryPoints.map((e) => `${e.method} ${e.path} ${e.auth}`).sort();
  assert.ok(routes.includes('GET /api/catalog/search none'));
  assert.ok(routes.includes('POST /api/admin/reindex user'));
  assert.ok(routes.includes('DELETE /api/admin/users/:id admin'));
  assert.ok(model.dependencies.some((d) => d.name === 'io.jsonwebtoken:jjwt' && d.version === '0.9.1'));
});
