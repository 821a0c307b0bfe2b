// npm versions and ranges, as node-semver reads them: `^1.2.3`, `~1.2`, `1.x`, `*`,
// `1.2.3 - 2.3.4`, `>=1.0.0 <2.0.0`, unions with `||`, and the rule that a prerelease version only
// satisfies a comparator set that names a prerelease of the same major.minor.patch.
import { compareParsed, formatSemver, parseSemverLenient, type SemVer } from './semver.js';
import { compareText, type Interval, type VersionScheme, type VersionSet } from './types.js';

interface Comparator {
  op: '<' | '<=' | '>' | '>=' | '=';
  version: SemVer;
}

/** A partial version as written in a range: missing or `x` components are wildcards. */
interface Partial {
  major?: string;
  minor?: string;
  patch?: string;
  prerelease: string[];
}

const PARTIAL = /^v?(?:(x|X|\*|\d+)(?:\.(x|X|\*|\d+)(?:\.(x|X|\*|\d+)(?:-?([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-.]+)?)?)?)$/;

function parsePartial(text: string): Partial | undefined {
  const m = PARTIAL.exec(text.trim());
  if (!m) return undefined;
  const num = (s: string | undefined) => (s === undefined || /^[xX*]$/.test(s) ? undefined : s);
  const major = num(m[1]);
  const minor = major === undefined ? undefined : num(m[2]);
  const patch = minor === undefined ? undefined : num(m[3]);
  return { major, minor, patch, prerelease: patch !== undefined && m[4] ? m[4].split('.') : [] };
}

const ver = (major: string | number, minor: string | number, patch: string | number, prerelease: string[] = []): SemVer => ({
  major: String(major),
  minor: String(minor),
  patch: String(patch),
  prerelease,
  build: [],
});
const inc = (n: string) => String(BigInt(n) + 1n);
/** `<X-0`: below every prerelease of X, the way node-semver writes exclusive upper bounds. */
const below = (major: string | number, minor: string | number, patch: string | number): Comparator => ({ op: '<', version: ver(major, minor, patch, ['0']) });

function desugarPrimitive(op: string, p: Partial): Comparator[] | undefined {
  if (p.major === undefined) return op === '<' || op === '>' ? [{ op: '<', version: ver(0, 0, 0, ['0']) }] : [];
  const full = p.minor !== undefined && p.patch !== undefined;
  if (full) return [{ op: (op === '' ? '=' : op) as Comparator['op'], version: ver(p.major, p.minor!, p.patch!, p.prerelease) }];
  const minor = p.minor ?? '0';
  switch (op) {
    case '':
    case '=':
      return p.minor === undefined
        ? [{ op: '>=', version: ver(p.major, 0, 0) }, below(inc(p.major), 0, 0)]
        : [{ op: '>=', version: ver(p.major, minor, 0) }, below(p.major, inc(minor), 0)];
    case '>':
      return p.minor === undefined ? [{ op: '>=', version: ver(inc(p.major), 0, 0) }] : [{ op: '>=', version: ver(p.major, inc(minor), 0) }];
    case '>=':
      return [{ op: '>=', version: ver(p.major, minor, 0) }];
    case '<':
      return [below(p.major, minor, 0)];
    case '<=':
      return p.minor === undefined ? [below(inc(p.major), 0, 0)] : [below(p.major, inc(minor), 0)];
    default:
      return undefined;
  }
}

function desugarTilde(p: Partial): Comparator[] {
  if (p.major === undefined) return [];
  if (p.minor === undefined) return [{ op: '>=', version: ver(p.major, 0, 0) }, below(inc(p.major), 0, 0)];
  return [{ op: '>=', version: ver(p.major, p.minor, p.patch ?? 0, p.prerelease) }, below(p.major, inc(p.minor), 0)];
}

function desugarCaret(p: Partial): Comparator[] {
  if (p.major === undefined) return [];
  const low = { op: '>=' as const, version: ver(p.major, p.minor ?? 0, p.patch ?? 0, p.prerelease) };
  if (p.major !== '0' || p.minor === undefined) return [low, below(inc(p.major), 0, 0)];
  if (p.minor !== '0' || p.patch === undefined) return [low, below(0, inc(p.minor), 0)];
  return [low, below(0, 0, inc(p.patch))];
}

function desugarHyphen(from: Partial, to: Partial): Comparator[] {
  const out: Comparator[] = [];
  if (from.major !== undefined) out.push({ op: '>=', version: ver(from.major, from.minor ?? 0, from.patch ?? 0, from.prerelease) });
  if (to.major !== undefined) {
    if (to.minor === undefined) out.push(below(inc(to.major), 0, 0));
    else if (to.patch === undefined) out.push(below(to.major, inc(to.minor), 0));
    else out.push({ op: '<=', version: ver(to.major, to.minor, to.patch, to.prerelease) });
  }
  return out;
}

/** A range → comparator sets (one per `||` alternative); undefined for tags, URLs, aliases. */
export function parseNpmRange(spec: string): Comparator[][] | undefined {
  const text = spec.trim();
  if (text.length > 1000) return undefined;
  const sets: Comparator[][] = [];
  for (const alternative of text.split('||')) {
    const alt = alternative.trim().replace(/(<=|>=|<|>|=|\^|~>?)\s+/g, '$1');
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(alt);
    if (hyphen) {
      const from = parsePartial(hyphen[1]);
      const to = parsePartial(hyphen[2]);
      if (!from || !to) return undefined;
      sets.push(desugarHyphen(from, to));
      continue;
    }
    const set: Comparator[] = [];
    for (const token of alt.split(/\s+/).filter(Boolean)) {
      const m = /^(<=|>=|<|>|=|\^|~>?)?(.*)$/.exec(token)!;
      const p = parsePartial(m[2]);
      if (!p) return undefined;
      const op = m[1] ?? '';
      const comparators = op === '^' ? desugarCaret(p) : op.startsWith('~') ? desugarTilde(p) : desugarPrimitive(op, p);
      if (!comparators) return undefined;
      set.push(...comparators);
    }
    sets.push(set);
  }
  return sets;
}

function test(c: Comparator, v: SemVer): boolean {
  const r = compareParsed(v, c.version);
  switch (c.op) {
    case '<':
      return r < 0;
    case '<=':
      return r <= 0;
    case '>':
      return r > 0;
    case '>=':
      return r >= 0;
    default:
      return r === 0;
  }
}

function satisfiesSet(set: Comparator[], v: SemVer): boolean {
  if (!set.every((c) => test(c, v))) return false;
  if (v.prerelease.length === 0) return true;
  // node-semver: a prerelease is only admitted by a set that mentions a prerelease of the same
  // [major, minor, patch] (the `-0` of our own desugared upper bounds does not count).
  return set.some(
    (c) =>
      c.version.prerelease.length > 0 &&
      !(c.op === '<' && c.version.prerelease.length === 1 && c.version.prerelease[0] === '0') &&
      c.version.major === v.major &&
      c.version.minor === v.minor &&
      c.version.patch === v.patch,
  );
}

export function npmSatisfies(version: string, spec: string): boolean | undefined {
  const v = parseSemverLenient(version);
  const sets = parseNpmRange(spec);
  if (!v || !sets) return undefined;
  return sets.some((set) => satisfiesSet(set, v));
}

function toInterval(set: Comparator[]): Interval | undefined {
  let lo: Interval['lo'];
  let hi: Interval['hi'];
  for (const c of set) {
    const version = formatSemver(c.version);
    if (c.op === '>' || c.op === '>=' || c.op === '=') {
      const inclusive = c.op !== '>';
      const r = lo ? compareParsed(c.version, parseSemverLenient(lo.version)!) : 1;
      if (r > 0 || (r === 0 && !inclusive)) lo = { version, inclusive };
    }
    if (c.op === '<' || c.op === '<=' || c.op === '=') {
      const inclusive = c.op !== '<';
      const r = hi ? compareParsed(c.version, parseSemverLenient(hi.version)!) : -1;
      if (r < 0 || (r === 0 && !inclusive)) hi = { version, inclusive };
    }
  }
  if (lo && hi) {
    const r = compareParsed(parseSemverLenient(lo.version)!, parseSemverLenient(hi.version)!);
    if (r > 0 || (r === 0 && !(lo.inclusive && hi.inclusive))) return undefined;
  }
  return { ...(lo ? { lo } : {}), ...(hi ? { hi } : {}) };
}

export function npmRange(spec: string): VersionSet | undefined {
  const sets = parseNpmRange(spec);
  if (!sets) return undefined;
  return sets.map(toInterval).filter((i): i is Interval => i !== undefined);
}

export function compareNpm(a: string, b: string): number {
  const x = parseSemverLenient(a);
  const y = parseSemverLenient(b);
  if (x && y) return compareParsed(x, y);
  return x ? 1 : y ? -1 : compareText(a, b);
}

export const npmScheme: VersionScheme = {
  id: 'npm',
  valid: (v) => parseSemverLenient(v) !== undefined,
  compare: compareNpm,
  range: npmRange,
  satisfies: npmSatisfies,
};
