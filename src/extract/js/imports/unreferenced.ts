// Code shipped as data: JS/TS files kept under a data-like folder (`data/`, `fixtures/`,
// `samples/`, `snippets/`, `seeds/`) that no other file of the repository imports or requires.
// Such files are read as text by the application (exercise solutions, code samples, seed data) and
// never run, so the facts other extractors found in them (routes, sinks, secrets) describe nothing
// that executes. Every file records the repository modules it references (internal fact, removed
// here); link drops the facts of data files nothing references.
import { posix } from 'node:path';
import type { Fact, FactInput } from '../../../model/types.js';
import { isJsFile } from '../_lib/parse.js';
import { packageOf } from './sites.js';

export const REFS_SETTING = 'js-file-refs';

/** Folder names that hold data rather than code. */
const DATA_DIR = /(^|\/)(data|fixtures?|samples?|snippets?|seeds?)\//i;

/** The internal fact listing the repository modules a file references (relative paths and aliases). */
export function refsFact(file: string, specifiers: readonly string[]): FactInput | undefined {
  const own = [...new Set(specifiers.filter((s) => packageOf(s) === undefined && !/^[a-z][\w+.-]*:/i.test(s)))].sort();
  if (own.length === 0) return undefined;
  return { kind: 'config', setting: REFS_SETTING, values: { refs: own.join('\n') }, evidence: { file, line: 1 }, key: `${file}#${REFS_SETTING}` };
}

function stem(path: string): string {
  return path.replace(/\.(?:[cm]?[jt]sx?|json)$/, '').replace(/\/index$/, '');
}

function lastName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * Whether a relative specifier can denote a stem with one of these last names. Resolving changes
 * only the segments before the last one, unless the specifier's stem ends in `.`, `..` or `/`
 * (`./index` → `.`), which are resolved to know.
 */
function mayDenote(spec: string, lastNames: ReadonlySet<string>): boolean {
  const name = lastName(stem(spec));
  return name === '' || name === '.' || name === '..' || lastNames.has(name);
}

/** Stems a specifier can denote from `from` (relative: exact; alias: any file ending with it). */
function targets(from: string, spec: string): { exact?: string; suffix?: string } {
  if (spec.startsWith('.')) return { exact: stem(posix.normalize(posix.join(posix.dirname(from), spec))) };
  return { suffix: stem(spec.replace(/^[@~#]\/?|^\//, '')) };
}

export function pruneUnreferenced(facts: Fact[]): Fact[] {
  const refs = facts.filter((f) => f.kind === 'config' && f.setting === REFS_SETTING);
  if (refs.length === 0) return facts;
  const rest = facts.filter((f) => !(f.kind === 'config' && f.setting === REFS_SETTING));
  const candidates = new Set<string>();
  for (const f of rest) if (isJsFile(f.evidence.file) && DATA_DIR.test(f.evidence.file)) candidates.add(f.evidence.file);
  if (candidates.size === 0) return rest;
  const referenced = new Set<string>();
  const byStem = new Map<string, string>();
  for (const c of candidates) byStem.set(stem(c), c);
  // Candidates an alias suffix denotes, found once per suffix (perf: the same aliases recur in every file).
  const bySuffix = new Map<string, string[]>();
  const suffixHits = (suffix: string): string[] => {
    let hits = bySuffix.get(suffix);
    if (!hits) {
      const tail = `/${suffix}`;
      hits = [];
      for (const [s, c] of byStem) if (s === suffix || s.endsWith(tail)) hits.push(c);
      bySuffix.set(suffix, hits);
    }
    return hits;
  };
  // Last names of the candidates' stems: a relative specifier ending in another name cannot denote
  // one, and is passed over without resolving its path (most of them, in a large repository).
  const lastNames = new Set([...byStem.keys()].map(lastName));
  for (const r of refs) {
    if (r.kind !== 'config') continue;
    for (const spec of String(r.values.refs ?? '').split('\n').filter(Boolean)) {
      if (spec.startsWith('.') && !mayDenote(spec, lastNames)) continue;
      const t = targets(r.evidence.file, spec);
      if (t.exact !== undefined) {
        const hit = byStem.get(t.exact);
        if (hit && hit !== r.evidence.file) referenced.add(hit);
      } else if (t.suffix) {
        for (const c of suffixHits(t.suffix)) if (c !== r.evidence.file) referenced.add(c);
      }
    }
  }
  const dead = new Set([...candidates].filter((c) => !referenced.has(c)));
  return dead.size === 0 ? rest : rest.filter((f) => !dead.has(f.evidence.file));
}
