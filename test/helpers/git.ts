// Deterministic local git repositories for tests (never the network). Commits use a fixed author,
// committer and date, and no user or system git config, so the same files give the same commit id
// on every machine.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const FIXED_DATE = '2024-01-02T03:04:05Z';

/** Environment for test git commands: fixed identity and date, no global/system config. */
export function gitTestEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('GIT_')) delete env[key];
  return {
    ...env,
    GIT_AUTHOR_NAME: 'Test Author',
    GIT_AUTHOR_EMAIL: 'author@example.com',
    GIT_AUTHOR_DATE: FIXED_DATE,
    GIT_COMMITTER_NAME: 'Test Committer',
    GIT_COMMITTER_EMAIL: 'committer@example.com',
    GIT_COMMITTER_DATE: FIXED_DATE,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
  };
}

/** Whether a git binary is available (tests that need it are skipped otherwise). */
export function hasGit(): boolean {
  return spawnSync('git', ['--version'], { stdio: 'ignore' }).status === 0;
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    env: gitTestEnv(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** Writes files (creating folders) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

/** Adds everything and commits; returns the commit id. */
export function commitAll(dir: string, message = 'commit'): string {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

/** A work tree at `dir` (created) with `files` committed on branch `main`. */
export function makeGitRepo(dir: string, files: Record<string, string>, message = 'initial'): { dir: string; commit: string } {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  writeFiles(dir, files);
  return { dir, commit: commitAll(dir, message) };
}

/**
 * A bare repository `<parent>/<name>.git` holding `files` in one commit (made in the work tree
 * `<parent>/<name>-work`, which stays for further commits: push them with `pushTo`).
 */
export function makeBareRepo(
  parent: string,
  files: Record<string, string>,
  name = 'origin',
): { bare: string; work: string; commit: string } {
  const work = join(parent, `${name}-work`);
  const { commit } = makeGitRepo(work, files);
  const bare = join(parent, `${name}.git`);
  git(parent, 'clone', '-q', '--bare', work, bare);
  return { bare, work, commit };
}

/** Commits more files in the work tree and pushes them to the bare repository. */
export function pushTo(work: string, bare: string, files: Record<string, string>, message = 'update'): string {
  writeFiles(work, files);
  const commit = commitAll(work, message);
  git(work, 'push', '-q', bare, 'HEAD:main');
  return commit;
}
