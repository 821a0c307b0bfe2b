// The tsconfig/jsconfig `paths` and `baseUrl` in force for a file (js/tsconfig-paths records them):
// what a non-relative import of the project's own code names (`@guard` → `src/common/guard`,
// `~/lib/db` → `src/lib/db`). The nearest tsconfig.json (or jsconfig.json) above the importing file
// decides, with what it `extends`, as TypeScript resolves.
import { posix } from 'node:path';
import type { Fact } from '../../../model/types.js';
import { SETTING, type PathsRecord } from '../tsconfig-paths/index.js';
import { fileNoExt } from './routes.js';

interface Effective {
  /** Folder (repository-relative, '' for the root) the `paths` targets are relative to. */
  base: string;
  paths: [string, string[]][];
  /** Folder non-relative imports resolve from (`baseUrl`), if one is set. */
  baseUrl?: string;
}

const MAX_EXTENDS = 8;

export class PathAliases {
  private readonly configs = new Map<string, PathsRecord>();
  private readonly effective = new Map<string, Effective | undefined>();
  private readonly nearest = new Map<string, string | undefined>();

  static from(facts: readonly Fact[]): PathAliases {
    const aliases = new PathAliases();
    for (const f of facts) {
      if (f.kind !== 'config' || f.setting !== SETTING) continue;
      try {
        aliases.configs.set(f.evidence.file, JSON.parse(String(f.values.data)) as PathsRecord);
      } catch {
        // A record we cannot read resolves nothing.
      }
    }
    return aliases;
  }

  get size(): number {
    return this.configs.size;
  }

  /** Repository paths (without extension) `spec`, imported from `from`, may name; best first. */
  candidates(from: string, spec: string): string[] {
    if (this.configs.size === 0 || spec.startsWith('.') || spec.startsWith('/')) return [];
    const config = this.configFor(posix.dirname(from));
    const eff = config ? this.effectiveOf(config) : undefined;
    if (!eff) return [];
    const out: string[] = [];
    const matches: [number, string[]][] = [];
    for (const [pattern, targets] of eff.paths) {
      const star = pattern.indexOf('*');
      if (star < 0) {
        if (pattern === spec) matches.push([Infinity, targets.map((t) => t)]);
        continue;
      }
      const prefix = pattern.slice(0, star);
      const suffix = pattern.slice(star + 1);
      if (spec.length < prefix.length + suffix.length || !spec.startsWith(prefix) || !spec.endsWith(suffix)) continue;
      const middle = spec.slice(prefix.length, spec.length - suffix.length);
      matches.push([prefix.length, targets.map((t) => t.replace('*', middle))]);
    }
    // TypeScript takes the pattern with the longest prefix; its targets are tried in order.
    matches.sort((a, b) => b[0] - a[0]);
    for (const [, targets] of matches) for (const t of targets) push(out, eff.base, t);
    if (eff.baseUrl !== undefined) push(out, eff.baseUrl, spec);
    return out;
  }

  /** The nearest tsconfig.json or jsconfig.json at or above `dir` that was recorded. */
  private configFor(dir: string): string | undefined {
    if (this.nearest.has(dir)) return this.nearest.get(dir);
    let found: string | undefined;
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      const file = dir === '.' || dir === '' ? name : `${dir}/${name}`;
      if (this.configs.has(file)) {
        found = file;
        break;
      }
    }
    if (!found && dir !== '.' && dir !== '') found = this.configFor(posix.dirname(dir));
    this.nearest.set(dir, found);
    return found;
  }

  /** `paths` and `baseUrl` of a config with what it extends (its own settings win). */
  private effectiveOf(file: string, depth = 0): Effective | undefined {
    if (this.effective.has(file)) return this.effective.get(file);
    const record = this.configs.get(file);
    let result: Effective | undefined;
    if (record && depth < MAX_EXTENDS) {
      const dir = posix.dirname(file);
      let inherited: Effective | undefined;
      for (const ext of record.extends ?? []) {
        const target = posix.normalize(posix.join(dir, ext.endsWith('.json') ? ext : `${ext}.json`));
        inherited = this.effectiveOf(target, depth + 1) ?? inherited;
      }
      const baseUrl = record.baseUrl !== undefined ? posix.normalize(posix.join(dir, record.baseUrl)) : inherited?.baseUrl;
      const paths = record.paths ? Object.entries(record.paths) : inherited?.paths;
      // Targets are relative to baseUrl when there is one, else to the config that declares them.
      const base = baseUrl ?? (record.paths ? dir : inherited?.base ?? dir);
      if (paths || baseUrl !== undefined) result = { base, paths: paths ?? [], ...(baseUrl !== undefined ? { baseUrl } : {}) };
    }
    this.effective.set(file, result);
    return result;
  }
}

function push(out: string[], base: string, target: string): void {
  const joined = posix.normalize(posix.join(base === '.' ? '' : base, target)).replace(/^\.\//, '').replace(/\/$/, '');
  if (joined === '.' || joined.startsWith('../')) return;
  const bare = fileNoExt(joined);
  if (!out.includes(bare)) out.push(bare);
}
