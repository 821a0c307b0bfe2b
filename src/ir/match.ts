// Is version V of a package inside an advisory's affected versions? OSV ranges follow the schema's
// evaluation pseudocode (introduced / fixed / last_affected / limit, several ranges, `versions`
// lists); CVE 5 entries follow the CVE record format (version, lessThan / lessThanOrEqual,
// `changes`, `defaultStatus`); package specs use the ecosystem's own requirement syntax.
import type { Cve5Version, OsvRange, RangeEvent, VersionMatcher } from './advisory/types.js';
import { genericScheme } from './versions/generic.js';
import { canonicalEcosystem, schemeFor } from './versions/index.js';
import { semverScheme } from './versions/semver.js';
import { comparatorSet, describeSet, inSet, overlaps, covers, type Interval, type VersionScheme, type VersionSet } from './versions/types.js';

export interface VersionVerdict {
  status: 'affected' | 'unaffected' | 'unknown';
  /** One sentence on why, naming the range that decided. */
  reason: string;
  /** The first version that fixes it for this line of releases, when one exists. */
  fixed?: string;
  /** The affected range the version falls in (`>=1.0.0 <1.2.6`). */
  range?: string;
}

/** The scheme for an OSV range type (`SEMVER` is SemVer 2.0 whatever the ecosystem). */
function rangeScheme(type: string, ecosystem: string): VersionScheme | undefined {
  if (type === 'SEMVER') return semverScheme;
  if (type === 'ECOSYSTEM') return schemeFor(ecosystem);
  return undefined;
}

/** The scheme for a CVE 5 `versionType` (semver, maven, python, custom, git...). */
export function cve5Scheme(versionType: string | undefined, ecosystem: string | undefined): VersionScheme | undefined {
  const t = (versionType ?? '').toLowerCase();
  if (t === 'git') return undefined;
  if (ecosystem && canonicalEcosystem(ecosystem) !== 'generic' && (t === '' || t === 'custom' || t === canonicalEcosystem(ecosystem))) return schemeFor(ecosystem);
  if (t === 'semver') return genericScheme; // CNAs write "semver" for dotted numbers that are not strict SemVer
  if (t === 'maven' || t === 'python' || t === 'pypi' || t === 'npm' || t === 'nuget' || t === 'rpm' || t === 'deb') return schemeFor(t === 'python' ? 'pypi' : t === 'deb' ? 'debian' : t);
  return genericScheme;
}

const isZero = (v: string) => v === '0';

/** Sorted events of a range (`introduced: "0"` first), or the event whose version is not valid. */
function sortEvents(scheme: VersionScheme, events: RangeEvent[]): { events: [keyof RangeEvent, string][] } | { invalid: string } {
  const list: [keyof RangeEvent, string][] = [];
  for (const e of events) {
    for (const key of ['introduced', 'fixed', 'last_affected', 'limit'] as const) {
      const v = e[key];
      if (v === undefined) continue;
      if (!(key === 'introduced' && isZero(v)) && !(key === 'limit' && v.includes('*')) && !scheme.valid(v)) return { invalid: v };
      list.push([key, v]);
    }
  }
  const rank = ([k, v]: [keyof RangeEvent, string]) => (k === 'introduced' && isZero(v) ? -1 : 0);
  list.sort((a, b) => rank(a) - rank(b) || (rank(a) === -1 ? 0 : scheme.compare(a[1], b[1])));
  return { events: list };
}

/** The affected intervals a range describes (for describing it and for range-vs-range questions). */
export function rangeIntervals(scheme: VersionScheme, range: OsvRange): VersionSet | undefined {
  const sorted = sortEvents(scheme, range.events);
  if ('invalid' in sorted) return undefined;
  const out: VersionSet = [];
  let open: Interval | undefined;
  for (const [key, v] of sorted.events) {
    if (key === 'introduced') {
      if (!open) open = isZero(v) ? {} : { lo: { version: v, inclusive: true } };
    } else if (key === 'fixed' || key === 'last_affected') {
      if (open) {
        out.push({ ...open, hi: { version: v, inclusive: key === 'last_affected' } });
        open = undefined;
      }
    }
  }
  if (open) out.push(open);
  const limits = sorted.events.filter(([k, v]) => k === 'limit' && !v.includes('*')).map(([, v]) => v);
  if (limits.length > 0) {
    const max = limits.reduce((a, b) => (scheme.compare(a, b) >= 0 ? a : b));
    return out
      .map((i) => (i.hi && scheme.compare(i.hi.version, max) <= 0 ? i : { ...i, hi: { version: max, inclusive: false } }))
      .filter((i) => !(i.lo && scheme.compare(i.lo.version, max) >= 0));
  }
  return out;
}

function beforeLimits(scheme: VersionScheme, version: string, events: [keyof RangeEvent, string][]): boolean {
  const limits = events.filter(([k]) => k === 'limit');
  if (limits.length === 0) return true;
  return limits.some(([, v]) => v.includes('*') || scheme.compare(version, v) < 0);
}

function evaluateOsvRange(range: OsvRange, ecosystem: string, version: string): VersionVerdict | undefined {
  const scheme = rangeScheme(range.type, ecosystem);
  if (!scheme) return { status: 'unknown', reason: `a ${range.type} range (commit hashes) cannot be compared with version ${version}` };
  if (!scheme.valid(version)) return { status: 'unknown', reason: `${version} is not a valid ${scheme.id} version, so it cannot be placed in the advisory's ranges` };
  const sorted = sortEvents(scheme, range.events);
  if ('invalid' in sorted) return { status: 'unknown', reason: `the advisory's range bound "${sorted.invalid}" is not a valid ${scheme.id} version` };
  const intervals = rangeIntervals(scheme, range) ?? [];
  if (!beforeLimits(scheme, version, sorted.events)) return undefined;
  let vulnerable = false;
  for (const [key, v] of sorted.events) {
    if (key === 'introduced' && (isZero(v) || scheme.compare(version, v) >= 0)) vulnerable = true;
    else if (key === 'fixed' && scheme.compare(version, v) >= 0) vulnerable = false;
    else if (key === 'last_affected' && scheme.compare(version, v) > 0) vulnerable = false;
  }
  if (!vulnerable) return undefined;
  const hit = intervals.find((i) => inSet(scheme, version, [i]));
  const fixed = sorted.events.find(([k, v]) => k === 'fixed' && scheme.compare(v, version) > 0)?.[1];
  const lastAffected = sorted.events.find(([k, v]) => k === 'last_affected' && scheme.compare(v, version) >= 0)?.[1];
  const rangeText = hit ? describeSet([hit]) : describeSet(intervals);
  return {
    status: 'affected',
    reason: `${version} is in the affected range ${rangeText}${fixed ? `, fixed in ${fixed}` : lastAffected ? ` (last affected ${lastAffected}; no fixed version named)` : ' (no fixed version published)'}`,
    ...(fixed ? { fixed } : {}),
    range: rangeText,
  };
}

function evaluateOsv(matcher: Extract<VersionMatcher, { kind: 'osv' }>, ecosystem: string, version: string): VersionVerdict {
  const scheme = schemeFor(ecosystem);
  for (const listed of matcher.versions) {
    if (listed === version || (scheme.valid(listed) && scheme.valid(version) && scheme.compare(listed, version) === 0)) {
      return { status: 'affected', reason: `${version} is listed as an affected version`, range: `=${listed}` };
    }
  }
  const unknown: string[] = [];
  for (const range of matcher.ranges) {
    const verdict = evaluateOsvRange(range, ecosystem, version);
    if (!verdict) continue;
    if (verdict.status === 'affected') return verdict;
    unknown.push(verdict.reason);
  }
  if (unknown.length > 0 && unknown.length === matcher.ranges.length && matcher.versions.length === 0) return { status: 'unknown', reason: unknown[0] };
  const described = matcher.ranges
    .map((r) => {
      const s = rangeScheme(r.type, ecosystem);
      const set = s ? rangeIntervals(s, r) : undefined;
      return set ? describeSet(set) : undefined;
    })
    .filter(Boolean);
  return {
    status: 'unaffected',
    reason: `${version} is outside the affected ranges (${[...described, ...matcher.versions.map((v) => `=${v}`)].join(' || ') || 'none'})`,
  };
}

function cve5Bound(value: string | undefined): string | undefined {
  return value === undefined || value === '*' ? undefined : value;
}

function evaluateCve5Entry(entry: Cve5Version, ecosystem: string | undefined, version: string): VersionVerdict | undefined {
  const scheme = cve5Scheme(entry.versionType, ecosystem);
  if (!scheme) return { status: 'unknown', reason: `the record describes versions as git commits, which cannot be compared with ${version}` };
  const hasRange = entry.lessThan !== undefined || entry.lessThanOrEqual !== undefined;
  const low = entry.version;
  const lowOpen = low === '0' || low === '*' || low === '';
  const bounds = [lowOpen ? undefined : low, cve5Bound(entry.lessThan), cve5Bound(entry.lessThanOrEqual), ...(entry.changes ?? []).map((c) => c.at)].filter((v): v is string => v !== undefined);
  const invalid = bounds.find((b) => !scheme.valid(b));
  if (invalid !== undefined) return { status: 'unknown', reason: `the record's version "${invalid}" is free text that cannot be range-matched` };
  if (!scheme.valid(version)) return { status: 'unknown', reason: `${version} cannot be compared with the record's ${entry.versionType ?? 'custom'} versions` };
  if (!hasRange) {
    return scheme.compare(version, low) === 0 ? { status: entry.status, reason: `${version} is listed as ${entry.status}`, range: `=${low}` } : undefined;
  }
  if (!lowOpen && scheme.compare(version, low) < 0) return undefined;
  const hi = cve5Bound(entry.lessThan) ?? cve5Bound(entry.lessThanOrEqual);
  if (hi !== undefined) {
    const c = scheme.compare(version, hi);
    if (c > 0 || (c === 0 && entry.lessThan !== undefined)) return undefined;
  }
  let status = entry.status;
  let since = lowOpen ? '0' : low;
  const changes = [...(entry.changes ?? [])].sort((a, b) => scheme.compare(a.at, b.at));
  for (const change of changes) {
    if (scheme.compare(version, change.at) >= 0) {
      status = change.status;
      since = change.at;
    }
  }
  const nextFix = changes.find((c) => c.status === 'unaffected' && scheme.compare(c.at, version) > 0)?.at ?? (status === 'affected' ? cve5Bound(entry.lessThan) : undefined);
  const until = changes.find((c) => scheme.compare(c.at, version) > 0)?.at ?? hi;
  const rangeText = `>=${since}${until ? ` ${until === cve5Bound(entry.lessThanOrEqual) && !changes.some((c) => c.at === until) ? '<=' : '<'}${until}` : ''}`;
  return {
    status,
    reason: status === 'affected' ? `${version} is in the affected range ${rangeText}${nextFix ? `, fixed in ${nextFix}` : ''}` : `${version} is ${status} (${rangeText})`,
    ...(status === 'affected' && nextFix ? { fixed: nextFix } : {}),
    range: rangeText,
  };
}

function evaluateCve5(matcher: Extract<VersionMatcher, { kind: 'cve5' }>, ecosystem: string | undefined, version: string): VersionVerdict {
  const unknowns: string[] = [];
  for (const entry of matcher.entries) {
    const verdict = evaluateCve5Entry(entry, ecosystem, version);
    if (!verdict) continue;
    if (verdict.status !== 'unknown') return verdict;
    unknowns.push(verdict.reason);
  }
  if (unknowns.length > 0) return { status: 'unknown', reason: unknowns[0] };
  const d = matcher.defaultStatus;
  return { status: d, reason: d === 'unknown' ? `${version} is not covered by the record, whose default status is "unknown"` : `${version} is not covered by the listed ranges; the record's default status is "${d}"` };
}

/** A requirement in the ecosystem's syntax, else a plain comparator list (`<1.2.6`, `>=1.0 <2`). */
export function specSet(ecosystem: string, spec: string): VersionSet | undefined {
  const scheme = schemeFor(ecosystem);
  return scheme.range(spec) ?? comparatorSet(spec, scheme);
}

/**
 * An exclusive upper bound as a release name: ranges are written with sentinels below every
 * prerelease (npm `2.0.0-0`, PEP 440 `2.0.dev0`, RubyGems `2.3.a`); the fix is the release itself.
 */
export function releaseOfBound(version: string): string {
  return version.replace(/-0$/, '').replace(/\.dev0$/, '').replace(/\.a$/, '');
}

function evaluateSpec(spec: string, ecosystem: string, version: string): VersionVerdict {
  const scheme = schemeFor(ecosystem);
  if (!scheme.valid(version)) return { status: 'unknown', reason: `${version} is not a valid ${scheme.id} version` };
  const set = specSet(ecosystem, spec);
  if (!set) return { status: 'unknown', reason: `"${spec}" is not a ${scheme.id} range threatcode understands` };
  const satisfied = scheme.range(spec) && scheme.satisfies ? scheme.satisfies(version, spec) : inSet(scheme, version, set);
  if (!satisfied) return { status: 'unaffected', reason: `${version} does not satisfy ${spec}` };
  const hit = set.find((i) => inSet(scheme, version, [i]));
  const fixed = hit?.hi && !hit.hi.inclusive ? releaseOfBound(hit.hi.version) : undefined;
  return { status: 'affected', reason: `${version} satisfies ${spec}`, ...(fixed ? { fixed } : {}), range: spec };
}

/** Is this exact version affected? */
export function evaluateVersion(matcher: VersionMatcher, ecosystem: string, version: string): VersionVerdict {
  switch (matcher.kind) {
    case 'all':
      return { status: 'affected', reason: `the advisory gives no version range, so every version (including ${version}) is treated as affected`, range: '*' };
    case 'osv':
      return evaluateOsv(matcher, ecosystem, version);
    case 'cve5':
      return evaluateCve5(matcher, ecosystem, version);
    case 'spec':
      return evaluateSpec(matcher.spec, ecosystem, version);
  }
}

/** All affected versions as intervals, when they can be expressed so (used for manifest ranges). */
export function affectedSet(matcher: VersionMatcher, ecosystem: string): VersionSet | undefined {
  const scheme = schemeFor(ecosystem);
  switch (matcher.kind) {
    case 'all':
      return [{}];
    case 'spec':
      return specSet(ecosystem, matcher.spec);
    case 'osv': {
      const out: VersionSet = matcher.versions.filter((v) => scheme.valid(v)).map((v) => ({ lo: { version: v, inclusive: true }, hi: { version: v, inclusive: true } }));
      for (const range of matcher.ranges) {
        const s = rangeScheme(range.type, ecosystem);
        if (s !== scheme) return undefined;
        const set = rangeIntervals(scheme, range);
        if (!set) return undefined;
        out.push(...set);
      }
      return out;
    }
    case 'cve5':
      return undefined;
  }
}

/**
 * A manifest declares a range, not a version (no lockfile): can it resolve to an affected version?
 * `all` when every version it admits is affected, `some` when some are, `none` when none are.
 */
export function evaluateDeclaredRange(matcher: VersionMatcher, ecosystem: string, declared: string): { status: 'all' | 'some' | 'none' | 'unknown'; reason: string; fixed?: string } {
  const scheme = schemeFor(ecosystem);
  const declaredSet = scheme.range(declared);
  const affected = affectedSet(matcher, ecosystem);
  if (!declaredSet) return { status: 'unknown', reason: `the declared version "${declared}" is not a ${scheme.id} range threatcode understands` };
  if (!affected) return { status: 'unknown', reason: `the advisory's ranges cannot be compared with the declared range ${declared}` };
  if (!overlaps(scheme, declaredSet, affected)) return { status: 'none', reason: `the declared range ${declared} admits no affected version (${describeSet(affected)})` };
  // The version to require: above every affected interval the declared range reaches into.
  const ceilings = affected.filter((a) => overlaps(scheme, declaredSet, [a])).map((a) => a.hi);
  const fixed = ceilings.every((h) => h && !h.inclusive) && ceilings.length ? ceilings.map((h) => releaseOfBound(h!.version)).sort((a, b) => scheme.compare(b, a))[0] : undefined;
  const extra = fixed ? { fixed } : {};
  if (covers(scheme, affected, declaredSet)) return { status: 'all', reason: `every version the declared range ${declared} admits is affected (${describeSet(affected)})`, ...extra };
  return { status: 'some', reason: `the declared range ${declared} admits affected versions (${describeSet(affected)}) and no lockfile pins the one installed`, ...extra };
}
