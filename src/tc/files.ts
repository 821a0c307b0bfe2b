// Finding `.tc.json` files to validate: every one under a folder, recursively, in a stable order.
// Symbolic links are not followed (a scanned tree must not lead us outside it), and dependency
// and VCS folders are skipped.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

const SKIPPED = new Set(['.git', 'node_modules']);

export const isThreatComposerFile = (name: string): boolean => name.endsWith('.tc.json');

/** Absolute paths of the `*.tc.json` files under `dir`, sorted by their path. */
export async function findThreatComposerFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      const full = join(folder, entry.name);
      if (entry.isDirectory() && !SKIPPED.has(entry.name)) await walk(full);
      else if (entry.isFile() && isThreatComposerFile(entry.name)) found.push(full);
    }
  };
  await walk(dir);
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
