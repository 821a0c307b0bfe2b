import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { isDevelopmentOnly } from './_shared.js';
import { rule as portRule } from './compose-port-published-all-interfaces.js';
import { rule as secretRule } from './container-secret-in-env.js';

const DB = `  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: hunter2-postgres
    ports:
      - 5432:5432
`;

async function scores(files: Record<string, string>): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'tc-compose-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const model = await analyzeDirectory(dir, { rules: [portRule, secretRule], today: '2026-06-01', cache: false, pool: false });
    return Object.fromEntries(model.threats.map((t) => [`${t.ruleId}@${t.evidence[0].file}`, t.score.likelihood]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('rules/container: Compose files that only run local backing services', () => {
  it('rates a database-only file, or one named for development, less likely than the product\'s deployment', async () => {
    const product = `services:\n  web:\n    build: .\n    ports:\n      - 8080:8080\n${DB}`;
    const s = await scores({
      'docker-compose.yml': `services:\n${DB}`,
      'deploy/compose.yaml': product,
      // Its own password: a copy of the deployed one is cited with that finding (below).
      'docker-compose.dev.yml': product.replace('hunter2-postgres', 'devonly-postgres'),
    });
    const keys = ['compose-port-published-all-interfaces', 'container-secret-in-env'];
    for (const rule of keys) {
      const local = s[`${rule}@docker-compose.yml`];
      const dev = s[`${rule}@docker-compose.dev.yml`];
      const deployed = s[`${rule}@deploy/compose.yaml`];
      assert.ok(local !== undefined && dev !== undefined && deployed !== undefined, `${rule}: every file reported (${JSON.stringify(s)})`);
      assert.ok(local < deployed && dev < deployed, `${rule}: ${local} / ${dev} vs ${deployed}`);
    }
  });

  it('tells test, CI and development container files by their folder or name', () => {
    const dev = ['test/smoke/Dockerfile', 'cypress/docker-compose.yml', 'playwright/compose.yaml', 'Dockerfile.dev', 'local.Dockerfile', 'relational.e2e.Dockerfile', 'document.test.Dockerfile', 'docker-compose.test.yml', 'docker-compose.document.ci.yaml', 'compose.override.yaml', 'packages/e2e_tests/docker-compose.yml', 'packages/benchmarks/docker-compose.yml', 'tools/seed-snapshot/docker-compose.yml', 'scripts/docker-compose.yml', 'test-migrations/docker-compose.yml', 'docker-compose.integration.yml', 'Dockerfile.integration', '.github/docker-compose.yml', 'packages/integration-tests/Dockerfile'];
    const prod = ['Dockerfile', 'document.Dockerfile', 'docker-compose.yml', 'docker-compose.document.yaml', 'deploy/compose.yaml', 'latest.Dockerfile', 'docker/Dockerfile', 'apps/web/Dockerfile', 'docker-compose.postgres.yml', 'packages/testing-library-docs/Dockerfile'];
    assert.deepEqual(dev.filter((f) => !isDevelopmentOnly(f)), []);
    assert.deepEqual(prod.filter(isDevelopmentOnly), []);
  });

  it('cites a test or development copy of a deployed credential with the deployed finding', async () => {
    const product = `services:\n  web:\n    build: .\n    ports:\n      - 8080:8080\n${DB}`;
    // The e2e file sorts first: the finding is still the deployed file's.
    const s = await scores({ 'deploy/compose.yaml': product, 'a-e2e/e2e/docker-compose.yml': product });
    assert.deepEqual(Object.keys(s).filter((k) => k.startsWith('container-secret-in-env')), ['container-secret-in-env@deploy/compose.yaml']);
  });
});
