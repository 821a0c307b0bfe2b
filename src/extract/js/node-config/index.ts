// node-config files (`config/default.yml`, `config/production.json`,
// `config/custom-environment-variables.yml`): which secret-named settings hold a literal, and which
// environment variable overrides them. Code that reads `config.get('jwt.secret')` gets that literal
// wherever the deployment does not set the variable: the same fail-open as `env || 'literal'`, one
// file away. Values never leave the extractor; facts keep the setting's path and the literal's length.
import { isMap, isScalar, type Pair } from 'yaml';
import type { FactInput } from '../../../model/types.js';
import type { ExtractContext, Extractor, SourceFile } from '../../types.js';
import { lineOfNode, parseYaml } from '../../iac/_lib/yaml.js';

const CONFIG_FILE = /(^|\/)config\/(default|production|custom-environment-variables)\.(ya?ml|json)$/;

/** Setting names whose value is a credential or key. */
const SECRET_NAME = /(secret|passw(?:or)?d|pwd|token|api[_-]?key|private[_-]?key|signing[_-]?key|salt)$|^(jwt|keys?)$/i;

/** Values that are not a literal secret: interpolations, placeholders, empty strings. */
const PLACEHOLDER = /^\s*$|^\$\{.*\}$|^<.*>$|^%.*%$/;

/** The most settings read from one file (a generated or hostile file must not flood the model). */
const MAX_SETTINGS = 500;

interface Setting {
  path: string;
  value: string;
  line: number;
}

type Role = 'value' | 'env';

function roleOf(path: string): { role: Role; profile: string } | undefined {
  const m = CONFIG_FILE.exec(path);
  if (!m) return undefined;
  return m[2] === 'custom-environment-variables' ? { role: 'env', profile: m[2] } : { role: 'value', profile: m[2] };
}

function yamlSettings(file: SourceFile, ctx: ExtractContext): Setting[] {
  const parsed = parseYaml(file, ctx);
  const out: Setting[] = [];
  const visit = (node: unknown, prefix: string, depth: number): void => {
    if (!isMap(node) || depth > 12) return;
    for (const pair of node.items as Pair[]) {
      if (out.length >= MAX_SETTINGS) return;
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) continue;
      const path = prefix ? `${prefix}.${key}` : key;
      if (isScalar(pair.value) && typeof pair.value.value === 'string') out.push({ path, value: pair.value.value, line: lineOfNode(parsed, pair.key) ?? 1 });
      else visit(pair.value, path, depth + 1);
    }
  };
  for (const doc of parsed.documents) visit(doc.contents, '', 0);
  return out;
}

function jsonSettings(file: SourceFile): Setting[] {
  let root: unknown;
  try {
    root = JSON.parse(file.content);
  } catch (error) {
    throw new Error(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const out: Setting[] = [];
  const lines = file.content.split('\n');
  const lineOf = (key: string): number => {
    const quoted = JSON.stringify(key);
    const at = lines.findIndex((l) => l.includes(`${quoted}:`) || l.includes(`${quoted} :`));
    return at < 0 ? 1 : at + 1;
  };
  const visit = (node: unknown, prefix: string, depth: number): void => {
    if (typeof node !== 'object' || node === null || Array.isArray(node) || depth > 12) return;
    for (const [key, value] of Object.entries(node)) {
      if (out.length >= MAX_SETTINGS) return;
      const path = prefix ? `${prefix}.${key}` : key;
      if (typeof value === 'string') out.push({ path, value, line: lineOf(key) });
      else visit(value, path, depth + 1);
    }
  };
  visit(root, '', 0);
  return out;
}

export const extractor: Extractor = {
  id: 'js/node-config',
  title: 'node-config settings: secret-named literals and their environment overrides',
  matches: (path) => CONFIG_FILE.test(path),
  extract(file, ctx) {
    const kind = roleOf(file.path);
    if (!kind) return null;
    const settings = file.path.endsWith('.json') ? jsonSettings(file) : yamlSettings(file, ctx);
    const facts: FactInput[] = [];
    for (const s of settings) {
      const leaf = s.path.slice(s.path.lastIndexOf('.') + 1);
      if (!SECRET_NAME.test(leaf) || PLACEHOLDER.test(s.value)) continue;
      facts.push(
        kind.role === 'env'
          ? { kind: 'config', setting: 'node-config-env', values: { path: s.path, variable: s.value }, evidence: { file: file.path, line: s.line }, key: `${file.path}#node-config-env:${s.path}` }
          : { kind: 'config', setting: 'node-config-literal', values: { path: s.path, profile: kind.profile, length: s.value.length }, evidence: { file: file.path, line: s.line }, key: `${file.path}#node-config-literal:${s.path}` },
      );
    }
    return facts.length > 0 ? facts : null;
  },
};
