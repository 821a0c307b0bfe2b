// Where the MCP server may look: the roots it was started with (default: its working directory).
// Every path a client sends is resolved against the first root and must stay inside one of them,
// links resolved. Models are produced fresh on every call (with the fact cache, unchanged files
// cost nothing), so answers always describe the code as it is on disk now.
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { analyzeDirectory } from '../api/pipeline.js';
import type { ThreatModel } from '../model/types.js';
import { ToolFailure } from './errors.js';

export interface WorkspaceOptions {
  /** Directories the server may read (and write `.threatcode/overrides.json` into). */
  roots: string[];
  /** Catalog for resources and incident response (default: $THREATCODE_CATALOG). */
  catalog?: string;
  env?: NodeJS.ProcessEnv;
  /** YYYY-MM-DD for suppression expiry (tests pin it). */
  today?: string;
  /** Reuse facts of unchanged files (default true). */
  factCache?: boolean;
}

/** True when `path` is `root` or lies below it (both absolute). */
export const within = (root: string, path: string): boolean => {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
};

export class Workspace {
  private realRoots?: Promise<string[]>;

  constructor(readonly options: WorkspaceOptions) {
    if (options.roots.length === 0) throw new Error('the MCP server needs at least one root');
  }

  get env(): NodeJS.ProcessEnv {
    return this.options.env ?? process.env;
  }

  /** The catalog the operator configured (--catalog or THREATCODE_CATALOG): trusted as given. */
  get catalog(): string | undefined {
    const dir = this.options.catalog ?? this.env.THREATCODE_CATALOG;
    return dir ? resolve(dir) : undefined;
  }

  /** The configured catalog, or one a client names (which must lie inside a root like any path). */
  async catalogDir(requested?: string): Promise<string> {
    if (requested === undefined || (this.catalog && resolve(this.catalog) === resolve(requested))) {
      if (!this.catalog) throw new ToolFailure('no catalog configured: pass catalog, or start the server with --catalog <dir> (or set THREATCODE_CATALOG)');
      return this.catalog;
    }
    return this.resolve(requested);
  }

  private roots(): Promise<string[]> {
    this.realRoots ??= Promise.all(this.options.roots.map((r) => realpath(resolve(r)).catch(() => resolve(r))));
    return this.realRoots;
  }

  /** An existing path inside a root: a directory (`kind: 'dir'`) or a file. */
  async resolve(path: string | undefined, kind: 'dir' | 'file' = 'dir'): Promise<string> {
    const roots = await this.roots();
    const wanted = resolve(roots[0], path ?? '.');
    const real = await realpath(wanted).catch(() => undefined);
    if (!real) throw new ToolFailure(`${path ?? '.'} does not exist`);
    if (!roots.some((root) => within(root, real))) throw new ToolFailure(`${path} is outside the folders this server may read (${roots.join(', ')}); start it with --root to allow more`);
    const info = await stat(real);
    if (kind === 'dir' && !info.isDirectory()) throw new ToolFailure(`${path} is not a directory`);
    if (kind === 'file' && !info.isFile()) throw new ToolFailure(`${path} is not a file`);
    return real;
  }

  /** The model of a directory as the code stands now, overrides applied. */
  async model(root: string): Promise<ThreatModel> {
    return analyzeDirectory(root, { env: this.env, cache: this.options.factCache ?? true, ...(this.options.today ? { today: this.options.today } : {}) });
  }
}
