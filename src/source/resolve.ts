import { mkdtemp, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve as resolvePath } from 'node:path';
import { InputError } from '../util/errors.js';
import { defaultCacheDir } from './cache.js';
import { cloneIntoCache, shallowClone } from './clone.js';
import { redactUrl } from './redact.js';
import { cacheKey, gitUrlOf, hasUrlScheme, repositoryName } from './url.js';

export interface ResolveOptions {
  /** Where clones are cached (default: see defaultCacheDir). */
  cacheDir?: string;
  /** Branch, tag or full commit id to check out (git sources only). */
  ref?: string;
  /** Clone into a temporary directory removed by `cleanup()` instead of the cache. */
  ephemeral?: boolean;
  /** Per git command (default 10 minutes). */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface ResolvedSource {
  kind: 'directory' | 'git';
  /** Absolute path of the tree to walk. */
  root: string;
  /** Repository or folder name, without `.git`. */
  displayName: string;
  /** The URL cloned from, credentials removed (git sources only). */
  repository?: string;
  /** Present when something must be removed after use (ephemeral clones). */
  cleanup?(): Promise<void>;
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** A bare repository: HEAD and objects/ and refs/, and no work tree (no `.git` inside). */
async function isBareRepository(dir: string): Promise<boolean> {
  const [head, objects, refs, dotGit] = await Promise.all([
    isFile(join(dir, 'HEAD')),
    isDirectory(join(dir, 'objects')),
    isDirectory(join(dir, 'refs')),
    stat(join(dir, '.git')).then(
      () => true,
      () => false,
    ),
  ]);
  return head && objects && refs && !dotGit;
}

async function resolveGit(url: string, displayName: string, options: ResolveOptions): Promise<ResolvedSource> {
  const env = options.env ?? process.env;
  const cloneOptions = { url, ref: options.ref, env, timeoutMs: options.timeoutMs };
  const repository = redactUrl(url);
  if (options.ephemeral) {
    const parent = await mkdtemp(join(tmpdir(), 'threatcode-clone-'));
    const root = join(parent, 'repo');
    try {
      await shallowClone(root, parent, cloneOptions);
    } catch (error) {
      await rm(parent, { recursive: true, force: true });
      throw error;
    }
    return { kind: 'git', root, displayName, repository, cleanup: () => rm(parent, { recursive: true, force: true }) };
  }
  const cacheRoot = resolvePath(options.cacheDir ?? defaultCacheDir(env));
  const root = await cloneIntoCache(cacheRoot, cacheKey(url, options.ref), cloneOptions);
  return { kind: 'git', root, displayName, repository };
}

/**
 * Turns what the user typed into a tree to walk: a local directory is used in place; a git URL
 * (https, ssh, scp-like `git@host:o/r.git`, git://, file://) or a local bare repository is
 * shallow-cloned into the cache (bare paths through file:// so `--depth 1` applies). Errors are
 * InputErrors naming the source with credentials removed.
 */
export async function resolveSource(spec: string, options: ResolveOptions = {}): Promise<ResolvedSource> {
  const trimmed = spec.trim();
  const shown = redactUrl(trimmed) || '(empty source)';
  const url = gitUrlOf(trimmed);
  if (url) return resolveGit(url, repositoryName(url), options);
  if (trimmed.length === 0 || hasUrlScheme(trimmed)) throw new InputError(shown, 'not a directory or git URL');

  const absolute = resolvePath(trimmed);
  if (!(await isDirectory(absolute))) throw new InputError(shown, 'not a directory or git URL');
  const real = await realpath(absolute);
  const name = basename(real).replace(/\.git$/i, '') || basename(real) || 'repository';
  if (await isBareRepository(real)) return resolveGit(`file://${real}`, name, options);
  if (options.ref) throw new InputError(shown, 'a ref can only be given for a git URL or bare repository, not a directory');
  return { kind: 'directory', root: real, displayName: name };
}
