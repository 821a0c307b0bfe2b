import { closeSync, fstatSync, lstatSync, openSync, readlinkSync, readSync, realpathSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { classifyFileName } from './classify.js';
import type { SkipDecision } from './classify.js';
import { isLockfile } from './limits.js';
import { formatBytes, isInside, joinPath, READ_FLAGS } from './paths.js';
import { SNIFF_BYTES, sniffContent } from './sniff.js';
import type { Candidate, WalkState } from './state.js';
import type { FileStamp } from './types.js';

export type Outcome = { kind: 'file'; size: number; stamp?: FileStamp } | { kind: 'skip'; decision: SkipDecision } | { kind: 'missing' };

const sniffBuffer = Buffer.allocUnsafe(SNIFF_BYTES);

function skip(code: SkipDecision['code'], level: SkipDecision['level'], message: string): Outcome {
  return { kind: 'skip', decision: { code, level, message } };
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'error';
}

function specialKind(stat: Stats): string {
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Resolves a symlink found inside the root. It is read only when its real target is a regular
 * file inside the root; links to directories are never followed.
 */
function resolveSymlink(state: WalkState, path: string, absolute: string): { real: string } | Outcome {
  let target = '?';
  try {
    target = readlinkSync(absolute);
  } catch {
    // Reported below with whatever realpath says.
  }
  let real: string;
  try {
    real = realpathSync.native(absolute);
  } catch (error) {
    const code = errorCode(error);
    const why = code === 'ELOOP' ? 'is a symlink loop' : code === 'ENOENT' ? 'is broken' : `cannot be resolved (${code})`;
    return skip('skipped-symlink', 'warning', `symbolic link ${path} -> ${target} ${why}`);
  }
  if (!isInside(state.root, real)) {
    return skip('skipped-symlink', 'warning', `symbolic link ${path} -> ${target} points outside the repository`);
  }
  let stat: Stats;
  try {
    stat = statSync(real);
  } catch {
    return skip('skipped-symlink', 'warning', `symbolic link ${path} -> ${target} cannot be read`);
  }
  if (stat.isDirectory()) return skip('skipped-symlink', 'info', `symbolic link ${path} -> ${target} is a directory and is not followed`);
  if (!stat.isFile()) return skip('skipped-special', 'warning', `symbolic link ${path} -> ${target} is ${specialKind(stat)}, never read`);
  return { real };
}

/**
 * Opens without following a final symlink and without blocking (a fifo opens at once and is
 * recognised by fstat before any read), checks type and size, then reads the first SNIFF_BYTES to
 * classify the content. `symlink` means the entry turned out to be a link.
 *
 * When the directory listing already said "regular file", fstat is skipped for files shorter than
 * the sample (a short read is the size): a quarter of the syscalls on a typical tree. A file
 * swapped for something else in between is caught again by readSourceFile.
 */
function openAndSniff(state: WalkState, path: string, readPath: string, knownRegular: boolean): Outcome | 'symlink' {
  let fd: number;
  try {
    fd = openSync(readPath, READ_FLAGS);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ELOOP') return 'symlink';
    if (code === 'ENOENT') return { kind: 'missing' };
    if (code === 'ENXIO') return skip('skipped-special', 'warning', 'a socket, never read');
    return skip('skipped-unreadable', 'warning', `could not be opened (${code})`);
  }
  try {
    let size: number;
    let n = 0;
    if (knownRegular) {
      n = readSync(fd, sniffBuffer, 0, SNIFF_BYTES, 0);
      size = n < SNIFF_BYTES ? n : fstatSync(fd).size;
    } else {
      const stat = fstatSync(fd);
      if (stat.isDirectory()) return skip('skipped-submodule', 'info', `submodule ${path}/ not scanned`);
      if (!stat.isFile()) return skip('skipped-special', 'warning', `${specialKind(stat)}, never read`);
      size = stat.size;
    }
    const cap = isLockfile(path) ? state.limits.maxLockfileBytes : state.limits.maxFileBytes;
    if (size > cap) return skip('skipped-size', 'warning', `file is ${formatBytes(size)}, over the ${formatBytes(cap)} limit`);
    if (size > 0 && !knownRegular) n = readSync(fd, sniffBuffer, 0, Math.min(SNIFF_BYTES, size), 0);
    const decision = size === 0 ? undefined : sniffContent(path, sniffBuffer.subarray(0, n), size);
    if (decision) return { kind: 'skip', decision };
    // Read whole: kept for the caller, copied out of the shared sample buffer.
    if (n === size && state.retain?.wants(path)) state.retain.bytes.set(path, Buffer.from(sniffBuffer.subarray(0, n)));
    return { kind: 'file', size };
  } catch (error) {
    return skip('skipped-unreadable', 'warning', `could not be read (${errorCode(error)})`);
  } finally {
    closeSync(fd);
  }
}

/**
 * A file the caller trusts by its lstat stamp (WalkOptions.trustStat) was examined, sniffed and
 * found to be a file in an earlier run, and has not been touched since: one lstat instead of
 * open, read and close. Only the size cap is applied again (the caller's cap may have changed).
 * Anything else (not trusted, not a regular file, gone) goes the normal way.
 */
function examineTrusted(state: WalkState, path: string, absolute: string): Outcome | undefined {
  const trust = state.trustStat;
  if (!trust) return undefined;
  const stat = lstatSync(absolute, { throwIfNoEntry: false });
  if (!stat || !stat.isFile()) return undefined;
  const stamp: FileStamp = { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino };
  if (!trust(path, stamp)) return undefined;
  const cap = isLockfile(path) ? state.limits.maxLockfileBytes : state.limits.maxFileBytes;
  if (stat.size > cap) return skip('skipped-size', 'warning', `file is ${formatBytes(stat.size)}, over the ${formatBytes(cap)} limit`);
  return { kind: 'file', size: stat.size, stamp };
}

/**
 * Decides one candidate: name rules, then type and size on an opened descriptor, then the first
 * bytes of content. Synchronous on purpose: for tens of thousands of small cached files, sync
 * syscalls are several times faster than promises; the caller yields between batches.
 * Entries the directory listing already knows to be special (fifo, socket, device) are never
 * opened.
 */
export function examine(state: WalkState, candidate: Candidate): Outcome {
  const { path } = candidate;
  const byName = classifyFileName(path);
  if (byName) return { kind: 'skip', decision: byName };
  const absolute = joinPath(state.root, path);
  if (candidate.type === 'special') {
    let kind = 'not a regular file';
    try {
      kind = specialKind(lstatSync(absolute));
    } catch {
      // Gone already; the generic wording will do.
    }
    return skip('skipped-special', 'warning', `${kind}, never read`);
  }
  if (candidate.type !== 'symlink') {
    const trusted = examineTrusted(state, path, absolute);
    if (trusted) return trusted;
    const outcome = openAndSniff(state, path, absolute, candidate.type === 'file');
    if (outcome !== 'symlink') return outcome;
  }
  const resolved = resolveSymlink(state, path, absolute);
  if ('kind' in resolved) return resolved;
  const outcome = openAndSniff(state, path, resolved.real, false);
  return outcome === 'symlink' ? skip('skipped-symlink', 'warning', `symbolic link ${path} changed while being read`) : outcome;
}
