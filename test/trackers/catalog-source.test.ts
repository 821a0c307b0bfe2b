// `tickets sync --catalog`: the current model of one or every product, owners from the catalog's
// CODEOWNERS data, and nothing written into the catalog.
import assert from 'node:assert/strict';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { publishModel } from '../../src/catalog/publish.js';
import { emptyReach } from '../../src/catalog/reach-types.js';
import { tickets, workdir } from './cli-helpers.js';
import { startFakeGithub } from './fake-github.js';
import { shopV1 } from './models.js';

function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(`${full}:${statSync(full).mtimeMs}`);
    }
  };
  walk(dir);
  return out;
}

describe('tickets sync --catalog', { timeout: 60_000 }, () => {
  const dir = workdir('catalog-tickets');
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('syncs a cataloged product, assigning CODEOWNERS of the evidence file, read-only', async () => {
    const catalog = join(dir, 'catalog');
    const reach = { ...emptyReach('shop'), codeowners: { source: 'CODEOWNERS', rules: [{ pattern: '/api/', owners: ['@bob'] }] } };
    await publishModel(catalog, { model: shopV1(), reach, now: new Date('2026-01-05T00:00:00Z'), formats: ['json'] });
    const before = snapshot(catalog);
    const gh = await startFakeGithub();
    const r = await tickets(['sync', '--tracker', 'github', '--catalog', 'catalog', '--product', 'shop', '--apply'], dir, { GITHUB_TOKEN: 'ghp_faketoken1234567890', THREATCODE_GITHUB_API_URL: gh.url });
    assert.equal(r.code, 0, r.stderr);
    const issues = gh.repo('acme/shop').issues;
    assert.equal(issues.length, 2);
    assert.deepEqual(issues.map((i) => i.assignees), [['bob'], ['bob']]);
    assert.deepEqual(snapshot(catalog), before, 'the catalog is not written');
    await gh.close();
  });
});
