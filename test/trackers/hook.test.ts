// The catalog pre-flight hook: off unless a tracker is configured, writes ticket state into the
// model about to be published, and turns tracker failures into a warning instead of failing.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { catalogPreflight } from '../../src/trackers/hook.js';
import { syncProduct } from '../../src/trackers/sync.js';
import { GithubTracker } from '../../src/trackers/github.js';
import { workdir } from './cli-helpers.js';
import { startFakeGithub } from './fake-github.js';
import { shopV1 } from './models.js';

const TOKEN = 'ghp_faketoken1234567890';

describe('catalog pre-flight hook', { timeout: 60_000 }, () => {
  const root = workdir('hook');
  after(() => rmSync(root, { recursive: true, force: true }));

  it('does nothing when no tracker is configured (a token alone is not a configuration)', async () => {
    const model = shopV1();
    assert.equal(await catalogPreflight(root, model, { env: { GITHUB_TOKEN: TOKEN, GITHUB_REPOSITORY: 'acme/shop' }, name: 'shop' }), 0);
    assert.deepEqual(model, shopV1());
  });

  it('feeds ticket state into the model being published', async () => {
    const gh = await startFakeGithub();
    await syncProduct(new GithubTracker({ kind: 'github', apiUrl: gh.url, token: TOKEN, owner: 'acme', repo: 'shop', labels: [], assignees: {} }), { slug: 'shop', model: shopV1() }, { minSeverity: 'high', reopen: true, apply: true });
    writeFileSync(join(root, '.threatcode.yml'), 'trackers:\n  github:\n    repo: acme/shop\n');
    const model = shopV1();
    assert.equal(await catalogPreflight(root, model, { env: { GITHUB_TOKEN: TOKEN, THREATCODE_GITHUB_API_URL: gh.url }, name: 'shop' }), 1);
    assert.equal(model.mitigations.find((m) => m.id === 'm-param')?.status, 'in-progress');
    assert.match(model.diagnostics.at(-1)!.message, /github acme\/shop: 2 tickets from earlier runs: 2 open/);
    const off = shopV1();
    assert.equal(await catalogPreflight(root, off, { env: { GITHUB_TOKEN: TOKEN, THREATCODE_GITHUB_API_URL: gh.url, THREATCODE_TRACKER_PREFLIGHT: '0' }, name: 'shop' }), 0);
    await gh.close();
  });

  it('never fails the publish: a tracker failure becomes a warning', async () => {
    const gh = await startFakeGithub();
    writeFileSync(join(root, '.threatcode.yml'), 'trackers:\n  github:\n    repo: acme/shop\n');
    const model = shopV1();
    await catalogPreflight(root, model, { env: { GITHUB_TOKEN: 'ghp_wrong_token_value', THREATCODE_GITHUB_API_URL: gh.url }, name: 'shop' });
    const warning = model.diagnostics.at(-1)!;
    assert.equal(warning.level, 'warning');
    assert.match(warning.message, /pre-flight skipped: .*check GITHUB_TOKEN/);
    assert.ok(!warning.message.includes('ghp_wrong_token_value'));
    await gh.close();
  });
});
