// The contract every ecosystem's version scheme implements. Ordering is the ecosystem's own
// (npm semver, PEP 440, Maven ComparableVersion, dpkg, apk...), never a generic string order.

/** One end of an interval: the version and whether it belongs to the interval. */
export interface Bound {
  version: string;
  inclusive: boolean;
}

/** A contiguous set of versions; an absent bound is unbounded on that side. */
export interface Interval {
  lo?: Bound;
  hi?: Bound;
}

/** A union of intervals (what a manifest range such as `^1.2.0 || ~2.1` or `[1.0,2.0)` admits). */
export type VersionSet = Interval[];

export interface VersionScheme {
  /** Canonical ecosystem id: npm, pypi, go, maven, nuget, rubygems, debian, alpine, semver, generic. */
  id: string;
  /** Can this scheme order `version`? Invalid versions are never claimed to be in or out of a range. */
  valid(version: string): boolean;
  /** Negative, zero or positive, in the ecosystem's precedence. Only meaningful for valid versions. */
  compare(a: string, b: string): number;
  /**
   * The versions a manifest requirement admits (`^1.2.3`, `>=3.2,<4`, `[1.0,2.0)`, `~> 2.3`), as
   * intervals; undefined when the text is not a requirement this scheme understands.
   */
  range(spec: string): VersionSet | undefined;
  /**
   * Whether `version` satisfies `spec` with every ecosystem rule applied (npm prerelease opt-in,
   * PEP 440 local versions...); undefined when either is not understood.
   */
  satisfies?(version: string, spec: string): boolean | undefined;
}

/** Anything that can order versions (a scheme, or a bare comparator in tests). */
export type Ordering = Pick<VersionScheme, 'compare'>;

/** Compares two digit strings of any length numerically (no float or BigInt needed). */
export function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Plain code-unit comparison (ASCII order), as most specs ask for textual identifiers. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Is `version` inside `interval` under `scheme`? */
export function inInterval(scheme: Ordering, version: string, interval: Interval): boolean {
  if (interval.lo) {
    const c = scheme.compare(version, interval.lo.version);
    if (c < 0 || (c === 0 && !interval.lo.inclusive)) return false;
  }
  if (interval.hi) {
    const c = scheme.compare(version, interval.hi.version);
    if (c > 0 || (c === 0 && !interval.hi.inclusive)) return false;
  }
  return true;
}

export function inSet(scheme: Ordering, version: string, set: VersionSet): boolean {
  return set.some((interval) => inInterval(scheme, version, interval));
}

/** Intersection of two intervals; undefined when empty. */
export function intersect(scheme: Ordering, a: Interval, b: Interval): Interval | undefined {
  const lo = maxLow(scheme, a.lo, b.lo);
  const hi = minHigh(scheme, a.hi, b.hi);
  if (lo && hi) {
    const c = scheme.compare(lo.version, hi.version);
    if (c > 0 || (c === 0 && !(lo.inclusive && hi.inclusive))) return undefined;
  }
  return { ...(lo ? { lo } : {}), ...(hi ? { hi } : {}) };
}

/** Do the two sets share at least one version (as far as intervals can tell)? */
export function overlaps(scheme: Ordering, a: VersionSet, b: VersionSet): boolean {
  return a.some((x) => b.some((y) => intersect(scheme, x, y) !== undefined));
}

/** Is every version of `inner` also in `outer`? (Each inner interval must sit inside one outer interval.) */
export function covers(scheme: Ordering, outer: VersionSet, inner: VersionSet): boolean {
  return inner.every((i) => outer.some((o) => contains(scheme, o, i)));
}

function contains(scheme: Ordering, outer: Interval, inner: Interval): boolean {
  if (outer.lo) {
    if (!inner.lo) return false;
    const c = scheme.compare(inner.lo.version, outer.lo.version);
    if (c < 0 || (c === 0 && inner.lo.inclusive && !outer.lo.inclusive)) return false;
  }
  if (outer.hi) {
    if (!inner.hi) return false;
    const c = scheme.compare(inner.hi.version, outer.hi.version);
    if (c > 0 || (c === 0 && inner.hi.inclusive && !outer.hi.inclusive)) return false;
  }
  return true;
}

function maxLow(scheme: Ordering, a: Bound | undefined, b: Bound | undefined): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  const c = scheme.compare(a.version, b.version);
  if (c !== 0) return c > 0 ? a : b;
  return a.inclusive ? b : a;
}

function minHigh(scheme: Ordering, a: Bound | undefined, b: Bound | undefined): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  const c = scheme.compare(a.version, b.version);
  if (c !== 0) return c < 0 ? a : b;
  return a.inclusive ? b : a;
}

/** Readable form of a set, e.g. `>=1.0.0 <1.2.6 || >=2.0.0`. */
export function describeSet(set: VersionSet): string {
  if (set.length === 0) return 'no version';
  return set
    .map((i) => {
      if (i.lo && i.hi && i.lo.inclusive && i.hi.inclusive && i.lo.version === i.hi.version) return `=${i.lo.version}`;
      const parts = [i.lo ? `${i.lo.inclusive ? '>=' : '>'}${i.lo.version}` : '', i.hi ? `${i.hi.inclusive ? '<=' : '<'}${i.hi.version}` : ''].filter(Boolean);
      return parts.length ? parts.join(' ') : '*';
    })
    .join(' || ');
}

/**
 * Comparator lists for ecosystems without a requirement syntax of their own (Go, Debian, Alpine,
 * and the free-form `@<range>` of a package spec): `<1.2`, `>=1.0, <2.0`, `>=1 <2 || >=3`, `=1.2.3`,
 * or a bare version (exactly that version). Each version must be valid in the scheme.
 */
export function comparatorSet(spec: string, scheme: Pick<VersionScheme, 'valid' | 'compare'>): VersionSet | undefined {
  const text = spec.trim();
  if (text === '' || text === '*') return [{}];
  const out: VersionSet = [];
  for (const alternative of text.split('||')) {
    let interval: Interval | undefined = {};
    const parts = alternative
      .trim()
      .split(/\s*,\s*|\s+(?=[<>=!])/)
      .map((p) => p.trim())
      .filter(Boolean);
    if (parts.length === 0) return undefined;
    for (const part of parts) {
      const m = /^(<=|>=|<|>|==|=)?\s*(\S+)$/.exec(part);
      if (!m || !scheme.valid(m[2])) return undefined;
      const [, op = '=', version] = m;
      const next: Interval =
        op === '<' || op === '<='
          ? { hi: { version, inclusive: op === '<=' } }
          : op === '>' || op === '>='
            ? { lo: { version, inclusive: op === '>=' } }
            : { lo: { version, inclusive: true }, hi: { version, inclusive: true } };
      interval = interval && intersect(scheme, interval, next);
    }
    if (interval) out.push(interval);
  }
  return out;
}
