import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeDirectory } from '../../api/pipeline.js';
import { rule } from './hardcoded-credentials.js';

/** Severity of every hardcoded-credentials finding, by file. */
async function severities(files: Record<string, string>): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'tc-secretctx-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const model = await analyzeDirectory(dir, { rules: [rule], today: '2026-06-01', cache: false, pool: false });
    return Object.fromEntries(model.threats.map((t) => [t.evidence[0].file, t.severity]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PASSWORD = "module.exports = { db: { user: 'app', password: 'Pr0duction-Passw0rd!' } };\n";
const AWS = "module.exports = { accessKeyId: 'AKIAQ3EGXR7PLMN4T2VB' };\n";

describe('hardcoded-credentials: seed, benchmark, script and dev-entry files', () => {
  it('rates a password in seed scripts, dev entries, CI and benchmark folders low, the product copy not', async () => {
    const s = await severities({
      'package.json': '{"name":"shop","dependencies":{"express":"4.19.2"}}',
      'src/config.js': PASSWORD,
      'packages/prisma/seed.js': PASSWORD,
      'tools/seed-snapshot/src/index.ts': PASSWORD,
      'packages/benchmarks/src/load.ts': PASSWORD,
      'src/server-dev.ts': PASSWORD,
      '.scripts/compare-database.js': PASSWORD,
      '.github/scripts/provision.js': PASSWORD,
    });
    assert.ok(s['src/config.js'] !== undefined && s['src/config.js'] !== 'low', JSON.stringify(s));
    for (const file of ['packages/prisma/seed.js', 'tools/seed-snapshot/src/index.ts', 'packages/benchmarks/src/load.ts', 'src/server-dev.ts', '.scripts/compare-database.js', '.github/scripts/provision.js']) {
      assert.equal(s[file], 'low', file);
    }
  });

  it('keeps a provider-issued key in a seed script above low: it is a live key wherever it is committed', async () => {
    const s = await severities({ 'package.json': '{"name":"shop"}', 'scripts/seed.js': AWS });
    assert.ok(s['scripts/seed.js'] !== undefined && s['scripts/seed.js'] !== 'low', JSON.stringify(s));
  });

  it('reads mock modules and renamed test suites as tests: only provider formats count there', async () => {
    const s = await severities({
      'package.json': '{"name":"shop"}',
      'packages/connector-mail/src/mock.ts': "export const mockedConfig = { apiKey: 'apikey-445566', appSecret: '445566aa' };\n",
      'packages/integration-tests/src/constants.ts': "export const consolePassword = 'silverhandasd_1';\n",
      'packages/e2e_tests/utils/api.ts': "export const admin = { password: 'admin-pass-1234' };\n",
    });
    assert.deepEqual(s, {});
  });
});
