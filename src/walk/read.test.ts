import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Diagnostic } from '../model/types.js';
import { readSourceFile, readSourceFileSync } from './read.js';

const temp = mkdtempSync(join(tmpdir(), 'threatcode-read-'));
after(() => rmSync(temp, { recursive: true, force: true }));
const root = join(temp, 'repo');
mkdirSync(join(root, 'src'), { recursive: true });
writeFileSync(join(temp, 'outside.txt'), 'outside secret');
writeFileSync(join(root, 'src/a.js'), 'const a = 1;\n');
writeFileSync(join(root, 'bom.js'), '\uFEFFconst b = 2;\n');
writeFileSync(join(root, 'latin1.js'), Buffer.from([0x61, 0x3d, 0x27, 0xe9, 0x27, 0x0a]));
writeFileSync(join(root, 'big.js'), 'x'.repeat(2048));
symlinkSync('../outside.txt', join(root, 'escape.txt'));
symlinkSync('src/a.js', join(root, 'inside.js'));
symlinkSync('..', join(root, 'up'));

async function read(path: string, maxBytes = 1024): Promise<{ text: Awaited<ReturnType<typeof readSourceFile>>; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const text = await readSourceFile(root, path, maxBytes, diagnostics);
  return { text, diagnostics };
}

describe('readSourceFile', () => {
  it('reads text, dropping a byte-order mark', async () => {
    assert.deepEqual((await read('src/a.js')).text, { content: 'const a = 1;\n', invalidUtf8: false });
    assert.deepEqual((await read('bom.js')).text, { content: 'const b = 2;\n', invalidUtf8: false });
  });

  it('decodes invalid UTF-8 with replacement characters and notes it', async () => {
    const { text, diagnostics } = await read('latin1.js');
    assert.deepEqual(text, { content: "a='\uFFFD'\n", invalidUtf8: true });
    assert.deepEqual(diagnostics.map((d) => [d.code, d.level]), [['invalid-utf8', 'info']]);
  });

  it('refuses files over the cap', async () => {
    const { text, diagnostics } = await read('big.js', 1000);
    assert.equal(text, null);
    assert.equal(diagnostics[0].code, 'skipped-size');
    assert.ok((await read('big.js', 2048)).text, 'exactly the cap is fine');
  });

  it('never leaves the root, through links or dot segments', async () => {
    for (const path of ['escape.txt', 'up/outside.txt', '../outside.txt', '/etc/passwd', 'src/../../outside.txt', 'src/./a.js']) {
      const { text, diagnostics } = await read(path);
      assert.equal(text, null, path);
      assert.equal(diagnostics.length, 1, path);
      assert.ok(!JSON.stringify(diagnostics).includes('outside secret'));
    }
    assert.equal((await read('escape.txt')).diagnostics[0].code, 'skipped-symlink');
    assert.equal((await read('inside.js')).text?.content, 'const a = 1;\n', 'a link to a file inside the root is fine');
  });

  it('never blocks on a fifo', { skip: spawnSync('mkfifo', [join(root, 'pipe.js')]).status !== 0 && 'mkfifo unavailable' }, async () => {
    const { text, diagnostics } = await read('pipe.js');
    assert.equal(text, null);
    assert.equal(diagnostics[0].code, 'skipped-special');
  });

  it('returns null for a missing file, a directory, or a plain path mistake', async () => {
    assert.equal((await read('missing.js')).text, null);
    assert.equal((await read('src')).diagnostics[0].code, 'skipped-special');
    assert.equal((await read('')).text, null);
  });
});

describe('readSourceFileSync', () => {
  it('gives what readSourceFile gives, result and diagnostics, for every case above', async () => {
    const cases: [string, number][] = [
      ['src/a.js', 1024], ['bom.js', 1024], ['latin1.js', 1024], ['big.js', 1000], ['big.js', 2048], ['escape.txt', 1024],
      ['up/outside.txt', 1024], ['../outside.txt', 1024], ['/etc/passwd', 1024], ['src/./a.js', 1024], ['inside.js', 1024],
      ['pipe.js', 1024], ['missing.js', 1024], ['src', 1024], ['', 1024],
    ];
    for (const [path, maxBytes] of cases) {
      const asyncDiagnostics: Diagnostic[] = [];
      const syncDiagnostics: Diagnostic[] = [];
      const expected = await readSourceFile(root, path, maxBytes, asyncDiagnostics);
      assert.deepEqual(readSourceFileSync(root, path, maxBytes, syncDiagnostics), expected, path);
      assert.deepEqual(syncDiagnostics, asyncDiagnostics, path);
    }
  });

  it('gives the same with directories resolved once per pass, whatever was read before', async () => {
    const cases: [string, number][] = [
      ['src/a.js', 1024], ['bom.js', 1024], ['latin1.js', 1024], ['big.js', 1000], ['big.js', 2048], ['escape.txt', 1024],
      ['up/outside.txt', 1024], ['../outside.txt', 1024], ['/etc/passwd', 1024], ['src/./a.js', 1024], ['inside.js', 1024],
      ['pipe.js', 1024], ['missing.js', 1024], ['src/missing.js', 1024], ['up/missing.js', 1024], ['src', 1024], ['', 1024],
    ];
    const dirs = new Map<string, string>();
    for (const [path, maxBytes] of [...cases, ...cases.reverse()]) {
      const expectedDiagnostics: Diagnostic[] = [];
      const diagnostics: Diagnostic[] = [];
      const expected = await readSourceFile(root, path, maxBytes, expectedDiagnostics);
      assert.deepEqual(readSourceFileSync(root, path, maxBytes, diagnostics, dirs), expected, path);
      assert.deepEqual(diagnostics, expectedDiagnostics, path);
    }
    assert.ok(!dirs.has('up') || !dirs.get('up')!.startsWith(root), 'a linked directory is kept by its real place');
  });
});
