import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { EntrypointFact } from '../../../model/types.js';
import { runExtractor } from '../../testing.js';
import { extractor } from './index.js';

const FIXTURE = fileURLToPath(new URL('./fixtures', import.meta.url));
function files(dir: string, out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) files(full, out);
    else out[relative(FIXTURE, full)] = readFileSync(full, 'utf8');
  }
  return out;
}

test('routes with groups, prefixes, resources and middleware; controller middleware; plain scripts', () => {
  const { facts, diagnostics } = runExtractor(extractor, files(FIXTURE));
  assert.deepEqual(diagnostics, []);
  const routes = facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint');
  assert.deepEqual(routes.map((r) => `${r.method} ${r.path} ${r.auth}`).sort(), [
    // (sorted below, as the actual list is)
    'DELETE /admin/users/:id admin',
    'DELETE /api/v1/orders/:id user',
    'DELETE /posts/:id user',
    'GET / none',
    'GET /api/v1/orders user',
    'GET /api/v1/orders/:id user',
    'GET /export user',
    'GET /posts user',
    'GET /posts/create user',
    'GET /posts/:id user',
    'GET /posts/:id/edit user',
    'PATCH /api/v1/orders/:id user',
    'PATCH /posts/:id user',
    'POST /api/v1/orders user',
    'POST /api/webhooks/stripe none',
    'POST /contact.php none',
    'POST /login none',
    'POST /posts user',
    'PUT /api/v1/orders/:id user',
    'PUT /posts/:id user',
  ].sort());
  const exp = routes.find((r) => r.path === '/export');
  assert.deepEqual(exp?.handler, { file: 'app/Http/Controllers/ReportController.php', line: 12, name: 'ReportController@export' });
  assert.equal(routes.find((r) => r.path === '/admin/users/:id')?.evidence.line, 16);
});
