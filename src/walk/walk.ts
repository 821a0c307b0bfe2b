import { realpath, stat } from 'node:fs/promises';
import { InputError } from '../util/errors.js';
import { examine } from './examine.js';
import { gitIgnoredCount, gitListFiles, probeGit, readGitInfo } from './git-info.js';
import type { GitProbe } from './git-info.js';
import { createMatcher, GitignoreStack } from './ignore-rules.js';
import { resolveLimits } from './limits.js';
import { listFileSystem } from './list-fs.js';
import { filterGitListing } from './list-git.js';
import { comparePaths, formatBytes, joinPath, readSmallTextFileSync } from './paths.js';
import { WalkState } from './state.js';
import type { Candidate } from './state.js';
import type { Diagnostic, GitInfo, WalkedFile, WalkOptions, WalkResult } from './types.js';

const MAX_IGNORE_FILE_BYTES = 1024 * 1024;
/** Candidates examined between two yields to the event loop. */
const BATCH = 2048;

async function realRoot(root: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(root);
  } catch (error) {
    throw new InputError(root, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  if (!(await stat(real)).isDirectory()) throw new InputError(root, 'not a directory');
  return real;
}

/** A promise that never rejects (so one left unused is never an unhandled rejection). */
function settle<T>(promise: Promise<T>): Promise<{ value: T } | { error: string }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
  );
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return comparePaths(a.file ?? '', b.file ?? '') || comparePaths(a.code, b.code) || comparePaths(a.message, b.message);
}

/** Examines candidates in sorted order, applying the file and byte limits to that order. */
async function examineAll(state: WalkState, candidates: Candidate[], filter?: (path: string) => boolean): Promise<WalkedFile[]> {
  candidates.sort((a, b) => comparePaths(a.path, b.path));
  const files: WalkedFile[] = [];
  const { maxFiles, maxTotalBytes } = state.limits;
  for (let start = 0; start < candidates.length; start += BATCH) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    for (const candidate of candidates.slice(start, start + BATCH)) {
      if (filter && !filter(candidate.path)) {
        state.stats.filtered++;
        continue;
      }
      const outcome = examine(state, candidate);
      if (outcome.kind === 'missing') {
        if (candidate.path.includes('\uFFFD')) {
          // Node decodes names as UTF-8; a name that is not cannot be opened by its decoded form.
          state.skip({ code: 'skipped-unreadable', level: 'warning', message: 'file name is not valid UTF-8' }, candidate.path);
          continue;
        }
        // Listed by git but gone from the work tree (deleted, sparse checkout): nothing to say.
        state.count('skipped-missing');
        continue;
      }
      if (outcome.kind === 'skip') {
        state.skip(outcome.decision, candidate.path);
        continue;
      }
      if (files.length >= maxFiles) {
        state.truncate('limit-files', `stopped after ${maxFiles} files (file limit); ${candidate.path} and later files were not listed`);
        return files;
      }
      if (state.stats.bytes + outcome.size > maxTotalBytes) {
        state.truncate(
          'limit-bytes',
          `stopped at ${formatBytes(state.stats.bytes)} (limit ${formatBytes(maxTotalBytes)}); ${candidate.path} and later files were not listed`,
        );
        return files;
      }
      files.push(outcome.stamp ? { path: candidate.path, size: outcome.size, stamp: outcome.stamp } : { path: candidate.path, size: outcome.size });
      state.stats.files++;
      state.stats.bytes += outcome.size;
    }
  }
  return files;
}

/**
 * Lists the files of a repository that are worth modelling (DESIGN §2 walk). Git-aware when the
 * root is a git work tree (`git ls-files`), otherwise a file-system walk that reads .gitignore
 * files itself; then our own skips (vendored, generated, minified, binary, too big, symlinks out
 * of the root, special files) with one diagnostic each. Output is sorted and deterministic.
 */
export async function walkRepository(root: string, options: WalkOptions = {}): Promise<WalkResult> {
  const real = await realRoot(root);
  const limits = resolveLimits(options);
  const threatcodeIgnore = readSmallTextFileSync(joinPath(real, '.threatcodeignore'), MAX_IGNORE_FILE_BYTES);
  const userPatterns = [...(threatcodeIgnore?.split(/\r?\n/) ?? []), ...(options.extraIgnores ?? [])].filter(
    (line) => line.trim() !== '' && !line.startsWith('#'),
  );
  const userIgnore = userPatterns.length > 0 ? createMatcher(userPatterns) : null;

  const wantGit = options.useGit !== false || options.gitInfo !== false;
  const probing = wantGit ? probeGit(real, options.env) : undefined;
  // Started with the probe, not after it, and used only when it finds a work tree: the three git
  // runs overlap, and each start (a fork of this process) is cheapest before the caller's heap
  // grows. Elsewhere they fail quickly and are dropped; errors are kept for the same messages.
  const listing = probing && options.useGit !== false ? settle(gitListFiles(real, options.env)) : undefined;
  const gitInfo = probing && options.gitInfo !== false ? settle(readGitInfo(real, options.env, options.gitStatus !== false)) : undefined;
  const probe: GitProbe = probing ? await probing : { status: 'not-a-repository' };
  const gitDiagnostics: Diagnostic[] = [];
  const hasDotGit = await stat(joinPath(real, '.git')).then(
    () => true,
    () => false,
  );
  if (probe.status === 'unavailable' && hasDotGit) {
    gitDiagnostics.push({
      level: 'info',
      code: 'git-unavailable',
      message: `git could not be used (${probe.reason}); files listed from the file system with .gitignore rules, no commit recorded`,
    });
  }

  const isWorkTree = probe.status === 'work-tree';
  const gitInfoPromise: Promise<GitInfo | undefined> = isWorkTree && gitInfo ? gitInfo.then((r) => ('value' in r ? r.value : undefined)) : Promise.resolve(undefined);
  let listed: string[] | undefined;
  let ignoredByGit = 0;
  if (isWorkTree && listing) {
    const [listingResult, ignoredCount] = await Promise.all([
      listing.then((r) => ('value' in r ? r.value : { error: r.error })),
      options.countGitIgnored === false ? 0 : gitIgnoredCount(real, options.env).catch(() => 0),
    ]);
    if (Array.isArray(listingResult)) {
      listed = listingResult;
      ignoredByGit = ignoredCount;
    } else {
      gitDiagnostics.push({ level: 'info', code: 'git-unavailable', message: `git ls-files failed (${listingResult.error}); listed from the file system` });
    }
  }

  // Awaited only now: the caller's index loads while git lists the files.
  const state = new WalkState(real, limits, userIgnore, listed ? 'git' : 'filesystem', await options.trustStat, options.retain);
  state.diagnostics.push(...gitDiagnostics);
  let candidates: Candidate[];
  if (listed) {
    state.stats.gitignored = ignoredByGit;
    candidates = filterGitListing(state, listed);
  } else {
    const gitignores = new GitignoreStack();
    const exclude = hasDotGit ? readSmallTextFileSync(joinPath(real, '.git/info/exclude'), MAX_IGNORE_FILE_BYTES) : null;
    if (exclude !== null) gitignores.add('', exclude);
    candidates = await listFileSystem(state, gitignores);
  }
  const files = await examineAll(state, candidates, options.filter);
  const git = await gitInfoPromise.catch(() => undefined);

  const result: WalkResult = {
    root: real,
    files,
    diagnostics: state.diagnostics.sort(compareDiagnostics),
    stats: { ...state.stats, skipped: Object.fromEntries(Object.entries(state.stats.skipped).sort(([a], [b]) => comparePaths(a, b))) },
  };
  if (git) result.git = git;
  return result;
}
