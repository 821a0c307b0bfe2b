// What every JavaScript lockfile reader produces, and how it becomes facts.
import { posix } from 'node:path';
import type { FactInput } from '../../../model/types.js';
import { isExactVersion, npmPurl } from './purl.js';
import { redactUrlCredentials } from './redact.js';
import { type DependencyScope, strongerScope } from './scope.js';

export type LockFormat = 'npm' | 'yarn-classic' | 'yarn-berry' | 'pnpm';

/** `setting` of the ConfigFact each lockfile extractor emits once per lockfile. */
export const LOCKFILE_SETTING = 'npm-lockfile';

export interface LockedPackage {
  name: string;
  version: string;
  /** 1-based line of the package's entry. */
  line: number;
  /** Where the lockfile keeps it (install path, entry key, package key): the stable fact key. */
  locator: string;
  direct: boolean;
  scope?: DependencyScope;
}

/**
 * Packages of one lockfile, one per name@version: the same release installed at several paths (or
 * patched, or with different peers) is one package for an SBOM. The first entry added keeps its
 * locator and line, so readers add the most telling entry first (shallowest path, unpatched).
 */
export class LockedPackages {
  private readonly byId = new Map<string, LockedPackage>();

  add(pkg: LockedPackage): LockedPackage {
    const id = `${pkg.name}@${pkg.version}`;
    const existing = this.byId.get(id);
    if (!existing) {
      this.byId.set(id, pkg);
      return pkg;
    }
    existing.direct ||= pkg.direct;
    existing.scope = strongerScope(existing.scope, pkg.scope);
    return existing;
  }

  get(name: string, version: string): LockedPackage | undefined {
    return this.byId.get(`${name}@${version}`);
  }

  get size(): number {
    return this.byId.size;
  }

  values(): LockedPackage[] {
    return [...this.byId.values()];
  }
}

export interface LockfileInfo {
  format: LockFormat;
  lockfileVersion: string;
  /** Whether the lockfile itself says which packages are direct (npm v2+, pnpm, yarn berry). */
  directKnown: boolean;
  /** Workspace folders the lockfile resolves, relative to the lockfile's folder (`.` excluded). */
  workspaces: string[];
  /** Packages whose install scripts run at install time, when the format records it. */
  installScripts?: number;
}

/** Folder of a repository-relative path, `.` at the root. */
export function folderOf(path: string): string {
  return posix.dirname(path);
}

/** Joins a folder relative to `base`, normalised, `.` for the root. */
export function joinFolder(base: string, relative: string): string {
  return posix.normalize(posix.join(base, relative)).replace(/\/$/, '') || '.';
}

/** The facts of one lockfile: a DependencyFact per package and one ConfigFact describing it. */
export function lockfileFacts(file: string, info: LockfileInfo, packages: LockedPackages): FactInput[] {
  const facts: FactInput[] = [];
  const base = folderOf(file);
  const values: Record<string, string | number | boolean> = {
    format: info.format,
    lockfileVersion: info.lockfileVersion,
    packages: packages.size,
    directKnown: info.directKnown,
    workspaces: info.workspaces.map((w) => joinFolder(base, w)).sort().join('\n'),
  };
  if (info.installScripts !== undefined) values.installScripts = info.installScripts;
  facts.push({
    kind: 'config',
    setting: LOCKFILE_SETTING,
    values,
    summary: `${info.format} lockfile v${info.lockfileVersion} with ${packages.size} packages`,
    evidence: { file, line: 1 },
    key: `${file}#${LOCKFILE_SETTING}`,
  });
  const sorted = packages.values().sort((a, b) => a.line - b.line);
  for (const pkg of sorted) {
    const version = redactUrlCredentials(pkg.version);
    const fact: FactInput = {
      kind: 'dependency',
      ecosystem: 'npm',
      name: pkg.name,
      version,
      direct: pkg.direct,
      manifest: file,
      purl: npmPurl(pkg.name, isExactVersion(version) ? version : undefined),
      evidence: { file, line: pkg.line },
      key: `${file}#${redactUrlCredentials(pkg.locator)}`,
    };
    if (pkg.scope) fact.scope = pkg.scope;
    facts.push(fact);
  }
  return facts;
}

/** Strips a UTF-8 byte-order mark, which JSON.parse rejects. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
