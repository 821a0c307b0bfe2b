import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { walkRepository } from './walk.js';

const temp = mkdtempSync(join(tmpdir(), 'threatcode-scale-'));
after(() => rmSync(temp, { recursive: true, force: true }));

// A regression guard against accidental quadratic work, not a benchmark: the bound is generous
// because test machines are shared. bench/ measures the real speed (about 0.5 s for 50,000 files
// on 2 cores).
describe('walk at scale', () => {
  it('lists 20,000 files in a few seconds at most', async () => {
    const body = 'const value = require("./other");\nmodule.exports = value;\n';
    for (let d = 0; d < 200; d++) {
      const dir = join(temp, `pkg${d}`, 'src');
      mkdirSync(dir, { recursive: true });
      for (let f = 0; f < 100; f++) writeFileSync(join(dir, `file${f}.js`), body);
    }
    const result = await walkRepository(temp, { useGit: false, gitInfo: false });
    assert.equal(result.files.length, 20_000);
  });
});
