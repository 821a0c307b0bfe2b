// Maven versions as ComparableVersion orders them (the POM reference's "Version Order
// Specification"): tokens split at `.`, `-` and digit/letter transitions; trailing null tokens
// (0, "", final, ga, release) trimmed; qualifiers alpha < beta < milestone < rc = cr < snapshot <
// "" = ga = final = release < sp < other words (alphabetical); `5.2.20.RELEASE` equals `5.2.20`.
// Ranges use the POM syntax: `[1.0,2.0)`, `(,1.0]`, `[1.2]`, `[1.0,)`, unions `(,1.0],[1.2,)`;
// a bare version is a soft requirement, which resolves to that version.
import { compareDigits, compareText, type Interval, type VersionScheme, type VersionSet } from './types.js';

interface Token {
  /** The separator before the token: `.` or `-` (a digit/letter transition counts as `-`). */
  prefix: '.' | '-';
  value: string;
  numeric: boolean;
  /** Added to pad the shorter version: a null that sorts like the empty qualifier. */
  padded?: boolean;
}

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];

function normalizeQualifier(word: string, followedByDigit: boolean): string {
  if (word === 'cr') return 'rc';
  if (word === 'ga' || word === 'final' || word === 'release') return '';
  if (followedByDigit) {
    if (word === 'a') return 'alpha';
    if (word === 'b') return 'beta';
    if (word === 'm') return 'milestone';
  }
  return word;
}

export function tokenizeMaven(text: string): Token[] {
  const tokens: Token[] = [];
  const source = text.trim().toLowerCase();
  let prefix: '.' | '-' = '.';
  let i = 0;
  const pushRun = (run: string, nextIsDigit: boolean) => {
    if (run === '') {
      tokens.push({ prefix, value: '0', numeric: true });
      return;
    }
    if (/^\d+$/.test(run)) tokens.push({ prefix, value: run.replace(/^0+(?=\d)/, ''), numeric: true });
    else tokens.push({ prefix, value: normalizeQualifier(run, nextIsDigit), numeric: false });
  };
  while (i <= source.length) {
    // One separator-delimited part, itself split at digit/letter transitions.
    let j = i;
    while (j < source.length && source[j] !== '.' && source[j] !== '-') j++;
    const part = source.slice(i, j);
    const runs = part.match(/\d+|\D+/g) ?? [''];
    runs.forEach((run, k) => {
      if (k > 0) prefix = '-';
      pushRun(run, k + 1 < runs.length && /^\d/.test(runs[k + 1]));
    });
    if (j >= source.length) break;
    prefix = source[j] as '.' | '-';
    i = j + 1;
    if (i === source.length) {
      // A trailing separator (`1.` or `1-`) adds an empty, hence null, token.
      pushRun('', false);
      break;
    }
  }
  return trimNulls(tokens);
}

const isNull = (t: Token) => (t.numeric ? t.value === '0' : t.value === '');

/** Removes trailing nulls, then repeats that before each remaining `-`, from the end to the start. */
function trimNulls(tokens: Token[]): Token[] {
  const out = [...tokens];
  let i = out.length - 1;
  while (i > 0) {
    if (isNull(out[i])) {
      out.splice(i, 1);
      i--;
      continue;
    }
    while (i >= 0 && out[i].prefix !== '-') i--;
    i--;
  }
  return out;
}

function qualifierRank(value: string): number {
  const i = QUALIFIERS.indexOf(value);
  return i === -1 ? QUALIFIERS.length : i;
}

/** Ordering of the four token kinds when their prefixes differ: .qualifier < -qualifier < -number < .number. */
function kindRank(t: Token): number {
  if (t.numeric) return t.prefix === '-' ? 2 : 3;
  return t.prefix === '-' ? 1 : 0;
}

function compareTokens(a: Token, b: Token): number {
  if (a.prefix === b.prefix) {
    if (a.numeric && b.numeric) return compareDigits(a.value, b.value);
    if (a.numeric !== b.numeric) {
      // A number beats a word, except that a padded null number (0) loses to `sp` and other words
      // that sort after the release; it equals the empty qualifier.
      const word = a.numeric ? b : a;
      const num = a.numeric ? a : b;
      let c: number;
      if (num.padded) c = qualifierRank('') - qualifierRank(word.value);
      else c = 1;
      if (c === 0) return 0;
      return a.numeric ? (c > 0 ? 1 : -1) : c > 0 ? -1 : 1;
    }
    const ra = qualifierRank(a.value);
    const rb = qualifierRank(b.value);
    if (ra === QUALIFIERS.length && rb === QUALIFIERS.length) return compareText(a.value, b.value);
    return ra - rb;
  }
  return kindRank(a) - kindRank(b);
}

function nullLike(other: Token): Token {
  return other.prefix === '.' ? { prefix: '.', value: '0', numeric: true, padded: true } : { prefix: '-', value: '', numeric: false, padded: true };
}

export function compareMaven(a: string, b: string): number {
  const x = tokenizeMaven(a);
  const y = tokenizeMaven(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i] ?? nullLike(y[i]);
    const q = y[i] ?? nullLike(x[i]);
    const c = compareTokens(p, q);
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  return 0;
}

const MAVEN_VERSION = /^[0-9A-Za-z][0-9A-Za-z._+-]*$/;

/** Parses `[1.0,2.0)`, `(,1.0],[1.2,)`, `[1.2]` or a soft requirement `1.2`. */
export function mavenRange(spec: string): VersionSet | undefined {
  const text = spec.replace(/\s+/g, '');
  if (text === '' || text.length > 1000) return undefined;
  if (!/^[[(]/.test(text)) return MAVEN_VERSION.test(text) ? [{ lo: { version: text, inclusive: true }, hi: { version: text, inclusive: true } }] : undefined;
  const out: VersionSet = [];
  const re = /([[(])([^\][()]*)([\])])(?:,|$)/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(text))) {
    consumed = re.lastIndex;
    const [, open, body, close] = m;
    const parts = body.split(',');
    if (parts.length === 1) {
      if (open !== '[' || close !== ']' || !MAVEN_VERSION.test(parts[0])) return undefined;
      out.push({ lo: { version: parts[0], inclusive: true }, hi: { version: parts[0], inclusive: true } });
      continue;
    }
    if (parts.length !== 2) return undefined;
    const interval: Interval = {};
    if (parts[0]) {
      if (!MAVEN_VERSION.test(parts[0])) return undefined;
      interval.lo = { version: parts[0], inclusive: open === '[' };
    }
    if (parts[1]) {
      if (!MAVEN_VERSION.test(parts[1])) return undefined;
      interval.hi = { version: parts[1], inclusive: close === ']' };
    }
    out.push(interval);
  }
  return consumed === text.length ? out : undefined;
}

export const mavenScheme: VersionScheme = {
  id: 'maven',
  valid: (v) => MAVEN_VERSION.test(v.trim()) && v.length <= 200,
  compare: compareMaven,
  range: mavenRange,
};
