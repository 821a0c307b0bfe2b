import { readdir } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { classifyDirectory } from './classify.js';
import { matcherTest } from './ignore-rules.js';
import type { GitignoreStack } from './ignore-rules.js';
import { comparePaths, joinPath, readSmallTextFileSync } from './paths.js';
import type { Candidate, WalkState } from './state.js';

const MAX_IGNORE_FILE_BYTES = 1024 * 1024;
/** Directory listings under way at most, besides the one being taken (libuv runs four at a time). */
const LISTINGS_AHEAD = 32;

function entryType(entry: Dirent): Candidate['type'] | 'directory' {
  if (entry.isDirectory()) return 'directory';
  if (entry.isFile()) return 'file';
  if (entry.isSymbolicLink()) return 'symlink';
  if (entry.isFIFO() || entry.isSocket() || entry.isBlockDevice() || entry.isCharacterDevice()) return 'special';
  return 'unknown';
}

/**
 * Lists the tree without git: depth-first in sorted name order (so a limit cuts at the same
 * place every run), reading each directory's .gitignore before its entries. Directories that are
 * ignored, vendored or generated are not entered; symlinks are returned as candidates and never
 * followed here.
 */
export async function listFileSystem(state: WalkState, gitignores: GitignoreStack): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  const listings = new PrefetchedListings(state.root);
  const pending: string[] = [''];
  listings.start('');
  let entriesSeen = 0;
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    const listed = await listings.take(dir);
    if (!('entries' in listed)) {
      state.skip({ code: 'skipped-unreadable', level: 'warning', message: `directory could not be listed (${listed.code})` }, dir || '.');
      continue;
    }
    const entries = listed.entries;
    const absolute = dir === '' ? state.root : joinPath(state.root, dir);
    entries.sort((a, b) => comparePaths(a.name, b.name));
    const names = new Set(entries.map((e) => e.name));
    const gitignoreEntry = entries.find((e) => e.name === '.gitignore' && e.isFile());
    if (gitignoreEntry) {
      const text = readSmallTextFileSync(joinPath(absolute, '.gitignore'), MAX_IGNORE_FILE_BYTES);
      if (text !== null) gitignores.add(dir, text);
    }
    const subdirectories: string[] = [];
    for (const entry of entries) {
      entriesSeen++;
      if (entriesSeen > state.limits.maxEntries) {
        state.truncate('limit-entries', `stopped listing after ${state.limits.maxEntries} directory entries`);
        return candidates;
      }
      const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
      const type = entryType(entry);
      const isDirectory = type === 'directory';
      if (path === '.git') continue;
      if (gitignores.isIgnored(path, isDirectory)) {
        state.stats.gitignored++;
        continue;
      }
      if (state.userIgnore && matcherTest(state.userIgnore, path, isDirectory).ignored) {
        state.stats.ignored++;
        continue;
      }
      if (type === 'directory') {
        const decision = classifyDirectory(path, (name) => names.has(name));
        if (decision) state.skip(decision, path);
        else subdirectories.push(path);
        continue;
      }
      candidates.push({ path, type });
    }
    for (let i = subdirectories.length - 1; i >= 0; i--) pending.push(subdirectories[i]);
    // The next directories to enter are listed from now on, in the order they will be entered:
    // the listings overlap each other and the rule matching of this thread (the order of the
    // walk, and so every result and limit, stays the same). Bounded, so a directory with
    // thousands of subdirectories does not hold them all listed at once.
    for (let i = pending.length - 1; i >= 0 && i >= pending.length - LISTINGS_AHEAD; i--) listings.start(pending[i]);
  }
  return candidates;
}

type Listing = { entries: Dirent[] } | { code: string };

/**
 * Directory listings started ahead of their turn (libuv's thread pool runs several at once) and
 * taken in the walk's own order. A listing is started once and taken at most once; one never taken
 * (the walk stopped at a limit) settles unobserved, without an unhandled rejection.
 */
export class PrefetchedListings {
  private readonly started = new Map<string, Promise<Listing>>();

  constructor(private readonly root: string) {}

  start(dir: string): void {
    if (this.started.has(dir)) return;
    const absolute = dir === '' ? this.root : joinPath(this.root, dir);
    this.started.set(
      dir,
      readdir(absolute, { withFileTypes: true }).then(
        (entries): Listing => ({ entries }),
        (error: unknown): Listing => ({ code: (error as NodeJS.ErrnoException).code ?? 'error' }),
      ),
    );
  }

  take(dir: string): Promise<Listing> {
    this.start(dir);
    const listing = this.started.get(dir)!;
    this.started.delete(dir);
    return listing;
  }
}
