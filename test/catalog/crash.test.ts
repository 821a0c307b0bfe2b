import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { publishModel } from '../../src/catalog/publish.js';
import { readProductFile } from '../../src/catalog/txn.js';
import { versionedModel } from './synthetic.js';
import { scratchDir } from '../../src/util/scratch.js';

const root = new URL('../../', import.meta.url).pathname;
const child = join(root, 'test/catalog/publish-child.ts');

/**
 * Runs the child publisher; kills it when it prints `at <step>`, or `killAfterMs` after it starts
 * writing the transaction; resolves with how it ended and the last step it reported.
 */
function publishInChild(catalog: string, marker: number, stop: string, options: { padding?: number; killAfterMs?: number } = {}): Promise<'killed' | 'done'> {
  return publishInChildWithSteps(catalog, marker, stop, options).then((r) => r.outcome);
}

function publishInChildWithSteps(catalog: string, marker: number, stop: string, options: { padding?: number; killAfterMs?: number } = {}): Promise<{ outcome: 'killed' | 'done'; steps: string[] }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, catalog, String(marker), stop, String(options.padding ?? 0)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      proc.kill('SIGKILL');
    };
    let timer = false;
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes(`at ${stop}`)) kill();
      // Random mode: the clock starts when the transaction starts writing files.
      if (options.killAfterMs !== undefined && !timer && out.includes('step staging')) {
        timer = true;
        setTimeout(kill, options.killAfterMs);
      }
    });
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.on('close', () => {
      const steps = [...out.matchAll(/^step (\w+)$/gm)].map((m) => m[1]);
      if (killed) resolve({ outcome: 'killed', steps });
      else if (out.includes('done')) resolve({ outcome: 'done', steps });
      else reject(new Error(`child failed: ${err}`));
    });
  });
}

/** The product reads as exactly one version everywhere (model, reach data, record, views). */
async function versionOnDisk(catalog: string): Promise<number> {
  const model = JSON.parse((await readProductFile(catalog, 'crashy', 'model.json'))!) as { product: { description: string } };
  const n = Number(/^version (\d+)/.exec(model.product.description)![1]);
  const reach = JSON.parse((await readProductFile(catalog, 'crashy', 'reach.json'))!) as { owners: string[] };
  const record = JSON.parse((await readProductFile(catalog, 'crashy', 'product.json'))!) as { threats: { open: number } };
  const canvas = (await readProductFile(catalog, 'crashy', 'canvas.md'))!;
  assert.deepEqual(reach.owners, [`version-${n}`], 'reach.json is from the same version as model.json');
  assert.equal(record.threats.open, n, 'product.json is from the same version');
  assert.match(canvas, new RegExp(`\\*\\*Open threats:\\*\\* ${n} `), 'canvas.md is from the same version');
  return n;
}

const scratch = () => scratchDir('threatcode-crash-');

describe('catalog: crash safety (publisher killed with SIGKILL)', { timeout: 120_000 }, () => {
  for (const step of ['staged', 'archived'] as const) {
    it(`killed at "${step}" (before the commit point): the previous version stays whole`, async () => {
      const dir = scratch();
      await publishModel(dir, versionedModel(1));
      assert.equal(await publishInChild(dir, 2, step), 'killed');
      assert.equal(await versionOnDisk(dir), 1);
      assert.ok(existsSync(join(dir, '.lock')), 'the dead publisher left its lock behind');
      // The next publisher breaks the stale lock, discards the half-done staging, and goes on.
      const started = Date.now();
      const third = await publishModel(dir, versionedModel(3));
      assert.ok(Date.now() - started < 10_000);
      assert.equal(await versionOnDisk(dir), 3);
      assert.equal(third.version, 2);
      assert.ok(!existsSync(join(dir, 'products/crashy/.txn')));
      assert.deepEqual(readdirSync(join(dir, 'products/crashy/history')), ['1']);
    });
  }
  it('killed right after the commit point: readers see the new version, recovery completes it', async () => {
    const dir = scratch();
    await publishModel(dir, versionedModel(1));
    assert.equal(await publishInChild(dir, 2, 'committed'), 'killed');
    assert.ok(existsSync(join(dir, 'products/crashy/.txn/COMMIT')));
    assert.equal(await versionOnDisk(dir), 2);
    await publishModel(dir, versionedModel(3));
    assert.equal(await versionOnDisk(dir), 3);
    assert.deepEqual(readdirSync(join(dir, 'products/crashy/history')).sort(), ['1', '2']);
  });
  it('killed at random moments while writing a large model: always one whole version', async () => {
    const dir = scratch();
    await publishModel(dir, versionedModel(1, 2048));
    let current = 1;
    const midWrite: string[] = [];
    for (const [i, delay] of [0, 5, 15, 30, 60, 120].entries()) {
      const marker = i + 2;
      const { outcome, steps } = await publishInChildWithSteps(dir, marker, 'never', { padding: 2048, killAfterMs: delay });
      const seen = await versionOnDisk(dir);
      assert.ok(seen === current || seen === marker, `after a kill ${delay} ms into the write the product reads as version ${seen}`);
      if (outcome === 'done') assert.equal(seen, marker);
      if (outcome === 'killed' && !steps.includes('committed')) midWrite.push(steps[steps.length - 1]);
      current = seen;
    }
    // At least one kill landed while the new version's files were being written.
    assert.ok(midWrite.length > 0, 'no kill landed before the commit point');
    await publishModel(dir, versionedModel(9));
    assert.equal(await versionOnDisk(dir), 9);
  });
});
