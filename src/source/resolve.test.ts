import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { git, gitTestEnv, hasGit, makeBareRepo, pushTo } from '../../test/helpers/git.js';
import { InputError } from '../util/errors.js';
import { walkRepository } from '../walk/walk.js';
import { resolveSource } from './resolve.js';

const temp = mkdtempSync(join(tmpdir(), 'threatcode-source-'));
after(() => rmSync(temp, { recursive: true, force: true }));
const env = gitTestEnv();
let counter = 0;
const fresh = (name: string): string => {
  const dir = join(temp, `${name}-${counter++}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};

function inputError(pattern: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof InputError, String(error));
    assert.match(error.message, pattern);
    return true;
  };
}

describe('resolveSource: local directories', () => {
  it('uses a directory in place, named after the folder', async () => {
    const dir = fresh('my-service');
    const source = await resolveSource(dir);
    assert.deepEqual(source, { kind: 'directory', root: dir, displayName: 'my-service-' + (counter - 1) });
  });

  it('refuses what is neither a directory nor a git URL', async () => {
    const file = join(fresh('f'), 'file.txt');
    writeFileSync(file, 'x');
    await assert.rejects(resolveSource(file), inputError(/file\.txt: not a directory or git URL/));
    await assert.rejects(resolveSource(join(temp, 'missing')), inputError(/not a directory or git URL/));
    await assert.rejects(resolveSource('ext::sh -c touch% /tmp/pwned'), inputError(/not a directory or git URL/));
    await assert.rejects(resolveSource(''), inputError(/not a directory or git URL/));
  });

  it('refuses a ref for a plain directory', async () => {
    await assert.rejects(resolveSource(fresh('d'), { ref: 'main' }), inputError(/ref can only be given/));
  });
});

describe('resolveSource: git', { skip: !hasGit() && 'git is not installed' }, () => {
  it('shallow-clones a local bare repository through file:// into the cache, then updates it', async () => {
    const parent = fresh('bare');
    const { bare, work } = makeBareRepo(parent, { 'src/server.js': 'v1\n' }, 'shop');
    const second = pushTo(work, bare, { 'src/server.js': 'v2\n' });
    const cacheDir = join(parent, 'cache');
    const source = await resolveSource(bare, { cacheDir, env });
    assert.equal(source.kind, 'git');
    assert.equal(source.displayName, 'shop');
    assert.equal(source.repository, `file://${bare}`);
    assert.ok(source.root.startsWith(`${cacheDir}/shop-`));
    assert.equal(readFileSync(join(source.root, 'src/server.js'), 'utf8'), 'v2\n');
    assert.equal(git(source.root, 'rev-parse', '--is-shallow-repository'), 'true', '--depth 1 applied');
    assert.equal((await walkRepository(source.root, { env })).git?.commit, second);

    const third = pushTo(work, bare, { 'src/server.js': 'v3\n', 'src/new.js': 'n\n' });
    writeFileSync(join(source.root, 'stray.txt'), 'left behind by someone');
    const again = await resolveSource(bare, { cacheDir, env });
    assert.equal(again.root, source.root, 'same cache entry');
    assert.equal(readFileSync(join(again.root, 'src/server.js'), 'utf8'), 'v3\n');
    assert.equal(existsSync(join(again.root, 'stray.txt')), false, 'the cache is reset to the fetched commit');
    const walked = await walkRepository(again.root, { env });
    assert.equal(walked.git?.commit, third);
    assert.equal(walked.git?.dirty, false);
    assert.deepEqual(readdirSync(cacheDir), [again.root.slice(cacheDir.length + 1)], 'no temporary directories left');
  });

  it('clones a file:// URL at a branch, a tag or a full commit id', async () => {
    const parent = fresh('refs');
    const { bare, work, commit: first } = makeBareRepo(parent, { 'a.txt': 'first\n' });
    git(work, 'tag', 'v1');
    git(work, 'push', '-q', bare, 'v1');
    git(work, 'checkout', '-q', '-b', 'feature');
    pushTo(work, bare, { 'a.txt': 'feature\n' });
    git(work, 'push', '-q', bare, 'feature');
    const url = `file://${bare}`;
    const cacheDir = join(parent, 'cache');
    const read = async (ref: string): Promise<string> => readFileSync(join((await resolveSource(url, { cacheDir, ref, env })).root, 'a.txt'), 'utf8');
    assert.equal(await read('feature'), 'feature\n');
    assert.equal(await read('v1'), 'first\n');
    assert.equal(await read(first), 'first\n');
    const byCommit = await resolveSource(url, { cacheDir, ref: first, env });
    assert.equal((await walkRepository(byCommit.root, { env })).git?.commit, first);
  });

  it('clones into a temporary directory removed by cleanup() when asked to be ephemeral', async () => {
    const { bare } = makeBareRepo(fresh('eph'), { 'a.js': 'x' });
    const source = await resolveSource(`file://${bare}`, { ephemeral: true, env });
    assert.ok(existsSync(join(source.root, 'a.js')));
    assert.ok(source.cleanup);
    await source.cleanup();
    assert.equal(existsSync(source.root), false);
  });

  it('reports a failed clone with git\'s first error line and leaves no half cache', async () => {
    const cacheDir = join(fresh('fail'), 'cache');
    await assert.rejects(
      resolveSource(`file://${join(temp, 'no-such-repo.git')}`, { cacheDir, env }),
      inputError(/no-such-repo\.git: git clone failed: .+/),
    );
    assert.deepEqual(readdirSync(cacheDir), []);
  });

  it('never shows credentials from the URL', async () => {
    const cacheDir = join(fresh('creds'), 'cache');
    // Port 1 on loopback refuses at once: a real network error, no traffic leaves the machine.
    const url = 'https://alice:ghp_VerySecretToken@127.0.0.1:1/acme/shop.git';
    await assert.rejects(resolveSource(url, { cacheDir, env, timeoutMs: 20_000 }), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.ok(!error.message.includes('ghp_VerySecretToken') && !error.message.includes('alice'), error.message);
      assert.ok(!error.input.includes('ghp_VerySecretToken'));
      assert.match(error.message, /git clone failed/);
      return true;
    });
  });

  it('says so when git is not installed', async () => {
    await assert.rejects(
      resolveSource('https://github.com/acme/shop.git', { cacheDir: join(fresh('nogit'), 'c'), env: { ...env, PATH: join(temp, 'nothing') } }),
      inputError(/git is not installed/),
    );
  });
});
