import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The threatcode cache folder: THREATCODE_CACHE_DIR when set, else $XDG_CACHE_HOME/threatcode,
 * else ~/.cache/threatcode. Facts live in its `facts/` subfolder; everything there can be deleted
 * at any time (it is rebuilt on the next run).
 */
export function defaultFactCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.THREATCODE_CACHE_DIR) return join(env.THREATCODE_CACHE_DIR, 'facts');
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'threatcode', 'facts');
}
