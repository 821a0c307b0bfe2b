import { mkdir, realpath, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { analyzeDirectory } from '../api/pipeline.js';
import type { AnalyzeOptions } from '../api/pipeline.js';
import type { ThreatModel } from '../model/types.js';
import { InputError } from '../util/errors.js';
import { diffModels } from './delta.js';
import { checkoutSnapshot, repositoryOf, resolveCommit } from './snapshot.js';
import type { ModelDelta } from './types.js';

export interface DiffSourceOptions extends AnalyzeOptions {
  /** A local git work tree (or a folder inside one) or a bare repository. */
  source: string;
  /** The commit the change starts from: a branch, tag, commit id or any rev-parse expression. */
  base: string;
  /** The changed commit; default: the work tree as it is now (HEAD in a bare repository). */
  head?: string;
}

export interface DiffSourceResult {
  base: ThreatModel;
  head: ThreatModel;
  delta: ModelDelta;
}

/** Models the source at one commit, in a temp worktree removed before returning. */
async function modelCommit(options: DiffSourceOptions, repo: Awaited<ReturnType<typeof repositoryOf>>, commit: string, productName: string): Promise<ThreatModel> {
  const snapshot = await checkoutSnapshot(repo, commit, options.env);
  try {
    // A folder that does not exist yet at this commit is an empty product, not an error.
    await mkdir(snapshot.root, { recursive: true });
    // Facts are shared by content; a stat index of a tree deleted right after would be garbage.
    const cache = options.cache ? { ...(options.cache === true ? {} : options.cache), rootIndex: false } : false;
    return await analyzeDirectory(snapshot.root, { ...options, productName, cache });
  } finally {
    await snapshot.cleanup();
  }
}

/**
 * Models `base` and `head` of a local repository and returns both models and their delta. The
 * user's work tree is read (when it is the head) but never changed: commits are checked out into
 * temp worktrees. With `cache`, facts of files equal in both commits are extracted once.
 */
export async function diffSource(options: DiffSourceOptions): Promise<DiffSourceResult> {
  const source = resolve(options.source);
  const isDir = await stat(source).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) throw new InputError(options.source, 'not a directory (diff needs a local git repository)');
  const real = await realpath(source);
  const repo = await repositoryOf(real, options.env);
  const productName = options.productName ?? (basename(real).replace(/\.git$/i, '') || 'product');
  const baseCommit = await resolveCommit(repo, options.base, options.env);
  const headRef = options.head ?? (repo.bare ? 'HEAD' : undefined);
  const headCommit = headRef !== undefined ? await resolveCommit(repo, headRef, options.env) : undefined;

  const base = await modelCommit(options, repo, baseCommit, productName);
  const head = headCommit !== undefined ? await modelCommit(options, repo, headCommit, productName) : await analyzeDirectory(real, { ...options, productName });
  const delta = diffModels(base, head, { base: options.base, head: headRef ?? 'working tree' });
  return { base, head, delta };
}
