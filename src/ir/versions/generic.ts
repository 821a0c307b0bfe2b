// Fallback ordering for versions no package ecosystem defines: upstream C projects (OpenSSL's
// letter releases 1.1.1w < 1.1.1za, the Linux kernel's 6.1.0-rc3 < 6.1), Docker tags, CVE records
// with `versionType: custom`. Digit runs compare as numbers, letter runs as text; a letter run right
// after a number is a later release (1.1.1a > 1.1.1), while alpha/beta/pre/rc/dev after a separator
// marks an earlier prerelease.
import { comparatorSet, compareDigits, compareText, type VersionScheme } from './types.js';

type Token = { kind: 'num'; value: string } | { kind: 'word'; value: string; pre: boolean };

const PRE_WORDS = /^(alpha|beta|pre|preview|rc|dev|snapshot|a|b)$/;

export function tokenizeGeneric(text: string): Token[] | undefined {
  const t = text.trim().toLowerCase().replace(/^v(?=\d)/, '');
  if (t === '' || t.length > 200 || !/^\d/.test(t) || /\s/.test(t)) return undefined;
  const tokens: Token[] = [];
  const re = /(\d+)|([a-z]+)|([^a-z0-9]+)/g;
  let m: RegExpExecArray | null;
  let separated = false;
  while ((m = re.exec(t))) {
    if (m[1] !== undefined) tokens.push({ kind: 'num', value: m[1] });
    else if (m[2] !== undefined) tokens.push({ kind: 'word', value: m[2], pre: separated && PRE_WORDS.test(m[2]) });
    separated = m[3] !== undefined && /[-~_]/.test(m[3]);
    if (m[3] === undefined) separated = false;
  }
  return tokens;
}

/** Rank of a missing token against a present one: words that mark a prerelease lose to nothing. */
function vsMissing(t: Token): number {
  if (t.kind === 'num') return compareDigits(t.value, '0');
  return t.pre ? -1 : 1;
}

export function compareGeneric(a: string, b: string): number {
  const x = tokenizeGeneric(a);
  const y = tokenizeGeneric(b);
  if (!x || !y) return x ? 1 : y ? -1 : compareText(a, b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i];
    const q = y[i];
    if (!p) return -vsMissing(q);
    if (!q) return vsMissing(p);
    if (p.kind === 'num' && q.kind === 'num') {
      const c = compareDigits(p.value, q.value);
      if (c !== 0) return c;
    } else if (p.kind === 'word' && q.kind === 'word') {
      if (p.pre !== q.pre) return p.pre ? -1 : 1;
      const c = compareText(p.value, q.value);
      if (c !== 0) return c;
    } else {
      // A number against a word: prerelease words sort first, other words (letter releases) after.
      const word = (p.kind === 'word' ? p : q) as Extract<Token, { kind: 'word' }>;
      const wordFirst = word.pre ? -1 : 1;
      return p.kind === 'word' ? wordFirst : -wordFirst;
    }
  }
  return 0;
}

export const genericScheme: VersionScheme = {
  id: 'generic',
  valid: (v) => tokenizeGeneric(v) !== undefined,
  compare: compareGeneric,
  range: (spec) => comparatorSet(spec, genericScheme),
};
