// CVE JSON 5.x records (CVE List V5). The CNA container is authoritative for what is affected; ADP
// containers (CISA) add KEV, SSVC and CVSS. Products are mapped to packages through
// `collectionURL` + `packageName` when given, else through the curated known-component table.
import { canonicalEcosystem } from '../versions/index.js';
import { findComponent } from './components.js';
import { cvss3, ratingOf } from './cvss.js';
import { JsonReader, safeUrl } from './read.js';
import { SEVERITY_FROM_TEXT, type Advisory, type AffectedPackage, type AffectedSystem, type Cve5Version, type VersionMatcher } from './types.js';

export function looksLikeCve5(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return false;
  const d = doc as Record<string, unknown>;
  return d.dataType === 'CVE_RECORD' || (typeof d.cveMetadata === 'object' && d.cveMetadata !== null);
}

const REGISTRIES: [RegExp, string][] = [
  [/npmjs\.(com|org)/, 'npm'],
  [/pypi\.(org|python\.org)/, 'pypi'],
  [/maven\.(apache\.)?org|repo1\.maven|search\.maven/, 'maven'],
  [/proxy\.golang\.org|pkg\.go\.dev/, 'go'],
  [/rubygems\.org/, 'rubygems'],
  [/nuget\.org/, 'nuget'],
  [/crates\.io/, 'cargo'],
  [/packagist\.org/, 'packagist'],
];

const STATUSES = ['affected', 'unaffected', 'unknown'] as const;

function status(r: JsonReader, value: unknown, path: string): Cve5Version['status'] {
  const s = r.string(value, path);
  if (!(STATUSES as readonly string[]).includes(s)) r.fail(path, `must be one of ${STATUSES.join(', ')}`);
  return s as Cve5Version['status'];
}

function readVersions(r: JsonReader, value: unknown, path: string, notes: string[]): Cve5Version[] {
  return r.optionalArray(value, path).map((raw, i) => {
    const p = `${path}[${i}]`;
    const v = r.object(raw, p);
    const entry: Cve5Version = { version: r.string(v.version, `${p}.version`).trim(), status: status(r, v.status, `${p}.status`) };
    const versionType = r.optionalString(v.versionType, `${p}.versionType`);
    if (versionType) entry.versionType = versionType;
    for (const key of ['lessThan', 'lessThanOrEqual'] as const) {
      const bound = r.optionalString(v[key], `${p}.${key}`);
      if (bound === undefined) continue;
      if (bound.includes('*') && bound.trim() !== '*') {
        // Log4Shell's CNA wrote `lessThan: "log4j-core*"`: not a version; read as "no upper bound".
        notes.push(`${p}.${key} is "${bound}", which is not a version; it is read as "*" (no upper bound) and the "changes" list decides`);
      }
      entry[key] = bound.includes('*') ? '*' : bound.trim();
    }
    const changes = r.optionalArray(v.changes, `${p}.changes`).map((c, j) => {
      const change = r.object(c, `${p}.changes[${j}]`);
      return { at: r.string(change.at, `${p}.changes[${j}].at`).trim(), status: status(r, change.status, `${p}.changes[${j}].status`) };
    });
    if (changes.length) entry.changes = changes;
    return entry;
  });
}

interface ProductEntry {
  vendor: string;
  product: string;
  packageName?: string;
  collectionURL?: string;
  versions: Cve5Version[];
  defaultStatus: Cve5Version['status'];
}

function readAffected(r: JsonReader, value: unknown, path: string, notes: string[]): ProductEntry[] {
  return r.optionalArray(value, path).map((raw, i) => {
    const p = `${path}[${i}]`;
    const a = r.object(raw, p);
    const defaultStatus = a.defaultStatus === undefined ? 'unknown' : status(r, a.defaultStatus, `${p}.defaultStatus`);
    return {
      vendor: (r.optionalString(a.vendor, `${p}.vendor`) ?? '').trim(),
      product: (r.optionalString(a.product, `${p}.product`) ?? '').trim(),
      packageName: r.optionalString(a.packageName, `${p}.packageName`)?.trim(),
      collectionURL: r.optionalString(a.collectionURL, `${p}.collectionURL`)?.trim(),
      versions: readVersions(r, a.versions, `${p}.versions`, notes),
      defaultStatus,
    };
  });
}

function matcherOf(entry: ProductEntry): VersionMatcher {
  return { kind: 'cve5', entries: entry.versions, defaultStatus: entry.defaultStatus };
}

function mapProducts(entries: ProductEntry[], advisory: Advisory): void {
  for (const entry of entries) {
    const label = [entry.vendor, entry.product].filter((s) => s && s.toLowerCase() !== 'n/a').join(' / ') || entry.packageName || '(unnamed product)';
    const registry = entry.collectionURL ? REGISTRIES.find(([re]) => re.test(entry.collectionURL!)) : undefined;
    if (registry && entry.packageName) {
      advisory.packages.push({ ecosystem: canonicalEcosystem(registry[1]), rawEcosystem: entry.collectionURL!, name: entry.packageName, matcher: matcherOf(entry), functions: [] });
      continue;
    }
    const known = findComponent(entry.packageName ?? entry.product, entry.vendor) ?? findComponent(entry.product, entry.vendor);
    if (known?.system) {
      const system: AffectedSystem = { component: known.system, title: known.title, matcher: matcherOf(entry), named: label };
      advisory.systems.push(system);
      continue;
    }
    if (known) {
      for (const pkg of known.packages) {
        const affected: AffectedPackage = { ecosystem: pkg.ecosystem, rawEcosystem: pkg.ecosystem, name: pkg.name, matcher: matcherOf(entry), functions: [], note: `${label} is ${known.title}, published as ${pkg.name}` };
        advisory.packages.push(affected);
      }
      continue;
    }
    advisory.unmapped.push(label);
  }
}

function readSeverity(r: JsonReader, metrics: unknown[], path: string, advisory: Advisory, fromAdp = false): void {
  metrics.forEach((raw, i) => {
    const m = r.object(raw, `${path}[${i}]`);
    for (const key of ['cvssV3_1', 'cvssV3_0']) {
      const c = r.optionalObject(m[key], `${path}[${i}].${key}`);
      if (!c || advisory.severity.vector) continue;
      const vector = r.optionalString(c.vectorString, `${path}[${i}].${key}.vectorString`);
      const parsed = vector ? cvss3(vector) : undefined;
      const score = typeof c.baseScore === 'number' ? c.baseScore : parsed?.score;
      if (vector) advisory.severity.vector = vector;
      if (score !== undefined) advisory.severity.score = score;
      if (parsed) advisory.severity.attackVector = parsed.attackVector;
      // The CNA's own rating wins over an ADP's CVSS (OpenSSL rates CVE-2024-5535 "Low"; CISA 9.1).
      const level = score !== undefined ? ratingOf(score) : undefined;
      if (level && !(fromAdp && advisory.severity.level)) advisory.severity.level = level;
    }
    const other = r.optionalObject(m.other, `${path}[${i}].other`);
    if (!other) return;
    const type = typeof other.type === 'string' ? other.type : '';
    const content = r.isObject(other.content) ? other.content : {};
    if (type === 'kev' && typeof content.dateAdded === 'string') advisory.kev = { dateAdded: content.dateAdded };
    else if (type === 'ssvc' && Array.isArray(content.options)) {
      const ssvc: NonNullable<Advisory['ssvc']> = {};
      for (const option of content.options) {
        if (!r.isObject(option)) continue;
        if (typeof option.Exploitation === 'string') ssvc.exploitation = option.Exploitation;
        if (typeof option.Automatable === 'string') ssvc.automatable = option.Automatable;
        if (typeof option['Technical Impact'] === 'string') ssvc.technicalImpact = option['Technical Impact'];
      }
      advisory.ssvc = ssvc;
    } else if (!advisory.severity.level) {
      // Free-form ratings: OpenSSL's `{"text": "Low"}`, Apache's `{"other": "critical"}`.
      const text = [content.text, content.other].find((v): v is string => typeof v === 'string');
      const level = text ? SEVERITY_FROM_TEXT[text.trim().toLowerCase()] : undefined;
      if (level) advisory.severity.level = level;
    }
  });
}

export function parseCve5(doc: unknown, file: string, input = file): Advisory {
  const r = new JsonReader(file);
  const d = r.object(doc, '(top level)');
  const meta = r.object(d.cveMetadata, 'cveMetadata');
  const id = r.string(meta.cveId, 'cveMetadata.cveId').trim();
  if (!/^CVE-\d{4}-\d{4,}$/.test(id)) r.fail('cveMetadata.cveId', `"${id}" is not a CVE id`);
  const state = r.optionalString(meta.state, 'cveMetadata.state');
  const containers = r.object(d.containers, 'containers');
  const notes: string[] = [];
  if (state === 'REJECTED') notes.push('the CVE record is REJECTED');
  const cna = state === 'REJECTED' ? r.optionalObject(containers.cna, 'containers.cna') ?? {} : r.object(containers.cna, 'containers.cna');
  const adps = r.optionalArray(containers.adp, 'containers.adp').map((a, i) => r.object(a, `containers.adp[${i}]`));

  const descriptions = r.optionalArray(cna.descriptions, 'containers.cna.descriptions').map((raw, i) => r.object(raw, `containers.cna.descriptions[${i}]`));
  const english = descriptions.find((x) => typeof x.lang === 'string' && x.lang.toLowerCase().startsWith('en')) ?? descriptions[0];
  const details = english ? r.string(english.value, 'containers.cna.descriptions[].value') : '';
  const title = r.optionalString(cna.title, 'containers.cna.title')?.trim() || firstSentence(details) || id;

  const advisory: Advisory = {
    id,
    aliases: [],
    title,
    details,
    severity: {},
    cwes: [],
    packages: [],
    systems: [],
    unmapped: [],
    references: [],
    source: { format: 'cve5', file, input },
    notes,
  };
  for (const [key, field] of [
    ['published', 'datePublished'],
    ['modified', 'dateUpdated'],
  ] as const) {
    const value = r.optionalString(meta[field], `cveMetadata.${field}`);
    if (value) advisory[key] = value;
  }

  let affected = readAffected(r, cna.affected, 'containers.cna.affected', notes);
  if (affected.length === 0) {
    const fromAdp = adps.flatMap((adp, i) => readAffected(r, adp.affected, `containers.adp[${i}].affected`, notes));
    if (fromAdp.length) notes.push('the CNA lists no affected products; the ADP container\'s list is used');
    affected = fromAdp;
  }
  mapProducts(affected, advisory);

  readSeverity(r, r.optionalArray(cna.metrics, 'containers.cna.metrics'), 'containers.cna.metrics', advisory);
  adps.forEach((adp, i) => readSeverity(r, r.optionalArray(adp.metrics, `containers.adp[${i}].metrics`), `containers.adp[${i}].metrics`, advisory, true));

  const cwes = new Set<string>();
  r.optionalArray(cna.problemTypes, 'containers.cna.problemTypes').forEach((raw, i) => {
    const pt = r.object(raw, `containers.cna.problemTypes[${i}]`);
    r.optionalArray(pt.descriptions, `containers.cna.problemTypes[${i}].descriptions`).forEach((dRaw, j) => {
      const desc = r.object(dRaw, `containers.cna.problemTypes[${i}].descriptions[${j}]`);
      const cwe = r.optionalString(desc.cweId, `containers.cna.problemTypes[${i}].descriptions[${j}].cweId`);
      if (cwe && /^CWE-\d+$/.test(cwe)) cwes.add(cwe);
    });
  });
  advisory.cwes = [...cwes];
  const refs = [cna, ...adps].flatMap((c, i) =>
    r.optionalArray(c.references, i === 0 ? 'containers.cna.references' : `containers.adp[${i - 1}].references`).map((raw) => (r.isObject(raw) && typeof raw.url === 'string' ? safeUrl(raw.url) : undefined)),
  );
  advisory.references = [...new Set(refs.filter((u): u is string => u !== undefined))];
  return advisory;
}

function firstSentence(text: string): string {
  const line = text.split(/\n/)[0].trim();
  const sentence = /^(.{20,160}?[.!?])(\s|$)/.exec(line)?.[1] ?? line.slice(0, 160);
  return sentence;
}
