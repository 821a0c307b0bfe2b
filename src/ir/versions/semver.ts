// SemVer 2.0.0 (https://semver.org, section 11 precedence): the ordering of OSV `SEMVER` ranges,
// crates.io, and the base of npm and Go module versions.
import { comparatorSet, compareDigits, compareText, type VersionScheme } from './types.js';

export interface SemVer {
  major: string;
  minor: string;
  patch: string;
  /** Dot-separated prerelease identifiers; empty for a release. */
  prerelease: string[];
  build: string[];
}

const STRICT = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;
// Lenient: leading zeros, `=` / `v` prefixes, and one or two missing components (`1.2` → 1.2.0),
// which real advisories and lockfiles contain although the spec forbids them.
const LENIENT = /^[=v\s]*(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-?((?:[0-9A-Za-z-]+)(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** Strict SemVer 2.0 parse (a leading `v` is tolerated, as OSV producers sometimes leave it). */
export function parseSemver(text: string): SemVer | undefined {
  const m = STRICT.exec(text.trim());
  if (!m) return undefined;
  return { major: m[1], minor: m[2], patch: m[3], prerelease: m[4] ? m[4].split('.') : [], build: m[5] ? m[5].split('.') : [] };
}

/** Lenient parse used for ordering: `1.2` is 1.2.0, `01.2.3` is 1.2.3, `1.2.3beta` is 1.2.3-beta. */
export function parseSemverLenient(text: string): SemVer | undefined {
  const strict = parseSemver(text);
  if (strict) return strict;
  const m = LENIENT.exec(text.trim());
  if (!m) return undefined;
  return { major: m[1], minor: m[2] ?? '0', patch: m[3] ?? '0', prerelease: m[4] ? m[4].split('.') : [], build: m[5] ? m[5].split('.') : [] };
}

function compareIdentifier(a: string, b: string): number {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) return compareDigits(a, b);
  if (an) return -1;
  if (bn) return 1;
  return compareText(a, b);
}

/** Precedence of two parsed versions; build metadata is ignored. */
export function compareParsed(a: SemVer, b: SemVer): number {
  const core = compareDigits(a.major, b.major) || compareDigits(a.minor, b.minor) || compareDigits(a.patch, b.patch);
  if (core !== 0) return core;
  if (a.prerelease.length === 0 || b.prerelease.length === 0) return a.prerelease.length === b.prerelease.length ? 0 : a.prerelease.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(a.prerelease.length, b.prerelease.length); i++) {
    const c = compareIdentifier(a.prerelease[i], b.prerelease[i]);
    if (c !== 0) return c;
  }
  return a.prerelease.length === b.prerelease.length ? 0 : a.prerelease.length < b.prerelease.length ? -1 : 1;
}

export function compareSemver(a: string, b: string): number {
  const x = parseSemverLenient(a);
  const y = parseSemverLenient(b);
  if (x && y) return compareParsed(x, y);
  if (x) return 1;
  if (y) return -1;
  return compareText(a, b);
}

export function formatSemver(v: SemVer): string {
  return `${v.major}.${v.minor}.${v.patch}${v.prerelease.length ? `-${v.prerelease.join('.')}` : ''}`;
}

export const semverScheme: VersionScheme = {
  id: 'semver',
  valid: (v) => parseSemverLenient(v) !== undefined,
  compare: compareSemver,
  range: (spec) => comparatorSet(spec, semverScheme),
};
