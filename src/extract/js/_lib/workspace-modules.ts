// Resolves an import specifier to a file of the repository for link steps that only need to find
// their own per-file records: relative paths, workspace packages of a monorepo by their package
// name (`@acme/api/server/router` → `packages/api/server/router`), and tsconfig-style aliases
// (`~/server/trpc`, `@/lib/auth`), tried against the project the importing file belongs to first.
import { posix } from 'node:path';
import type { Fact, ProjectFact } from '../../../model/types.js';
import type { AstNode, JsIndex } from './ast.js';
import { fileNoExt } from './routes.js';
import { PathAliases } from './path-aliases.js';

export interface WorkspaceProject {
  name: string;
  root: string;
}

export class WorkspaceResolver {
  private readonly known: Set<string>;
  private readonly projects: WorkspaceProject[];
  private readonly memo = new Map<string, string | undefined>();

  /**
   * `files`: repository-relative paths (extensions are ignored); `projects`: package names and
   * folders; `aliases`: the tsconfig `paths` of the repository, tried first.
   */
  constructor(files: Iterable<string>, projects: readonly WorkspaceProject[], private readonly aliases?: PathAliases) {
    this.known = new Set([...files].map(fileNoExt));
    // Longest names first: `@acme/api-client` before `@acme/api`.
    this.projects = projects.filter((p) => p.name).map((p) => ({ name: p.name, root: p.root === '.' ? '' : p.root })).sort((a, b) => b.name.length - a.name.length);
  }

  /** The known file (without extension) `spec` imported from `from` denotes, if any. */
  resolve(from: string, spec: string): string | undefined {
    const key = spec.startsWith('.') || /^[~@#]\//.test(spec) || this.aliases?.size ? `${posix.dirname(from)}\u0000${spec}` : `\u0000${spec}`;
    if (this.memo.has(key)) return this.memo.get(key);
    const found = this.candidates(from, spec).find((c) => this.known.has(c)) ?? this.candidates(from, spec).map((c) => `${c}/index`).find((c) => this.known.has(c));
    this.memo.set(key, found);
    return found;
  }

  /** Every path (without extension) `spec` could name from `from`, known or not: a folder a barrel stands for, say. */
  candidatePaths(from: string, spec: string): string[] {
    return this.candidates(from, spec);
  }

  private candidates(from: string, spec: string): string[] {
    const bare = fileNoExt(spec);
    if (bare.startsWith('.')) return [posix.normalize(posix.join(posix.dirname(from), bare))];
    const out: string[] = [...(this.aliases?.candidates(from, spec) ?? [])];
    const join = (root: string, rest: string) => (root ? (rest ? `${root}/${rest}` : root) : rest);
    for (const p of this.projects) {
      if (bare !== p.name && !bare.startsWith(`${p.name}/`)) continue;
      const rest = bare.slice(p.name.length + 1);
      out.push(join(p.root, rest), join(p.root, rest ? `src/${rest}` : 'src'));
      if (!rest) out.push(join(p.root, 'index'), join(p.root, 'src/index'));
    }
    // tsconfig `paths` aliases (`~/x`, `@/x`, `#x`): the importing project's `src/x` or `x` first.
    const alias = /^(?:[~@]\/|#)(.+)$/.exec(bare)?.[1];
    if (alias) {
      const own = this.projectOf(from);
      out.push(join(own, `src/${alias}`), join(own, alias));
      for (const k of this.known) if (k.endsWith(`/${alias}`) && (own === '' || k.startsWith(`${own}/`))) out.push(k);
    }
    return out;
  }

  private projectOf(file: string): string {
    let best = '';
    for (const p of this.projects) if (p.root && file.startsWith(`${p.root}/`) && p.root.length > best.length) best = p.root;
    return best;
  }
}

/**
 * Splits a link step's input: its per-file records (internal `setting` facts, keyed by file
 * without extension; unreadable ones add nothing), the projects, and every other fact, plus a
 * resolver over the recorded files.
 */
export function readFileRecords<T>(facts: readonly Fact[], setting: string): { records: Map<string, T & { file: string }>; rest: Fact[]; resolver: WorkspaceResolver } {
  const records = new Map<string, T & { file: string }>();
  const projects: WorkspaceProject[] = [];
  const aliases = PathAliases.from(facts);
  const rest: Fact[] = [];
  for (const f of facts) {
    if (f.kind === 'config' && f.setting === setting) {
      try {
        records.set(fileNoExt(f.evidence.file), { ...(JSON.parse(String(f.values.data)) as T), file: f.evidence.file });
      } catch {
        // A record we cannot read adds nothing.
      }
      continue;
    }
    if (f.kind === 'project') projects.push({ name: (f as ProjectFact).name, root: (f as ProjectFact).root });
    rest.push(f);
  }
  return { records, rest, resolver: new WorkspaceResolver([...records.values()].map((r) => r.file), projects, aliases) };
}

/** A name in a module: declared in the file itself, or imported (`export` of `module`). */
export type ModuleRef = { local: string } | { module: string; export: string };

/** What a file record says about its exports: local names by export, re-exports, `export *` sources. */
export interface ExportTable {
  file: string;
  exports: Record<string, string>;
  reexports: { name: string; module: string; export: string }[];
  star: string[];
}

/**
 * What a ref denotes: the file (no extension) and local name, following re-exports and `export *`
 * across the workspace, at most `maxHops` modules away.
 */
export function exportLocator(records: ReadonlyMap<string, ExportTable>, resolver: WorkspaceResolver, maxHops: number): (from: string, ref: ModuleRef) => { file: string; name: string } | undefined {
  const locate = (from: string, ref: ModuleRef, hops = 0): { file: string; name: string } | undefined => {
    if ('local' in ref) return { file: from, name: ref.local };
    if (hops > maxHops) return undefined;
    const file = resolver.resolve(records.get(from)?.file ?? from, ref.module);
    const rec = file ? records.get(file) : undefined;
    if (!file || !rec) return undefined;
    const local = rec.exports[ref.export];
    if (local) return { file, name: local };
    for (const e of rec.reexports) if (e.name === ref.export) return locate(file, { module: e.module, export: e.export }, hops + 1);
    for (const spec of rec.star) {
      const found = locate(file, { module: spec, export: ref.export }, hops + 1);
      if (found) return found;
    }
    return undefined;
  };
  return (from, ref) => locate(from, ref);
}

/** A file's `export * from 'm'` and `export { a as b } from 'm'`, into its export table. */
export function readReexports(index: JsIndex, table: Pick<ExportTable, 'reexports' | 'star'>): void {
  for (const stmt of index.program.body) {
    const s = stmt as AstNode;
    if (s.type === 'ExportAllDeclaration' && !s.exported) table.star.push(String(s.source.value));
    else if (s.type === 'ExportNamedDeclaration' && s.source) {
      for (const sp of s.specifiers) {
        const local = sp.local.type === 'Identifier' ? sp.local.name : String(sp.local.value);
        const exported = sp.exported.type === 'Identifier' ? sp.exported.name : String(sp.exported.value);
        table.reexports.push({ name: exported, module: String(s.source.value), export: local });
      }
    }
  }
}
