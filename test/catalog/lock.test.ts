import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { acquireLock } from '../../src/catalog/lock.js';
import { publishModel } from '../../src/catalog/publish.js';
import { InputError } from '../../src/util/errors.js';
import { versionedModel } from './synthetic.js';
import { scratchDir } from '../../src/util/scratch.js';

const scratch = () => scratchDir('threatcode-lock-');

/** A pid that is certainly not running: a child that already exited. */
function deadPid(): number {
  const out = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
  return Number(out) || 999_999;
}

describe('catalog: lock', () => {
  it('serialises concurrent publishers; every publish lands as its own version', async () => {
    const dir = scratch();
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => publishModel(dir, versionedModel(n))));
    assert.deepEqual(results.map((r) => r.version).sort(), [1, 2, 3, 4, 5]);
    const record = JSON.parse(readFileSync(join(dir, 'products/crashy/product.json'), 'utf8')) as { version: number; history: unknown[] };
    assert.equal(record.version, 5);
    assert.equal(record.history.length, 4);
  });
  it('breaks a lock whose owner died, and one whose heartbeat stopped', async () => {
    const dir = scratch();
    mkdirSync(join(dir, '.lock'));
    writeFileSync(join(dir, '.lock/owner.json'), JSON.stringify({ pid: deadPid(), host: hostname(), since: '2020-01-01T00:00:00Z', token: 'x' }));
    const lock = await acquireLock(dir, { timeoutMs: 2000 });
    await lock.release();
    mkdirSync(join(dir, '.lock'));
    writeFileSync(join(dir, '.lock/owner.json'), JSON.stringify({ pid: 1, host: 'another-host', since: '2020-01-01T00:00:00Z', token: 'y' }));
    const old = new Date(Date.now() - 120_000);
    utimesSync(join(dir, '.lock'), old, old);
    const again = await acquireLock(dir, { timeoutMs: 2000, staleMs: 30_000 });
    await again.release();
  });
  it('waits for a live holder and gives up with a clear message', async () => {
    const dir = scratch();
    const held = await acquireLock(dir);
    let waited = false;
    await assert.rejects(
      acquireLock(dir, { timeoutMs: 300, onWait: () => (waited = true) }),
      (error: unknown) => error instanceof InputError && /the catalog is locked by pid \d+/.test(error.message),
    );
    assert.ok(waited);
    await held.release();
    const next = await acquireLock(dir, { timeoutMs: 1000 });
    await next.release();
  });
});
