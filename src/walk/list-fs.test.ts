import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PrefetchedListings } from './list-fs.js';
import { walkRepository } from './walk.js';

const temp = mkdtempSync(join(tmpdir(), 'threatcode-list-fs-'));
after(() => rmSync(temp, { recursive: true, force: true }));

/** A tree of `width` directories per level, `depth` levels, one file in each directory. */
function tree(root: string, width: number, depth: number): void {
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'f.js'), 'x\n');
  if (depth === 0) return;
  for (let i = 0; i < width; i++) tree(join(root, `d${i}`), width, depth - 1);
}

describe('walk/list-fs', () => {
  it('hands over each listing started ahead, a missing directory as its error code', async () => {
    const root = join(temp, 'listings');
    tree(root, 2, 1);
    const listings = new PrefetchedListings(root);
    listings.start('d0');
    listings.start('d0'); // started once
    listings.start('gone'); // fails; never taken: settles without an unhandled rejection
    const d0 = await listings.take('d0');
    assert.ok('entries' in d0);
    assert.deepEqual(d0.entries.map((e) => e.name).sort(), readdirSync(join(root, 'd0')).sort());
    // Taken once: taking again lists again (the directory as it is now).
    writeFileSync(join(root, 'd0', 'g.js'), 'y\n');
    const again = await listings.take('d0');
    assert.ok('entries' in again && again.entries.some((e) => e.name === 'g.js'));
    assert.deepEqual(await listings.take('missing'), { code: 'ENOENT' });
    const root0 = await listings.take('');
    assert.ok('entries' in root0 && root0.entries.length === 3);
  });

  it('walks in the same order with listings overlapping: same files, and the same prefix at the entry limit', async () => {
    const root = join(temp, 'walk');
    tree(root, 3, 3);
    const whole = await walkRepository(root, { useGit: false, gitInfo: false });
    const expected: string[] = [];
    const visit = (dir: string, rel: string): void => {
      for (const name of readdirSync(dir).sort()) {
        const path = rel ? `${rel}/${name}` : name;
        if (name === 'f.js') expected.push(path);
        else visit(join(dir, name), path);
      }
    };
    visit(root, '');
    assert.deepEqual(whole.files.map((f) => f.path), expected.sort());
    // Depth first in name order: the limit cuts the listing at the same entry every run.
    const runs = await Promise.all([1, 2, 3].map(() => walkRepository(root, { useGit: false, gitInfo: false, maxEntries: 25 })));
    for (const run of runs) {
      assert.equal(run.stats.truncated, true);
      assert.deepEqual(run.files, runs[0].files);
      assert.deepEqual(run.diagnostics, runs[0].diagnostics);
    }
    // ... which is where a walk listing one directory at a time stops.
    const prefix: string[] = [];
    const pending = [''];
    let seen = 0;
    stop: while (pending.length > 0) {
      const rel = pending.pop()!;
      const subdirectories: string[] = [];
      for (const name of readdirSync(rel ? join(root, rel) : root).sort()) {
        if (++seen > 25) break stop;
        const path = rel ? `${rel}/${name}` : name;
        if (name === 'f.js') prefix.push(path);
        else subdirectories.push(path);
      }
      for (let i = subdirectories.length - 1; i >= 0; i--) pending.push(subdirectories[i]);
    }
    assert.deepEqual(runs[0].files.map((f) => f.path), prefix.sort());
    assert.ok(prefix.length > 0 && prefix.length < whole.files.length);
  });
});
