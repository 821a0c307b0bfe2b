// Package URLs (https://github.com/package-url/purl-spec) for dependency facts and the SBOM.

/** purl `type` for the ecosystem names extractors use; unknown ecosystems become `generic`. */
const PURL_TYPES: Record<string, string> = {
  npm: 'npm',
  pypi: 'pypi',
  maven: 'maven',
  gradle: 'maven',
  go: 'golang',
  golang: 'golang',
  cargo: 'cargo',
  'crates.io': 'cargo',
  rubygems: 'gem',
  gem: 'gem',
  nuget: 'nuget',
  composer: 'composer',
  packagist: 'composer',
  pub: 'pub',
  hex: 'hex',
  cocoapods: 'cocoapods',
  swift: 'swift',
  'github-actions': 'githubactions',
  githubactions: 'githubactions',
  docker: 'docker',
  oci: 'oci',
};

/** Percent-encodes a purl segment: everything outside the unreserved set. */
function encodeSegment(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `@scope/name` → `{ scope: '@scope', name: 'name' }`; unscoped names have no scope. */
export function splitNpmName(fullName: string): { scope?: string; name: string } {
  if (fullName.startsWith('@')) {
    const slash = fullName.indexOf('/');
    if (slash > 1) return { scope: fullName.slice(0, slash), name: fullName.slice(slash + 1) };
  }
  return { name: fullName };
}

/**
 * True for a concrete version (`1.2.3`, `1.2.3-beta.1+build`, `v2`, `2024.1`), false for ranges,
 * tags, URLs and x-ranges (`^1.2.0`, `~1`, `>=2`, `1.x`, `latest`, `git+https://...`).
 */
export function isExactVersion(version: string): boolean {
  if (!/^v?\d+(?:\.\d+)*(?:[-+][0-9A-Za-z.+-]*)?$/.test(version)) return false;
  return !/\.(?:x|X|\*)(?:\.|$)/.test(version);
}

/**
 * npm purl: `pkg:npm/%40scope/name@1.2.3`. The spec lowercases npm names and always encodes the
 * scope's `@`. Without a version (a declared range only) the purl names the package, no version.
 */
export function npmPurl(fullName: string, version?: string): string {
  const { scope, name } = splitNpmName(fullName.toLowerCase());
  const path = scope ? `${encodeSegment(scope)}/${encodeSegment(name)}` : encodeSegment(name);
  return version ? `pkg:npm/${path}@${encodeSegment(version)}` : `pkg:npm/${path}`;
}

/** A purl for any ecosystem threatcode knows; `version` is left out when it is not exact. */
export function purlFor(ecosystem: string, fullName: string, version?: string): string {
  const exact = version && isExactVersion(version) ? version : undefined;
  const type = PURL_TYPES[ecosystem.toLowerCase()] ?? 'generic';
  if (type === 'npm') return npmPurl(fullName, exact);
  let namespace: string | undefined;
  let name = fullName;
  if (type === 'maven' && fullName.includes(':')) [namespace, name] = fullName.split(':', 2);
  else if ((type === 'golang' || type === 'githubactions' || type === 'composer') && fullName.includes('/')) {
    const cut = fullName.lastIndexOf('/');
    namespace = fullName.slice(0, cut);
    name = fullName.slice(cut + 1);
  }
  if (type === 'pypi') name = name.toLowerCase().replace(/[-_.]+/g, '-');
  const ns = namespace ? `${namespace.split('/').map(encodeSegment).join('/')}/` : '';
  const ver = exact ? `@${encodeSegment(exact)}` : '';
  return `pkg:${type}/${ns}${encodeSegment(name)}${ver}`;
}
