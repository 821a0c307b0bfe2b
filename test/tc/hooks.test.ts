import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { command } from '../../src/cli/commands/hooks.js';
import { HookConflictError, installPreCommitHook } from '../../src/tc/hook-install.js';
import { HOOK_MARKER } from '../../src/tc/hook-script.js';
import { tcFixture } from '../../src/tc/fixtures.js';
import { UsageError } from '../../src/util/errors.js';
import { captureIo, git, initRepo, isolatedGitEnv, removeTempDirs, tempDir } from './helpers.js';

after(removeTempDirs);

const env = isolatedGitEnv();
/** Node running the validate command from source: tsx by absolute URL, since hooks run in the
 * temporary repository where `tsx` would not resolve. */
const runner = [process.execPath, '--import', import.meta.resolve('tsx'), fileURLToPath(new URL('./run-validate.ts', import.meta.url))];

const fixture = (name: string): string => tcFixture(`synthetic/${name}`);

function commit(repo: string, message: string): { status: number | null; output: string } {
  const result = spawnSync('git', ['commit', '-q', '-m', message], { cwd: repo, env, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('the hook lets valid and unrelated commits through and blocks an invalid .tc.json', () => {
  const repo = initRepo(env);
  const { hookPath, chained } = installPreCommitHook({ repo, runner, env });
  assert.equal(hookPath, join(repo, '.git', 'hooks', 'pre-commit'));
  assert.equal(chained, false);
  assert.equal(statSync(hookPath).mode & 0o111, 0o111);

  mkdirSync(join(repo, 'models'));
  copyFileSync(fixture('valid-minimal.tc.json'), join(repo, 'models', 'app.tc.json'));
  git(repo, env, 'add', 'models/app.tc.json');
  const valid = commit(repo, 'valid model');
  assert.equal(valid.status, 0, valid.output);
  assert.match(valid.output, /✓ models\/app\.tc\.json/);

  copyFileSync(fixture('bad-status.tc.json'), join(repo, 'models', 'app.tc.json'));
  git(repo, env, 'add', 'models/app.tc.json');
  const invalid = commit(repo, 'broken model');
  assert.notEqual(invalid.status, 0);
  assert.match(invalid.output, /✗ models\/app\.tc\.json/);
  assert.match(invalid.output, /error {2}threats\[0\]\.status: Invalid option: expected one of "threatIdentified"/);
  assert.match(invalid.output, /commit blocked/);
  assert.equal(git(repo, env, 'log', '--format=%s').trim(), 'valid model');

  // The staged content is what counts: unstage the broken file, commit something unrelated.
  git(repo, env, 'reset', '-q', 'models/app.tc.json');
  writeFileSync(join(repo, 'README.md'), 'hello\n');
  git(repo, env, 'add', 'README.md');
  const unrelated = commit(repo, 'readme');
  assert.equal(unrelated.status, 0, unrelated.output);
  assert.equal(unrelated.output, '');
});

test('validates the staged version, not the working tree', () => {
  const repo = initRepo(env);
  installPreCommitHook({ repo, runner, env });
  const file = join(repo, 'x.tc.json');
  copyFileSync(fixture('bad-schema2.tc.json'), file);
  git(repo, env, 'add', 'x.tc.json');
  copyFileSync(fixture('valid-minimal.tc.json'), file); // fixed on disk, not staged
  const blocked = commit(repo, 'staged is broken');
  assert.notEqual(blocked.status, 0);
  assert.match(blocked.output, /schema: Too big: expected number to be <=1/);
  git(repo, env, 'add', 'x.tc.json');
  copyFileSync(fixture('bad-syntax.tc.json'), file); // broken on disk, staged is fine
  assert.equal(commit(repo, 'staged is fine').status, 0);
});

test('a foreign hook is refused without --force and chained with it', () => {
  const repo = initRepo(env);
  const hooks = join(repo, '.git', 'hooks');
  mkdirSync(hooks, { recursive: true });
  writeFileSync(join(hooks, 'pre-commit'), '#!/bin/sh\necho ran >> "$(git rev-parse --git-dir)/local-hook-ran"\n', { mode: 0o755 });
  assert.throws(() => installPreCommitHook({ repo, runner, env }), HookConflictError);
  assert.doesNotMatch(readFileSync(join(hooks, 'pre-commit'), 'utf8'), new RegExp(HOOK_MARKER));

  const result = installPreCommitHook({ repo, runner, env, force: true });
  assert.equal(result.chained, true);
  assert.match(readFileSync(join(hooks, 'pre-commit.local'), 'utf8'), /local-hook-ran/);
  // Reinstalling over our own hook is fine and keeps the chained one.
  assert.deepEqual(installPreCommitHook({ repo, runner, env }), { hookPath: join(hooks, 'pre-commit'), chained: false, replaced: true });

  copyFileSync(fixture('bad-status.tc.json'), join(repo, 'a.tc.json'));
  git(repo, env, 'add', 'a.tc.json');
  assert.notEqual(commit(repo, 'blocked').status, 0);
  assert.ok(existsSync(join(repo, '.git', 'local-hook-ran')), 'the previous hook runs first');
});

test('core.hooksPath is honoured (relative to the top of the working tree)', () => {
  const repo = initRepo(env);
  git(repo, env, 'config', 'core.hooksPath', '.githooks');
  const { hookPath } = installPreCommitHook({ repo: join(repo), runner, env });
  assert.equal(hookPath, join(repo, '.githooks', 'pre-commit'));
  copyFileSync(fixture('bad-tag-long.tc.json'), join(repo, 'a.tc.json'));
  git(repo, env, 'add', 'a.tc.json');
  const blocked = commit(repo, 'blocked');
  assert.notEqual(blocked.status, 0);
  assert.match(blocked.output, /threats\[0\]\.tags\[1\]: Too big/);
});

test('`hooks install` writes a hook that runs this installation with its own node', async () => {
  const repo = initRepo(env);
  const c = captureIo(repo, env);
  assert.equal(await command.run(['install'], c.io), 0);
  const hookPath = join(repo, '.git', 'hooks', 'pre-commit');
  assert.equal(c.out(), `installed pre-commit hook: ${hookPath}\n`);
  const hook = readFileSync(hookPath, 'utf8');
  assert.ok(hook.includes(`'${process.execPath}' '${fileURLToPath(new URL('../../bin/threatcode.js', import.meta.url))}' validate --staged`), hook);

  writeFileSync(hookPath, '#!/bin/sh\nexit 0\n');
  const refused = captureIo(repo, env);
  assert.equal(await command.run(['install', '--repo', repo], refused.io), 1);
  assert.match(refused.err(), /not written by threatcode; use --force/);
  const notRepo = captureIo(repo, env);
  assert.equal(await command.run(['install', '--repo', tempDir('plain')], notRepo.io), 2);
  assert.match(notRepo.err(), /is not inside a git repository/);
  await assert.rejects(command.run(['uninstall'], notRepo.io), UsageError);
  const forced = captureIo(repo, env);
  assert.equal(await command.run(['install', '--force'], forced.io), 0);
  assert.match(forced.out(), /kept as pre-commit\.local/);
});
