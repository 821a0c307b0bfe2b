import { readdir } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { classifyDirectory } from './classify.js';
import { matcherTest } from './ignore-rules.js';
import type { GitignoreStack } from './ignore-rules.js';
import { comparePaths, joinPath, readSmallTextFileSync } from './paths.js';
import type { Candidate, WalkState } from './state.js';

const MAX_IGNORE_FILE_BYTES = 1024 * 1024;

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
  const pending: string[] = [''];
  let entriesSeen = 0;
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    const absolute = dir === '' ? state.root : joinPath(state.root, dir);
    let entries: Dirent[];
    try {
      entries = await readdir(absolute, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      state.skip({ code: 'skipped-unreadable', level: 'warning', message: `directory could not be listed (${code})` }, dir || '.');
      continue;
    }
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
  }
  return candidates;
}
