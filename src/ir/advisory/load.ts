// Turns whatever the responder typed into an Advisory: a path to an OSV or CVE JSON 5 file, a GHSA
// or CVE id looked up in a local folder of advisories, a package spec, or free text.
import { lstat, open, readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { InputError, UsageError } from '../../util/errors.js';
import { looksLikeCve5, parseCve5 } from './cve5.js';
import { looksLikeOsv, parseOsv } from './osv.js';
import { parseJsonText, readAdvisoryText } from './read.js';
import { looksLikeSpec, parsePackageSpec } from './spec.js';
import { parseFreeText } from './text.js';
import type { Advisory } from './types.js';

export interface LoadOptions {
  cwd: string;
  /** Folder of OSV (and CVE 5) JSON files that ids are looked up in. */
  advisoriesDir?: string;
  /** Affected functions given on the command line. */
  symbols?: string[];
}

const ID = /^(GHSA(-[23456789cfghjmpqrvwx]{4}){3}|CVE-\d{4}-\d{4,}|(PYSEC|GO|RUSTSEC|OSV|DSA|DLA|USN|ALSA|ALBA|RHSA|MAL)-[\w.:-]+)$/i;
const MAX_FILES = 500_000;

export function parseAdvisoryDocument(doc: unknown, file: string, input = file): Advisory {
  if (looksLikeCve5(doc)) return parseCve5(doc, file, input);
  if (looksLikeOsv(doc)) return parseOsv(doc, file, input);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new InputError(file, 'must be a JSON object (an OSV record or a CVE JSON 5 record)');
  if (!('id' in doc) && !('cveMetadata' in doc)) throw new InputError(file, 'is neither an OSV record (no "id") nor a CVE JSON 5 record (no "cveMetadata")');
  return parseOsv(doc, file, input);
}

export async function loadAdvisoryFile(file: string, input = file): Promise<Advisory> {
  const text = await readAdvisoryText(file);
  return parseAdvisoryDocument(parseJsonText(file, text), file, input);
}

async function isFile(path: string): Promise<boolean> {
  return lstat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** JSON files under `dir` (no symlinks followed), sorted so the result does not depend on the file system. */
async function listJson(dir: string): Promise<string[]> {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0 && out.length < MAX_FILES) {
    const current = stack.pop()!;
    let entries;
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = join(current, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.json')) out.push(full);
    }
  }
  return out.sort();
}

async function head(file: string, bytes: number): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * Finds an advisory by id: a file named `<id>.json` first (OSV.dev and CVE List layouts), else an
 * OSV record whose `aliases` name it (GitHub's layout files GHSA records under their GHSA id).
 * When both an OSV record and a CVE 5 record exist, the OSV one decides (it names packages) and the
 * CVE record adds what only it has (KEV, SSVC, CVSS).
 */
export async function findAdvisoryById(id: string, dir: string): Promise<Advisory> {
  const files = await listJson(dir);
  const wanted = id.toUpperCase();
  const byName = files.filter((f) => basename(f, '.json').toUpperCase() === wanted || basename(f, '.JSON').toUpperCase() === wanted);
  const found: Advisory[] = [];
  for (const file of byName) found.push(await loadAdvisoryFile(file, id));
  if (!found.some((a) => a.source.format === 'osv')) {
    const needle = new RegExp(`"${wanted.replace(/[-]/g, '\\-')}"`, 'i');
    for (const file of files) {
      if (byName.includes(file)) continue;
      // Aliases sit near the top of an OSV record; reading the head keeps a 200k-file folder fast.
      if (!needle.test(await head(file, 4096).catch(() => ''))) continue;
      const advisory = await loadAdvisoryFile(file, id).catch(() => undefined);
      if (advisory && (advisory.id.toUpperCase() === wanted || advisory.aliases.some((a) => a.toUpperCase() === wanted))) found.push(advisory);
    }
  }
  if (found.length === 0) throw new InputError(id, `no advisory with this id or alias in ${dir} (${files.length} JSON files searched)`);
  const osv = found.find((a) => a.source.format === 'osv');
  const cve = found.find((a) => a.source.format === 'cve5');
  if (osv && cve) return mergeCveInto(osv, cve);
  return osv ?? found[0];
}

/** Adds what only the CVE record has to an OSV record of the same vulnerability. */
export function mergeCveInto(osv: Advisory, cve: Advisory): Advisory {
  const merged: Advisory = { ...osv, notes: [...osv.notes, `enriched from the CVE record ${cve.source.file ?? cve.id}`] };
  if (cve.kev) merged.kev = cve.kev;
  if (cve.ssvc) merged.ssvc = cve.ssvc;
  if (!merged.severity.score && cve.severity.score) merged.severity = { ...cve.severity, level: merged.severity.level ?? cve.severity.level };
  if (!merged.aliases.includes(cve.id) && merged.id !== cve.id) merged.aliases = [...merged.aliases, cve.id];
  merged.cwes = [...new Set([...merged.cwes, ...cve.cwes])];
  return merged;
}

/** The advisory an `ir` argument stands for. */
export async function resolveAdvisory(input: string, options: LoadOptions): Promise<Advisory> {
  const text = input.trim();
  if (text === '') throw new UsageError('the advisory is empty');
  const asPath = resolve(options.cwd, text);
  if (/\.json$/i.test(text) || (await isFile(asPath))) {
    const advisory = await loadAdvisoryFile(asPath, input);
    if (options.symbols?.length) for (const p of advisory.packages) p.functions = [...new Set([...p.functions, ...options.symbols])];
    return advisory;
  }
  if (ID.test(text)) {
    if (!options.advisoriesDir) throw new UsageError(`${text} is an advisory id: pass --advisories <dir> (a folder of OSV or CVE JSON 5 files) to look it up, or give the file itself`);
    const advisory = await findAdvisoryById(text, resolve(options.cwd, options.advisoriesDir));
    if (options.symbols?.length) for (const p of advisory.packages) p.functions = [...new Set([...p.functions, ...options.symbols])];
    return advisory;
  }
  if (looksLikeSpec(text)) return parsePackageSpec(text, options.symbols);
  const advisory = parseFreeText(text);
  if (options.symbols?.length) for (const p of advisory.packages) p.functions = [...new Set([...p.functions, ...options.symbols])];
  return advisory;
}
