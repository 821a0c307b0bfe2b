// A catalog-wide lock: a directory created atomically with mkdir (works on every local file system
// and over NFS), holding the owner's pid, host and start time. While held, the directory's mtime
// is refreshed (heartbeat). A lock whose owner process is gone (same host), or whose heartbeat
// stopped longer than `staleMs` ago, is broken: renamed away first, so two processes breaking the
// same stale lock cannot both win.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../util/errors.js';
import { LOCK_DIR } from './layout.js';

export interface LockOptions {
  /** Give up waiting after this long (default 60 s). */
  timeoutMs?: number;
  /** A lock not refreshed for this long is stale (default 30 s; the heartbeat runs every third of it). */
  staleMs?: number;
  /** Called once when the lock is found busy, with its owner (for a "waiting for…" message). */
  onWait?: (owner: LockOwner | undefined) => void;
}

export interface LockOwner {
  pid: number;
  host: string;
  since: string;
  token: string;
}

export interface HeldLock {
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(dir: string): Promise<LockOwner | undefined> {
  try {
    const value = JSON.parse(await readFile(join(dir, 'owner.json'), 'utf8')) as LockOwner;
    return typeof value.pid === 'number' && typeof value.host === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Why an existing lock may be broken, or undefined while it is live. */
async function staleReason(dir: string, staleMs: number): Promise<string | undefined> {
  const owner = await readOwner(dir);
  if (owner && owner.host === hostname() && !alive(owner.pid)) return `its owner (pid ${owner.pid}) is no longer running`;
  const info = await stat(dir).catch(() => undefined);
  if (!info) return undefined;
  const age = Date.now() - info.mtimeMs;
  if (age > staleMs) return `it was last refreshed ${Math.round(age / 1000)} s ago`;
  return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function acquireLock(catalog: string, options: LockOptions = {}): Promise<HeldLock> {
  const dir = join(catalog, LOCK_DIR);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const staleMs = options.staleMs ?? 30_000;
  const started = Date.now();
  const token = randomBytes(8).toString('hex');
  let waited = false;
  let delay = 10;
  await mkdir(catalog, { recursive: true });
  while (true) {
    try {
      await mkdir(dir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new InputError(catalog, `cannot create the catalog lock: ${(error as Error).message}`);
    }
    const reason = await staleReason(dir, staleMs);
    if (reason) {
      const aside = `${dir}.stale-${randomBytes(4).toString('hex')}`;
      // Whoever renames first breaks the lock; the loser simply retries.
      if (await rename(dir, aside).then(() => true, () => false)) await rm(aside, { recursive: true, force: true });
      continue;
    }
    if (!waited) {
      waited = true;
      options.onWait?.(await readOwner(dir));
    }
    if (Date.now() - started > timeoutMs) {
      const owner = await readOwner(dir);
      throw new InputError(catalog, `the catalog is locked${owner ? ` by pid ${owner.pid} on ${owner.host} since ${owner.since}` : ''}; gave up after ${Math.round(timeoutMs / 1000)} s`);
    }
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 250);
  }
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), token };
  await writeFile(join(dir, 'owner.json'), `${JSON.stringify(owner)}\n`);
  const beat = setInterval(() => {
    const now = new Date();
    utimes(dir, now, now).catch(() => undefined);
  }, Math.max(1000, Math.floor(staleMs / 3)));
  beat.unref();
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      clearInterval(beat);
      // Only remove the lock if it is still ours (it could have been broken as stale meanwhile).
      const current = await readOwner(dir);
      if (current?.token === token) {
        const aside = `${dir}.released-${token}`;
        if (await rename(dir, aside).then(() => true, () => false)) await rm(aside, { recursive: true, force: true });
      }
    },
  };
}

export async function withLock<T>(catalog: string, options: LockOptions, run: () => Promise<T>): Promise<T> {
  const lock = await acquireLock(catalog, options);
  try {
    return await run();
  } finally {
    await lock.release();
  }
}
