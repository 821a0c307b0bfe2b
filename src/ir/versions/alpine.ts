// Alpine (apk) package versions: number{.number}[letter]{_suffix[number]}[~hash][-r#], as
// apk-tools orders them: the first number numerically, later numbers with a leading zero as text
// (1.02 < 1.1), a letter after the numbers is a later release, suffixes alpha < beta < pre < rc <
// (none) < cvs < svn < git < hg < p, then the -r build number.
import { comparatorSet, compareDigits, compareText, type VersionScheme } from './types.js';

const SUFFIXES = ['alpha', 'beta', 'pre', 'rc', '', 'cvs', 'svn', 'git', 'hg', 'p'];
const NO_SUFFIX = SUFFIXES.indexOf('');

export interface AlpineVersion {
  numbers: string[];
  letter: string;
  suffixes: { weight: number; n: string }[];
  build: string;
  /** What could not be parsed; a valid version leaves nothing. */
  rest: string;
}

export function parseAlpine(text: string): AlpineVersion | undefined {
  const t = text.trim();
  if (!/^\d/.test(t) || t.length > 200) return undefined;
  let s = t;
  const nums = /^\d+(?:\.\d+)*/.exec(s)![0];
  s = s.slice(nums.length);
  let letter = '';
  if (/^[a-z]/.test(s)) {
    letter = s[0];
    s = s.slice(1);
  }
  const suffixes: AlpineVersion['suffixes'] = [];
  let m: RegExpExecArray | null;
  while ((m = /^_(alpha|beta|pre|rc|cvs|svn|git|hg|p)(\d*)/.exec(s))) {
    suffixes.push({ weight: SUFFIXES.indexOf(m[1]), n: m[2] || '0' });
    s = s.slice(m[0].length);
  }
  const hash = /^~[0-9a-f]+/.exec(s);
  if (hash) s = s.slice(hash[0].length);
  let build = '0';
  const r = /^-r(\d*)/.exec(s);
  if (r) {
    build = r[1] || '0';
    s = s.slice(r[0].length);
  }
  return { numbers: nums.split('.'), letter, suffixes, build, rest: s };
}

function compareNumber(a: string, b: string, index: number): number {
  if (index > 0 && (a.startsWith('0') || b.startsWith('0'))) return compareText(a, b);
  return compareDigits(a, b);
}

export function compareAlpine(a: string, b: string): number {
  const x = parseAlpine(a);
  const y = parseAlpine(b);
  if (!x || !y) return x ? 1 : y ? -1 : compareText(a, b);
  for (let i = 0; i < Math.max(x.numbers.length, y.numbers.length); i++) {
    const c = compareNumber(x.numbers[i] ?? '0', y.numbers[i] ?? '0', i);
    if (c !== 0) return c < 0 ? -1 : 1;
  }
  if (x.letter !== y.letter) return x.letter === '' ? -1 : y.letter === '' ? 1 : compareText(x.letter, y.letter);
  for (let i = 0; i < Math.max(x.suffixes.length, y.suffixes.length); i++) {
    const p = x.suffixes[i] ?? { weight: NO_SUFFIX, n: '0' };
    const q = y.suffixes[i] ?? { weight: NO_SUFFIX, n: '0' };
    if (p.weight !== q.weight) return p.weight < q.weight ? -1 : 1;
    const c = compareDigits(p.n, q.n);
    if (c !== 0) return c;
  }
  const c = compareDigits(x.build, y.build);
  if (c !== 0) return c;
  // Trailing garbage makes a version sort before the same version without it.
  if (x.rest !== y.rest) return x.rest === '' ? 1 : y.rest === '' ? -1 : compareText(x.rest, y.rest) < 0 ? -1 : 1;
  return 0;
}

export const alpineScheme: VersionScheme = {
  id: 'alpine',
  valid: (v) => {
    const p = parseAlpine(v);
    return p !== undefined && p.rest === '';
  },
  compare: compareAlpine,
  range: (spec) => comparatorSet(spec, alpineScheme),
};
