// Modelling a commit without touching the user's work tree: a detached `git worktree` in a temp
// directory, removed afterwards. All git calls go through runGit (no hooks, no prompts, no
// redirecting environment); checkout additionally gets every configured filter driver switched
// off, so nothing from the repository's or the user's config runs while files are written.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../util/errors.js';
import { firstGitError, GitNotInstalledError, runGit } from '../walk/git-exec.js';
import type { GitRunOptions, GitRunResult } from '../walk/git-exec.js';

export interface RepositoryInfo {
  /** Directory git commands run in (the source itself). */
  cwd: string;
  bare: boolean;
  /** Path of the source inside its repository, `''` at the top, else ending in `/`. */
  prefix: string;
}

export interface Snapshot {
  /** The source folder inside the checked-out commit. */
  root: string;
  commit: string;
  cleanup(): Promise<void>;
}

async function git(args: readonly string[], options: GitRunOptions, what: string, input: string): Promise<GitRunResult> {
  let result: GitRunResult;
  try {
    result = await runGit(args, options);
  } catch (error) {
    if (error instanceof GitNotInstalledError) throw new InputError(input, 'git is not installed');
    throw error;
  }
  if (result.code !== 0) throw new InputError(input, `${what} failed: ${result.timedOut ? 'timed out' : firstGitError(result.stderr)}`);
  return result;
}

const text = (result: GitRunResult): string => result.stdout.toString('utf8').trim();

/** Where the source sits in its repository; an InputError when it is not in one. */
export async function repositoryOf(source: string, env?: NodeJS.ProcessEnv): Promise<RepositoryInfo> {
  const options: GitRunOptions = { cwd: source, env, timeoutMs: 30_000 };
  let probe: GitRunResult;
  try {
    probe = await runGit(['rev-parse', '--is-bare-repository'], options);
  } catch (error) {
    if (error instanceof GitNotInstalledError) throw new InputError(source, 'git is not installed');
    throw error;
  }
  if (probe.code !== 0) throw new InputError(source, 'not inside a git repository (diff compares commits)');
  const bare = text(probe) === 'true';
  const prefix = bare ? '' : text(await git(['rev-parse', '--show-prefix'], options, 'git rev-parse', source));
  return { cwd: source, bare, prefix };
}

/** The full commit id a ref names; InputError naming the ref when it does not name one here. */
export async function resolveCommit(repo: RepositoryInfo, ref: string, env?: NodeJS.ProcessEnv): Promise<string> {
  if (ref.trim() === '' || ref.startsWith('-')) throw new InputError(ref || '(empty ref)', 'not a valid git ref');
  const result = await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], { cwd: repo.cwd, env, timeoutMs: 30_000 });
  const sha = text(result);
  if (result.code !== 0 || !/^[0-9a-f]{40,64}$/.test(sha)) {
    throw new InputError(ref, 'is not a commit in this repository (in CI, fetch the history: actions/checkout with fetch-depth: 0)');
  }
  return sha;
}

function splitNul(buffer: Buffer): string[] {
  return buffer
    .toString('utf8')
    .split('\0')
    .filter((s) => s.length > 0);
}

/**
 * Every filter driver any config level defines, switched off for our checkout: a `filter=x`
 * attribute in the checked-out commit would otherwise run `filter.x.smudge`. Keys travel through
 * GIT_CONFIG_KEY_n, so a driver name cannot smuggle options in.
 */
async function filterOverrides(options: GitRunOptions): Promise<[string, string][]> {
  const result = await runGit(['config', '-z', '--get-regexp', '^filter\\.'], options);
  if (result.code !== 0) return [];
  const names = new Set<string>();
  for (const entry of splitNul(result.stdout)) {
    const match = /^filter\.(.+)\.[^.]+$/s.exec(entry.split('\n')[0]);
    if (match) names.add(match[1]);
  }
  return [...names].flatMap((name): [string, string][] => [
    [`filter.${name}.clean`, ''],
    [`filter.${name}.smudge`, ''],
    [`filter.${name}.process`, ''],
    [`filter.${name}.required`, 'false'],
  ]);
}

/**
 * Checks `commit` out into a fresh temp directory as a detached worktree (so the walk sees a git
 * work tree, exactly as for a normal checkout) and returns the source folder inside it. The
 * user's work tree, index and HEAD are untouched; git only records the worktree in its admin
 * folder until `cleanup()` removes it again.
 */
export async function checkoutSnapshot(repo: RepositoryInfo, commit: string, env?: NodeJS.ProcessEnv): Promise<Snapshot> {
  const parent = await mkdtemp(join(tmpdir(), 'threatcode-diff-'));
  const tree = join(parent, 'tree');
  const base: GitRunOptions = { cwd: repo.cwd, env, timeoutMs: 10 * 60_000 };
  const cleanup = async (): Promise<void> => {
    await runGit(['worktree', 'remove', '--force', tree], base).catch(() => undefined);
    await rm(parent, { recursive: true, force: true });
    // Drops the admin entry if `remove` could not (for example when the tree was half made).
    await runGit(['worktree', 'prune'], base).catch(() => undefined);
  };
  try {
    const config = await filterOverrides(base);
    await git(['worktree', 'add', '--detach', '--force', '--quiet', tree, commit], { ...base, config }, 'git worktree add', commit.slice(0, 12));
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { root: repo.prefix ? join(tree, repo.prefix) : tree, commit, cleanup };
}
