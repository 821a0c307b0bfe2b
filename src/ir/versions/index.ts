// Ecosystem names (OSV's `PyPI`, `Go`, `Maven`, `Debian:12`, `Alpine:v3.18`; purl types `pypi`,
// `golang`, `gem`, `deb`, `apk`; threatcode's own `npm`, `docker`...) map to one canonical id, its
// version scheme and its package-name normalisation.
import { alpineScheme } from './alpine.js';
import { debianScheme } from './debian.js';
import { genericScheme } from './generic.js';
import { goScheme } from './go.js';
import { mavenScheme } from './maven.js';
import { npmScheme } from './npm.js';
import { nugetScheme } from './nuget.js';
import { normalizePypiName, pypiScheme } from './pypi.js';
import { rubygemsScheme } from './rubygems.js';
import { semverScheme } from './semver.js';
import type { VersionScheme } from './types.js';

export type { Bound, Interval, VersionScheme, VersionSet } from './types.js';
export { covers, describeSet, inSet, overlaps } from './types.js';

const ALIASES: Record<string, string> = {
  npm: 'npm',
  pypi: 'pypi',
  python: 'pypi',
  pip: 'pypi',
  go: 'go',
  golang: 'go',
  maven: 'maven',
  gradle: 'maven',
  java: 'maven',
  nuget: 'nuget',
  dotnet: 'nuget',
  csharp: 'nuget',
  rubygems: 'rubygems',
  gem: 'rubygems',
  ruby: 'rubygems',
  'crates.io': 'cargo',
  cargo: 'cargo',
  rust: 'cargo',
  packagist: 'packagist',
  composer: 'packagist',
  php: 'packagist',
  debian: 'debian',
  deb: 'debian',
  ubuntu: 'ubuntu',
  alpine: 'alpine',
  apk: 'alpine',
  docker: 'docker',
  oci: 'docker',
  hex: 'hex',
  pub: 'pub',
  swifturl: 'swift',
  'github actions': 'github-actions',
  githubactions: 'github-actions',
  linux: 'linux',
};

/** Canonical ecosystem id; the OSV release suffix (`Debian:12`, `Alpine:v3.18`) is dropped. */
export function canonicalEcosystem(name: string): string {
  const lower = name.trim().toLowerCase();
  const base = lower.startsWith('maven:') ? 'maven' : lower.split(':')[0];
  return ALIASES[base] ?? base;
}

const SCHEMES: Record<string, VersionScheme> = {
  npm: npmScheme,
  pypi: pypiScheme,
  go: goScheme,
  maven: mavenScheme,
  nuget: nugetScheme,
  rubygems: rubygemsScheme,
  cargo: semverScheme,
  debian: debianScheme,
  ubuntu: debianScheme,
  alpine: alpineScheme,
  semver: semverScheme,
  pub: semverScheme,
  hex: semverScheme,
  swift: semverScheme,
};

/** The version scheme of a (canonical or raw) ecosystem name; `generic` when none is defined. */
export function schemeFor(ecosystem: string): VersionScheme {
  return SCHEMES[canonicalEcosystem(ecosystem)] ?? genericScheme;
}

export function hasScheme(ecosystem: string): boolean {
  return canonicalEcosystem(ecosystem) in SCHEMES;
}

/**
 * Package names as the ecosystem compares them: PyPI per PEP 503, NuGet, Composer and Debian/Alpine
 * case-insensitively, npm/Go/Maven/RubyGems/Cargo exactly (their registries are case-sensitive or
 * lower-case by rule).
 */
export function normalizePackageName(ecosystem: string, name: string): string {
  const eco = canonicalEcosystem(ecosystem);
  const trimmed = name.trim();
  switch (eco) {
    case 'pypi':
      return normalizePypiName(trimmed);
    case 'nuget':
    case 'packagist':
    case 'debian':
    case 'ubuntu':
    case 'alpine':
    case 'docker':
      return trimmed.toLowerCase();
    default:
      return trimmed;
  }
}

/** The key a package is indexed under: `npm:lodash`, `pypi:pyyaml`, `maven:g:a`. */
export function packageKey(ecosystem: string, name: string): string {
  const eco = canonicalEcosystem(ecosystem);
  // Ubuntu and Debian share package names; one key lets a Debian advisory find Ubuntu images too.
  const keyEco = eco === 'ubuntu' ? 'debian' : eco;
  return `${keyEco}:${normalizePackageName(eco, name)}`;
}
