// Vulnerable dependencies as attack-graph edges. A minimal OSV reader (id, aliases, affected
// packages with ranges and versions, CWE ids, CVSS vector, severity, summary words) and a simple
// npm-semver matcher against the model's exact dependency versions. The full ecosystem-correct
// matcher of the incident-response work (src/ir) can replace `matchAdvisories`: the graph only
// consumes `AdvisoryMatch` values.
import type { Dependency, Evidence, Fact } from '../../model/types.js';
import { InputError } from '../../util/errors.js';
import type { ExploitMaturity } from '../score.js';
import { compareSemver, inRange, parseSemver } from './semver.js';
import type { RangeEvent } from './semver.js';

export type AdvisoryImpact = 'rce' | 'auth-bypass' | 'dos' | 'disclosure' | 'other';

export interface OsvAffected {
  ecosystem: string;
  name: string;
  ranges: { type: string; events: RangeEvent[] }[];
  versions: string[];
}

export interface OsvAdvisory {
  id: string;
  aliases: string[];
  summary: string;
  details: string;
  cwe: string[];
  /** GitHub's qualitative severity (LOW, MODERATE, HIGH, CRITICAL) when given. */
  severity?: string;
  /** The first CVSS v3 (or v4) vector given. */
  cvss?: string;
  affected: OsvAffected[];
  /** File the advisory was read from, for diagnostics. */
  source?: string;
}

/** The interface between an advisory matcher and the attack graph. */
export interface AdvisoryMatch {
  advisoryId: string;
  aliases?: string[];
  package: { ecosystem: string; name: string; version: string };
  /** Component id of the component that depends on the package. */
  component: string;
  impact: AdvisoryImpact;
  cvss?: string;
  cwe?: string[];
  severity?: string;
  summary?: string;
  maturity?: ExploitMaturity;
  /** imported: an import of the package was seen; direct: declared but no import seen; transitive. */
  reachability: 'imported' | 'direct' | 'transitive';
  /** The lowest fixed version above the installed one, when the advisory names one. */
  fixed?: string;
  evidence: Evidence[];
}

const MAX_TEXT = 20_000;

function text(value: unknown, max = MAX_TEXT): string {
  return typeof value === 'string' ? value.slice(0, max) : '';
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').slice(0, 200) : [];
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function events(value: unknown): RangeEvent[] {
  if (!Array.isArray(value)) return [];
  return value.slice(0, 200).flatMap((e) => {
    const r = record(e);
    if (!r) return [];
    const event: RangeEvent = {};
    for (const key of ['introduced', 'fixed', 'last_affected', 'limit'] as const) if (typeof r[key] === 'string') event[key] = r[key] as string;
    return [event];
  });
}

/** Parses one OSV JSON document; throws InputError naming the file when it is not OSV. */
export function parseOsv(json: string, source = 'advisory'): OsvAdvisory {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new InputError(source, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const doc = record(raw);
  if (!doc || typeof doc.id !== 'string' || !Array.isArray(doc.affected)) throw new InputError(source, 'not an OSV record (needs "id" and "affected")');
  const affected: OsvAffected[] = [];
  for (const a of doc.affected.slice(0, 500)) {
    const entry = record(a);
    const pkg = record(entry?.package);
    if (!entry || !pkg || typeof pkg.name !== 'string' || typeof pkg.ecosystem !== 'string') continue;
    const ranges = Array.isArray(entry.ranges)
      ? entry.ranges.slice(0, 100).flatMap((r) => {
          const range = record(r);
          return range ? [{ type: text(range.type, 40), events: events(range.events) }] : [];
        })
      : [];
    affected.push({ ecosystem: pkg.ecosystem, name: pkg.name, ranges, versions: strings(entry.versions) });
  }
  const dbSpecific = record(doc.database_specific);
  const severities = Array.isArray(doc.severity) ? doc.severity.map(record).filter((s) => s !== undefined) : [];
  const vector = severities.find((s) => typeof s.score === 'string' && /^CVSS:3\.[01]\//.test(s.score as string)) ?? severities.find((s) => typeof s.score === 'string' && /^CVSS:4\.0\//.test(s.score as string));
  const advisory: OsvAdvisory = {
    id: doc.id,
    aliases: strings(doc.aliases),
    summary: text(doc.summary, 1000),
    details: text(doc.details),
    cwe: strings(dbSpecific?.cwe_ids).map((c) => c.toUpperCase()),
    affected,
    source,
  };
  if (typeof dbSpecific?.severity === 'string') advisory.severity = dbSpecific.severity;
  if (vector) advisory.cvss = vector.score as string;
  return advisory;
}

const RCE_WORDS = /remote code execution|arbitrary code|code execution|command injection|code injection|\brce\b|deseriali[sz]|prototype pollution.{0,40}(rce|code execution)/i;
const AUTH_WORDS = /(authenti\w*|authori[sz]ation|signature (validation|verification)|access control|login|jwt) bypass|bypass\w* (the )?(authenti|authori|signature|access)|forge[ds]? (token|session|signature)|improper authentication/i;
const DISCLOSURE_WORDS = /disclos|information exposure|exposure of sensitive|leak|arbitrary file read|path traversal|directory traversal|sql injection/i;
const DOS_WORDS = /denial of service|\bdos\b|redos|resource exhaustion|uncontrolled resource|excessive (work|memory|cpu)|infinite loop|crash/i;

const CWE_IMPACT: readonly [AdvisoryImpact, readonly string[]][] = [
  ['rce', ['CWE-94', 'CWE-95', 'CWE-77', 'CWE-78', 'CWE-502', 'CWE-917', 'CWE-1336', 'CWE-434']],
  ['auth-bypass', ['CWE-287', 'CWE-285', 'CWE-862', 'CWE-863', 'CWE-306', 'CWE-347', 'CWE-290', 'CWE-1390', 'CWE-639', 'CWE-345', 'CWE-288']],
  ['disclosure', ['CWE-200', 'CWE-22', 'CWE-23', 'CWE-35', 'CWE-359', 'CWE-532', 'CWE-538', 'CWE-552', 'CWE-201', 'CWE-209', 'CWE-89', 'CWE-943', 'CWE-918']],
  ['dos', ['CWE-400', 'CWE-770', 'CWE-1333', 'CWE-674', 'CWE-835', 'CWE-834', 'CWE-476', 'CWE-409', 'CWE-776', 'CWE-789']],
];

function byWords(words: string): AdvisoryImpact | undefined {
  if (RCE_WORDS.test(words)) return 'rce';
  if (AUTH_WORDS.test(words)) return 'auth-bypass';
  if (DISCLOSURE_WORDS.test(words)) return 'disclosure';
  if (DOS_WORDS.test(words)) return 'dos';
  return undefined;
}

/** An availability-only CVSS vector (C:N, I:N, A:L/H) says denial of service when nothing else does. */
function availabilityOnly(vector: string | undefined): boolean {
  if (!vector) return false;
  const metric = (name: string) => new RegExp(`/${name}:([NLH])`).exec(vector)?.[1];
  const [c, i, a] = vector.startsWith('CVSS:4.0/') ? [metric('VC'), metric('VI'), metric('VA')] : [metric('C'), metric('I'), metric('A')];
  return c === 'N' && i === 'N' && (a === 'L' || a === 'H');
}

/** The impact class: words of the summary first (most specific), then CWE ids, the details, the CVSS vector. */
export function advisoryImpact(advisory: Pick<OsvAdvisory, 'summary' | 'details' | 'cwe'> & { cvss?: string }): AdvisoryImpact {
  const fromSummary = byWords(advisory.summary);
  if (fromSummary) return fromSummary;
  for (const [impact, cwes] of CWE_IMPACT) if (advisory.cwe.some((c) => cwes.includes(c))) return impact;
  return byWords(advisory.details.slice(0, 4000)) ?? (availabilityOnly(advisory.cvss) ? 'dos' : 'other');
}

/** Exploit maturity from the advisory's own words; undefined when it says nothing. */
export function advisoryMaturity(advisory: Pick<OsvAdvisory, 'summary' | 'details'>): ExploitMaturity | undefined {
  const words = `${advisory.summary}\n${advisory.details}`;
  if (/exploited in the wild|actively exploited|known exploited|under active exploitation/i.test(words)) return 'high';
  if (/public(ly available)? exploit|exploit (code )?is (publicly )?available|metasploit|weaponi[sz]ed/i.test(words)) return 'functional';
  if (/proof[- ]of[- ]concept|\bpoc\b/i.test(words)) return 'proof-of-concept';
  return undefined;
}

function normaliseName(ecosystem: string, name: string): string {
  // PyPI names compare case- and separator-insensitively (PEP 503); npm names are lower-case already.
  return ecosystem.toLowerCase() === 'pypi' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
}

/** Whether an exact version is affected by one `affected` entry. */
export function versionAffected(version: string, affected: OsvAffected): boolean {
  if (affected.versions.includes(version)) return true;
  for (const range of affected.ranges) {
    if (range.type.toUpperCase() === 'GIT') continue;
    if (inRange(version, range.events) === true) return true;
  }
  return false;
}

/** The lowest `fixed` version above `version` in the entries that affect it. */
export function fixedVersion(version: string, entries: readonly OsvAffected[]): string | undefined {
  const current = parseSemver(version);
  if (!current) return undefined;
  let best: { text: string; at: NonNullable<ReturnType<typeof parseSemver>> } | undefined;
  for (const entry of entries)
    for (const range of entry.ranges)
      for (const event of range.events) {
        const at = event.fixed ? parseSemver(event.fixed) : undefined;
        if (!at || !event.fixed || compareSemver(at, current) <= 0) continue;
        if (!best || compareSemver(at, best.at) < 0) best = { text: event.fixed, at };
      }
  return best?.text;
}

interface MatchContext {
  facts?: readonly Fact[];
  /** File → component id (to attribute import facts). */
  componentOfFile?: (file: string) => string | undefined;
}

function importsBy(context: MatchContext): Map<string, Map<string, Evidence>> {
  const byComponent = new Map<string, Map<string, Evidence>>();
  if (!context.facts || !context.componentOfFile) return byComponent;
  for (const fact of context.facts) {
    if (fact.kind !== 'import') continue;
    const component = context.componentOfFile(fact.evidence.file);
    if (!component) continue;
    const modules = byComponent.get(component) ?? new Map<string, Evidence>();
    const root = fact.module.startsWith('@') ? fact.module.split('/').slice(0, 2).join('/') : fact.module.split('/')[0];
    if (!modules.has(root)) modules.set(root, fact.evidence);
    byComponent.set(component, modules);
  }
  return byComponent;
}

function dependencyEvidence(dep: Dependency, facts: readonly Fact[] | undefined): Evidence {
  const fact = facts?.find((f) => f.kind === 'dependency' && f.name === dep.name && f.version === dep.version && f.manifest === dep.manifest);
  // Without facts (a model.json) the manifest is the best citation there is.
  return fact ? fact.evidence : { file: dep.manifest, line: 1, snippet: `${dep.name}@${dep.version}` };
}

/** Matches advisories against the model's dependencies (exact versions from lockfiles). */
export function matchAdvisories(advisories: readonly OsvAdvisory[], dependencies: readonly Dependency[], context: MatchContext = {}): AdvisoryMatch[] {
  const imports = importsBy(context);
  const matches = new Map<string, AdvisoryMatch>();
  for (const advisory of advisories) {
    const impact = advisoryImpact(advisory);
    const maturity = advisoryMaturity(advisory);
    for (const dep of dependencies) {
      if (!dep.component || !dep.version) continue;
      const hits = advisory.affected.filter(
        (a) => a.ecosystem.toLowerCase() === dep.ecosystem.toLowerCase() && normaliseName(a.ecosystem, a.name) === normaliseName(dep.ecosystem, dep.name) && versionAffected(dep.version, a),
      );
      if (hits.length === 0) continue;
      const key = `${advisory.id}|${dep.component}|${dep.ecosystem}|${dep.name}|${dep.version}`;
      const imported = imports.get(dep.component)?.get(dep.name);
      const reachability: AdvisoryMatch['reachability'] = imported ? 'imported' : dep.direct ? 'direct' : 'transitive';
      const existing = matches.get(key);
      if (existing) {
        if (existing.reachability === 'transitive' && reachability !== 'transitive') existing.reachability = reachability;
        continue;
      }
      const match: AdvisoryMatch = {
        advisoryId: advisory.id,
        package: { ecosystem: dep.ecosystem, name: dep.name, version: dep.version },
        component: dep.component,
        impact,
        reachability,
        evidence: imported ? [imported, dependencyEvidence(dep, context.facts)] : [dependencyEvidence(dep, context.facts)],
      };
      if (advisory.aliases.length > 0) match.aliases = [...advisory.aliases];
      if (advisory.cvss) match.cvss = advisory.cvss;
      if (advisory.cwe.length > 0) match.cwe = [...advisory.cwe];
      if (advisory.severity) match.severity = advisory.severity;
      if (advisory.summary) match.summary = advisory.summary;
      if (maturity) match.maturity = maturity;
      const fixed = fixedVersion(dep.version, hits);
      if (fixed) match.fixed = fixed;
      matches.set(key, match);
    }
  }
  return [...matches.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([, m]) => m);
}
