// `.env` files: the variables Docker Compose interpolates into the Compose files of the same
// folder (and reads through `env_file:`). One `config` fact per file; the Compose extractor's link
// step resolves `${VAR}` with it. Secret-like values are redacted before they leave the extractor.
import { posix } from 'node:path';
import type { FactInput } from '../../../model/types.js';
import { envValueForFact, isSecretName } from '../../../util/secrets.js';
import type { Extractor } from '../../types.js';
import { parseDotenv } from '../compose/interpolate.js';

/** Compose's default `.env`, and `env_file:` targets named `*.env` / `.env.*` (examples and templates excluded). */
export function isDotenvPath(path: string): boolean {
  const base = posix.basename(path);
  if (/\.(?:example|sample|template|dist|tpl)$/i.test(base)) return false;
  return base === '.env' || /^\.env\.[\w.-]+$/.test(base) || /^[\w.-]+\.env$/.test(base);
}

/** Example env files a project ships for copying: `.env.example`, `env-example-relational`, `example.env`. */
export function isEnvExamplePath(path: string): boolean {
  const base = posix.basename(path);
  return /^\.env\.(?:example|sample|template|dist)$|^[\w.-]*env[-_.](?:example|sample|template)(?:[-_.][\w-]+)?$|^[\w.-]+\.env\.(?:example|sample)$|^example\.env$/i.test(base);
}

/**
 * An example env file: only which secret-named variables it fills with a value (masked), so that a
 * Dockerfile copying it into the image's `.env` (`cp env-example .env`) can be judged. Compose never
 * reads it, so it is a setting of its own (`env-example`), not an `env-file`.
 */
function exampleFact(path: string, entries: ReturnType<typeof parseDotenv>): FactInput | null {
  // A value, not a reference (`${JWT_SECRET}`), a duration (`TOKEN_EXPIRES_IN=15m`) or a flag.
  const filled = entries.filter((e) => isSecretName(e.name) && e.value.trim() !== '' && !/^\$\{?[A-Za-z_]|^(?:\d+[smhdwy]?|true|false)$/i.test(e.value.trim()));
  if (filled.length === 0) return null;
  return {
    kind: 'config',
    setting: 'env-example',
    values: Object.fromEntries(filled.map((e) => [e.name, envValueForFact(e.name, e.value)])),
    summary: `${filled.length} secret variables with example values`,
    evidence: { file: path, line: filled[0].line, snippet: `${filled[0].name}=` },
    key: `${path}#env-example`,
  };
}

export const extractor: Extractor = {
  id: 'iac/dotenv',
  title: 'dotenv files (Compose variables)',
  matches: (path) => isDotenvPath(path) || isEnvExamplePath(path),
  signals: ['='],
  extract(file) {
    const entries = parseDotenv(file.content);
    if (entries.length === 0) return null;
    if (!isDotenvPath(file.path)) {
      const example = exampleFact(file.path, entries);
      return example ? [example] : null;
    }
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
