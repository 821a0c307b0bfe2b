// A small npm-semver comparison, enough to place an exact lockfile version against OSV range events
// (introduced / fixed / last_affected / limit). Ecosystem-correct matching for every ecosystem is
// the job of src/ir; this is the stand-in the kill-chain builder uses until that matcher plugs in.

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: (string | number)[];
}

const PATTERN = /^[v=\s]*(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?\s*$/;

export function parseSemver(text: string): SemVer | undefined {
  const match = PATTERN.exec(text);
  if (!match) return undefined;
  const prerelease = match[4] ? match[4].split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [];
  return { major: Number(match[1]), minor: Number(match[2] ?? 0), patch: Number(match[3] ?? 0), prerelease };
}

function compareIdentifiers(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Semver precedence: negative when a < b. Pre-releases sort before their release. */
export function compareSemver(a: SemVer, b: SemVer): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return core;
  if (a.prerelease.length === 0 || b.prerelease.length === 0) return b.prerelease.length - a.prerelease.length;
  for (let i = 0; i < Math.max(a.prerelease.length, b.prerelease.length); i++) {
    if (a.prerelease[i] === undefined) return -1;
    if (b.prerelease[i] === undefined) return 1;
    const diff = compareIdentifiers(a.prerelease[i], b.prerelease[i]);
    if (diff !== 0) return diff;
  }
  return 0;
}

export interface RangeEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

/**
 * OSV range evaluation (the spec's algorithm): walk the events in version order; `introduced`
 * switches affected on, `fixed` and `limit` switch it off at their version, `last_affected` after
 * it. An empty `fixed` (seen in real records) means "no fix" and is ignored.
 */
export function inRange(version: string, events: readonly RangeEvent[]): boolean | undefined {
  const v = parseSemver(version);
  if (!v) return undefined;
  const parsed: { kind: keyof RangeEvent; at: SemVer | 'zero' }[] = [];
  for (const event of events) {
    for (const kind of ['introduced', 'fixed', 'last_affected', 'limit'] as const) {
      const value = event[kind];
      if (typeof value !== 'string' || value.trim() === '' || value.trim() === '*') continue;
      if (kind === 'introduced' && /^0(\.0)*$/.test(value.trim())) {
        parsed.push({ kind, at: 'zero' });
        continue;
      }
      const at = parseSemver(value);
      if (!at) return undefined;
      parsed.push({ kind, at });
    }
  }
  const order = (x: SemVer | 'zero', y: SemVer | 'zero') => (x === 'zero' ? (y === 'zero' ? 0 : -1) : y === 'zero' ? 1 : compareSemver(x, y));
  parsed.sort((a, b) => order(a.at, b.at));
  let affected = false;
  for (const event of parsed) {
    const cmp = event.at === 'zero' ? 1 : compareSemver(v, event.at);
    if (event.kind === 'introduced' && cmp >= 0) affected = true;
    else if ((event.kind === 'fixed' || event.kind === 'limit') && cmp >= 0) affected = false;
    else if (event.kind === 'last_affected' && cmp > 0) affected = false;
  }
  return affected;
}
