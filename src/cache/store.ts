import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';

/**
 * Cache files: an 8-byte magic, the SHA-256 of the payload, then the payload in V8's structured
 * serialisation. V8's format (not JSON) because it gives back exactly what was stored, undefined
 * properties and NaN included, so a cached run is byte-identical to an uncached one. The checksum
 * turns a truncated or altered file into a clean miss instead of wrong facts.
 */
const MAGIC = Buffer.from('TCFACT01', 'latin1');
const HEADER = MAGIC.length + 32;

export class CorruptCacheFile extends Error {
  override name = 'CorruptCacheFile';
}

export function encode(value: unknown): Buffer {
  const payload = serialize(value);
  const digest = createHash('sha256').update(payload).digest();
  return Buffer.concat([MAGIC, digest, payload]);
}

/** Decodes a cache file; throws CorruptCacheFile when it is not one, or not whole. */
export function decode(bytes: Buffer): unknown {
  if (bytes.length < HEADER || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) throw new CorruptCacheFile('not a threatcode cache file');
  const payload = bytes.subarray(HEADER);
  const digest = createHash('sha256').update(payload).digest();
  if (!digest.equals(bytes.subarray(MAGIC.length, HEADER))) throw new CorruptCacheFile('checksum mismatch (truncated or altered)');
  try {
    return deserialize(payload);
  } catch (error) {
    throw new CorruptCacheFile(`cannot be decoded (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Reads a cache file: undefined when absent; CorruptCacheFile when unreadable as one. */
export async function readCacheFile(path: string): Promise<unknown> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CorruptCacheFile(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return decode(bytes);
}

const madeDirs = new Set<string>();

/** Temp file and rename in the same folder: a reader sees the old file or the new one, never half. */
export async function writeCacheFile(path: string, bytes: Buffer): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  for (let attempt = 0; ; attempt++) {
    if (!madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      madeDirs.add(dir);
    }
    try {
      await writeFile(temp, bytes, { mode: 0o600 });
      await rename(temp, path);
      return;
    } catch (error) {
      await rm(temp, { force: true });
      // The folder was removed since we made it (someone cleared the cache): make it again, once.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && attempt === 0) {
        madeDirs.delete(dir);
        continue;
      }
      throw error;
    }
  }
}
