// `.env` files: the variables Docker Compose interpolates into the Compose files of the same
// folder (and reads through `env_file:`). One `config` fact per file; the Compose extractor's link
// step resolves `${VAR}` with it. Secret-like values are redacted before they leave the extractor.
import { posix } from 'node:path';
import type { FactInput } from '../../../model/types.js';
import { envValueForFact } from '../../../util/secrets.js';
import type { Extractor } from '../../types.js';
import { parseDotenv } from '../compose/interpolate.js';

/** Compose's default `.env`, and `env_file:` targets named `*.env` / `.env.*` (examples and templates excluded). */
export function isDotenvPath(path: string): boolean {
  const base = posix.basename(path);
  if (/\.(?:example|sample|template|dist|tpl)$/i.test(base)) return false;
  return base === '.env' || /^\.env\.[\w.-]+$/.test(base) || /^[\w.-]+\.env$/.test(base);
}

export const extractor: Extractor = {
  id: 'iac/dotenv',
  title: 'dotenv files (Compose variables)',
  matches: isDotenvPath,
  signals: ['='],
  extract(file) {
    const entries = parseDotenv(file.content);
    if (entries.length === 0) return null;
    const values: Record<string, string> = {};
    for (const e of entries) values[e.name] = envValueForFact(e.name, e.value);
    const fact: FactInput = {
      kind: 'config',
      setting: 'env-file',
      values,
      summary: `${entries.length} variables`,
      evidence: { file: file.path, line: entries[0].line, snippet: `${entries[0].name}=` },
      key: `${file.path}#env-file`,
    };
    return [fact];
  },
};
