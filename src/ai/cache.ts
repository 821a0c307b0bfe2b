// Answers of the provider, keyed by the SHA-256 of everything that decides them: the pass, the
// provider kind, the model, the prompt version, and the full request text (component facts and
// code excerpts). An unchanged component therefore costs nothing on the next run. Files live in
// `<threatcode cache>/ai/` (see defaultAiCacheDir), written atomically, checksummed (a damaged file
// is a miss), readable only by the user. Raw answers are stored, so better validation applies to
// cached answers too.
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CorruptCacheFile, encode, readCacheFile, writeCacheFile } from '../cache/store.js';
import type { ChatRequest, Usage } from './types.js';

export interface CachedAnswer {
  json: unknown;
  usage?: Usage;
}

/** THREATCODE_CACHE_DIR/ai, else $XDG_CACHE_HOME/threatcode/ai, else ~/.cache/threatcode/ai. */
export function defaultAiCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.THREATCODE_CACHE_DIR) return join(env.THREATCODE_CACHE_DIR, 'ai');
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'threatcode', 'ai');
}

export function cacheKey(pass: 'author' | 'review', provider: string, model: string, promptVersion: string, request: ChatRequest): string {
  return createHash('sha256').update(JSON.stringify({ pass, provider, model, promptVersion, system: request.system, user: request.user, schema: request.schema, max: request.maxOutputTokens })).digest('hex');
}

export class AiCache {
  constructor(readonly dir: string) {}

  private path(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.bin`);
  }

  async get(key: string): Promise<CachedAnswer | undefined> {
    try {
      const value = (await readCacheFile(this.path(key))) as CachedAnswer | undefined;
      return value && typeof value === 'object' && 'json' in value ? value : undefined;
    } catch (error) {
      if (error instanceof CorruptCacheFile) return undefined;
      throw error;
    }
  }

  async set(key: string, answer: CachedAnswer): Promise<void> {
    // A cache that cannot be written only costs money next time; it never fails the run.
    await writeCacheFile(this.path(key), encode(answer)).catch(() => undefined);
  }
}
