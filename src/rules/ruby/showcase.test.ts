import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkShowcase } from '../java/_showcase.js';

test('Ruby / Rails showcase: every annotated finding, and the model around it', { timeout: 60_000 }, async () => {
  const model = await checkShowcase(fileURLToPath(new URL('./showcase.fixture', import.meta.url)));
  const app = model.components.find((c) => c.language === 'ruby');
  assert.ok(app?.tech.includes('rails'));
  assert.ok(model.components.some((c) => c.kind === 'datastore' && c.name === 'PostgreSQL'));
  const routes = model.entryPoints.map((e) => `${e.method} ${e.path} ${e.auth}`).sort();
  assert.deepEqual(routes, ['GET /go none', 'GET /reports user', 'POST /imports user', 'POST /reports user']);
  assert.ok(model.dependencies.some((d) => d.name === 'rails' && d.version === '7.0.4' && d.direct));
});
