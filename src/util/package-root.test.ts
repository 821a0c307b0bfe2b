import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { packageFile, packageRoot } from './package-root.js';
import { scratchDir } from './scratch.js';

describe('util/package-root', () => {
  it("finds threatcode's own package from any depth below it", () => {
    const root = packageRoot(import.meta.url);
    assert.ok(existsSync(join(root, 'bin', 'threatcode.js')));
    assert.equal(packageFile(import.meta.url, 'package.json'), join(root, 'package.json'));
  });

  it('skips package.json files of other packages on the way up, and says where it looked when none is found', () => {
    const base = scratchDir('package-root-');
    writeFileSync(join(base, 'package.json'), JSON.stringify({ name: 'threatcode' }));
    mkdirSync(join(base, 'dist', 'bundle'), { recursive: true });
    writeFileSync(join(base, 'dist', 'package.json'), JSON.stringify({ type: 'module' }));
    assert.equal(packageRoot(pathToFileURL(join(base, 'dist', 'bundle', 'chunk.js')).href), base);
    const elsewhere = scratchDir('no-package-');
    assert.throws(() => packageRoot(pathToFileURL(join(elsewhere, 'x.js')).href), /package\.json not found above/);
  });
});
