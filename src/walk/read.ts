import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import type { Diagnostic } from '../model/types.js';
import { formatBytes, isInside, isSafeRelativePath, joinPath, READ_FLAGS } from './paths.js';

export interface SourceText {
  content: string;
  /** The bytes were not valid UTF-8; invalid sequences became U+FFFD. */
  invalidUtf8: boolean;
}

const realRoots = new Map<string, string>();

async function realRootOf(root: string): Promise<string> {
  let real = realRoots.get(root);
  if (real === undefined) {
    real = await realpath(root);
    rememberRoot(root, real);
  }
  return real;
}

function realRootOfSync(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) {
    real = realpathSync.native(root);
    rememberRoot(root, real);
  }
  return real;
}

function rememberRoot(root: string, real: string): void {
  if (realRoots.size > 64) realRoots.clear();
  realRoots.set(root, real);
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'error';
}

type Report = (code: string, message: string, level?: Diagnostic['level']) => null;

function reporter(path: string, diagnostics: Diagnostic[] | undefined): Report {
  return (code, message, level = 'warning') => {
    diagnostics?.push({ level, code, message, file: path });
    return null;
  };
}

/** The checks between resolving and reading, shared by both variants: null when the file must not be read. */
function refuseResolved(rootReal: string, real: string, report: Report): null | undefined {
  if (!isInside(rootReal, real)) return report('skipped-symlink', 'resolves to a location outside the repository');
  return undefined;
}

function refuseStat(stat: { isFile(): boolean; size: number }, maxBytes: number, report: Report): null | undefined {
  if (!stat.isFile()) return report('skipped-special', 'not a regular file, never read');
  if (stat.size > maxBytes) return report('skipped-size', `file is ${formatBytes(stat.size)}, over the ${formatBytes(maxBytes)} limit`);
  return undefined;
}

function decode(buffer: Buffer, length: number, maxBytes: number, report: Report): SourceText | null {
  if (length > maxBytes) return report('skipped-size', `file grew past the ${formatBytes(maxBytes)} limit while being read`);
  const bytes = buffer.subarray(0, length);
  const invalidUtf8 = !isUtf8(bytes);
  let content = bytes.toString('utf8');
  if (content.charCodeAt(0) === 0xfeff) content = content.slice(1);
  if (invalidUtf8) report('invalid-utf8', 'not valid UTF-8; invalid bytes were replaced with U+FFFD', 'info');
  return { content, invalidUtf8 };
}

/**
 * Reads one listed file as text. Everything the walk checked is checked again, because the tree
 * may have changed since: the path must stay inside the root after resolving every link, the file
 * must be regular (never a fifo or device: opened non-blocking, checked with fstat) and at most
 * `maxBytes` (checked on the open descriptor, and again by reading one byte past the cap).
 * Returns null when the file must not be read; the reason goes to `diagnostics` when given.
 * Invalid UTF-8 is decoded with replacement characters and noted, never a reason to skip.
 */
export async function readSourceFile(root: string, path: string, maxBytes: number, diagnostics?: Diagnostic[]): Promise<SourceText | null> {
  const report = reporter(path, diagnostics);
  if (!isSafeRelativePath(path)) return report('skipped-unreadable', 'not a plain repository-relative path');
  let rootReal: string;
  let real: string;
  try {
    rootReal = await realRootOf(root);
    real = await realpath(joinPath(rootReal, path));
  } catch (error) {
    return report('skipped-unreadable', `could not be resolved (${errorCode(error)})`);
  }
  const outside = refuseResolved(rootReal, real, report);
  if (outside !== undefined) return outside;
  let handle;
  try {
    handle = await open(real, READ_FLAGS);
  } catch (error) {
    return report('skipped-unreadable', `could not be opened (${errorCode(error)})`);
  }
  try {
    const stat = await handle.stat();
    const refused = refuseStat(stat, maxBytes, report);
    if (refused !== undefined) return refused;
    // One byte past the cap tells a file that grew after fstat from one that is exactly the cap.
    const buffer = Buffer.allocUnsafe(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return decode(buffer, length, maxBytes, report);
  } catch (error) {
    return report('skipped-unreadable', `could not be read (${errorCode(error)})`);
  } finally {
    await handle.close();
  }
}

/**
 * A file's text from bytes the walk already read whole (WalkOptions.retain), with the checks and
 * diagnostics `readSourceFileSync` applies after reading: the size cap, UTF-8, the byte-order mark.
 */
export function sourceTextFromBytes(path: string, bytes: Buffer, maxBytes: number, diagnostics?: Diagnostic[]): SourceText | null {
  const report = reporter(path, diagnostics);
  const refused = refuseStat({ isFile: () => true, size: bytes.length }, maxBytes, report);
  if (refused !== undefined) return refused;
  return decode(bytes, bytes.length, maxBytes, report);
}

/**
 * Real paths of the directories one extract stage has read from, so each directory is resolved
 * once instead of once per file (realpath(3) reads every component's link: ten syscalls a file).
 * Holds for one pass over one tree only: a directory swapped for a symlink after it was resolved
 * goes unseen, as it would between any resolve and open. Files themselves are opened without
 * following a final symlink; a file that is one is resolved on its own.
 */
export type RealDirectories = Map<string, string>;

function resolveSync(rootReal: string, path: string, dirs: RealDirectories | undefined): string {
  if (!dirs) return realpathSync.native(joinPath(rootReal, path));
  const slash = path.lastIndexOf('/');
  const dir = slash < 0 ? '' : path.slice(0, slash);
  let realDir = dirs.get(dir);
  if (realDir === undefined) {
    realDir = dir === '' ? rootReal : realpathSync.native(joinPath(rootReal, dir));
    dirs.set(dir, realDir);
  }
  return joinPath(realDir, path.slice(slash + 1));
}

/**
 * `readSourceFile` with synchronous syscalls: the same checks, result and diagnostics. For
 * extraction workers, which read thousands of small files one after another: five awaited
 * syscalls per file leave a thread idle for longer than the syscalls themselves take. Both use
 * the native realpath(3), so links resolve identically; `dirs` (one per pass) saves resolving the
 * same directory again.
 */
export function readSourceFileSync(root: string, path: string, maxBytes: number, diagnostics?: Diagnostic[], dirs?: RealDirectories): SourceText | null {
  const report = reporter(path, diagnostics);
  if (!isSafeRelativePath(path)) return report('skipped-unreadable', 'not a plain repository-relative path');
  let rootReal: string;
  let real: string;
  try {
    rootReal = realRootOfSync(root);
    real = resolveSync(rootReal, path, dirs);
    // Through a directory outside: resolved whole, so the diagnostic is the one without `dirs`.
    if (dirs && !isInside(rootReal, real)) real = realpathSync.native(joinPath(rootReal, path));
  } catch (error) {
    return report('skipped-unreadable', `could not be resolved (${errorCode(error)})`);
  }
  let outside = refuseResolved(rootReal, real, report);
  if (outside !== undefined) return outside;
  let fd: number;
  try {
    try {
      fd = openSync(real, READ_FLAGS);
    } catch (error) {
      // Through a resolved directory: a file that is itself a link, or gone. Resolved whole, as
      // without `dirs`, so the outcome and its diagnostic are the same.
      if (!dirs) throw error;
      try {
        real = realpathSync.native(joinPath(rootReal, path));
      } catch (resolveError) {
        return report('skipped-unreadable', `could not be resolved (${errorCode(resolveError)})`);
      }
      outside = refuseResolved(rootReal, real, report);
      if (outside !== undefined) return outside;
      fd = openSync(real, READ_FLAGS);
    }
  } catch (error) {
    return report('skipped-unreadable', `could not be opened (${errorCode(error)})`);
  }
  try {
    const stat = fstatSync(fd);
    const refused = refuseStat(stat, maxBytes, report);
    if (refused !== undefined) return refused;
    const buffer = Buffer.allocUnsafe(Math.min(stat.size, maxBytes) + 1);
    // Reading stops at the size fstat gave (one syscall fewer than reading until 0), except at the
    // cap, where the byte past it tells a file that grew from one that is exactly the cap.
    const enough = stat.size < maxBytes ? stat.size : buffer.length;
    let length = 0;
    while (length < buffer.length) {
      const bytesRead = readSync(fd, buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length >= enough) break;
    }
    return decode(buffer, length, maxBytes, report);
  } catch (error) {
    return report('skipped-unreadable', `could not be read (${errorCode(error)})`);
  } finally {
    closeSync(fd);
  }
}
