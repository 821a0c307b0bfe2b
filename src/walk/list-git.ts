import { classifyDirectory } from './classify.js';
import { matcherTest } from './ignore-rules.js';
import { comparePaths, isSafeRelativePath } from './paths.js';
import type { Candidate, WalkState } from './state.js';

/**
 * Turns `git ls-files` output into candidates: git already applied .gitignore, nested
 * .gitignore files and .git/info/exclude; here our own ignores and directory skips are applied,
 * deciding each directory once so a vendored or ignored directory gives one diagnostic (or one
 * count), not one per file.
 */
export function filterGitListing(state: WalkState, listed: string[]): Candidate[] {
  const paths = [...listed].sort(comparePaths);
  if (paths.length > state.limits.maxEntries) {
    paths.length = state.limits.maxEntries;
    state.truncate('limit-entries', `stopped listing after ${state.limits.maxEntries} entries from git`);
  }
  const present = new Set(paths);
  const skippedDirs = new Map<string, boolean>();

  const directorySkipped = (dir: string): boolean => {
    const known = skippedDirs.get(dir);
    if (known !== undefined) return known;
    let skipped = false;
    if (state.userIgnore && matcherTest(state.userIgnore, dir, true).ignored) {
      state.stats.ignored++;
      skipped = true;
    } else {
      const slash = dir.lastIndexOf('/');
      const parent = slash < 0 ? '' : dir.slice(0, slash + 1);
      const decision = classifyDirectory(dir, (name) => present.has(parent + name));
      if (decision) {
        state.skip(decision, dir);
        skipped = true;
      }
    }
    skippedDirs.set(dir, skipped);
    return skipped;
  };

  const candidates: Candidate[] = [];
  for (const entry of paths) {
    const nestedRepository = entry.endsWith('/');
    const path = nestedRepository ? entry.slice(0, -1) : entry;
    if (!isSafeRelativePath(path)) {
      state.skip({ code: 'skipped-unreadable', level: 'warning', message: 'git listed a path that is not a plain relative path' }, path);
      continue;
    }
    let underSkippedDir = false;
    for (let slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      if (directorySkipped(path.slice(0, slash))) {
        underSkippedDir = true;
        break;
      }
    }
    if (underSkippedDir) continue;
    if (nestedRepository) {
      if (!directorySkipped(path)) {
        state.skip({ code: 'skipped-submodule', level: 'info', message: `nested git repository ${path}/ not scanned` }, path);
      }
      continue;
    }
    if (state.userIgnore && matcherTest(state.userIgnore, path, false).ignored) {
      state.stats.ignored++;
      continue;
    }
    candidates.push({ path, type: 'unknown' });
  }
  return candidates;
}
