// Ground-truth label files (bench/accuracy/<app>.labels.json): their shape, and a loader that
// rejects malformed entries loudly, since a silently skipped label would inflate recall.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export type LabelAuth = 'none' | 'user' | 'admin' | 'denied';

export interface LabelEntryPoint {
  method: string;
  path: string;
  auth: LabelAuth;
  file: string;
  line: number;
  note?: string;
  /** Other spellings of the same route (regex-bearing express paths). */
  pathAliases?: string[];
  /** Concrete paths a templated registration expands to (route registered in a loop). */
  expandsTo?: string[];
}

export interface LabelLocation {
  file: string;
  lines: [number, number];
}

export interface LabelWeakness {
  id: string;
  category: string;
  /** Only for category `other`: substrings a finding's rule id may contain to match. */
  keywords?: string[];
  cwe: string;
  stride: string[];
  file: string;
  line: number;
  lines?: [number, number];
  severity: string;
  note: string;
  /** Further places (often another file) where a finding for the same flaw is accepted. */
  alsoAt?: LabelLocation[];
}

export interface LabelNonFinding {
  category: string;
  file: string;
  line: number;
  note: string;
}

export interface AppLabels {
  app: string;
  repository: string;
  commit: string;
  labelledBy: string;
  method: string;
  entryPoints: LabelEntryPoint[];
  weaknesses: LabelWeakness[];
  nonFindings: LabelNonFinding[];
  components: string[];
  datastores: string[];
  externals: string[];
}

const LABEL_SUFFIX = '.labels.json';

function fail(source: string, what: string): never {
  throw new Error(`${source}: ${what}`);
}

function isSpan(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && value.every((n) => Number.isInteger(n) && n > 0) && value[0] <= value[1];
}

function checkLabels(source: string, data: AppLabels): AppLabels {
  for (const key of ['app', 'repository', 'commit'] as const) {
    if (typeof data[key] !== 'string' || data[key] === '') fail(source, `missing "${key}"`);
  }
  if (!Array.isArray(data.entryPoints) || !Array.isArray(data.weaknesses) || !Array.isArray(data.nonFindings)) {
    fail(source, 'entryPoints, weaknesses and nonFindings must be arrays');
  }
  const ids = new Set<string>();
  for (const w of data.weaknesses) {
    const where = `weakness ${w.id ?? '?'}`;
    if (!w.id || ids.has(w.id)) fail(source, `${where}: missing or duplicate id`);
    ids.add(w.id);
    if (!w.category || !w.file || !Number.isInteger(w.line) || w.line < 1) fail(source, `${where}: needs category, file and a 1-based line`);
    if (w.lines !== undefined && !isSpan(w.lines)) fail(source, `${where}: lines must be [start, end]`);
    for (const at of w.alsoAt ?? []) if (!at.file || !isSpan(at.lines)) fail(source, `${where}: bad alsoAt entry`);
    if (w.category === 'other' && !(w.keywords?.length)) fail(source, `${where}: category other needs keywords`);
  }
  for (const n of data.nonFindings) {
    if (!n.category || !n.file || !Number.isInteger(n.line)) fail(source, `nonFinding ${n.file}:${n.line}: needs category, file and line`);
  }
  for (const e of data.entryPoints) {
    if (!e.method || !e.path || !['none', 'user', 'admin', 'denied'].includes(e.auth)) fail(source, `entry point ${e.method} ${e.path}: needs method, path and auth`);
  }
  return data;
}

export async function loadLabels(file: string): Promise<AppLabels> {
  const data = JSON.parse(await readFile(file, 'utf8')) as AppLabels;
  return checkLabels(file, data);
}

/** Every `<app>.labels.json` in `dir`, sorted by app name. */
export async function listLabelFiles(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith(LABEL_SUFFIX)).sort();
  return names.map((n) => join(dir, n));
}

export function appNameOf(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return base.slice(0, -LABEL_SUFFIX.length);
}
