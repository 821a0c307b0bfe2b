import type { Fact, FactKind, FactOf } from '../types.js';

/** Facts grouped by kind, built once and shared by the builder and the rule engine. */
export class FactIndex {
  private readonly byKind = new Map<FactKind, Fact[]>();

  constructor(readonly all: readonly Fact[]) {
    for (const fact of all) {
      const list = this.byKind.get(fact.kind);
      if (list) list.push(fact);
      else this.byKind.set(fact.kind, [fact]);
    }
  }

  of<K extends FactKind>(kind: K): readonly FactOf<K>[] {
    return (this.byKind.get(kind) ?? []) as FactOf<K>[];
  }
}

/** Folder of a repository-relative path, `.` for the root. */
export function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '.' : path.slice(0, slash);
}

/** Whether `path` lies in folder `root` (`.` holds everything). */
export function isUnder(path: string, root: string): boolean {
  return root === '.' || path === root || path.startsWith(`${root}/`);
}

export function normaliseRoot(path: string): string {
  const cleaned = path.replace(/\\/g, '/').replace(/^\.\/+/, '').replace(/\/+$/, '');
  return cleaned === '' ? '.' : cleaned;
}
