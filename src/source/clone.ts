import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../util/errors.js';
import { firstGitError, GitNotInstalledError, runGit } from '../walk/git-exec.js';
import type { GitRunResult } from '../walk/git-exec.js';
import { redactCredentials, redactUrl } from './redact.js';

export interface CloneOptions {
  url: string;
  ref?: string;
  env?: NodeJS.ProcessEnv;
  /** Per git command (default 10 minutes). */
  timeoutMs?: number;
}

/** Leftover temporary clones older than this are removed (a killed run leaves one behind). */
const STALE_TEMP_MS = 60 * 60 * 1000;

/** A full commit id: `--branch` cannot take one, so it is fetched by id instead. */
function isCommitId(ref: string): boolean {
  return /^[0-9a-f]{40}$|^[0-9a-f]{64}$/i.test(ref);
}

async function git(args: string[], cwd: string, options: CloneOptions, what: string): Promise<GitRunResult> {
  let result: GitRunResult;
  try {
    result = await runGit(args, { cwd, env: options.env, timeoutMs: options.timeoutMs ?? 10 * 60_000 });
  } catch (error) {
    if (error instanceof GitNotInstalledError) throw new InputError(redactUrl(options.url), 'git is not installed');
    throw error;
  }
  if (result.code !== 0) {
    const why = result.timedOut ? `timed out after ${Math.round((options.timeoutMs ?? 600_000) / 1000)} s` : firstGitError(result.stderr);
    throw new InputError(redactUrl(options.url), redactCredentials(`${what} failed: ${why}`));
  }
  return result;
}

/**
 * Shallow clone into `target` (which must not exist). The remote URL stored in the clone has its
 * credentials removed, so a token given in the URL is not left on disk.
 */
export async function shallowClone(target: string, cwd: string, options: CloneOptions): Promise<void> {
  const { url, ref } = options;
  if (ref && isCommitId(ref)) {
    await git(['init', '-q', '--template=', target], cwd, options, 'git init');
    await git(['fetch', '-q', '--depth', '1', '--no-tags', '--', url, ref], target, options, 'git clone');
    await git(['checkout', '-q', '--detach', 'FETCH_HEAD'], target, options, 'git checkout');
    await git(['remote', 'add', 'origin', redactUrl(url)], target, options, 'git remote');
    return;
  }
  const branch = ref ? ['--branch', ref] : [];
  await git(
    ['clone', '-q', '--depth', '1', '--no-tags', '--single-branch', '--template=', '--no-recurse-submodules', ...branch, '--', url, target],
    cwd,
    options,
    'git clone',
  );
  await git(['remote', 'set-url', 'origin', redactUrl(url)], target, options, 'git remote');
}

async function isGitWorkTree(dir: string): Promise<boolean> {
  try {
    return (await stat(join(dir, '.git'))).isDirectory();
  } catch {
    return false;
  }
}

function tempName(dir: string, key: string): string {
  return join(dir, `.tmp-${key}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

async function sweepStaleTemps(cacheRoot: string): Promise<void> {
  const names = await readdir(cacheRoot).catch(() => [] as string[]);
  const now = Date.now();
  for (const name of names) {
    if (!name.startsWith('.tmp-') && !name.startsWith('.old-')) continue;
    const path = join(cacheRoot, name);
    const info = await stat(path).catch(() => null);
    if (info && now - info.mtimeMs > STALE_TEMP_MS) await rm(path, { recursive: true, force: true });
  }
}

/** Moves a directory out of the way and deletes it, so its name is free at once. */
async function discard(cacheRoot: string, key: string, dir: string): Promise<void> {
  const trash = join(cacheRoot, `.old-${key}-${process.pid}-${randomBytes(4).toString('hex')}`);
  await rename(dir, trash).catch(() => undefined);
  await rm(trash, { recursive: true, force: true });
}

/**
 * Brings the cached clone `<cacheRoot>/<key>` up to date and returns its path. A new clone is
 * made in a temporary directory and renamed into place, so an interrupted clone never looks
 * like a cache entry. An existing entry is updated with a shallow fetch and a hard reset; when
 * the fetch fails (network, auth) the error is reported and the entry is kept; when the entry is
 * broken (reset fails) it is replaced by a fresh clone.
 */
export async function cloneIntoCache(cacheRoot: string, key: string, options: CloneOptions): Promise<string> {
  await mkdir(cacheRoot, { recursive: true, mode: 0o700 });
  await sweepStaleTemps(cacheRoot);
  const final = join(cacheRoot, key);
  if (await isGitWorkTree(final)) {
    await git(['fetch', '-q', '--depth', '1', '--no-tags', '--', options.url, options.ref ?? 'HEAD'], final, options, 'git fetch');
    try {
      await git(['reset', '-q', '--hard', 'FETCH_HEAD'], final, options, 'git reset');
      await git(['clean', '-q', '-ffdx'], final, options, 'git clean');
      return final;
    } catch {
      await discard(cacheRoot, key, final);
    }
  } else if (await stat(final).then(() => true, () => false)) {
    await discard(cacheRoot, key, final);
  }
  const temp = tempName(cacheRoot, key);
  try {
    await shallowClone(temp, cacheRoot, options);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  try {
    await rename(temp, final);
  } catch (error) {
    // Another run finished the same clone first: use theirs.
    await rm(temp, { recursive: true, force: true });
    if (!(await isGitWorkTree(final))) throw error;
  }
  return final;
}
