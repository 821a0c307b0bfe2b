// WalkOptions.trustStat: files the caller trusts by their lstat stamp are listed without being
// opened (no sniff), and the trust may arrive as a promise while git lists the files.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { git, gitTestEnv, hasGit, makeGitRepo, writeFiles } from '../../test/helpers/git.js';
import { readGitInfo } from './git-info.js';
import type { FileStamp, TrustStat } from './types.js';
import { walkRepository } from './walk.js';

const temp = mkdtempSync(join(tmpdir(), 'threatcode-walk-trust-'));
after(() => rmSync(temp, { recursive: true, force: true }));
let counter = 0;

function repo(files: Record<string, string>): string {
  const dir = join(temp, `r${counter++}`);
  mkdirSync(dir, { recursive: true });
  writeFiles(dir, files);
  return dir;
}

// A NUL byte makes the sniff call a file binary: listed only when the sniff is skipped.
const FILES = { 'src/app.js': 'const a = 1;\n', 'src/blob.js': 'x\u0000y\n' };

/** Trusts only `blob.js`, remembering what it was asked and when. */
function trustBlob(asked: string[]): TrustStat {
  return (path: string, stamp: FileStamp) => {
    asked.push(path);
    assert.ok(stamp.size > 0 && stamp.mtimeMs > 0 && stamp.ino > 0);
    return path === 'src/blob.js';
  };
}

describe('walkRepository trustStat', () => {
  it('lists a trusted file without sniffing it and hands its stamp on', async () => {
    const root = repo(FILES);
    const plain = await walkRepository(root, { useGit: false, gitInfo: false });
    assert.deepEqual(plain.files.map((f) => f.path), ['src/app.js']);
    const asked: string[] = [];
    const trusted = await walkRepository(root, { useGit: false, gitInfo: false, trustStat: trustBlob(asked) });
    assert.deepEqual(trusted.files.map((f) => f.path), ['src/app.js', 'src/blob.js']);
    assert.deepEqual(asked, ['src/app.js', 'src/blob.js']);
    assert.equal(trusted.files[0].stamp, undefined, 'an untrusted file carries no stamp');
    assert.equal(trusted.files[1].stamp?.size, 4);
  });

  it('accepts the trust as a promise, awaited after listing', async () => {
    const root = repo(FILES);
    const asked: string[] = [];
    let resolve: (trust: TrustStat) => void = () => undefined;
    const later = new Promise<TrustStat>((r) => (resolve = r));
    setTimeout(() => resolve(trustBlob(asked)), 20);
    const result = await walkRepository(root, { useGit: false, gitInfo: false, trustStat: later });
    assert.deepEqual(result.files.map((f) => f.path), ['src/app.js', 'src/blob.js']);
    const none = await walkRepository(root, { useGit: false, gitInfo: false, trustStat: Promise.resolve(undefined) });
    assert.deepEqual(none.files.map((f) => f.path), ['src/app.js']);
  });

  it('in a git work tree, lists through git with the trust and still records the commit', { skip: !hasGit() }, async () => {
    const root = repo(FILES);
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'init');
    const asked: string[] = [];
    const result = await walkRepository(root, { trustStat: Promise.resolve(trustBlob(asked)) });
    assert.equal(result.stats.mode, 'git');
    assert.deepEqual(result.files.map((f) => f.path), ['src/app.js', 'src/blob.js']);
    assert.match(result.git?.commit ?? '', /^[0-9a-f]{40}$/);
    assert.equal(result.git?.branch, 'main');
  });

  it('outside a work tree, the git runs started with the probe are dropped', async () => {
    const root = repo(FILES);
    const result = await walkRepository(root, { trustStat: Promise.resolve(trustBlob([])) });
    // A temp folder is no work tree: the listing comes from the file system and there is no commit.
    assert.equal(result.git, undefined);
    assert.equal(result.stats.mode, 'filesystem');
    assert.deepEqual(result.files.map((f) => f.path), ['src/app.js', 'src/blob.js']);
  });
});

describe('readGitInfo (commit and branch from one git run)', { skip: !hasGit() && 'git is not installed' }, () => {
  const env = gitTestEnv();
  it('names the branch as symbolic-ref --short does, none when detached, nothing before the first commit', async () => {
    const { dir, commit } = makeGitRepo(join(temp, `g${counter++}`), { 'a.js': 'x', HEAD: 'a file named like the ref' });
    assert.deepEqual(await readGitInfo(dir, env, false), { commit, branch: 'main' });
    git(dir, 'tag', 'main');
    assert.equal((await readGitInfo(dir, env, false))?.branch, git(dir, 'symbolic-ref', '--short', 'HEAD'), 'a tag of the same name: git\'s unambiguous form');
    git(dir, 'checkout', '-q', '--detach', 'HEAD');
    assert.deepEqual(await readGitInfo(dir, env, false), { commit });
    const unborn = join(temp, `g${counter++}`);
    mkdirSync(unborn);
    git(unborn, 'init', '-q');
    assert.equal(await readGitInfo(unborn, env, false), undefined);
  });
});
