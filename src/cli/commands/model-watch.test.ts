import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { capture } from '../../../test/helpers/io.js';
import { analyzeDirectory } from '../../api/pipeline.js';
import { watchAndRemodel, watchedChange } from './model-watch.js';
import { command } from './model.js';

const parent = mkdtempSync(join(tmpdir(), 'threatcode-watch-'));
after(() => rmSync(parent, { recursive: true, force: true }));
const EXAMPLE = new URL('../../../examples/shop', import.meta.url).pathname;

/** Polls until `done` holds; the test's own timeout is the hang guard. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 25));
}

test('changes to git data, installed packages and our own outputs are not watched', () => {
  assert.equal(watchedChange('api/src/server.js', 'threatcode-out'), true);
  assert.equal(watchedChange(null, undefined), true, 'an event without a name may be anything');
  assert.equal(watchedChange('.git/index', undefined), false);
  assert.equal(watchedChange('node_modules/x/index.js', undefined), false);
  assert.equal(watchedChange('threatcode-out/model.json', 'threatcode-out'), false);
  assert.equal(watchedChange('threatcode-outside.js', 'threatcode-out'), true);
});

test('--watch re-models after a change, with the same model a fresh run gives', { timeout: 120_000 }, async () => {
  const root = join(parent, 'shop');
  cpSync(EXAMPLE, root, { recursive: true });
  // Outside the tree: outputs inside it would be modelled by the fresh run below.
  const out = join(parent, 'out');
  const cacheEnv = { ...process.env, THREATCODE_CACHE_DIR: join(parent, 'cache'), THREATCODE_TODAY: '2026-06-01' };
  const { io, stderr } = capture(parent, cacheEnv);
  const controller = new AbortController();
  const options = { source: root, out, formats: ['json'], cache: true, env: cacheEnv, today: '2026-06-01' };
  const watching = watchAndRemodel(root, options, io, controller.signal);
  await until(() => stderr().includes('watching'));
  appendFileSync(join(root, 'api/src/routes/admin.js'), "\nrouter.delete('/watched/:id', (req, res) => res.end());\n");
  await until(() => stderr().includes('re-modelled'));
  controller.abort();
  assert.equal(await watching, 0);
  const written = readFileSync(join(out, 'model.json'), 'utf8');
  assert.ok(written.includes('/watched/:id'), 'the new route is in the re-modelled outputs');
  const fresh = await analyzeDirectory(root, { today: '2026-06-01', productName: 'shop', cache: false });
  assert.equal(written, `${JSON.stringify(fresh, null, 2)}\n`);
  assert.equal(stderr().match(/re-modelled/g)?.length, 1, 'one change, one re-model');
});

test('--watch refuses what it cannot watch', async () => {
  const { io } = capture(parent);
  await assert.rejects(command.run(['https://example.com/x.git', '--watch'], io), /--watch needs a local folder/);
  await assert.rejects(command.run([parent, '--watch', '--json'], io), /--watch needs a local folder/);
});
