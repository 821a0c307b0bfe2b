import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where clones are kept: THREATCODE_CACHE_DIR, else $XDG_CACHE_HOME/threatcode/repos, else
 * ~/.cache/threatcode/repos. An explicit `cacheDir` option wins over all of them.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.THREATCODE_CACHE_DIR) return env.THREATCODE_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'threatcode', 'repos');
}
