import type { Diagnostic } from '../model/types.js';

export type { Diagnostic };

/** Codes of the diagnostics the walk emits (Diagnostic.code). */
export type WalkDiagnosticCode =
  | 'skipped-binary'
  | 'skipped-size'
  | 'skipped-symlink'
  | 'skipped-generated'
  | 'skipped-vendored'
  | 'skipped-minified'
  | 'skipped-special'
  | 'skipped-vcs'
  | 'skipped-submodule'
  | 'skipped-unreadable'
  | 'skipped-missing'
  | 'invalid-utf8'
  | 'limit-files'
  | 'limit-bytes'
  | 'limit-entries'
  | 'git-unavailable';

/**
 * Whether a file whose lstat now says `stat` was examined by an earlier run and not touched
 * since. Given as a promise, it is awaited only once the listing is done: the caller (the fact
 * cache, decoding its index) works while git lists the files.
 */
export type TrustStat = (path: string, stat: FileStamp) => boolean;

export interface WalkOptions {
  /** Per-file size cap in bytes (default 1 MiB). Lockfiles get `maxLockfileBytes`. */
  maxFileBytes?: number;
  /** Size cap for dependency lockfiles, which are routinely larger than source (default 16 MiB). */
  maxLockfileBytes?: number;
  /** Stop after this many files are listed (default 100,000). */
  maxFiles?: number;
  /** Stop once listed files add up to this many bytes (default 1 GiB). */
  maxTotalBytes?: number;
  /** Stop looking at more than this many directory entries (default 1,000,000). */
  maxEntries?: number;
  /** Extra gitignore-syntax patterns relative to the root (the config's `ignore`). */
  extraIgnores?: readonly string[];
  /** Use `git ls-files` when the root is a git work tree (default true). */
  useGit?: boolean;
  /** Record commit, branch, remote and dirty state (default true). */
  gitInfo?: boolean;
  /**
   * Run `git status` for GitInfo.dirty (default true). It refreshes git's whole index, the
   * slowest git call of a walk: callers that never show `dirty` turn it off (then it is absent).
   */
  gitStatus?: boolean;
  /** Count git-ignored entries into stats.gitignored (default true; a second `git ls-files`). */
  countGitIgnored?: boolean;
  /**
   * Stamps of files the caller examined in an earlier run and still trusts (the fact cache's
   * index). A regular file whose current lstat it accepts is listed with that size without being
   * opened: its content, and so the sniff's verdict, cannot have changed since.
   */
  trustStat?: TrustStat | Promise<TrustStat | undefined>;
  /**
   * Files for which this returns false are left out before any I/O (counted in stats.filtered):
   * pass "does any extractor want this path" to save work on large repositories.
   */
  filter?: (path: string) => boolean;
  /**
   * Bytes of small files for a caller that reads them next (the model build): a file the sniff
   * read whole (up to 8 KiB: most source files) and `wants` accepts is kept in `bytes` by path,
   * saving its reader an open, fstat, read and close. The reader still owns the decoding checks.
   */
  retain?: RetainedFiles;
  /** Environment for git (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface RetainedFiles {
  wants(path: string): boolean;
  bytes: Map<string, Buffer>;
}

/** What an lstat says about a regular file, enough to tell it was not touched. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export interface WalkedFile {
  /** Repository-relative posix path. */
  path: string;
  size: number;
  /** The lstat stamp WalkOptions.trustStat accepted (set only for those files). */
  stamp?: FileStamp;
}

export interface GitInfo {
  commit: string;
  branch?: string;
  /** Remote URL (origin, else the first remote) with credentials removed. */
  remote?: string;
  /** Uncommitted changes or untracked files; absent when WalkOptions.gitStatus is false. */
  dirty?: boolean;
}

export interface WalkStats {
  /** `git` when `git ls-files` listed the files, else `filesystem`. */
  mode: 'git' | 'filesystem';
  files: number;
  bytes: number;
  /** Entries excluded by .gitignore / .git/info/exclude (a directory counts once). */
  gitignored: number;
  /** Entries excluded by .threatcodeignore or WalkOptions.extraIgnores (a directory counts once). */
  ignored: number;
  /** Files left out by WalkOptions.filter. */
  filtered: number;
  /** Skipped entries by diagnostic code (a skipped directory counts once). */
  skipped: Record<string, number>;
  /** A limit stopped the walk early; `files` is a deterministic prefix of the full listing. */
  truncated: boolean;
}

export interface WalkResult {
  /** Absolute real path of the repository root. */
  root: string;
  /** Sorted by path. */
  files: WalkedFile[];
  diagnostics: Diagnostic[];
  git?: GitInfo;
  stats: WalkStats;
}
