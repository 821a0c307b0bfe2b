// PEP 440 versions and specifiers (what pip and `packaging` implement): epochs, pre/post/dev
// releases with their spelling variants, local versions, `~=`, `==1.2.*`, `!=`, `===`, and the
// rules that `<V` excludes prereleases of V and `>V` excludes post-releases of V.
import { compareDigits, compareText, type Interval, type VersionScheme, type VersionSet } from './types.js';

export interface Pep440 {
  epoch: string;
  /** Release segment with trailing zeros removed (1.0.0 → [1]); `full` keeps them. */
  release: string[];
  full: string[];
  pre?: { label: 'a' | 'b' | 'rc'; n: string };
  post?: string;
  dev?: string;
  local: string[];
}

const PEP440 =
  /^\s*v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$/i;

export function parsePep440(text: string): Pep440 | undefined {
  if (text.length > 200) return undefined;
  const m = PEP440.exec(text);
  if (!m) return undefined;
  const full = m[2].split('.').map((p) => p.replace(/^0+(?=\d)/, ''));
  const release = [...full];
  while (release.length > 1 && release[release.length - 1] === '0') release.pop();
  const out: Pep440 = { epoch: m[1] ?? '0', release, full, local: m[10] ? m[10].toLowerCase().split(/[-_.]/) : [] };
  if (m[3]) {
    const l = m[3].toLowerCase();
    out.pre = { label: l === 'alpha' || l === 'a' ? 'a' : l === 'beta' || l === 'b' ? 'b' : 'rc', n: m[4] ?? '0' };
  }
  if (m[5] !== undefined) out.post = m[5];
  else if (m[6]) out.post = m[7] ?? '0';
  if (m[8]) out.dev = m[9] ?? '0';
  return out;
}

const PRE_ORDER = { a: 0, b: 1, rc: 2 } as const;

function compareRelease(a: string[], b: string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const c = compareDigits(a[i] ?? '0', b[i] ?? '0');
    if (c !== 0) return c;
  }
  return 0;
}

/** -1/0/1 on optional numbers where absence sorts as given (`-Infinity` → -1, `+Infinity` → 1). */
function compareOptional(a: string | undefined, b: string | undefined, absent: -1 | 1): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return absent;
  if (b === undefined) return -absent;
  return compareDigits(a, b);
}

function comparePre(a: Pep440, b: Pep440): number {
  // packaging's key: a dev release of a final version sorts before its prereleases (1.0.dev0 < 1.0a0).
  const rank = (v: Pep440): number => (v.pre ? 0 : v.post === undefined && v.dev !== undefined ? -1 : 1);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (!a.pre || !b.pre) return 0;
  return PRE_ORDER[a.pre.label] - PRE_ORDER[b.pre.label] || compareDigits(a.pre.n, b.pre.n);
}

function compareLocal(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? -1 : 1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const an = /^\d+$/.test(a[i]);
    const bn = /^\d+$/.test(b[i]);
    // Numeric segments sort after alphanumeric ones.
    const c = an && bn ? compareDigits(a[i], b[i]) : an ? 1 : bn ? -1 : compareText(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

export function comparePep440(a: Pep440, b: Pep440, withLocal = true): number {
  return (
    compareDigits(a.epoch, b.epoch) ||
    compareRelease(a.release, b.release) ||
    comparePre(a, b) ||
    compareOptional(a.post, b.post, -1) ||
    compareOptional(a.dev, b.dev, 1) ||
    (withLocal ? compareLocal(a.local, b.local) : 0)
  );
}

export function comparePypi(a: string, b: string): number {
  const x = parsePep440(a);
  const y = parsePep440(b);
  if (x && y) return comparePep440(x, y);
  return x ? 1 : y ? -1 : compareText(a, b);
}

const isPre = (v: Pep440) => v.pre !== undefined || v.dev !== undefined;
const publicOf = (v: Pep440): Pep440 => ({ ...v, local: [] });
/** Same epoch and release segment (packaging's `base_version`). */
const sameBase = (a: Pep440, b: Pep440) => compareDigits(a.epoch, b.epoch) === 0 && compareRelease(a.release, b.release) === 0;

interface Clause {
  op: '~=' | '==' | '!=' | '<=' | '>=' | '<' | '>' | '===';
  version: string;
  parsed?: Pep440;
  /** `==1.2.*` / `!=1.2.*`. */
  prefix?: string[];
}

function parseClauses(spec: string): Clause[] | undefined {
  const text = spec.trim();
  if (text === '' || text === '*') return [];
  if (text.length > 1000) return undefined;
  const clauses: Clause[] = [];
  for (const raw of text.split(',')) {
    const m = /^\s*(~=|===|==|!=|<=|>=|<|>)\s*(\S+)\s*$/.exec(raw);
    if (!m) return undefined;
    const op = m[1] as Clause['op'];
    if (op === '===') {
      clauses.push({ op, version: m[2] });
      continue;
    }
    const star = /^(.*)\.\*$/.exec(m[2]);
    if (star && (op === '==' || op === '!=')) {
      const base = parsePep440(star[1]);
      if (!base) return undefined;
      clauses.push({ op, version: m[2], prefix: base.full });
      continue;
    }
    const parsed = parsePep440(m[2]);
    if (!parsed || (op === '~=' && parsed.full.length < 2)) return undefined;
    clauses.push({ op, version: m[2], parsed });
  }
  return clauses;
}

function matchesPrefix(v: Pep440, prefix: string[]): boolean {
  return prefix.every((p, i) => compareDigits(v.full[i] ?? '0', p) === 0);
}

function clauseHolds(c: Clause, v: Pep440, raw: string): boolean {
  if (c.op === '===') return raw.trim().toLowerCase() === c.version.toLowerCase();
  if (c.prefix) return (c.op === '==') === matchesPrefix(publicOf(v), c.prefix);
  const s = c.parsed!;
  // A specifier without a local label ignores the candidate's local label.
  const cmp = s.local.length === 0 ? comparePep440(v, s, false) : comparePep440(v, s);
  switch (c.op) {
    case '==':
      return cmp === 0;
    case '!=':
      return cmp !== 0;
    case '<=':
      return cmp <= 0;
    case '>=':
      return cmp >= 0;
    case '<':
      // `<V` does not admit a prerelease of V unless V is itself a prerelease.
      return cmp < 0 && !(!isPre(s) && isPre(v) && sameBase(v, s));
    case '>':
      // `>V` admits neither a post-release of V (unless V is one) nor a local version of V.
      if (cmp <= 0) return false;
      if (s.post === undefined && v.post !== undefined && sameBase(v, s)) return false;
      return !(v.local.length > 0 && sameBase(v, s));
    case '~=': {
      const prefix = s.full.slice(0, -1);
      return cmp >= 0 && matchesPrefix(publicOf(v), prefix);
    }
    default:
      return false;
  }
}

export function pypiSatisfies(version: string, spec: string): boolean | undefined {
  const v = parsePep440(version);
  const clauses = parseClauses(spec);
  if (!v || !clauses) return undefined;
  return clauses.every((c) => clauseHolds(c, v, version));
}

function nextPrefix(prefix: string[]): string {
  const next = [...prefix];
  next[next.length - 1] = String(BigInt(next[next.length - 1]) + 1n);
  return `${next.join('.')}.dev0`;
}

/** Intervals of a specifier set (`!=` clauses do not narrow intervals; `satisfies` applies them). */
export function pypiRange(spec: string): VersionSet | undefined {
  const clauses = parseClauses(spec);
  if (!clauses) return undefined;
  let interval: Interval = {};
  const narrow = (next: Interval) => {
    if (next.lo && (!interval.lo || comparePypi(next.lo.version, interval.lo.version) > 0)) interval.lo = next.lo;
    if (next.hi && (!interval.hi || comparePypi(next.hi.version, interval.hi.version) < 0)) interval.hi = next.hi;
  };
  for (const c of clauses) {
    if (c.op === '!=' || c.op === '===') {
      if (c.op === '===') interval = { lo: { version: c.version, inclusive: true }, hi: { version: c.version, inclusive: true } };
      continue;
    }
    if (c.prefix) {
      narrow({ lo: { version: `${c.prefix.join('.')}.dev0`, inclusive: true }, hi: { version: nextPrefix(c.prefix), inclusive: false } });
      continue;
    }
    const v = c.version;
    if (c.op === '==') narrow({ lo: { version: v, inclusive: true }, hi: { version: v, inclusive: true } });
    else if (c.op === '<' || c.op === '<=') narrow({ hi: { version: v, inclusive: c.op === '<=' } });
    else if (c.op === '>' || c.op === '>=') narrow({ lo: { version: v, inclusive: c.op === '>=' } });
    else narrow({ lo: { version: v, inclusive: true }, hi: { version: nextPrefix(c.parsed!.full.slice(0, -1)), inclusive: false } });
  }
  if (interval.lo && interval.hi) {
    const c = comparePypi(interval.lo.version, interval.hi.version);
    if (c > 0 || (c === 0 && !(interval.lo.inclusive && interval.hi.inclusive))) return [];
  }
  return [interval];
}

/** PEP 503 name normalisation: `PyYAML`, `pyyaml`, `Py_Yaml` are the same project. */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export const pypiScheme: VersionScheme = {
  id: 'pypi',
  valid: (v) => parsePep440(v) !== undefined,
  compare: comparePypi,
  range: pypiRange,
  satisfies: pypiSatisfies,
};
