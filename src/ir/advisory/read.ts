// Reading untrusted advisory JSON: bounded size, a clear InputError naming the file and the field
// for every problem (truncated JSON, wrong types, missing fields), never a crash deep inside.
import { open } from 'node:fs/promises';
import { InputError } from '../../util/errors.js';

/** Advisories are small (the biggest real CVE 5 records are ~200 KB); anything above is refused. */
export const MAX_ADVISORY_BYTES = 4 * 1024 * 1024;
const MAX_LIST = 10_000;
const MAX_TEXT = 100_000;

export async function readAdvisoryText(file: string, maxBytes = MAX_ADVISORY_BYTES): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not an advisory file' : `cannot be read (${code ?? 'error'})`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new InputError(file, 'is not a regular file');
    if (stat.size > maxBytes) throw new InputError(file, `is ${stat.size} bytes; an advisory may be at most ${maxBytes} bytes`);
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > maxBytes) throw new InputError(file, `is larger than ${maxBytes} bytes`);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

export function parseJsonText(file: string, text: string): unknown {
  if (text.trim() === '') throw new InputError(file, 'is empty');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const truncated = /end of (JSON )?input|Unterminated/i.test(message) ? ' (the file looks truncated)' : '';
    throw new InputError(file, `is not valid JSON: ${message}${truncated}`);
  }
}

/** Typed access to a parsed JSON document; every failure names the file and the JSON path. */
export class JsonReader {
  constructor(readonly file: string) {}

  fail(path: string, problem: string): never {
    throw new InputError(this.file, `${path}: ${problem}`);
  }

  isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  }

  object(value: unknown, path: string): Record<string, unknown> {
    if (!this.isObject(value)) this.fail(path, `must be an object, not ${kind(value)}`);
    return value;
  }

  optionalObject(value: unknown, path: string): Record<string, unknown> | undefined {
    return value === undefined || value === null ? undefined : this.object(value, path);
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, `must be a list, not ${kind(value)}`);
    if (value.length > MAX_LIST) this.fail(path, `has ${value.length} entries (at most ${MAX_LIST})`);
    return value;
  }

  optionalArray(value: unknown, path: string): unknown[] {
    return value === undefined || value === null ? [] : this.array(value, path);
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string') this.fail(path, value === undefined ? 'is missing' : `must be text, not ${kind(value)}`);
    if (value.length > MAX_TEXT) this.fail(path, `is ${value.length} characters long (at most ${MAX_TEXT})`);
    return value;
  }

  optionalString(value: unknown, path: string): string | undefined {
    return value === undefined || value === null ? undefined : this.string(value, path);
  }

  strings(value: unknown, path: string): string[] {
    return this.optionalArray(value, path).map((v, i) => this.string(v, `${path}[${i}]`));
  }
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (value === undefined) return 'missing';
  return `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}

/** Only http(s) URLs survive (references are untrusted text that ends up in Markdown). */
export function safeUrl(text: string): string | undefined {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}
