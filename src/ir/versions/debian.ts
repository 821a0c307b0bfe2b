// Debian package versions as dpkg orders them: [epoch:]upstream[-revision]; each part compared
// with dpkg's verrevcmp, where `~` sorts before everything (even the end of the string), letters
// before other characters, and digit runs numerically. Ubuntu uses the same ordering.
import { comparatorSet, compareDigits, type VersionScheme } from './types.js';

export interface DebianVersion {
  epoch: string;
  upstream: string;
  revision: string;
}

export function parseDebian(text: string): DebianVersion | undefined {
  const t = text.trim();
  if (t === '' || t.length > 200 || /\s/.test(t)) return undefined;
  const colon = t.indexOf(':');
  const epoch = colon === -1 ? '0' : t.slice(0, colon);
  const rest = colon === -1 ? t : t.slice(colon + 1);
  if (!/^\d+$/.test(epoch)) return undefined;
  const dash = rest.lastIndexOf('-');
  const upstream = dash === -1 ? rest : rest.slice(0, dash);
  const revision = dash === -1 ? '' : rest.slice(dash + 1);
  if (!/^[A-Za-z0-9.+~:-]+$/.test(upstream) || !/^[A-Za-z0-9.+~]*$/.test(revision)) return undefined;
  return { epoch, upstream, revision };
}

function order(c: string | undefined): number {
  if (c === undefined) return 0;
  if (c === '~') return -1;
  if (/\d/.test(c)) return 0;
  if (/[A-Za-z]/.test(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

/** dpkg's verrevcmp. */
export function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !/\d/.test(a[i])) || (j < b.length && !/\d/.test(b[j]))) {
      const ac = order(i < a.length ? a[i] : undefined);
      const bc = order(j < b.length ? b[j] : undefined);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    let x = '';
    let y = '';
    while (i < a.length && /\d/.test(a[i])) x += a[i++];
    while (j < b.length && /\d/.test(b[j])) y += b[j++];
    firstDiff = compareDigits(x || '0', y || '0');
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

export function compareDebian(a: string, b: string): number {
  const x = parseDebian(a);
  const y = parseDebian(b);
  if (!x || !y) return x ? 1 : y ? -1 : verrevcmp(a, b);
  const c = compareDigits(x.epoch, y.epoch) || verrevcmp(x.upstream, y.upstream) || verrevcmp(x.revision, y.revision);
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

/** The upstream part (`3.0.11` of `1:3.0.11-1~deb12u2`), for comparing with upstream advisories. */
export function debianUpstream(text: string): string | undefined {
  return parseDebian(text)?.upstream;
}

export const debianScheme: VersionScheme = {
  id: 'debian',
  valid: (v) => parseDebian(v) !== undefined,
  compare: compareDebian,
  range: (spec) => comparatorSet(spec, debianScheme),
};
