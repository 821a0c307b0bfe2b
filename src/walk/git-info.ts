import { realpath } from 'node:fs/promises';
import { redactUrl } from '../source/redact.js';
import { firstGitError, GitNotInstalledError, runGit } from './git-exec.js';
import type { GitRunOptions } from './git-exec.js';
import type { GitInfo } from './types.js';

export type GitProbe =
  | { status: 'work-tree'; toplevel: string }
  | { status: 'not-a-repository' }
  | { status: 'unavailable'; reason: string };

function isInsideOrEqual(parent: string, child: string): boolean {
  if (child === parent) return true;
  const prefix = parent.endsWith('/') ? parent : `${parent}/`;
  return child.startsWith(prefix);
}

/**
 * Whether `root` (a real path) is a git work tree whose listing git can give us. A root inside
 * a bigger work tree counts when that tree does not ignore it: scanning one package of a
 * monorepo is git-aware, while a plain folder under a home directory kept in git (with `*` in
 * its .gitignore) is walked on the file system instead of coming back empty.
 */
export async function probeGit(root: string, env?: NodeJS.ProcessEnv): Promise<GitProbe> {
  const opts: GitRunOptions = { cwd: root, env, timeoutMs: 30_000 };
  let result;
  try {
    result = await runGit(['rev-parse', '--is-inside-work-tree', '--show-toplevel'], opts);
  } catch (error) {
    if (error instanceof GitNotInstalledError) return { status: 'unavailable', reason: 'git is not installed' };
    throw error;
  }
  if (result.code !== 0) {
    if (/not a git repository/i.test(result.stderr)) return { status: 'not-a-repository' };
    if (/dubious ownership/i.test(result.stderr)) {
      // git's own message names the absolute path, which would make diagnostics machine-specific.
      return { status: 'unavailable', reason: "git refuses a repository owned by another user (see git's safe.directory)" };
    }
    return { status: 'unavailable', reason: result.timedOut ? 'git timed out' : firstGitError(result.stderr) };
  }
  const [inside, toplevelRaw] = result.stdout.toString('utf8').split('\n');
  if (inside !== 'true' || !toplevelRaw) return { status: 'not-a-repository' };
  const toplevel = await realpath(toplevelRaw).catch(() => toplevelRaw);
  if (!isInsideOrEqual(toplevel, root)) return { status: 'not-a-repository' };
  if (toplevel !== root) {
    const ignored = await runGit(['check-ignore', '-q', '.'], opts);
    if (ignored.code === 0) return { status: 'not-a-repository' };
  }
  return { status: 'work-tree', toplevel };
}

function splitNul(buffer: Buffer): string[] {
  return buffer
    .toString('utf8')
    .split('\0')
    .filter((s) => s.length > 0);
}

/**
 * Tracked plus untracked-but-not-ignored paths under `root`, relative to it (git lists only the
 * current directory's subtree, relative to it). Nested repositories come back as `dir/`.
 */
export async function gitListFiles(root: string, env?: NodeJS.ProcessEnv): Promise<string[] | { error: string }> {
  const result = await runGit(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, env, timeoutMs: 120_000 });
  if (result.code !== 0) return { error: result.timedOut ? 'git ls-files timed out' : firstGitError(result.stderr) };
  return [...new Set(splitNul(result.stdout))];
}

/** Number of ignored entries (an ignored directory counts once). */
export async function gitIgnoredCount(root: string, env?: NodeJS.ProcessEnv): Promise<number> {
  const result = await runGit(
    ['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory', '--no-empty-directory'],
    { cwd: root, env, timeoutMs: 120_000 },
  );
  return result.code === 0 ? splitNul(result.stdout).length : 0;
}

/**
 * Filter drivers configured for the repository, neutralised for `git status`: a racily-clean
 * file is re-hashed through its clean filter, which would run a command from the repository's
 * config. Keys go through GIT_CONFIG_KEY_n so odd driver names cannot inject options.
 */
async function filterOverrides(opts: GitRunOptions): Promise<[string, string][]> {
  const result = await runGit(['config', '-z', '--get-regexp', '^filter\\.'], opts);
  if (result.code !== 0) return [];
  const names = new Set<string>();
  for (const entry of splitNul(result.stdout)) {
    const key = entry.split('\n')[0];
    const match = /^filter\.(.+)\.[^.]+$/s.exec(key);
    if (match) names.add(match[1]);
  }
  return [...names].flatMap((name): [string, string][] => [
    [`filter.${name}.clean`, ''],
    [`filter.${name}.smudge`, ''],
    [`filter.${name}.process`, ''],
    [`filter.${name}.required`, 'false'],
  ]);
}

async function readRemote(opts: GitRunOptions): Promise<string | undefined> {
  const result = await runGit(['config', '-z', '--get-regexp', '^remote\\..*\\.url$'], opts);
  if (result.code !== 0) return undefined;
  const remotes = splitNul(result.stdout)
    .map((entry) => {
      const newline = entry.indexOf('\n');
      return { key: entry.slice(0, newline), url: entry.slice(newline + 1) };
    })
    .filter((r) => r.url.length > 0)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const chosen = remotes.find((r) => r.key === 'remote.origin.url') ?? remotes[0];
  return chosen ? redactUrl(chosen.url) : undefined;
}

/**
 * Commit, branch, remote and (unless `withStatus` is false) dirty state; undefined when HEAD has
 * no commit yet.
 */
export async function readGitInfo(root: string, env?: NodeJS.ProcessEnv, withStatus = true): Promise<GitInfo | undefined> {
  const opts: GitRunOptions = { cwd: root, env, timeoutMs: 60_000 };
  const [head, remote, overrides] = await Promise.all([
    // Commit and branch in one git run (each start of git costs a fork of this process): the
    // commit HEAD names, then HEAD's short branch name as `symbolic-ref --short` gives it (`loose`
    // is its way of shortening), or `HEAD` when detached. `--`: both are revisions, never paths.
    runGit(['rev-parse', 'HEAD^{commit}', '--abbrev-ref=loose', 'HEAD', '--'], opts),
    readRemote(opts),
    withStatus ? filterOverrides(opts) : Promise.resolve([]),
  ]);
  const [sha, branchName] = head.stdout.toString('utf8').split('\n');
  // No commit yet (unborn branch) or no HEAD at all: no GitInfo, as before.
  if (head.code !== 0 || !/^[0-9a-f]{40,64}$/.test(sha)) return undefined;
  const info: GitInfo = { commit: sha };
  if (withStatus) {
    const status = await runGit(
      ['--no-optional-locks', 'status', '--porcelain', '-z', '--untracked-files=normal', '--ignore-submodules=all'],
      { ...opts, config: overrides },
    );
    info.dirty = status.code !== 0 || status.stdout.length > 0;
  }
  if (branchName && branchName !== 'HEAD') info.branch = branchName;
  if (remote) info.remote = remote;
  return info;
}
