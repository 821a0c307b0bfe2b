// Reading repository files that patch operations cite: never outside the root (no `..`, no
// symbolic link that leads out), bounded in size. I/O at the edge; the patch itself stays pure.
import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** True when `path` (absolute) lies inside `root` (absolute), after resolving links. */
export async function insideRoot(root: string, path: string): Promise<boolean> {
  const [realRoot, realPath] = await Promise.all([realpath(root), realpath(path)]).catch(() => [undefined, undefined]);
  if (!realRoot || !realPath) return false;
  const rel = relative(realRoot, realPath);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** Content of a repository-relative file, or undefined when absent, outside the root, or too big. */
export async function readRepoFile(root: string, file: string): Promise<string | undefined> {
  if (isAbsolute(file) || file.split('/').includes('..')) return undefined;
  const path = resolve(root, file);
  if (!(await insideRoot(root, path))) return undefined;
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile() || info.size > MAX_FILE_BYTES) return undefined;
  return readFile(path, 'utf8').catch(() => undefined);
}

export async function readRepoFiles(root: string, files: readonly string[]): Promise<Map<string, string | undefined>> {
  const out = new Map<string, string | undefined>();
  for (const file of files) out.set(file, await readRepoFile(root, file));
  return out;
}
