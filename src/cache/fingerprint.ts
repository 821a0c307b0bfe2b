import { createHash } from 'node:crypto';
import { lstatSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { VERSION } from '../api/version.js';
import type { Extractor } from '../extract/types.js';

/**
 * Bumped when the layout of cache entries changes, so old entries are simply never looked at.
 */
export const CACHE_FORMAT = 2;

let codeStamp: string | undefined;

/**
 * A stamp of threatcode's own code: size and mtime of every module under src/ (or dist/ when
 * installed). The package version alone is not enough: a developer running from source changes an
 * extractor without bumping the version, and stale facts would then look like a bug in the
 * extractor. Listing ~250 files costs a few milliseconds, once per process.
 */
function threatcodeCodeStamp(): string {
  if (codeStamp !== undefined) return codeStamp;
  const root = fileURLToPath(new URL('..', import.meta.url));
  const hash = createHash('sha256');
  const visit = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name === 'fixtures' || entry.name.endsWith('.fixture') || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.(?:ts|js|mjs|json)$/.test(entry.name) && !/\.test\.(?:ts|js)$/.test(entry.name)) {
        try {
          const stat = lstatSync(path);
          hash.update(`${path.slice(root.length)}\u0000${stat.size}\u0000${stat.mtimeMs}\n`);
        } catch {
          // A file removed while listing: the stamp differs next time, which is harmless.
        }
      }
    }
  };
  visit(root);
  codeStamp = hash.digest('hex');
  return codeStamp;
}

/**
 * What makes cached facts valid: cache format, threatcode version, the extractor set (ids in
 * order) and the stamp of threatcode's code. Any change gives a new fingerprint and so new keys.
 */
export function extractorSetFingerprint(extractors: readonly Extractor[]): string {
  return createHash('sha256')
    .update(`threatcode-facts/${CACHE_FORMAT}\u0000${VERSION}\u0000${extractors.map((e) => e.id).join(',')}\u0000${threatcodeCodeStamp()}`)
    .digest('hex');
}
