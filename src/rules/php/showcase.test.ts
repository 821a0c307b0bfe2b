import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkShowcase } from '../java/_showcase.js';

test('PHP / Laravel showcase: every annotated finding, and the model around it', { timeout: 60_000 }, async () => {
  const model = await checkShowcase(fileURLToPath(new URL('./showcase.fixture', import.meta.url)));
  const app = model.components.find((c) => c.name === 'acme/store');
  assert.equal(app?.language, 'php');
  assert.ok(app?.tech.includes('laravel'));
  assert.ok(model.components.some((c) => c.kind === 'datastore' && c.name === 'MySQL'));
  const routes = model.entryPoints.map((e) => `${e.method} ${e.path} ${e.auth}`).sort();
  assert.deepEqual(routes, ['DELETE /admin/orders/:id user', 'GET /legacy.php none', 'GET /orders user']);
});
