import { createHash, randomBytes } from 'node:crypto';
import { lstatSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { join } from 'node:path';
import type { Extractor } from '../extract/types.js';
import type { Diagnostic, Fact } from '../model/types.js';
import { extractorSetFingerprint } from './fingerprint.js';
import { defaultFactCacheDir } from './paths.js';
import { CorruptCacheFile, encode, readCacheFile, writeCacheFile } from './store.js';

/** What one file gave: its facts and every diagnostic about it (reading and extracting). */
export interface CachedFacts {
  facts: Fact[];
  diagnostics: Diagnostic[];
}

export interface FactCacheSettings {
  /** Cache folder (default: see defaultFactCacheDir). */
  dir?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * Keep the per-tree stat index (default true). Off for throw-away trees such as the temp
   * worktrees of `diff`: their index would never be read again.
   */
  rootIndex?: boolean;
  /** Told once per run how the cache did; cache problems go here, never into the model. */
  onReport?: (report: FactCacheReport) => void;
}

export interface FactCacheReport {
  dir: string;
  /** Files whose facts came from the stat index without reading them. */
  statHits: number;
  /** Files read and hashed whose facts were found by content. */
  contentHits: number;
  /** Files extracted. */
  misses: number;
  /** Cache files written. */
  written: number;
  /** Corrupt or unwritable cache files: each ignored, the run goes on without it. */
  diagnostics: Diagnostic[];
}

/** The first-level key: a file whose lstat still says this was not touched since it was read. */
interface StatStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

interface RootEntry extends CachedFacts {
  stamp: StatStamp;
  key: string;
}

interface RootIndex {
  fingerprint: string;
  root: string;
  /** Names this snapshot: a journal applies only to the snapshot it was written against. */
  id?: string;
  files: Record<string, RootEntry>;
}

/**
 * Entries recorded since the snapshot `base` was written (roots/<hash>.journal): a run that
 * learns a few new stamps writes these few entries instead of re-encoding the whole index
 * (megabytes on a large repository, the slowest step of a one-file re-model).
 */
interface RootJournal {
  fingerprint: string;
  root: string;
  base: string;
  files: Record<string, RootEntry>;
}

/** Past this many journal entries (or an eighth of the index), the snapshot is rewritten instead. */
const JOURNAL_MIN_ENTRIES = 256;

/**
 * A file modified less than this before the run started may be modified again within the same
 * timestamp tick without its stat changing (git's "racily clean" problem): it is never trusted by
 * stat and is read again next time. Two seconds covers filesystems with coarse timestamps.
 */
const RACY_WINDOW_MS = 2000;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function isCachedFacts(value: unknown): value is CachedFacts {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<CachedFacts>;
  return (
    Array.isArray(v.facts) &&
    Array.isArray(v.diagnostics) &&
    v.facts.every((f) => typeof f === 'object' && f !== null && typeof (f as Fact).kind === 'string' && typeof (f as Fact).evidence === 'object')
  );
}

function isRootIndex(value: unknown, fingerprint: string, root: string): value is RootIndex {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<RootIndex>;
  return v.fingerprint === fingerprint && v.root === root && typeof v.files === 'object' && v.files !== null;
}

function isRootJournal(value: unknown, fingerprint: string, root: string, base: string | undefined): value is RootJournal {
  if (base === undefined || typeof value !== 'object' || value === null) return false;
  const v = value as Partial<RootJournal>;
  return v.fingerprint === fingerprint && v.root === root && v.base === base && typeof v.files === 'object' && v.files !== null;
}

/**
 * Facts per file, cached by content (DESIGN §5: re-model after a one-file change in under 0.5 s).
 *
 * Two levels:
 * - objects/<k>/<key>: facts of one (path, content) under one extractor set, where key =
 *   sha256(fingerprint, path, content hash). Shared by every tree that holds the same file, so the
 *   second commit of a `diff` costs only what changed between the two.
 * - roots/<sha256(root)>: for one work tree, path → lstat stamp (size, mtime, ctime, inode) and
 *   the facts. A file whose stamp is unchanged is not even read: on a large repository reading
 *   and hashing every file costs more than the whole rest of a warm run.
 *
 * The cache never changes the model: facts come back exactly as extracted (see store.ts), the
 * caller keeps path order, and cache problems are reported through `onReport`, not the model.
 */
export class FactCache {
  private readonly next: Record<string, RootEntry> = {};
  /** Paths whose stamp this run recorded (new or changed since the index was read). */
  private readonly recorded = new Set<string>();
  private readonly pending: Promise<void>[] = [];
  /** Writes in flight are capped, so a cold run over many files never runs out of descriptors. */
  private readonly writes = new WriteQueue(16);
  private readonly startMs = Date.now();
  private changed = false;
  readonly report: FactCacheReport;

  private constructor(
    private readonly root: string,
    private readonly dir: string,
    private readonly fingerprint: string,
    private readonly previous: Record<string, RootEntry>,
    private readonly settings: FactCacheSettings,
    diagnostics: Diagnostic[],
    /** The snapshot `previous` came from, and the journal entries applied over it. */
    private readonly snapshot: { id?: string; journal: Record<string, RootEntry> },
  ) {
    this.report = { dir, statHits: 0, contentHits: 0, misses: 0, written: 0, diagnostics };
  }

  static async open(root: string, extractors: readonly Extractor[], settings: FactCacheSettings = {}): Promise<FactCache> {
    const dir = settings.dir ?? defaultFactCacheDir(settings.env ?? process.env);
    const real = await realpath(root).catch(() => root);
    const fingerprint = extractorSetFingerprint(extractors);
    const diagnostics: Diagnostic[] = [];
    let previous: Record<string, RootEntry> = {};
    const snapshot: { id?: string; journal: Record<string, RootEntry> } = { journal: {} };
    const indexPath = join(dir, 'roots', sha256(real));
    const journalPath = `${indexPath}.journal`;
    if (settings.rootIndex !== false) {
      // Both read at once; the journal counts only over the snapshot it was written against.
      const [index, journal] = await Promise.all([settled(readCacheFile(indexPath)), settled(readCacheFile(journalPath))]);
      if ('error' in index) diagnostics.push(corrupt(indexPath, index.error));
      else if (isRootIndex(index.value, fingerprint, real)) {
        previous = index.value.files;
        snapshot.id = index.value.id;
        if ('error' in journal) diagnostics.push(corrupt(journalPath, journal.error));
        else if (isRootJournal(journal.value, fingerprint, real, snapshot.id)) {
          snapshot.journal = journal.value.files;
          previous = { ...previous, ...journal.value.files };
        }
      }
    }
    return new FactCache(real, dir, fingerprint, previous, settings, diagnostics, snapshot);
  }

  /**
   * The stamp of a regular file (never a symlink: those always go through the careful read).
   * Millisecond floats, not bigint nanoseconds: a third cheaper over thousands of files, and a
   * float still resolves microseconds, far finer than the racy window below.
   */
  private stampOf(path: string): StatStamp | undefined {
    const stat = lstatSync(join(this.root, path), { throwIfNoEntry: false });
    if (!stat || !stat.isFile()) return undefined;
    return { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino };
  }

  /**
   * Facts of a file that has not changed since it was last read (by lstat), or undefined. Call
   * before reading; pass the returned stamp to `store`/`fromContent` so the next run can trust it.
   */
  fromStat(path: string, maxBytes: number, known?: StatStamp): { cached?: CachedFacts; stamp?: StatStamp } {
    // `known`: the stamp the walk just took of this regular file (WalkedFile.stamp), one lstat fewer.
    const stamp = known ?? this.stampOf(path);
    if (!stamp) return {};
    const old = this.previous[path];
    if (
      old &&
      stamp.size <= maxBytes &&
      old.stamp.size === stamp.size &&
      old.stamp.mtimeMs === stamp.mtimeMs &&
      old.stamp.ctimeMs === stamp.ctimeMs &&
      old.stamp.ino === stamp.ino
    ) {
      this.next[path] = old;
      this.report.statHits++;
      return { cached: { facts: old.facts, diagnostics: old.diagnostics }, stamp };
    }
    return { stamp };
  }

  /**
   * Whether the index holds facts of `path` read when its lstat said `stamp`: such a file was
   * walked and sniffed by an earlier run and not touched since, so the walk may skip its sniff
   * (WalkOptions.trustStat). Read-only: hits are still counted by `fromStat`.
   */
  knowsStamp(path: string, stamp: StatStamp): boolean {
    if (!Object.hasOwn(this.previous, path)) return false;
    const old = this.previous[path].stamp;
    return old.size === stamp.size && old.mtimeMs === stamp.mtimeMs && old.ctimeMs === stamp.ctimeMs && old.ino === stamp.ino;
  }

  /** Key of a file's facts: extractor set, path and content (and whether the bytes were UTF-8). */
  keyOf(path: string, content: string, invalidUtf8: boolean): string {
    const contentHash = createHash('sha256').update(content).digest('hex');
    return sha256(`${this.fingerprint}\u0000${path}\u0000${invalidUtf8 ? 1 : 0}\u0000${contentHash}`);
  }

  private objectPath(key: string): string {
    return join(this.dir, 'objects', key.slice(0, 2), key);
  }

  /** Facts stored for this key (by an earlier run, maybe of another tree), or undefined. */
  async fromContent(path: string, key: string, stamp: StatStamp | undefined): Promise<CachedFacts | undefined> {
    const objectPath = this.objectPath(key);
    let value: unknown;
    try {
      value = await readCacheFile(objectPath);
    } catch (error) {
      this.report.diagnostics.push(corrupt(objectPath, error));
      return undefined;
    }
    if (value === undefined) return undefined;
    if (!isCachedFacts(value)) {
      this.report.diagnostics.push(corrupt(objectPath, new CorruptCacheFile('not a facts entry')));
      return undefined;
    }
    this.report.contentHits++;
    this.remember(path, key, value, stamp);
    return value;
  }

  /** Records freshly extracted facts (written on `close`; the entry is encoded now, before linking can touch it). */
  store(path: string, key: string, entry: CachedFacts, stamp: StatStamp | undefined): void {
    this.report.misses++;
    const bytes = encode(entry);
    this.pending.push(
      this.writes.run(() => writeCacheFile(this.objectPath(key), bytes)).then(
        () => {
          this.report.written++;
        },
        (error: unknown) => {
          this.report.diagnostics.push(unwritable(this.objectPath(key), error));
        },
      ),
    );
    this.remember(path, key, entry, stamp);
  }

  private remember(path: string, key: string, entry: CachedFacts, stamp: StatStamp | undefined): void {
    if (!stamp) return;
    // A write sets mtime to the current time, so an mtime older than the window cannot hide one;
    // ctime is compared for equality only (it also catches a content change with mtime restored).
    if (stamp.mtimeMs >= this.startMs - RACY_WINDOW_MS) return;
    this.next[path] = { stamp, key, facts: entry.facts, diagnostics: entry.diagnostics };
    this.recorded.add(path);
    this.changed = true;
  }

  /**
   * Writes what changed: new objects and, when new stamps were recorded, the root index. Call
   * before facts are linked (linking may rewrite fact objects in place). Never throws.
   *
   * The index (megabytes on a large repository) is not rewritten just because a file changed:
   * the changed file is racy now and not recorded, and its old entry can never match again (its
   * mtime moved on). Entries of deleted files are dropped once they are an eighth of the index.
   */
  async close(): Promise<FactCacheReport> {
    const previous = Object.keys(this.previous);
    const stale = previous.filter((path) => !(path in this.next)).length;
    if (this.settings.rootIndex !== false && (this.changed || stale > previous.length / 8)) {
      const indexPath = join(this.dir, 'roots', sha256(this.root));
      // A few new stamps over a sound snapshot: add them to its journal (kilobytes) instead of
      // rewriting the snapshot (megabytes). Entries the journal still holds for paths recorded
      // again are replaced; the snapshot is rewritten, folding the journal in, once it grows.
      const journal: Record<string, RootEntry> = { ...this.snapshot.journal };
      for (const path of this.recorded) journal[path] = this.next[path];
      const journalSize = Object.keys(journal).length;
      const useJournal = this.snapshot.id !== undefined && stale <= previous.length / 8 && journalSize <= Math.max(JOURNAL_MIN_ENTRIES, previous.length / 8);
      if (useJournal) {
        const value: RootJournal = { fingerprint: this.fingerprint, root: this.root, base: this.snapshot.id as string, files: journal };
        this.write(`${indexPath}.journal`, value);
      } else {
        const index: RootIndex = { fingerprint: this.fingerprint, root: this.root, id: randomBytes(12).toString('hex'), files: this.next };
        // The old journal names the old snapshot's id, so it is ignored from now on.
        this.write(indexPath, index);
      }
    }
    await Promise.all(this.pending);
    this.settings.onReport?.(this.report);
    return this.report;
  }

  private write(path: string, value: RootIndex | RootJournal): void {
    let bytes: Buffer;
    try {
      bytes = encode(value);
    } catch (error) {
      this.report.diagnostics.push(unwritable(path, error));
      return;
    }
    this.pending.push(
      writeCacheFile(path, bytes).then(
        () => {
          this.report.written++;
        },
        (error: unknown) => {
          this.report.diagnostics.push(unwritable(path, error));
        },
      ),
    );
  }
}

async function settled(promise: Promise<unknown>): Promise<{ value: unknown } | { error: unknown }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}

/** At most `limit` tasks at once, in the order they were queued. */
class WriteQueue {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run(task: () => Promise<void>): Promise<void> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

function corrupt(file: string, error: unknown): Diagnostic {
  return {
    level: 'warning',
    code: 'cache-corrupt',
    message: `ignored cache file ${file}: ${error instanceof Error ? error.message : String(error)}`,
  };
}

function unwritable(file: string, error: unknown): Diagnostic {
  return {
    level: 'warning',
    code: 'cache-unwritable',
    message: `could not write cache file ${file}: ${error instanceof Error ? error.message : String(error)}`,
  };
}
