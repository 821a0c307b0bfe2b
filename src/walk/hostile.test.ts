import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { git, gitTestEnv, hasGit } from '../../test/helpers/git.js';
import { makeHostileRepo } from '../../test/helpers/hostile-repo.js';
import type { HostileRepo } from '../../test/helpers/hostile-repo.js';
import type { Diagnostic } from '../model/types.js';
import { fileSizeLimit } from './limits.js';
import { readSourceFile } from './read.js';
import { walkRepository } from './walk.js';
import type { WalkResult } from './types.js';

const temp = mkdtempSync(join(tmpdir(), 'threatcode-hostile-'));
after(() => rmSync(temp, { recursive: true, force: true }));

describe('walk over a hostile repository', () => {
  let hostile: HostileRepo;
  let result: WalkResult;

  before(async () => {
    hostile = makeHostileRepo(join(temp, 'repo'));
    result = await walkRepository(hostile.root);
  });

  const diagnosticOf = (file: string): Diagnostic => {
    const found = result.diagnostics.filter((d) => d.file === file);
    assert.equal(found.length, 1, `exactly one diagnostic for ${file}: ${JSON.stringify(result.diagnostics)}`);
    return found[0];
  };

  it('lists the ordinary files, including invalid UTF-8 and absurd JSON, and nothing hostile', () => {
    const listed = result.files.map((f) => f.path);
    assert.deepEqual(listed, [
      '.threatcode.yml',
      'config.yml',
      'deep.json',
      'openapi.yaml',
      'package.json',
      hostile.paths.htmlName,
      hostile.paths.invalidUtf8,
      hostile.paths.server,
    ]);
  });

  it('gives each skipped entry a diagnostic naming it', () => {
    const p = hostile.paths;
    assert.equal(diagnosticOf(p.big).code, 'skipped-size');
    assert.equal(diagnosticOf(p.binary).code, 'skipped-binary');
    assert.equal(diagnosticOf('node_modules').code, 'skipped-vendored');
    assert.equal(diagnosticOf(p.rootLink).code, 'skipped-symlink');
    assert.match(diagnosticOf(p.rootLink).message, /rootfs -> \/ points outside the repository/);
    assert.match(diagnosticOf(p.selfLink).message, /self -> \. is a directory and is not followed/);
    const secret = diagnosticOf(p.secretLink);
    assert.equal(secret.code, 'skipped-symlink');
    assert.match(secret.message, /secret-link\.txt -> \.\.\/outside-secret\.txt points outside the repository/);
    for (const loop of [p.loopA, p.loopB]) assert.match(diagnosticOf(loop).message, /symlink loop/);
    if (hostile.hasFifo) {
      const fifo = diagnosticOf(p.fifo);
      assert.equal(fifo.code, 'skipped-special');
      assert.match(fifo.message, /named pipe/);
    }
  });

  it('never reads or reports anything from outside the root', async () => {
    const serialised = JSON.stringify(result);
    assert.ok(!serialised.includes(hostile.outsideSecretToken));
    assert.ok(!serialised.includes('/etc/'), 'nothing from the linked file system root');
    assert.ok(result.files.every((f) => !f.path.startsWith('rootfs/') && !f.path.startsWith('self/')));
    const diagnostics: Diagnostic[] = [];
    assert.equal(await readSourceFile(hostile.root, hostile.paths.secretLink, 1024, diagnostics), null);
    assert.equal(await readSourceFile(hostile.root, 'rootfs/etc/hostname', 1024, diagnostics), null);
    assert.ok(!JSON.stringify(diagnostics).includes(hostile.outsideSecretToken));
  });

  it('reads every listed file without blocking, invalid UTF-8 with replacement', async () => {
    for (const file of result.files) {
      const text = await readSourceFile(hostile.root, file.path, fileSizeLimit(file.path));
      assert.ok(text, file.path);
      if (file.path === hostile.paths.invalidUtf8) {
        assert.equal(text.invalidUtf8, true);
        assert.ok(text.content.includes('\uFFFD'));
      }
    }
  });

  it('runs nothing from the repository', () => {
    assert.equal(existsSync(hostile.installMarkerPath), false);
  });
});

describe('walk over a hostile repository that is a git work tree', { skip: !hasGit() && 'git is not installed' }, () => {
  it('lists the same files through git, and nothing escapes', async () => {
    const hostile = makeHostileRepo(join(temp, 'git-parent', 'repo'));
    git(hostile.root, 'init', '-q', '-b', 'main');
    const result = await walkRepository(hostile.root, { env: gitTestEnv() });
    assert.equal(result.stats.mode, 'git');
    assert.deepEqual(
      result.files.map((f) => f.path),
      ['.threatcode.yml', 'config.yml', 'deep.json', 'openapi.yaml', 'package.json', hostile.paths.htmlName, hostile.paths.invalidUtf8, hostile.paths.server],
    );
    const serialised = JSON.stringify(result);
    assert.ok(!serialised.includes(hostile.outsideSecretToken));
    for (const path of [hostile.paths.big, hostile.paths.binary, hostile.paths.secretLink, hostile.paths.rootLink, hostile.paths.loopA]) {
      assert.ok(result.diagnostics.some((d) => d.file === path), path);
    }
    assert.equal(existsSync(hostile.installMarkerPath), false);
  });
});
