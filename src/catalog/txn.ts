// Crash-safe replacement of a product's files. A publish stages every new file in
// `products/<slug>/.txn/`, archives the current version under `history/<n>/`, and then writes the
// COMMIT marker (atomically): that single rename is the commit point. Only then are the staged
// files renamed over the live ones. Whatever moment a publish is killed at, the product reads
// either wholly as the previous version (no COMMIT: the staging folder is discarded on recovery)
// or wholly as the new one (COMMIT present: recovery finishes the renames; readers already
// prefer staged files while it exists). Must run under the catalog lock.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ARCHIVED_FILES, COMMIT_FILE, HISTORY_DIR, PRODUCTS_DIR, TXN_DIR, productDir } from './layout.js';

/** Test hook: a publish announces each step, so a test can kill it at an exact point. */
export type TxnStep = 'staging' | 'staged' | 'archived' | 'committed' | 'applying' | 'applied';

async function writeDurable(path: string, content: string | Buffer): Promise<void> {
  const temp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

async function syncDir(path: string): Promise<void> {
  // Makes the renames inside `path` durable; not every platform can fsync a directory.
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

interface CommitRecord {
  files: string[];
  version: number;
}

/** Applies a committed transaction: staged files replace live ones, stale live files go. */
async function apply(dir: string, record: CommitRecord): Promise<void> {
  const txn = join(dir, TXN_DIR);
  for (const file of record.files) {
    const staged = join(txn, file);
    if (await exists(staged)) await rename(staged, join(dir, file));
  }
  // Outputs the new version no longer has (e.g. a format dropped) must not linger as if current.
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isFile() && !record.files.includes(entry.name) && !entry.name.startsWith('.')) await rm(join(dir, entry.name), { force: true });
  }
  await syncDir(dir);
  await rm(join(txn, COMMIT_FILE), { force: true });
  await rm(txn, { recursive: true, force: true });
}

async function readCommit(dir: string): Promise<CommitRecord | undefined> {
  try {
    const value = JSON.parse(await readFile(join(dir, TXN_DIR, COMMIT_FILE), 'utf8')) as CommitRecord;
    return Array.isArray(value.files) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Finishes or discards interrupted publishes of one product (or all). Returns the slugs touched.
 * Must run under the catalog lock.
 */
export async function recover(catalog: string, slug?: string): Promise<string[]> {
  const slugs = slug ? [slug] : await readdir(join(catalog, PRODUCTS_DIR)).catch(() => [] as string[]);
  const touched: string[] = [];
  for (const s of slugs) {
    const dir = productDir(catalog, s);
    const txn = join(dir, TXN_DIR);
    if (!(await exists(txn))) continue;
    const record = await readCommit(dir);
    if (record) await apply(dir, record);
    else await rm(txn, { recursive: true, force: true });
    // Half-written history copies are never visible: they are written to a temp folder first.
    const history = join(dir, HISTORY_DIR);
    for (const entry of await readdir(history).catch(() => [] as string[])) if (entry.startsWith('.')) await rm(join(history, entry), { recursive: true, force: true });
    touched.push(s);
  }
  return touched;
}

export interface WriteProductOptions {
  /** Version number of the new files (the previous one is archived under its own number). */
  version: number;
  /** Version number of what is live now, when something is. */
  previousVersion?: number;
  onStep?: (step: TxnStep) => void | Promise<void>;
}

/** Replaces a product's files (name → content) as one transaction. Must run under the catalog lock. */
export async function writeProduct(catalog: string, slug: string, files: Map<string, string>, options: WriteProductOptions): Promise<void> {
  const dir = productDir(catalog, slug);
  const txn = join(dir, TXN_DIR);
  await mkdir(dir, { recursive: true });
  await recover(catalog, slug);
  await options.onStep?.('staging');
  await mkdir(txn, { recursive: true });
  for (const [name, content] of files) await writeDurable(join(txn, name), content);
  await syncDir(txn);
  await options.onStep?.('staged');
  if (options.previousVersion !== undefined && (await exists(join(dir, ARCHIVED_FILES[0])))) {
    const history = join(dir, HISTORY_DIR);
    const target = join(history, String(options.previousVersion));
    if (!(await exists(target))) {
      const temp = join(history, `.tmp-${options.previousVersion}-${randomBytes(4).toString('hex')}`);
      await mkdir(temp, { recursive: true });
      for (const name of ARCHIVED_FILES) if (await exists(join(dir, name))) await copyFile(join(dir, name), join(temp, name));
      await syncDir(temp);
      await rename(temp, target);
      await syncDir(history);
    }
  }
  await options.onStep?.('archived');
  const record: CommitRecord = { files: [...files.keys()].sort(), version: options.version };
  await writeDurable(join(txn, COMMIT_FILE), `${JSON.stringify(record)}\n`);
  await syncDir(txn);
  await options.onStep?.('committed');
  await options.onStep?.('applying');
  await apply(dir, record);
  await options.onStep?.('applied');
}

/**
 * Reads a product file consistently without the lock: while a committed transaction is being
 * applied, the staged copy is the current one. Returns undefined when the file does not exist.
 */
export async function readProductFile(catalog: string, slug: string, name: string): Promise<string | undefined> {
  const dir = productDir(catalog, slug);
  for (let attempt = 0; attempt < 5; attempt++) {
    const committed = await exists(join(dir, TXN_DIR, COMMIT_FILE));
    const path = committed && (await exists(join(dir, TXN_DIR, name))) ? join(dir, TXN_DIR, name) : join(dir, name);
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      // The staged file was renamed into place between the check and the read: look again.
      if (!committed) return undefined;
    }
  }
  return undefined;
}

/** `readProductFile` with synchronous I/O, for the index builder that reads many small files. */
export function readProductFileSync(catalog: string, slug: string, name: string): string | undefined {
  const dir = productDir(catalog, slug);
  for (let attempt = 0; attempt < 5; attempt++) {
    const committed = existsSync(join(dir, TXN_DIR, COMMIT_FILE));
    const path = committed && existsSync(join(dir, TXN_DIR, name)) ? join(dir, TXN_DIR, name) : join(dir, name);
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      if (!committed) return undefined;
    }
  }
  return undefined;
}
