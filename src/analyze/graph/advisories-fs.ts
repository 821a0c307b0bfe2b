// Reads a folder of OSV JSON files (`--advisories <dir>`). I/O lives here, at the edge; parsing and
// matching in advisories.ts stay pure. Bounded: file count, file size and folder depth.
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Diagnostic } from '../../model/types.js';
import { InputError } from '../../util/errors.js';
import { parseOsv } from './advisories.js';
import type { OsvAdvisory } from './advisories.js';

const MAX_FILES = 20_000;
const MAX_BYTES = 2 * 1024 * 1024;
const MAX_DEPTH = 6;

export interface LoadedAdvisories {
  advisories: OsvAdvisory[];
  diagnostics: Diagnostic[];
}

async function listJson(root: string, dir: string, depth: number, out: string[], diagnostics: Diagnostic[]): Promise<void> {
  if (depth > MAX_DEPTH || out.length >= MAX_FILES) return;
  const names = (await readdir(dir)).sort();
  for (const name of names) {
    if (out.length >= MAX_FILES) {
      diagnostics.push({ level: 'warning', code: 'advisories-truncated', message: `more than ${MAX_FILES} advisory files under ${root}; the rest are ignored` });
      return;
    }
    const path = join(dir, name);
    const info = await lstat(path);
    if (info.isSymbolicLink()) continue;
    if (info.isDirectory()) await listJson(root, path, depth + 1, out, diagnostics);
    else if (info.isFile() && name.toLowerCase().endsWith('.json')) {
      if (info.size > MAX_BYTES) diagnostics.push({ level: 'warning', code: 'advisory-too-large', message: `skipped: larger than ${MAX_BYTES} bytes`, file: relative(root, path) });
      else out.push(path);
    }
  }
}

/** Every OSV file under `dir` (sorted by path); unreadable or non-OSV files become diagnostics. */
export async function readAdvisoryDir(dir: string): Promise<LoadedAdvisories> {
  const diagnostics: Diagnostic[] = [];
  let info;
  try {
    info = await lstat(dir);
  } catch {
    throw new InputError(dir, 'advisory folder not found');
  }
  if (!info.isDirectory()) throw new InputError(dir, 'not a folder (give a folder of OSV .json files)');
  const files: string[] = [];
  await listJson(dir, dir, 0, files, diagnostics);
  const advisories: OsvAdvisory[] = [];
  for (const file of files) {
    const name = relative(dir, file);
    try {
      advisories.push(parseOsv(await readFile(file, 'utf8'), name));
    } catch (error) {
      diagnostics.push({ level: 'warning', code: 'advisory-unreadable', message: error instanceof Error ? error.message : String(error), file: name });
    }
  }
  return { advisories, diagnostics };
}
