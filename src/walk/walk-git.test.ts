import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { git, gitTestEnv, hasGit, makeGitRepo, writeFiles } from '../../test/helpers/git.js';
import { walkRepository } from './walk.js';
import type { WalkResult } from './types.js';

const temp = mkdtempSync(join(tmpdir(), 'threatcode-walk-git-'));
after(() => rmSync(temp, { recursive: true, force: true }));
let counter = 0;
const fresh = (): string => join(temp, `r${counter++}`);
const paths = (result: WalkResult): string[] => result.files.map((f) => f.path);
const env = gitTestEnv();

describe('walkRepository (git work tree)', { skip: !hasGit() && 'git is not installed' }, () => {
  it('lists tracked and untracked files, honours .gitignore and info/exclude, records the commit', async () => {
    const { dir, commit } = makeGitRepo(fresh(), {
      '.gitignore': 'build-cache/\n*.tmp\n',
      'src/index.js': 'x',
      'src/.gitignore': 'local.js\n',
    });
    writeFiles(dir, {
      'src/new.js': 'untracked',
      'src/local.js': 'ignored by the nested .gitignore',
      'build-cache/a.js': 'ignored',
      'notes.tmp': 'ignored',
      'private.js': 'excluded',
    });
    writeFileSync(join(dir, '.git/info/exclude'), 'private.js\n');
    const result = await walkRepository(dir, { env });
    assert.equal(result.stats.mode, 'git');
    assert.deepEqual(paths(result), ['.gitignore', 'src/.gitignore', 'src/index.js', 'src/new.js']);
    assert.equal(result.stats.gitignored, 4);
    assert.deepEqual(result.diagnostics, []);
    assert.equal(result.git?.commit, commit);
    assert.equal(result.git?.branch, 'main');
    assert.equal(result.git?.dirty, true, 'an untracked file makes the tree dirty');
  });

  it('reports a clean tree, a detached HEAD, and a remote without credentials', async () => {
    const { dir, commit } = makeGitRepo(fresh(), { 'a.js': 'x' });
    git(dir, 'remote', 'add', 'origin', 'https://user:ghp_secretToken123@github.com/acme/shop.git');
    git(dir, 'checkout', '-q', '--detach', 'HEAD');
    const result = await walkRepository(dir, { env });
    assert.deepEqual(result.git, { commit, dirty: false, remote: 'https://github.com/acme/shop.git' });
    assert.ok(!JSON.stringify(result).includes('ghp_secretToken123'));
  });

  it('applies our own skips to what git lists: committed vendored code once, nested repositories', async () => {
    const files: Record<string, string> = { 'package.json': '{}', 'index.js': 'x' };
    for (let i = 0; i < 5; i++) files[`node_modules/lib${i}/index.js`] = 'x';
    const { dir } = makeGitRepo(fresh(), files);
    makeGitRepo(join(dir, 'nested'), { 'inner.js': 'x' });
    const result = await walkRepository(dir, { env });
    assert.deepEqual(paths(result), ['index.js', 'package.json']);
    assert.deepEqual(
      result.diagnostics.map((d) => [d.code, d.file]),
      [
        ['skipped-submodule', 'nested'],
        ['skipped-vendored', 'node_modules'],
      ],
    );
  });

  it('applies .threatcodeignore and extra ignores to the git listing, a directory counted once', async () => {
    const { dir } = makeGitRepo(fresh(), {
      '.threatcodeignore': 'docs/\n*.spec.js\n',
      'docs/a.js': 'x',
      'docs/b.js': 'x',
      'src/app.js': 'x',
      'src/app.spec.js': 'x',
      'examples/demo/main.js': 'x',
    });
    const result = await walkRepository(dir, { env, extraIgnores: ['examples/'] });
    assert.deepEqual(paths(result), ['.threatcodeignore', 'src/app.js']);
    assert.equal(result.stats.ignored, 3, 'docs/ once, examples/ once, app.spec.js');
    assert.deepEqual(result.diagnostics, []);
  });

  it('walks a subdirectory of a work tree with paths relative to it', async () => {
    const { dir, commit } = makeGitRepo(fresh(), { 'services/api/app.js': 'x', 'services/web/ui.js': 'y', 'root.js': 'z' });
    const result = await walkRepository(join(dir, 'services/api'), { env });
    assert.equal(result.stats.mode, 'git');
    assert.deepEqual(paths(result), ['app.js']);
    assert.equal(result.git?.commit, commit);
  });

  it('falls back to the file system for a folder the enclosing repository ignores', async () => {
    const { dir } = makeGitRepo(fresh(), { '.gitignore': '*\n!.gitignore\n' });
    writeFiles(dir, { 'projects/app/main.js': 'x' });
    const result = await walkRepository(join(dir, 'projects/app'), { env });
    assert.equal(result.stats.mode, 'filesystem');
    assert.deepEqual(paths(result), ['main.js']);
    assert.equal(result.git, undefined);
  });

  it('never runs commands configured in the repository (filter drivers, fsmonitor, hooks)', async () => {
    const { dir } = makeGitRepo(fresh(), { 'app.js': 'const a = 1;\n', '.gitattributes': '* filter=evil\n' });
    const filterMarker = join(temp, `filter-ran-${counter}`);
    const monitorMarker = join(temp, `fsmonitor-ran-${counter}`);
    git(dir, 'config', 'filter.evil.clean', `touch ${filterMarker}; cat`);
    // A changed mtime forces `git status` to re-hash the file, which goes through the filter.
    utimesSync(join(dir, 'app.js'), new Date(2030, 0, 1), new Date(2030, 0, 1));
    // Check that the trap works with plain git, so the assertion below means something.
    execFileSync('git', ['status', '--porcelain'], { cwd: dir, env, stdio: 'ignore' });
    assert.ok(existsSync(filterMarker), 'plain git status runs the clean filter');
    rmSync(filterMarker, { force: true });
    git(dir, 'config', 'core.fsmonitor', `touch ${monitorMarker}; echo`);
    git(dir, 'config', 'core.hooksPath', join(dir, 'hooks'));
    utimesSync(join(dir, 'app.js'), new Date(2031, 0, 1), new Date(2031, 0, 1));

    const result = await walkRepository(dir, { env });
    assert.equal(result.stats.mode, 'git');
    assert.ok(result.git);
    assert.equal(existsSync(filterMarker), false, 'clean filter must not run');
    assert.equal(existsSync(monitorMarker), false, 'fsmonitor must not run');
  });

  it('falls back to the file system with a diagnostic when git is not installed', async () => {
    const { dir } = makeGitRepo(fresh(), { '.gitignore': 'ignored.js\n', 'a.js': 'x', 'ignored.js': 'x' });
    const result = await walkRepository(dir, { env: { ...env, PATH: join(temp, 'no-such-bin') } });
    assert.equal(result.stats.mode, 'filesystem');
    assert.deepEqual(paths(result), ['.gitignore', 'a.js']);
    assert.equal(result.git, undefined);
    assert.deepEqual(
      result.diagnostics.map((d) => d.code),
      ['git-unavailable'],
    );
    assert.match(result.diagnostics[0].message, /git is not installed/);
  });
});
