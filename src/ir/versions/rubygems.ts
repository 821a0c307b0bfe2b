// RubyGems versions (Gem::Version): segments are digit runs and letter runs (`1.0.a10` →
// 1, 0, "a", 10; `1.0-1` is `1.0.pre.1`); any letter makes a prerelease, which sorts before the
// release; trailing zeros are insignificant (1.0 = 1). Requirements: `=`, `!=`, `>`, `<`, `>=`, `<=`
// and the pessimistic `~> 2.3` (>= 2.3, < 3.0), comma-separated.
import { compareText, type Interval, type VersionScheme, type VersionSet } from './types.js';

const GEM = /^\s*[0-9][0-9a-zA-Z]*(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?\s*$/;

type Segment = string | bigint;

export function gemSegments(text: string): Segment[] | undefined {
  if (text.length > 200 || !GEM.test(text)) return undefined;
  const normalized = text.trim().replace(/-/g, '.pre.');
  const raw = normalized.match(/[0-9]+|[a-z]+/gi) ?? [];
  const segments: Segment[] = raw.map((s) => (/^\d+$/.test(s) ? BigInt(s) : s));
  // Canonical form: trailing zeros removed from the release part and from the prerelease part.
  const firstWord = segments.findIndex((s) => typeof s === 'string');
  const release = firstWord === -1 ? segments : segments.slice(0, firstWord);
  const pre = firstWord === -1 ? [] : segments.slice(firstWord);
  while (release.length > 0 && release[release.length - 1] === 0n) release.pop();
  while (pre.length > 0 && pre[pre.length - 1] === 0n) pre.pop();
  return [...release, ...pre];
}

export function compareGem(a: string, b: string): number {
  const x = gemSegments(a);
  const y = gemSegments(b);
  if (!x || !y) return x ? 1 : y ? -1 : compareText(a, b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i] ?? 0n;
    const q = y[i] ?? 0n;
    if (p === q) continue;
    if (typeof p === 'string' && typeof q === 'bigint') return -1;
    if (typeof p === 'bigint' && typeof q === 'string') return 1;
    if (typeof p === 'bigint' && typeof q === 'bigint') return p < q ? -1 : 1;
    return compareText(p as string, q as string);
  }
  return 0;
}

export const isGemPrerelease = (v: string): boolean => /[a-zA-Z]/.test(v);

/** `~> 2.3.1` → [2.3.1, 2.4); `~> 2.3` → [2.3, 3). */
function pessimistic(version: string): Interval {
  const numeric = version.split('.').filter((s) => /^\d+$/.test(s));
  const keep = numeric.slice(0, Math.max(1, numeric.length - 1));
  if (numeric.length > 1) keep[keep.length - 1] = String(BigInt(keep[keep.length - 1]) + 1n);
  else keep[0] = String(BigInt(keep[0]) + 1n);
  return { lo: { version, inclusive: true }, hi: { version: `${keep.join('.')}.a`, inclusive: false } };
}

export function gemRange(spec: string): VersionSet | undefined {
  const text = spec.trim();
  if (text === '' || text === '*' || text === '>= 0') return [{}];
  if (text.length > 500) return undefined;
  let interval: Interval = {};
  for (const raw of text.split(',')) {
    const m = /^\s*(~>|>=|<=|!=|=|>|<)?\s*(\S+)\s*$/.exec(raw);
    if (!m || !gemSegments(m[2])) return undefined;
    const [, op = '=', version] = m;
    let next: Interval;
    if (op === '~>') next = pessimistic(version);
    else if (op === '>' || op === '>=') next = { lo: { version, inclusive: op === '>=' } };
    else if (op === '<' || op === '<=') next = { hi: { version, inclusive: op === '<=' } };
    else if (op === '!=') continue;
    else next = { lo: { version, inclusive: true }, hi: { version, inclusive: true } };
    if (next.lo && (!interval.lo || compareGem(next.lo.version, interval.lo.version) > 0)) interval.lo = next.lo;
    if (next.hi && (!interval.hi || compareGem(next.hi.version, interval.hi.version) < 0)) interval.hi = next.hi;
  }
  if (interval.lo && interval.hi && compareGem(interval.lo.version, interval.hi.version) > 0) interval = { lo: interval.lo, hi: interval.lo };
  return [interval];
}

export function gemSatisfies(version: string, spec: string): boolean | undefined {
  const set = gemRange(spec);
  if (!set || !gemSegments(version)) return undefined;
  for (const raw of spec.split(',')) {
    const m = /^\s*!=\s*(\S+)\s*$/.exec(raw);
    if (m && compareGem(version, m[1]) === 0) return false;
  }
  return set.some((i) => {
    if (i.lo) {
      const c = compareGem(version, i.lo.version);
      if (c < 0 || (c === 0 && !i.lo.inclusive)) return false;
    }
    if (i.hi) {
      const c = compareGem(version, i.hi.version);
      if (c > 0 || (c === 0 && !i.hi.inclusive)) return false;
    }
    return true;
  });
}

export const rubygemsScheme: VersionScheme = {
  id: 'rubygems',
  valid: (v) => gemSegments(v) !== undefined,
  compare: compareGem,
  range: gemRange,
  satisfies: gemSatisfies,
};
