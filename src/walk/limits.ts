import type { WalkOptions } from './types.js';

export const DEFAULT_LIMITS = {
  maxFileBytes: 1024 * 1024,
  maxLockfileBytes: 16 * 1024 * 1024,
  maxFiles: 100_000,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxEntries: 1_000_000,
} as const;

export type Limits = { -readonly [K in keyof typeof DEFAULT_LIMITS]: number };

export function resolveLimits(options: WalkOptions = {}): Limits {
  return {
    maxFileBytes: options.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes,
    maxLockfileBytes: Math.max(options.maxLockfileBytes ?? DEFAULT_LIMITS.maxLockfileBytes, options.maxFileBytes ?? 0),
    maxFiles: options.maxFiles ?? DEFAULT_LIMITS.maxFiles,
    maxTotalBytes: options.maxTotalBytes ?? DEFAULT_LIMITS.maxTotalBytes,
    maxEntries: options.maxEntries ?? DEFAULT_LIMITS.maxEntries,
  };
}

/**
 * Dependency lockfiles: large, machine-written, and exactly what incident response needs, so they
 * get their own size cap and are exempt from the generated/minified heuristics.
 */
export const LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'composer.lock',
  'Gemfile.lock',
  'Cargo.lock',
  'poetry.lock',
  'Pipfile.lock',
  'uv.lock',
  'pdm.lock',
  'go.sum',
  'packages.lock.json',
  'gradle.lockfile',
  'mix.lock',
  'pubspec.lock',
  'Package.resolved',
  'flake.lock',
]);

export function baseName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}

export function isLockfile(path: string): boolean {
  return LOCKFILES.has(baseName(path));
}

/** The size cap that applies to a file: pass it to readSourceFile. */
export function fileSizeLimit(path: string, options: WalkOptions = {}): number {
  const limits = resolveLimits(options);
  return isLockfile(path) ? limits.maxLockfileBytes : limits.maxFileBytes;
}
