// OSV records (https://ossf.github.io/osv-schema/) as published by the GitHub Advisory Database,
// OSV.dev, PyPA, Go and RustSec. Read strictly enough to refuse what is not OSV, leniently enough
// to keep the real-world quirks (empty `fixed`, empty `severity`, odd references) working.
import { canonicalEcosystem } from '../versions/index.js';
import { cvss3, cvss4AttackVector, ratingOf } from './cvss.js';
import { JsonReader, safeUrl } from './read.js';
import { SEVERITY_FROM_TEXT, type Advisory, type AffectedPackage, type OsvRange, type RangeEvent } from './types.js';

const EVENT_KEYS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;

export function looksLikeOsv(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return false;
  const d = doc as Record<string, unknown>;
  return typeof d.id === 'string' && (Array.isArray(d.affected) || 'schema_version' in d || 'modified' in d) && !('cveMetadata' in d);
}

function readEvents(r: JsonReader, value: unknown, path: string, notes: string[]): RangeEvent[] {
  const events: RangeEvent[] = [];
  r.array(value, path).forEach((raw, i) => {
    const e = r.object(raw, `${path}[${i}]`);
    const keys = EVENT_KEYS.filter((k) => k in e);
    if (keys.length !== 1) r.fail(`${path}[${i}]`, `must have exactly one of ${EVENT_KEYS.join(', ')}`);
    const key = keys[0];
    const version = r.string(e[key], `${path}[${i}].${key}`);
    if (version.trim() === '') {
      // GHSA-5mrr-rgp6-x4gr has `{"fixed": ""}`: no fix exists; it is not a version "".
      notes.push(`${path}[${i}].${key} is empty and was read as "no ${key.replace('_', ' ')} version"`);
      return;
    }
    events.push({ [key]: version.trim() });
  });
  if (!events.some((e) => e.introduced !== undefined)) notes.push(`${path} has no "introduced" event; it is read as starting at version 0`);
  return events;
}

function readFunctions(r: JsonReader, specific: Record<string, unknown> | undefined, path: string): string[] {
  if (!specific) return [];
  const out = r.strings(specific.affected_functions, `${path}.affected_functions`);
  // Go vulndb: imports: [{ path, symbols: [...] }]
  r.optionalArray(specific.imports, `${path}.imports`).forEach((raw, i) => {
    const imp = r.object(raw, `${path}.imports[${i}]`);
    const pkgPath = r.optionalString(imp.path, `${path}.imports[${i}].path`);
    for (const symbol of r.strings(imp.symbols, `${path}.imports[${i}].symbols`)) out.push(pkgPath ? `${pkgPath}.${symbol}` : symbol);
  });
  return [...new Set(out)];
}

function readAffected(r: JsonReader, value: unknown, path: string, notes: string[]): AffectedPackage | undefined {
  const a = r.object(value, path);
  const pkg = r.optionalObject(a.package, `${path}.package`);
  if (!pkg) {
    notes.push(`${path} names no package (only git ranges); it cannot be matched against dependencies`);
    return undefined;
  }
  const rawEcosystem = r.string(pkg.ecosystem, `${path}.package.ecosystem`);
  const name = r.string(pkg.name, `${path}.package.name`);
  if (name.trim() === '') r.fail(`${path}.package.name`, 'is empty');
  const ranges: OsvRange[] = r.optionalArray(a.ranges, `${path}.ranges`).map((raw, i) => {
    const range = r.object(raw, `${path}.ranges[${i}]`);
    const type = r.string(range.type, `${path}.ranges[${i}].type`);
    return { type, events: readEvents(r, range.events, `${path}.ranges[${i}].events`, notes) };
  });
  const versions = r.strings(a.versions, `${path}.versions`);
  if (ranges.length === 0 && versions.length === 0) notes.push(`${path} (${name}) lists neither ranges nor versions; every version is treated as affected`);
  const dbSpecific = r.optionalObject(a.database_specific, `${path}.database_specific`);
  const lastKnown = dbSpecific ? r.optionalString(dbSpecific.last_known_affected_version_range, `${path}.database_specific.last_known_affected_version_range`) : undefined;
  const out: AffectedPackage = {
    ecosystem: canonicalEcosystem(rawEcosystem),
    rawEcosystem,
    name: name.trim(),
    matcher: ranges.length === 0 && versions.length === 0 ? { kind: 'all' } : { kind: 'osv', ranges, versions },
    functions: readFunctions(r, r.optionalObject(a.ecosystem_specific, `${path}.ecosystem_specific`), `${path}.ecosystem_specific`),
  };
  if (lastKnown) out.lastKnownAffected = lastKnown.trim();
  return out;
}

export function parseOsv(doc: unknown, file: string, input = file): Advisory {
  const r = new JsonReader(file);
  const d = r.object(doc, '(top level)');
  const id = r.string(d.id, 'id').trim();
  if (!id) r.fail('id', 'is empty');
  const notes: string[] = [];
  const packages = r
    .optionalArray(d.affected, 'affected')
    .map((a, i) => readAffected(r, a, `affected[${i}]`, notes))
    .filter((p): p is AffectedPackage => p !== undefined);
  if (!Array.isArray(d.affected)) notes.push('the record has no "affected" list');

  const severity: Advisory['severity'] = {};
  r.optionalArray(d.severity, 'severity').forEach((raw, i) => {
    const s = r.object(raw, `severity[${i}]`);
    const type = r.string(s.type, `severity[${i}].type`);
    const score = r.string(s.score, `severity[${i}].score`);
    if (type === 'CVSS_V3' && !severity.vector) {
      const v3 = cvss3(score);
      if (v3) Object.assign(severity, { vector: score, score: v3.score, attackVector: v3.attackVector, level: ratingOf(v3.score) });
    } else if (type === 'CVSS_V4' && !severity.vector) {
      severity.vector = score;
      severity.attackVector = cvss4AttackVector(score);
    }
  });
  const db = r.optionalObject(d.database_specific, 'database_specific');
  const dbSeverity = db ? r.optionalString(db.severity, 'database_specific.severity') : undefined;
  if (dbSeverity && SEVERITY_FROM_TEXT[dbSeverity.toLowerCase()]) severity.level = SEVERITY_FROM_TEXT[dbSeverity.toLowerCase()];
  const cwes = db ? r.strings(db.cwe_ids, 'database_specific.cwe_ids') : [];

  const references = r
    .optionalArray(d.references, 'references')
    .map((raw, i) => {
      const ref = r.object(raw, `references[${i}]`);
      return safeUrl(r.string(ref.url, `references[${i}].url`));
    })
    .filter((u): u is string => u !== undefined);

  const advisory: Advisory = {
    id,
    aliases: r.strings(d.aliases, 'aliases').filter((a) => a.trim() !== ''),
    title: (r.optionalString(d.summary, 'summary') ?? '').trim() || id,
    details: r.optionalString(d.details, 'details') ?? '',
    severity,
    cwes,
    packages,
    systems: [],
    unmapped: [],
    references: [...new Set(references)],
    source: { format: 'osv', file, input },
    notes,
  };
  for (const key of ['published', 'modified', 'withdrawn'] as const) {
    const value = r.optionalString(d[key], key);
    if (value) advisory[key] = value;
  }
  if (advisory.withdrawn) notes.push(`the advisory was withdrawn on ${advisory.withdrawn}`);
  return advisory;
}
