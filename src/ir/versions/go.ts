// Go module versions: semantic versions with a `v` prefix, `+incompatible` for pre-modules major
// versions, and pseudo-versions (`v0.0.0-20191109021931-daa7c04131f5`,
// `v1.2.4-0.20191109021931-daa7c04131f5`) whose SemVer prerelease precedence is exactly the commit
// order Go intends. OSV writes them without the `v`; the standard library uses `go1.21.3`.
import { compareParsed, parseSemverLenient, type SemVer } from './semver.js';
import { comparatorSet, compareText, type VersionScheme } from './types.js';

const PSEUDO = /^v?\d+\.\d+\.\d+-(?:(?:.+\.)?0\.)?\d{14}-[0-9a-f]{12}(?:\+incompatible)?$/;

export function parseGoVersion(text: string): SemVer | undefined {
  let t = text.trim();
  if (t.length > 200) return undefined;
  t = t.replace(/^go(?=\d)/, '').replace(/\+incompatible$/, '');
  if (!/^v?\d+(\.\d+){0,2}([-+].*)?$/.test(t)) return undefined;
  return parseSemverLenient(t.replace(/^v/, ''));
}

export function isPseudoVersion(text: string): boolean {
  return PSEUDO.test(text.trim());
}

export function compareGo(a: string, b: string): number {
  const x = parseGoVersion(a);
  const y = parseGoVersion(b);
  if (x && y) return compareParsed(x, y);
  return x ? 1 : y ? -1 : compareText(a, b);
}

export const goScheme: VersionScheme = {
  id: 'go',
  valid: (v) => parseGoVersion(v) !== undefined,
  compare: compareGo,
  range: (spec) => comparatorSet(spec, goScheme),
};
