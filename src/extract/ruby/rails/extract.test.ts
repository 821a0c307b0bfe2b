import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ConfigFact, EntrypointFact, Fact } from '../../../model/types.js';
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
const routes = (facts: Fact[]) => facts.filter((f): f is EntrypointFact => f.kind === 'entrypoint').map((r) => `${r.method} ${r.path} ${r.auth}`).sort();

test('routes.rb resources, namespaces, members and mounts; before_action chains decide auth', () => {
  const { facts, diagnostics } = runExtractor(extractor, files(FIXTURE));
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(routes(facts), [
    'ALL /sidekiq none',
    'DELETE /admin/users/:id admin',
    'DELETE /posts/:id user',
    'GET / none',
    'GET / none',
    'GET /admin/stats user',
    'GET /admin/users admin',
    'GET /admin/users/:id admin',
    'GET /posts none',
    'GET /posts/:id none',
    'PATCH /admin/users/:id admin',
    'POST /admin/users admin',
    'POST /login none',
    'POST /posts user',
    'POST /posts/:id/publish user',
    'POST /posts/:post_id/comments user',
    'POST /upload user',
    'PUT /admin/users/:id admin',
  ]);
  const destroy = facts.find((f): f is EntrypointFact => f.kind === 'entrypoint' && f.path === '/admin/users/:id' && f.method === 'DELETE');
  assert.deepEqual(destroy?.handler, { file: 'app/controllers/admin/users_controller.rb', line: 7, name: 'Admin::UsersController#destroy' });
  assert.deepEqual(destroy?.authEvidence, ['before_action :authenticate_user!', 'before_action :require_admin']);
  assert.equal(destroy?.evidence.line, 12);
  const configs = facts.filter((f): f is ConfigFact => f.kind === 'config').map((f) => `${f.setting} ${f.evidence.file}:${f.evidence.line}`);
  assert.deepEqual(configs, ['rails-csrf app/controllers/posts_controller.rb:3', 'rails-permit-all app/controllers/posts_controller.rb:9']);
});
