// tsconfig.json / jsconfig.json `compilerOptions.paths`, `baseUrl` and `extends`: how the project's
// own imports are spelt (`@guard` → `src/common/guard`, `~/lib/*` → `src/lib/*`). Link steps that
// follow an import to a file of the repository resolve those aliases exactly
// (_lib/path-aliases.ts) instead of guessing from the specifier's shape.
import type { FactInput } from '../../../model/types.js';
import type { Extractor } from '../../types.js';
import { parseJsonc } from './jsonc.js';

export const SETTING = 'tsconfig-paths';

/** tsconfig.json, tsconfig.base.json, tsconfig.app.json, jsconfig.json. */
const CONFIG_FILE = /(^|\/)[jt]sconfig(\.[\w-]+)*\.json$/;

/** What a config says about module resolution, as link reads it back. */
export interface PathsRecord {
  baseUrl?: string;
  paths?: Record<string, string[]>;
  /** A relative `extends` (a package's shared config is not the repository's to resolve). */
  extends?: string[];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : [];
}

export const extractor: Extractor = {
  id: 'js/tsconfig-paths',
  title: 'tsconfig/jsconfig path aliases, baseUrl and extends (how the project imports its own files)',
  matches: (path) => CONFIG_FILE.test(path) && !/(^|\/)node_modules\//.test(path),
  signals: ['paths', 'baseUrl', 'extends'],
  extract(file, ctx) {
    let config: unknown;
    try {
      config = parseJsonc(file.content);
    } catch (error) {
      ctx.diagnostic({ level: 'warning', code: 'unparseable-config', message: `${file.path} is not valid JSON with comments: ${error instanceof Error ? error.message : String(error)}` });
      return null;
    }
    if (typeof config !== 'object' || config === null || Array.isArray(config)) return null;
    const root = config as Record<string, unknown>;
    const options = typeof root.compilerOptions === 'object' && root.compilerOptions !== null ? (root.compilerOptions as Record<string, unknown>) : {};
    const record: PathsRecord = {};
    if (typeof options.baseUrl === 'string') record.baseUrl = options.baseUrl;
    if (typeof options.paths === 'object' && options.paths !== null && !Array.isArray(options.paths)) {
      const paths: Record<string, string[]> = {};
      for (const [pattern, targets] of Object.entries(options.paths as Record<string, unknown>)) {
        const list = strings(targets).slice(0, 16);
        if (list.length > 0) paths[pattern] = list;
      }
      if (Object.keys(paths).length > 0) record.paths = paths;
    }
    const extended = strings(root.extends).filter((e) => e.startsWith('.'));
    if (extended.length > 0) record.extends = extended;
    if (!record.baseUrl && !record.paths && !record.extends) return null;
    const fact: FactInput = { kind: 'config', setting: SETTING, values: { data: JSON.stringify(record) }, evidence: { file: file.path, line: 1 }, key: `${file.path}#config:${SETTING}` };
    return [fact];
  },
};
