// Installing the pre-commit hook into a git repository. Honours core.hooksPath and linked
// worktrees (git itself says where hooks live), replaces only a hook we wrote, and with --force
// keeps a foreign hook as `pre-commit.local`, which our hook runs first.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { HOOK_MARKER, preCommitHook } from './hook-script.js';

export interface InstallOptions {
  /** A folder inside the repository. */
  repo: string;
  force?: boolean;
  /** Command that starts threatcode; the hook appends `validate --staged`. */
  runner: readonly string[];
  env?: NodeJS.ProcessEnv;
}

export interface InstallResult {
  hookPath: string;
  /** An existing foreign hook was kept as `pre-commit.local`. */
  chained: boolean;
  /** A hook we had written before was replaced. */
  replaced: boolean;
}

export class HookConflictError extends Error {
  override name = 'HookConflictError';
}

function git(args: string[], cwd: string, env: NodeJS.ProcessEnv): string {
  return execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** The hooks folder git will use for this repository. */
export function hooksDirectory(repo: string, env: NodeJS.ProcessEnv = process.env): string {
  let commonDir: string;
  try {
    commonDir = git(['rev-parse', '--git-common-dir'], repo, env);
  } catch {
    throw new Error(`${repo} is not inside a git repository`);
  }
  let configured = '';
  try {
    configured = git(['config', '--get', 'core.hooksPath'], repo, env);
  } catch {
    configured = ''; // not set (git exits 1)
  }
  if (configured !== '') {
    if (configured.startsWith('~/')) configured = join(env.HOME ?? '', configured.slice(2));
    // Relative hook paths are taken from the top of the working tree (where hooks run).
    return isAbsolute(configured) ? configured : resolve(git(['rev-parse', '--show-toplevel'], repo, env), configured);
  }
  return resolve(repo, commonDir, 'hooks');
}

export function installPreCommitHook(options: InstallOptions): InstallResult {
  const env = options.env ?? process.env;
  const dir = hooksDirectory(options.repo, env);
  const hookPath = join(dir, 'pre-commit');
  const localPath = join(dir, 'pre-commit.local');
  mkdirSync(dir, { recursive: true });
  let chained = false;
  let replaced = false;
  if (existsSync(hookPath)) {
    if (readFileSync(hookPath, 'utf8').includes(HOOK_MARKER)) {
      replaced = true;
    } else if (!options.force) {
      throw new HookConflictError(`${hookPath} already exists and was not written by threatcode; use --force to keep it as pre-commit.local and run it first`);
    } else if (existsSync(localPath)) {
      throw new HookConflictError(`${localPath} already exists; merge the two hooks by hand, then reinstall`);
    } else {
      renameSync(hookPath, localPath);
      chained = true;
    }
  }
  writeFileSync(hookPath, preCommitHook(options.runner), { mode: 0o755 });
  chmodSync(hookPath, 0o755);
  return { hookPath, chained, replaced };
}
