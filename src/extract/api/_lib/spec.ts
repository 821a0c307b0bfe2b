// Loading API description documents (OpenAPI, AsyncAPI) written as YAML or JSON. Both go through
// the shared YAML parser (JSON is YAML 1.2), so line numbers, the depth guard and alias limits are
// the same as for manifests. A document that is not the wanted kind gives nothing and no noise.
import type { Document } from 'yaml';
import { parseYaml, toPlain } from '../../iac/_lib/yaml.js';
import type { ParsedYaml } from '../../iac/_lib/yaml.js';
import { errorMessage, isRecord, YamlLocator } from '../../iac/_lib/yaml-path.js';
import type { ExtractContext, SourceFile } from '../../types.js';

export interface LoadedSpec {
  root: Record<string, unknown>;
  at: YamlLocator;
  doc: Document.Parsed;
  parsed: ParsedYaml;
}

/** A top-level `key:` (YAML) or `"key":` (JSON) near the start of the file. */
export function declaresTopLevel(content: string, key: string): boolean {
  const head = content.slice(0, 4096);
  return new RegExp(`^${key}:\\s*\\S`, 'm').test(head) || new RegExp(`^\\s{0,4}"${key}"\\s*:`, 'm').test(head);
}

/** Parses the first document; reports YAML errors only because the caller already knows it is a spec. */
export function loadSpec(file: SourceFile, ctx: ExtractContext): LoadedSpec | undefined {
  let parsed: ParsedYaml;
  try {
    parsed = parseYaml(file, ctx);
  } catch (error) {
    ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `invalid YAML/JSON: ${errorMessage(error)}` });
    return undefined;
  }
  const [first] = parsed.errors;
  if (first) {
    ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `invalid YAML/JSON: ${first.message}`, line: first.line });
    return undefined;
  }
  const doc = parsed.documents[0];
  if (!doc) return undefined;
  let root: unknown;
  try {
    root = toPlain(doc);
  } catch (error) {
    ctx.diagnostic({ level: 'warning', code: 'parse-error', message: `unsafe YAML: ${errorMessage(error)}` });
    return undefined;
  }
  return isRecord(root) ? { root, at: new YamlLocator(parsed, doc), doc, parsed } : undefined;
}

/** Follows a local `$ref` (`#/components/...`) once; anything else is returned as is. */
export function deref(root: Record<string, unknown>, value: unknown): unknown {
  if (!isRecord(value) || typeof value.$ref !== 'string' || !value.$ref.startsWith('#/')) return value;
  let node: unknown = root;
  for (const part of value.$ref.slice(2).split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isRecord(node) ? node[key] : undefined;
  }
  return node ?? value;
}
